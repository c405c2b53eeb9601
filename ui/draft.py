"""Add a plan → "Start from a document": upload a council's document, check the draft beside its text,
correct it in place, watch the validation problems update, download the plan file.

A draft is saved on the server (:mod:`loaders.drafts`) under an unguessable id kept in the page address
(``?draft=<id>``), and saved again after every correction: a reload, or the address opened later, brings back
the document's text, the findings and the plan as last edited, for 30 days. Only the address opens it. Where
``PCE_CONTRIBUTIONS_DIR`` is set, a plan with no problems can be saved there (:mod:`loaders.contributions`).
All document text is shown through ``st.code`` and dataframes, never as markdown or HTML.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from loaders.contributions import ContributionRefused, contribute, contributions_dir
from loaders.drafts import (
    MAX_AGE,
    SavedDraft,
    delete_draft,
    drafts_dir,
    is_draft_id,
    load_draft,
    new_draft_id,
    save_draft,
)
from loaders.importer import MAX_FILE_BYTES, draft_plan
from loaders.importer.edit import ACTION_COLUMNS, REC_COLUMNS, action_rows, apply_edits, rec_rows, recheck
from loaders.importer.findings import FINDING_COLUMNS
from loaders.models import CouncilType
from loaders.reader import PlanError, parse_yaml
from ui import state
from ui.data import forget_fingerprints
from ui.format import md_escape

TYPES = ["pdf", "docx", "html", "htm", "xlsx", "csv", "txt"]
#: Characters of document text shown beside the draft (a 40-page plan is about 150,000).
SHOWN_TEXT = 300_000
_KEY = "draft_doc"
#: The page-address parameter holding the saved draft's id.
DRAFT_PARAM = "draft"
_EDITORS = ("draft_doc_recs", "draft_doc_actions")


@dataclass
class Working:
    """The draft this tab is correcting: ``plan`` is the editors' starting point; ``saved`` the last text saved."""

    draft_id: str
    digest: str  # the document's sha256 ("" for a draft reopened from the server)
    filename: str
    source_kind: str
    text: str
    findings: pd.DataFrame
    plan: dict
    saved: str = ""
    saved_at: str = ""


def _start(working: Working) -> Working:
    state.put(_KEY, working)
    for key in _EDITORS:
        state.pop(key)
    return working


def _from_document(name: str, data: bytes) -> Working:
    digest = hashlib.sha256(data).hexdigest()
    held = state.get(_KEY)
    if isinstance(held, Working) and held.digest == digest:
        return held
    bar = st.progress(0.0, text=f"Reading {name}…")
    draft = draft_plan(data, filename=name, progress=lambda f, m: bar.progress(min(1.0, f), text=f"{name}: {m}"))
    bar.empty()
    draft_id = new_draft_id()
    state.set_param(DRAFT_PARAM, draft_id)
    return _start(Working(draft_id, digest, name, draft.source_kind, draft.text, draft.findings_frame, draft.plan))


def _from_server(draft_id: str) -> Working | None:
    held = state.get(_KEY)
    if isinstance(held, Working) and held.draft_id == draft_id:
        return held
    folder = drafts_dir()
    saved = load_draft(folder, draft_id) if folder else None
    if saved is None:
        return None
    try:
        plan = parse_yaml(saved.plan_yaml, name=f"draft {draft_id}")
    except PlanError:
        return None
    if not isinstance(plan, dict):
        return None
    findings = pd.DataFrame(saved.findings, columns=FINDING_COLUMNS)
    working = Working(
        draft_id, "", saved.filename, saved.source_kind, saved.text, findings, plan, saved.plan_yaml, saved.saved_at
    )
    return _start(working)


def _save(working: Working, text: str) -> str:
    """Save the corrected draft when it changed; a line for the page saying where it stands."""
    folder = drafts_dir()
    if folder is None:
        return "Drafts are not saved on this server (PCE_DRAFTS_DIR=off): download the plan file before you reload."
    if text != working.saved:
        record = SavedDraft(
            working.filename,
            working.source_kind,
            working.text,
            text,
            working.findings.astype(str).to_dict("records"),
        )
        if not save_draft(folder, working.draft_id, record):
            return "This draft could not be saved on the server: download the plan file before you reload."
        working.saved = text
    return (
        f"Saved on the server: this page's address reopens the draft for {MAX_AGE.days} days after the last "
        "change. Anyone with the address can open it; share it only with people who should."
    )


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


def _working(file) -> Working | None:
    """The draft to show: a newly uploaded document's, else the one the address names, else None."""
    if file is not None:
        return _from_document(file.name, file.getvalue())
    draft_id = state.param(DRAFT_PARAM)
    if not draft_id:
        return None
    working = _from_server(draft_id) if is_draft_id(draft_id) else None
    if working is None:
        st.warning(
            "The draft in this page's address is not on the server any more (drafts are kept for "
            f"{MAX_AGE.days} days after their last change) or the address is incomplete. Upload the document again.",
            icon=":material/history:",
        )
    return working


def _contribute(plan_id: str, text: str, published: set[str]) -> None:
    folder = contributions_dir()
    if folder is None:
        return
    if st.button("Save as a contributed plan", icon=":material/upload_file:", key="draft_doc_contribute"):
        try:
            path = contribute(folder, plan_id, text, taken=published)
        except (ContributionRefused, OSError) as exc:
            st.error(f"Not saved: {md_escape(str(exc))}", icon=":material/block:")
        else:
            forget_fingerprints()  # the next page run loads it
            st.success(
                f"Saved as {md_escape(path.name)} in the contributions folder: every page shows it, marked "
                "“contributed”, once the plans reload; a maintainer reviews it before publishing.",
                icon=":material/check_circle:",
            )


def start_from_document(published: set[str] | frozenset[str] = frozenset()) -> None:
    """The whole "Start from a document" section (call it once, where the page wants it).

    ``published`` are the published plans' ids: a contributed plan may not take one.
    """
    reopened = bool(state.param(DRAFT_PARAM))
    with st.expander(
        "Start from a document: draft a plan from the council's PDF, Word file or web page",
        icon=":material/auto_fix_high:",
        expanded=reopened,
    ):
        st.caption(
            f"PDF with a text layer, Word (.docx), a saved web page, a spreadsheet or text pasted from a PDF; at "
            f"most {MAX_FILE_BYTES // (1024 * 1024)} MB. Everything is copied as written; check each finding."
        )
        file = st.file_uploader("Council document", type=TYPES, max_upload_size=20, key="draft_doc_file")
        working = _working(file)
        if working is None:
            return
        _draft_section(working, published)


def _rows_editor(rows: list[dict], columns: list[str], *, key: str) -> pd.DataFrame:
    """An editable table of the draft's rows, where rows can be added and deleted."""
    return st.data_editor(
        pd.DataFrame(rows, columns=columns), num_rows="dynamic", hide_index=True, width="stretch", key=key
    )


def _draft_section(working: Working, published: set[str] | frozenset[str]) -> None:
    plan = working.plan
    head, discard = st.columns([5, 1], vertical_alignment="center")
    head.markdown(f"**Draft from** {md_escape(working.filename)}")
    if discard.button("Discard draft", icon=":material/delete:", key="draft_doc_discard"):
        folder = drafts_dir()
        if folder:
            delete_draft(folder, working.draft_id)
        state.pop(_KEY)
        state.set_param(DRAFT_PARAM, None)
        st.rerun()
    unread = [
        w
        for w, what in zip(working.findings["why"], working.findings["what"], strict=True)
        if what == "document not read"
    ]
    if unread:
        st.error(f"The document could not be read: {md_escape(unread[0])}", icon=":material/error:")
    left, right = st.columns(2)
    with left:
        st.markdown("**The document's text**")
        st.code(working.text[:SHOWN_TEXT] or "(no text)", language=None, line_numbers=True, height=420)
    with right:
        st.markdown(f"**Findings** ({len(working.findings)}): what the importer decided, where, and why")
        st.dataframe(
            working.findings[["where", "what", "confidence", "why"]],
            hide_index=True,
            height=420,
            width="stretch",
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
    text, problems = recheck(edited, source=working.filename)
    st.caption(_save(working, text))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        st.warning(f"{len(errors)} problem{'' if len(errors) == 1 else 's'} to fix before this plan loads.",
                   icon=":material/warning:")  # fmt: skip
    else:
        st.success("The draft is a valid plan file.", icon=":material/check_circle:")
    if problems:
        st.dataframe(
            pd.DataFrame(
                [{"line": p.line, "field": p.field, "problem": p.message, "severity": p.severity} for p in problems]
            ),
            hide_index=True,
            width="stretch",
        )
    plan_id = str(edited.get("id") or "draft")
    st.download_button(
        "Download the plan file",
        text.encode("utf-8"),
        file_name=f"{plan_id}.yaml",
        mime="application/yaml",
        on_click="ignore",
        icon=":material/download:",
        key="draft_doc_download",
    )
    if not errors:
        _contribute(plan_id, text, set(published))
    with st.expander("The plan file", icon=":material/code:"):
        st.code(text, language="yaml", line_numbers=True)
