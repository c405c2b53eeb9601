"""Add a plan → "Start from a document": upload a council's document, check the draft beside its text,
correct it in place, watch the validation problems update, download the plan file.

The draft is kept in this session only (keyed on the file's hash, so a rerun does not draft again); it is
not saved on the server, so a reload starts over. All document text is shown through ``st.code`` and
dataframes, never as markdown or HTML.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from loaders.importer import MAX_FILE_BYTES, Draft, draft_plan
from loaders.importer.edit import ACTION_COLUMNS, REC_COLUMNS, action_rows, apply_edits, rec_rows, recheck
from loaders.models import CouncilType
from ui import state
from ui.format import md_escape

TYPES = ["pdf", "docx", "html", "htm", "xlsx", "csv", "txt"]
#: Characters of document text shown beside the draft (a 40-page plan is about 150,000).
SHOWN_TEXT = 300_000
_KEY = "draft_doc"


def _draft(name: str, data: bytes) -> Draft:
    digest = hashlib.sha256(data).hexdigest()
    held = state.get(_KEY)
    if held and held[0] == digest:
        return held[1]
    bar = st.progress(0.1, text=f"Reading {name}…")
    draft = draft_plan(data, filename=name)
    bar.progress(1.0, text=f"Drafted from {name}")
    state.put(_KEY, (digest, draft))
    for key in ("draft_doc_recs", "draft_doc_actions"):
        state.pop(key)
    return draft


def _council_inputs(plan: dict) -> tuple[dict, int | None]:
    council = plan.get("council") or {}
    cols = st.columns([2, 3, 2, 2, 2, 1])
    types = list(CouncilType.__args__)
    current = council.get("council_type")
    edited = {
        "id": cols[0].text_input("Council id", council.get("id") or "", key="draft_doc_cid"),
        "name": cols[1].text_input("Council name", council.get("name") or "", key="draft_doc_cname"),
        "ons_code": cols[2].text_input("ONS code", council.get("ons_code") or "", key="draft_doc_ons"),
        "council_type": cols[3].selectbox(
            "Council type", types, index=types.index(current) if current in types else None, key="draft_doc_type"
        ),
        "region": cols[4].text_input("Council region", council.get("region") or "", key="draft_doc_region"),
    }
    year = (plan.get("challenge") or {}).get("year")
    chosen = cols[5].number_input("Year", 2000, 2100, value=year, step=1, key="draft_doc_year")
    return edited, (int(chosen) if chosen is not None else None)


def _rows_editor(rows: list[dict], columns: list[str], *, key: str) -> pd.DataFrame:
    """An editable table of the draft's rows, where rows can be added and deleted."""
    return st.data_editor(
        pd.DataFrame(rows, columns=columns), num_rows="dynamic", hide_index=True, use_container_width=True, key=key
    )


def start_from_document() -> None:
    """The whole "Start from a document" section (call it once, where the page wants it)."""
    with st.expander(
        "Start from a document: draft a plan from the council's PDF, Word file or web page",
        icon=":material/auto_fix_high:",
    ):
        st.caption(
            f"PDF with a text layer, Word (.docx), a saved web page, a spreadsheet or text pasted from a PDF; at "
            f"most {MAX_FILE_BYTES // (1024 * 1024)} MB. Everything is copied as written; check each finding. "
            "The draft lives in this tab only: download it before you reload."
        )
        file = st.file_uploader("Council document", type=TYPES, max_upload_size=20, key="draft_doc_file")
        if file is None:
            return
        draft = _draft(file.name, file.getvalue())
        plan = draft.plan
        unread = [f.why for f in draft.findings if f.what == "document not read"]
        if unread:
            st.error(f"The document could not be read: {md_escape(unread[0])}", icon=":material/error:")
        left, right = st.columns(2)
        with left:
            st.markdown("**The document's text**")
            st.code(draft.text[:SHOWN_TEXT] or "(no text)", language=None, line_numbers=True, height=420)
        with right:
            st.markdown(f"**Findings** ({len(draft.findings)}): what the importer decided, where, and why")
            st.dataframe(
                draft.findings.frame()[["where", "what", "confidence", "why"]],
                hide_index=True,
                height=420,
                use_container_width=True,
            )
        st.markdown("**Council and year**")
        council, year = _council_inputs(plan)
        st.markdown("**Recommendations** (edit in place; add or delete rows)")
        recs = _rows_editor(rec_rows(plan), REC_COLUMNS, key="draft_doc_recs")
        st.markdown("**Actions** (recommendations as numbers separated by commas)")
        actions = _rows_editor(action_rows(plan), ACTION_COLUMNS, key="draft_doc_actions")
        edited = apply_edits(
            plan,
            council=council,
            year=year,
            recommendations=recs.to_dict("records"),
            actions=actions.to_dict("records"),
        )
        text, problems = recheck(edited, source=file.name)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            st.warning(f"{len(errors)} problem(s) to fix before this plan loads.", icon=":material/warning:")
        else:
            st.success("The draft is a valid plan file.", icon=":material/check_circle:")
        if problems:
            st.dataframe(
                pd.DataFrame(
                    [{"line": p.line, "field": p.field, "problem": p.message, "severity": p.severity} for p in problems]
                ),
                hide_index=True,
                use_container_width=True,
            )
        st.download_button(
            "Download the plan file",
            text.encode("utf-8"),
            file_name=f"{edited['id']}.yaml",
            mime="application/yaml",
            on_click="ignore",
            icon=":material/download:",
            key="draft_doc_download",
        )
        with st.expander("The plan file", icon=":material/code:"):
            st.code(text, language="yaml", line_numbers=True)
