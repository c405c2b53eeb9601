"""Add a plan: upload or paste a plan YAML, see every problem by line and field, add it to this session only."""

from functools import partial
from pathlib import Path

import streamlit as st

from loaders.reader import MAX_BYTES
from loaders.upload import MAX_UPLOADS, excerpt, normalised_bytes, upload_name
from ui.components import table_with_download
from ui.data import add_upload, checked_upload, corpus, published_corpus, remove_upload, uploads
from ui.draft import start_from_document
from ui.filters import sidebar_view
from ui.format import md_escape

DOCS = Path(__file__).resolve().parent.parent / "docs"
SHOWN_EXCERPTS = 8

view = sidebar_view(slides=False)  # draws the shared sidebar; this page works on the upload, not the filtered view
st.title("Add a plan")
st.caption(
    "Check a peer challenge plan file against the schema and try it in the dashboard. A plan you add here is "
    "**uploaded, not published**: only you see it, on every page, until you remove it, reload or close this tab."
)

with st.container(border=True):
    st.markdown("**Start from a template**")
    left, right = st.columns(2)
    left.download_button(
        "Template plan (YAML, documented)",
        (DOCS / "template-plan.yaml").read_bytes(),
        file_name="template-plan.yaml",
        mime="application/yaml",
        on_click="ignore",
        icon=":material/description:",
        key="add_plan_template",
    )
    right.download_button(
        "JSON Schema (for your editor)",
        (DOCS / "plan.schema.json").read_bytes(),
        file_name="plan.schema.json",
        mime="application/schema+json",
        on_click="ignore",
        icon=":material/data_object:",
        key="add_plan_schema",
    )
    st.caption(
        "Every field is explained in docs/schema.md. Data maintainers can check files with "
        "`python -m loaders validate PATH`."
    )

start_from_document(
    set(published_corpus().challenges["challenge_id"])
)  # draft a plan from the council's own document (ui/draft.py)

upload_tab, paste_tab = st.tabs(["Upload a file", "Paste YAML"])
with upload_tab:
    file = st.file_uploader(
        "Plan file (.yaml, at most 2 MB)", type=["yaml", "yml"], max_upload_size=2, key="add_plan_file"
    )
with paste_tab:
    pasted = st.text_area(
        "Plan YAML", height=260, max_chars=MAX_BYTES, key="add_plan_text", placeholder="id: testshire-2025\n..."
    )

published = set(published_corpus().challenges["challenge_id"])
if file is not None:  # checked once per distinct upload, not on every rerun (checked_upload keys on its digest)
    name = upload_name(file.name, None)
    check = checked_upload(name, file.getvalue(), published=published, stem=Path(name).stem)
elif pasted and pasted.strip():
    first = checked_upload("pasted.yaml", pasted, published=published)
    name = upload_name(None, first.plan.id if first.plan else None)
    check = checked_upload(name, pasted, published=published) if name != "pasted.yaml" else first
else:
    check = None

if check is not None:
    st.subheader(f"Checking {check.name}", anchor=False)
    if check.ok:
        st.success(
            f"No errors: **{md_escape(check.plan.council.name)}**, {check.plan.challenge.year} — "
            f"{len(check.plan.recommendations)} recommendations, {len(check.plan.actions)} actions.",
            icon=":material/check_circle:",
        )
    else:
        st.error(
            f"{len(check.errors)} error(s) keep this plan out of the dashboard. Fix them and check again.",
            icon=":material/error:",
        )
    if check.problems:
        table_with_download(
            check.problem_table(),
            key="add_plan_problems",
            file_name="plan-problems.csv",
            column_config={
                "line": st.column_config.NumberColumn("Line", format="%d"),
                "field": "Field",
                "problem": st.column_config.TextColumn("Problem", width="large"),
                "severity": "Severity",
            },
        )
    if check.text is not None:
        lines = check.problem_lines()
        for line in lines[:SHOWN_EXCERPTS]:
            about = [p for p in check.problems if p.line == line]
            st.markdown(
                f"**Line {line}** · "
                + "; ".join(md_escape(f"{p.field + ': ' if p.field else ''}{p.message}") for p in about)
            )
            st.code(excerpt(check.text, line), language=None)
        if len(lines) > SHOWN_EXCERPTS:
            st.caption(f"{len(lines) - SHOWN_EXCERPTS} more line(s) with problems are listed in the table above.")
        with st.expander("The whole file, with line numbers", icon=":material/code:"):
            st.code(check.text, language="yaml", line_numbers=True)
    actions = st.columns(3)
    if check.normalised is not None:
        actions[0].download_button(
            "Download normalised",
            check.normalised.encode("utf-8"),
            file_name=check.name,
            mime="application/yaml",
            on_click="ignore",
            icon=":material/download:",
            key="add_plan_normalised",
            help="Re-serialised in the schema's order. Nothing you wrote is dropped; comments inside the file "
            "are listed above as warnings.",
        )
    full = len(uploads()) >= MAX_UPLOADS and check.name not in uploads()
    actions[1].button(
        "Update in my session" if check.name in uploads() else "Add to my session",
        type="primary",
        icon=":material/add_circle:",
        disabled=not check.ok or full,
        on_click=add_upload,
        args=(check.name, check.text or ""),
        key="add_plan_add",
        help=f"At most {MAX_UPLOADS} plans per session." if full else None,
    )

st.subheader("Plans you added in this session", anchor=False)
mine = uploads()
if not mine:
    st.caption("None yet. Plans you add appear on every page, marked uploaded, not published.")
else:
    session = corpus()
    for index, (name, text) in enumerate(mine.items()):
        row = session.challenges[session.challenges["file"] == f"upload: {name}"]
        with st.container(border=True):
            cols = st.columns([4, 1, 1, 1])
            if row.empty:
                cols[0].markdown(f"**{md_escape(name)}** · not loaded: see the problems on the Overview page")
            else:
                first = row.iloc[0]
                cols[0].markdown(
                    f"**{md_escape(name)}** · {md_escape(first['council_name'])} {first['year']} · "
                    f"{first['recommendations_captured']} recommendations, {first['actions_count']} actions"
                )
            cols[1].download_button(
                "Normalised",
                partial(normalised_bytes, name, text),  # built only when clicked
                file_name=name,
                mime="application/yaml",
                on_click="ignore",
                icon=":material/download:",
                key=f"add_plan_normalised_{index}",
            )
            cols[2].download_button(
                "As given",
                text.encode("utf-8"),
                file_name=name,
                mime="application/yaml",
                on_click="ignore",
                icon=":material/download:",
                key=f"add_plan_given_{index}",
            )
            cols[3].button(
                "Remove", icon=":material/delete:", on_click=remove_upload, args=(name,), key=f"add_plan_remove_{index}"
            )
    st.button("Remove all", icon=":material/delete_sweep:", on_click=remove_upload, key="add_plan_remove_all")
