"""Feed the document importer (``loaders.importer.draft_plan``) generated hostile documents, each in a child
process with a memory and a time limit, and count crashes: usage ``scripts/fuzz_documents.py [--count 300]
[--seed 1] [--time-limit 30] [--mem-mb 2048] [--out /tmp/fuzz-documents]``.

``draft_plan`` promises never to raise on a document's content: a file it cannot read gives a draft with a
finding saying why. A crash here is: an exception out of ``draft_plan``, the child killed by a signal (a
segfault, the memory limit), no answer within the time limit, or a draft whose YAML does not parse back.
Documents are text, HTML, CSV, DOCX, XLSX and PDF, built from seeds of the shapes that broke parsers before
(deep nesting, long runs of one character, huge cells, markup, formulas, control characters, entity and
zip bombs, truncated and corrupted containers). Reproducers of the first crashes of each kind are saved
under ``--out``. Run by ``make fuzz`` after the plan-file fuzzer; never by ``make test``.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORKER = """
import json, sys, time, traceback, yaml
from loaders.importer import draft_plan
for line in sys.stdin:
    path, name = json.loads(line)
    started = time.perf_counter()
    try:
        draft = draft_plan(open(path, "rb").read(), filename=name)
        yaml.safe_load(draft.yaml)
        reply = {"kind": "ok", "recs": len(draft.plan.get("recommendations") or [])}
    except BaseException as exc:
        reply = {"kind": "exception", "error": f"{type(exc).__name__}: {exc}"[:300],
                 "traceback": traceback.format_exc()[-4000:]}
    reply["seconds"] = time.perf_counter() - started
    print(json.dumps(reply), flush=True)
"""

HOSTILE_CELLS = [
    '=HYPERLINK("https://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\u202eevil\u202c",
    "\x00\x01\x07\x1b[31m",
    "Recommendation 1 – " * 50,
    "Chief" + " " * 25_000 + "Executive",
    "," * 50_000,
    "9" * 20_000,
    "Oct 24 " * 5_000,
    "[" * 20_000,
    "\n" * 30_000,
    "R1 " * 10_000,
]


def _text(rng: random.Random) -> tuple[str, bytes]:
    pieces = ["Recommendations"]
    for n in range(rng.randint(1, 40)):
        pieces.append(f"{n + 1}. {rng.choice(HOSTILE_CELLS)[: rng.choice([10, 1000, 100_000])]}")
    if rng.random() < 0.3:
        pieces.append("- " * rng.randint(1, 50_000) + "deep bullet")
    return "plan.txt", "\n".join(pieces).encode("utf-8", "surrogatepass")


def _html(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.choice([10, 1000, 50_000])
    tag = rng.choice(["div", "table", "ul", "b", "td"])
    body = f"<{tag}>" * depth + rng.choice(HOSTILE_CELLS) + f"</{tag}>" * rng.choice([0, depth])
    rows = "".join(
        "<tr>" + "".join(f"<td>{rng.choice(HOSTILE_CELLS)[:2000]}</td>" for _ in range(rng.randint(1, 60))) + "</tr>"
        for _ in range(rng.randint(1, 60))
    )
    entity = "&#x41;" * rng.choice([1, 100_000]) + "&" * rng.choice([1, 50_000])
    doc = (
        "<!DOCTYPE html><html><head><script>document.write('x')</script><style>*{}</style></head><body>"
        f"<h2>Recommendations</h2>{body}<table><tr><th>Action</th><th>Owner</th><th>Timescale</th></tr>{rows}"
        f"</table>{entity}<!-- {'-' * rng.choice([1, 100_000])}"
    )
    return "plan.html", doc.encode("utf-8", "surrogatepass")


def _csv(rng: random.Random) -> tuple[str, bytes]:
    header = "Recommendation,Action,Owner,Timescale\n"
    lines = []
    for _ in range(rng.randint(1, 200)):
        wide = rng.random() < 0.1
        cells = [
            rng.choice(HOSTILE_CELLS)[: 20 if wide else rng.choice([20, 5000])] for _ in range(2000 if wide else 4)
        ]
        lines.append(",".join('"' * rng.randint(0, 3) + c for c in cells))
    return "plan.csv", (header + "\n".join(lines)).encode("utf-8", "surrogatepass")


def _docx(rng: random.Random) -> tuple[str, bytes]:
    import docx

    document = docx.Document()
    document.add_heading("Recommendations", level=1)
    for n in range(rng.randint(1, 20)):
        document.add_paragraph(f"Recommendation {n + 1}: {_clean(rng.choice(HOSTILE_CELLS))[:3000]}")
    table = document.add_table(rows=rng.randint(1, 40), cols=rng.choice([3, 4, 30]))
    for row in table.rows:
        for cell in row.cells:
            cell.text = _clean(rng.choice(HOSTILE_CELLS))[: rng.choice([10, 3000])]
    if rng.random() < 0.3:
        inner = table.rows[0].cells[0].add_table(rows=2, cols=2)
        inner.rows[0].cells[0].text = "nested"
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    roll = rng.random()
    if roll < 0.15:
        return "plan.docx", data[: rng.randint(10, len(data))]  # truncated zip
    if roll < 0.3:
        return "plan.docx", _rewrite_document_xml(data, rng)
    return "plan.docx", data


def _clean(text: str) -> str:
    """python-docx refuses control characters (XML 1.0 cannot hold them): keep the rest of the hostile text."""
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


def _rewrite_document_xml(data: bytes, rng: random.Random) -> bytes:
    """An XML entity bomb, an external entity, or deep nesting inside word/document.xml."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "word/document.xml":
                choice = rng.choice(["bomb", "external", "deep"])
                if choice == "bomb":
                    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
                        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
                    )
                    body = body.replace(b"?>", b"?><!DOCTYPE d [" + entities.encode() + b"]>", 1)
                    body = body.replace(b"Recommendations", b"&i;", 1)
                elif choice == "external":
                    doctype = b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    body = body.replace(b"?>", b"?>" + doctype, 1).replace(b"Recommendations", b"&x;", 1)
                else:
                    depth = 100_000
                    body = body.replace(b"<w:body>", b"<w:body>" + b"<w:p>" * depth, 1)
            target.writestr(item, body)
    return out.getvalue()


def _xlsx(rng: random.Random) -> tuple[str, bytes]:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Recommendation", "Action", "Owner", "Timescale"])
    for _ in range(rng.randint(1, 200)):
        sheet.append([_clean(rng.choice(HOSTILE_CELLS))[: rng.choice([10, 3000])] for _ in range(4)])
    if rng.random() < 0.3:
        sheet.cell(row=rng.randint(1, 1000), column=rng.randint(1, 16000), value="far away")
    out = io.BytesIO()
    book.save(out)
    return "plan.xlsx", out.getvalue()


def _pdf(rng: random.Random) -> tuple[str, bytes]:
    text = rng.choice(HOSTILE_CELLS)[:2000].encode("latin-1", "replace").replace(b"(", b"").replace(b")", b"")
    stream = b"BT /F1 10 Tf 20 700 Td (Recommendations) Tj 0 -14 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    roll = rng.random()
    if roll < 0.2:
        objects.append(b"[" * rng.choice([1000, 100_000]) + b"]" * rng.choice([0, 1000]))  # deep arrays
    elif roll < 0.35:
        objects[1] = b"<< /Type /Pages /Kids [3 0 R 3 0 R 2 0 R] /Count 99999999 >>"  # a page tree loop
    data = pdf_from_objects(objects)
    if rng.random() < 0.2:
        cut = rng.randint(8, len(data))
        data = data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    return "plan.pdf", data


def pdf_from_objects(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF with a correct cross-reference table, from its numbered objects' bodies (tests build theirs too)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer_extra + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


GENERATORS: list[Callable[[random.Random], tuple[str, bytes]]] = [_text, _html, _csv, _docx, _xlsx, _pdf]


class Worker:
    """A child process drafting one document at a time; restarted after a crash or a timeout."""

    def __init__(self, mem_mb: int) -> None:
        limit = mem_mb * 1024 * 1024

        def _limits() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            preexec_fn=_limits,
        )

    def ask(self, path: Path, name: str, timeout: float) -> dict:
        import select

        assert self.process.stdin and self.process.stdout
        try:
            self.process.stdin.write(json.dumps([str(path), name]) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            return {"kind": "died", "error": f"worker exited ({self.process.poll()})", "seconds": 0.0}
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        if not ready:
            self.process.kill()
            self.process.wait()
            return {"kind": "timeout", "error": f"no answer within {timeout:.0f} s", "seconds": timeout}
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            return {"kind": "died", "error": f"worker killed (exit {code})", "seconds": 0.0}
        return json.loads(line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if self.alive():
            self.process.kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per document")
    parser.add_argument("--mem-mb", type=int, default=2048)
    parser.add_argument("--out", default="/tmp/fuzz-documents")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    worker = Worker(args.mem_mb)
    kinds: Counter[str] = Counter()
    crashes: list[dict] = []
    worst = (0.0, "")
    started = time.perf_counter()
    for n in range(args.count):
        generator = GENERATORS[n % len(GENERATORS)]
        name, data = generator(rng)
        path = out / f"doc-{n:05d}-{name}"
        path.write_bytes(data)
        reply = worker.ask(path, name, args.time_limit)
        kinds[name.rsplit(".", 1)[1]] += 1
        per_kb = reply["seconds"] / max(1.0, len(data) / 1024)
        if reply["kind"] == "ok":
            path.unlink()
            if reply["seconds"] > worst[0]:
                worst = (reply["seconds"], f"{name} ({len(data):,} bytes, {per_kb * 1000:.1f} ms/KB)")
            continue
        crashes.append({"file": str(path), "bytes": len(data), **reply})
        print(f"  crash: {reply['kind']} on {path.name} ({len(data):,} bytes): {reply['error']}", flush=True)
        if not worker.alive():
            worker = Worker(args.mem_mb)
    worker.close()
    summary = {
        "documents": args.count,
        "by_format": dict(kinds),
        "crashes": len(crashes),
        "crash_kinds": dict(Counter(c["kind"] for c in crashes)),
        "slowest": {"seconds": round(worst[0], 2), "document": worst[1]},
        "total_seconds": round(time.perf_counter() - started, 1),
    }
    (out / "summary.json").write_text(json.dumps({**summary, "details": crashes}, indent=2))
    print(json.dumps(summary, indent=2))
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
