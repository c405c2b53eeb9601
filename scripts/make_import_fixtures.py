"""Write the importer's format fixtures from shipped plans: the same plan as DOCX, HTML and a Chromium PDF.

    .venv/bin/python scripts/make_import_fixtures.py        # writes tests/fixtures/import/

Each plan becomes a document a council might publish: a title, a date line, a sentence declaring the
number of recommendations, "Recommendation N – title" paragraphs, and an action table with a
Ref / Recommendation / Action / Accountable / Responsible / Timescale / Status header. The table has a
two-owner-column layout; consecutive actions answering the same recommendation share one merged
Recommendation cell; steps are bulleted inside the action cell (lettered "a. " in the PDF). The PDF is
printed by Chromium from the HTML with padding that makes the table run across at least three pages (rows
wrap and break across pages, the header repeats on each). The expected answers are the shipped plan files themselves.
"""

from __future__ import annotations

import datetime as dt
import html
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "fixtures" / "import"
PLANS = ["leeds-2022", "kings-lynn-and-west-norfolk-2023", "bury-2021"]
HEADER = ["Ref", "Recommendation", "Action", "Accountable", "Responsible", "Timescale", "Status"]
RESPONSIBLE = "Service manager"


def _date(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return "undated"


def _groups(plan: dict) -> list[list[dict]]:
    """Consecutive actions answering the same recommendations (one merged Recommendation cell each)."""
    groups: list[list[dict]] = []
    for action in plan.get("actions") or []:
        if groups and groups[-1][0].get("recommendations") == action.get("recommendations"):
            groups[-1].append(action)
        else:
            groups.append([action])
    return groups


def to_html(plan: dict, *, pad: int = 0, lettered: bool = False) -> str:
    e = html.escape
    council = plan["council"]["name"]
    recs = plan.get("recommendations") or []
    style = (
        "body{font-family:sans-serif;font-size:11pt} table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #000;padding:4px;vertical-align:top} thead{display:table-header-group}"
    )
    if pad:
        style += f" td{{padding:14px 4px {pad}px 4px}}"
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{e(council)}</title><style>{style}</style></head><body>",
        f"<h1>{e(council)}: Corporate Peer Challenge action plan</h1>",
        f"<p>Date: {e(_date(plan['challenge'].get('plan_date')))}</p>",
        f"<p>Report to: Cabinet</p><h2>Recommendations</h2><p>The peer team made {len(recs)} recommendations.</p>",
    ]
    for rec in recs:
        parts.append(f"<p>Recommendation {e(rec['number'])} – {e(rec.get('text') or rec['title'])}</p>")
    parts.append(
        "<h2>Action plan</h2><table><thead><tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr></thead><tbody>"
    )
    for group in _groups(plan):
        for index, action in enumerate(group):
            cells = [f"<td>{e(action.get('number') or action['id'])}</td>"]
            if index == 0:
                refs = ", ".join(action.get("recommendations") or [])
                cells.append(f"<td rowspan='{len(group)}'>{e(refs)}</td>")
            if lettered:  # Chromium draws list bullets as shapes, so the PDF letters its steps as text
                steps = "".join(
                    f"<p>{chr(97 + i)}. {e(s['text'])}</p>" for i, s in enumerate(action.get("steps") or [])
                )
                body = f"<p>{e(action['text'])}</p>{steps}"
            else:
                steps = "".join(f"<li>{e(s['text'])}</li>" for s in action.get("steps") or [])
                body = f"<p>{e(action['text'])}</p>" + (f"<ul>{steps}</ul>" if steps else "")
            cells.append(f"<td>{body}</td>")
            cells.append(f"<td>{e(action.get('owner') or '')}</td>")
            cells.append(f"<td>{RESPONSIBLE if action.get('owner') else ''}</td>")
            cells.append(f"<td>{e(action.get('timescale') or '')}</td>")
            cells.append(f"<td>{e(action.get('status') or '')}</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts)


def to_docx(plan: dict, path: Path) -> None:
    import docx

    document = docx.Document()
    recs = plan.get("recommendations") or []
    document.add_heading(f"{plan['council']['name']}: Corporate Peer Challenge action plan", level=1)
    document.add_paragraph(f"Date: {_date(plan['challenge'].get('plan_date'))}")
    document.add_heading("Recommendations", level=2)
    document.add_paragraph(f"The peer team made {len(recs)} recommendations.")
    for rec in recs:
        document.add_paragraph(f"Recommendation {rec['number']} – {rec.get('text') or rec['title']}")
    document.add_heading("Action plan", level=2)
    actions = plan.get("actions") or []
    table = document.add_table(rows=1 + len(actions), cols=len(HEADER))
    for column, name in enumerate(HEADER):
        table.cell(0, column).text = name
    row = 1
    for group in _groups(plan):
        first = row
        for action in group:
            table.cell(row, 0).text = action.get("number") or action["id"]
            cell = table.cell(row, 2)
            cell.text = action["text"]
            for step in action.get("steps") or []:
                cell.add_paragraph(step["text"], style="List Bullet")
            table.cell(row, 3).text = action.get("owner") or ""
            table.cell(row, 4).text = RESPONSIBLE if action.get("owner") else ""
            table.cell(row, 5).text = action.get("timescale") or ""
            table.cell(row, 6).text = action.get("status") or ""
            row += 1
        merged = table.cell(first, 1).merge(table.cell(row - 1, 1)) if row - 1 > first else table.cell(first, 1)
        merged.text = ", ".join(group[0].get("recommendations") or [])
    document.save(path)


def to_pdf(html_text: str, path: Path) -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page()
        page.set_content(html_text)
        page.emulate_media(media="print")
        page.pdf(path=str(path), format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
        browser.close()
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for plan_id in PLANS:
        plan = yaml.safe_load((ROOT / "data" / "plans" / f"{plan_id}.yaml").read_text(encoding="utf-8"))
        (OUT / f"{plan_id}.html").write_text(to_html(plan), encoding="utf-8")
        to_docx(plan, OUT / f"{plan_id}.docx")
        pages = to_pdf(to_html(plan, pad=28, lettered=True), OUT / f"{plan_id}.pdf")
        print(f"{plan_id}: html, docx, pdf ({pages} pages)")
    # a long plan for the time bound: the King's Lynn actions three times over (no expected answer)
    plan = yaml.safe_load((ROOT / "data" / "plans" / f"{PLANS[1]}.yaml").read_text(encoding="utf-8"))
    plan["actions"] = [{**a, "number": f"{a['number']}.{round_}"} for round_ in (1, 2, 3) for a in plan["actions"]]
    pages = to_pdf(to_html(plan, pad=46, lettered=True), OUT / "long-plan.pdf")
    print(f"long-plan: pdf ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
