"""Council brief: one council's challenge(s), recommendations and actions, judged against a visit date.

For an LGA adviser preparing a follow-up visit (the progress review, about ten months after the peer
challenge): what the council promised, by whom and by when, what the plan implies is overdue, and where the
plan itself has gaps. The chosen council and visit date live in the URL (``brief_council``, ``visit``) so a
brief can be bookmarked or sent. Printable (print stylesheet) and downloadable as one HTML file.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.brief_text import progress_lines, recommendation_text
from analysis.followup import (
    ACTION_TABLE_COLUMNS,
    STATUS_DEFINITIONS,
    STATUS_LABELS,
    STATUSES,
    action_rows,
    actions_table,
    brief,
    challenge_label,
    check_rows,
    council_default_visit,
    day,
    group_notes,
    similar_elsewhere,
)
from analysis.history import seen_before
from analysis.overlap_view import match_evidence
from analysis.summary import COUNT_NOT_STATED
from analysis.visit_answer import CLOSE_MATCH
from charts.palette import STATUS_STYLE, council_colours
from loaders.completeness import plan_note
from sections.brief import PAGE as BRIEF_SLIDES
from ui import present
from ui.anchors import scroll_to_hash
from ui.components import empty_state, filter_caption, table_with_download
from ui.data import corpus
from ui.exports import council_pack_download
from ui.filters import sidebar_view
from ui.format import md_cells, md_escape
from ui.memo import overlap_index
from ui.peers import councils_like_section
from ui.print import brief_download, print_styles, visit_workbook_download
from ui.sections import show as show_section
from ui.state import BRIEF_COUNCIL_PARAM, BRIEF_OPEN_PARAM, BRIEF_VISIT_PARAM, forget, param, url_date, url_select
from ui.visit_answer import answer_section, reviews_section, similar_section

COUNCIL_PARAM, VISIT_PARAM = BRIEF_COUNCIL_PARAM, BRIEF_VISIT_PARAM
COUNCIL_KEY, VISIT_KEY = "brief_council_select", "brief_visit_date"
SIMILAR_K = 3
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2040, 12, 31)


def _forget_visit() -> None:
    """A new council, or "use the default": back to the council's own default visit date."""
    forget(VISIT_KEY, VISIT_PARAM)


def _status_colours(code: object) -> str:
    bg, fg = STATUS_STYLE.get(str(code), ("", ""))
    return f"background-color: {bg}; color: {fg}; font-weight: 600" if bg else ""


def _styled(rows: pd.DataFrame) -> "pd.io.formats.style.Styler":
    """The action rows with status cells coloured; steps in grey. Codes travel in hidden columns.

    Status first, then the number and the action: a phone shows the left-hand columns and cuts the rest, and the
    status is the answer (the HTML brief keeps the plan's own column order)."""
    order = ["Status"] + [c for c in ACTION_TABLE_COLUMNS if c != "Status"]
    shown = rows[order].copy()
    codes = rows["_status"].tolist()
    kinds = rows["_kind"].tolist()

    def colour(column: pd.Series) -> list[str]:
        if column.name == "Status":
            return [_status_colours(c) for c in codes]
        return ["color: #5b6570; font-size: 0.9em" if k == "step" else "" for k in kinds]

    return md_cells(shown).style.apply(colour, axis=0).hide(axis="index")  # st.table cells are Markdown


full = corpus()
view = sidebar_view()
print_styles()

st.title("Council brief")
st.caption(
    "For an LGA adviser preparing a follow-up visit — the progress review, about ten months after the peer "
    "challenge's on-site visit: every recommendation with the council's actions, owners and timescales, where "
    "each action stands at the visit date, and the gaps in the plan."
)
filter_caption(view.filters)

if full.councils.empty:
    st.info("No plans are loaded. Add plan files to `data/plans/` (see docs/schema.md).")
    st.stop()
if view.councils.empty:
    empty_state("No councils match these filters, so there is no council brief to show.", filters=view.filters)
    st.stop()

# ---- Which council and which visit date (ui.state: the URL, then this session, then the defaults) ----------
names = dict(zip(view.councils["council_id"], view.councils["name"], strict=False))
options = sorted(names, key=lambda cid: names[cid])
all_names = dict(zip(full.councils["council_id"], full.councils["name"], strict=False))
controls = st.container(key="brief_controls")
left, middle, right = controls.columns([2.2, 1.3, 1.5], vertical_alignment="top")
with controls:  # a note about the link (council or date it cannot use) sits with the controls, not printed
    council_id = url_select(
        COUNCIL_PARAM,
        options,
        key=COUNCIL_KEY,
        label="Council",
        format_func=lambda cid: names.get(cid, cid),
        invalid=lambda asked, shown: (
            f"{md_escape(all_names.get(asked, asked))} is not in the filtered view, so the brief shows "
            f"{md_escape(names.get(shown, shown))}. Clear the sidebar filters to see it."
        ),
        container=left,
        then=_forget_visit,
        help="Councils in the current filtered view. The choice is kept in the page address.",
    )
    council_challenges = view.challenges[view.challenges["council_id"] == council_id]
    default = council_default_visit(council_challenges, full.reviews)
    default_date = default.date if default else dt.date.today()
    visit_date = url_date(
        VISIT_PARAM,
        min(max(default_date, MIN_DATE), MAX_DATE),
        key=VISIT_KEY,
        label="Visit date",
        min_value=MIN_DATE,
        max_value=MAX_DATE,
        container=middle,
        format="DD/MM/YYYY",
        help="The date of the follow-up visit. Each action's status is judged against it.",
    )

today = dt.date.today()
b = brief(view, council_id, visit_date=visit_date, today=today, reviews=full.reviews)
similar = similar_elsewhere(full, b.recommendations["rec_id"], k=SIMILAR_K, index=overlap_index(full))
# "seen before": close match in an earlier challenge
seen = seen_before(full, council_id, index=overlap_index(full)).set_index("rec_id")
seen_labels = {row["challenge_id"]: challenge_label(row) for row in full.challenges.to_dict("records")}
rec_titles = dict(zip(full.recommendations["rec_id"], full.recommendations["title"], strict=False))

with controls:
    with right:
        brief_download(
            b,
            similar=similar,
            council_names=all_names,
            rec_titles=rec_titles,
            filters_text=view.filters.describe() if view.filters.active else "",
            key="brief_html",
        )
        council_pack_download(b, view, colours=council_colours(full.councils["council_id"]), key="brief_pack")
        visit_workbook_download(b, view, key="brief_workbook")
        st.caption("To print, use your browser's Print (Ctrl/⌘ + P): controls and the sidebar are left out.")
    if default is not None:
        if visit_date == default.date:
            st.caption(f":material/event: Default visit date {day(default.date)}: {md_escape(default.explanation)}")
        else:
            st.caption(f":material/event: The default would be {day(default.date)} ({md_escape(default.explanation)})")
            st.button("Use the default visit date", on_click=_forget_visit, key="brief_reset_visit")

# ---- Council and headline ------------------------------------------------------------------------------------
council = b.council
st.header(md_escape(council.get("name") or council_id), anchor=False)
facts = [md_escape(council.get(k)) for k in ("council_type", "region", "ons_code") if council.get(k)]
line = " · ".join(facts)
st.caption(line[:1].upper() + line[1:])
with st.container(key="brief_print_only"):
    st.markdown(f"**Visit date: {day(b.visit_date)}** · statuses judged at {day(b.as_of)}")

# Presentation mode: the brief's slides are its sections (where the actions stand, recommendations per theme).
if present.presenting():
    for section in BRIEF_SLIDES:
        show_section(section, view, colours=council_colours(full.councils["council_id"]),
                     choices={"council": council_id, "visit": visit_date}, today=dt.date.today())  # fmt: skip

h = b.headline
judged = (
    f"Statuses are judged at the visit ({day(b.visit_date)})."
    if b.visit_in_past
    else f"The visit is ahead: “deadline passed by the visit” counts what falls due by {day(b.visit_date)}."
)
st.caption(judged)
answer_section(b)
reviews_section(b)
captured_all = int((full.recommendations["council_id"] == council_id).sum())
if h.recommendations < captured_all:
    st.caption(
        f":material/filter_alt: The sidebar filters narrow this brief to {h.recommendations} of the council's "
        f"{captured_all} recommendations (and their actions)."
    )
with st.expander("How statuses are worked out", icon=":material/help:"):
    for code in STATUSES:
        st.markdown(f"**{STATUS_LABELS[code]}** — {STATUS_DEFINITIONS[code]}")
    st.markdown(
        "Deadlines are the normalised end dates, read from the timescale exactly as written; a flagged timescale "
        "(such as an end before its start) keeps its written end and is listed in the plan-quality checks."
    )

# ---- The challenge(s) ----------------------------------------------------------------------------------------
st.subheader("Peer challenge" + ("s" if len(b.challenges) > 1 else ""), anchor=False)
if len(b.challenges) > 1:
    st.caption("Latest first.")
labels = {row["challenge_id"]: challenge_label(row) for _, row in b.challenges.iterrows()}
for _, ch in b.challenges.iterrows():
    with st.container(border=True):
        st.markdown(f"#### {md_escape(challenge_label(ch))}")
        contributed = ch.get("contributed", False)  # from PCE_CONTRIBUTIONS_DIR (loaders.contributions)
        if pd.notna(contributed) and bool(contributed):
            st.markdown(":violet-badge[:material/group_add: Contributed] saved from *Add a plan*, not yet reviewed")
        follows = ch.get("follows")
        if isinstance(follows, str) and follows:
            target = labels.get(follows) or follows
            st.markdown(f":material/subdirectory_arrow_right: Follows the **{md_escape(target)}**" +
                        (" (below)." if follows in labels else "."))  # fmt: skip
        onsite = ch.get("onsite_as_written") if isinstance(ch.get("onsite_as_written"), str) else ""
        exact = " – ".join(d for d in (day(ch.get("onsite_start")), day(ch.get("onsite_end"))) if d)
        lines = [
            f"**On site:** {md_escape(onsite or exact or 'not stated')}",
            f"**Action plan / response:** {md_escape(day(ch.get('plan_date')) or 'not dated')}",
            f"**Recommendations:** {int(ch['recommendations_captured'])} captured"
            + (
                f" of {int(ch['recommendations_declared'])} declared"
                if not pd.isna(ch.get("recommendations_declared"))
                else f" ({COUNT_NOT_STATED})"
            ),
        ]
        focus = ch.get("focus_areas") if isinstance(ch.get("focus_areas"), list) else []
        lines.append(
            "**Focus areas** (besides the five core themes): "
            + (md_escape("; ".join(map(str, focus))) if focus else "none stated")
        )
        st.markdown("  \n".join(lines))
        note = plan_note(
            actions=int(ch.get("actions_count") or 0), action_plan_in_source=bool(ch.get("action_plan_in_source", True))
        )
        if note:
            st.warning(f"{note} Ask the council for it before the visit.", icon=":material/description:")
        docs = ch.get("documents") if isinstance(ch.get("documents"), list) else []
        if docs:
            items = []
            for doc in docs:
                doc = doc if isinstance(doc, dict) else {"title": str(doc)}
                bits = [f"*{md_escape(doc.get('title'))}*"]
                bits += [md_escape(x) for x in (day(doc.get("date")), doc.get("meeting")) if x]
                if doc.get("report_of"):
                    bits.append("report of " + md_escape(doc.get("report_of")))
                items.append("- " + " · ".join(bits))
            st.markdown("**Source documents**\n\n" + "\n".join(items))
        team = ch.get("peer_team") if isinstance(ch.get("peer_team"), list) else []
        if team:
            rows = []
            for member in team:
                member = member if isinstance(member, dict) else {"name": str(member)}
                extra = ", ".join(md_escape(member.get(k)) for k in ("role", "organisation") if member.get(k))
                rows.append(f"- {md_escape(member.get('name'))}" + (f" — {extra}" if extra else ""))
            st.markdown("**Peer team**\n\n" + "\n".join(rows))
        else:
            st.caption("Peer team: not given in the source.")
        notes = ch.get("notes") if isinstance(ch.get("notes"), list) else []
        if notes:
            with st.expander(f"Notes on the source ({len(notes)})", icon=":material/sticky_note_2:"):
                st.markdown("\n".join(f"- {md_escape(n)}" for n in notes))
if b.challenges.empty:
    st.info("No peer challenge of this council matches the filters.")

# ---- Plan-quality checks -------------------------------------------------------------------------------------
st.subheader("Plan-quality checks", anchor=False)
checks = check_rows(b)
st.table(md_cells(checks).style.hide(axis="index"))

with st.container(key="brief_screen_only"), st.expander("All actions in one table", icon=":material/table:"):
    table_with_download(
        actions_table(b),
        key="brief_actions",
        file_name=f"brief-actions-{b.council_id}-{b.visit_date.isoformat()}.csv",
        column_config={
            "start": st.column_config.DateColumn("Start", format="D MMM YYYY"),
            "end": st.column_config.DateColumn("End", format="D MMM YYYY"),
            "timescale_raw": "Timescale as written",
            "days_overdue": st.column_config.NumberColumn("Days overdue", format="%d"),
        },
    )

similar_section(full, b, similar, all_names)
councils_like_section(full, council_id)  # similar councils (reference data) and what they were told

# ---- Recommendations -------------------------------------------------------------------------------------------
st.subheader("Each recommendation in detail", anchor=False)
st.caption("Collapsed: open a recommendation for its text, its actions and steps, progress reported and notes.")
recs = b.recommendations.set_index("rec_id", drop=False)
opened = param(BRIEF_OPEN_PARAM) or ""  # a search result's recommendation: drawn open
if opened:
    scroll_to_hash()
for _, ch in b.challenges.iterrows():
    groups = b.groups.get(ch["challenge_id"], [])
    count = sum(len(g.rec_ids) for g in groups)
    st.markdown(f"### {md_escape(challenge_label(ch))} — {count} recommendation{'s' if count != 1 else ''}")
    if not groups:
        st.caption(
            "No recommendations of this challenge match the filters."
            if view.filters.active
            else "No recommendations are recorded for this challenge."
        )
    elif not bool(ch.get("action_plan_in_source", True)):
        st.warning(
            f"{md_escape(challenge_label(ch))}: the action plan is not in the source document, so these "
            "recommendations have no actions, owners or timescales here.",
            icon=":material/description:",
        )
    for group in groups:
        numbers = ", ".join(str(recs.loc[r]["number"]) for r in group.rec_ids)
        first_title = str(recs.loc[group.rec_ids[0]]["title"])
        head = f"Recommendation{'s' if len(group.rec_ids) > 1 else ''} {numbers}: {first_title[:90]}"
        n_acts = len(group.action_ids)
        label = md_escape(f"{head} — {n_acts} action{'s' if n_acts != 1 else ''}")
        with st.expander(label, expanded=opened in group.rec_ids):
            for rec_id in group.rec_ids:
                rec = recs.loc[rec_id]
                shown = recommendation_text(rec)
                st.markdown(f"##### Recommendation {md_escape(rec['number'])}: {md_escape(shown.title)}")
                if shown.text:
                    st.markdown(md_escape(shown.text))
                if shown.sub_points:
                    st.markdown("\n".join(f"- {md_escape(s)}" for s in shown.sub_points))
                st.caption(f"LGA theme: {md_escape(shown.themes)} · Topics: {md_escape(shown.topics)}")
                if rec_id in seen.index:
                    before = seen.loc[rec_id]
                    earlier = seen_labels.get(before["earlier_challenge_id"], before["earlier_challenge_id"])
                    st.markdown(
                        f":violet-badge[:material/history: Seen before] {md_escape(earlier)}, "
                        f"recommendation {md_escape(before['earlier_number'])}: {md_escape(before['earlier_title'])} "
                        f"*(score {float(before['score']):.2f}; see History)*"
                    )
                progress = progress_lines(b.progress[b.progress["rec_id"] == rec_id])
                if progress:
                    st.markdown(
                        "**Progress reported**\n\n"
                        + "\n".join(
                            f"- **{when}** — {md_escape(source)}: {md_escape(text)}" for when, source, text in progress
                        )
                    )
                if similar is not None:
                    matches = similar.get(rec_id)
                    if matches is not None and not matches.empty:
                        matches = matches[matches["score"] >= CLOSE_MATCH]
                    if matches is None or matches.empty:
                        st.caption("Similar elsewhere: no close match in the corpus.")
                    else:
                        lines = []
                        for m in matches.itertuples(index=False):
                            reason = match_evidence(getattr(m, "why", ""), getattr(m, "shared_topics", None))
                            title = getattr(m, "title", None) or rec_titles.get(m.rec_id, m.rec_id)
                            lines.append(
                                f"- **{md_escape(all_names.get(m.council_id, m.council_id))}**: {md_escape(title)} "
                                f"*({float(m.score):.2f}; {md_escape(reason)})*"
                            )
                        st.markdown("**Most similar in other councils**\n\n" + "\n".join(lines))
            if len(group.rec_ids) > 1:
                st.caption(f":material/link: These {len(group.rec_ids)} recommendations share the actions below.")
            if group.action_ids:
                st.table(_styled(action_rows(b, group.action_ids)))
            elif not bool(ch.get("action_plan_in_source", True)):
                st.caption(":material/description: No actions recorded: the action plan is not in the source.")
            else:
                st.warning("No action in the plan answers this recommendation.", icon=":material/report:")
            notes = group_notes(b, group)
            if len(notes):
                with st.container():
                    st.markdown(f"**Notes on gaps and the source ({len(notes)})**")
                    st.markdown(
                        "\n".join(
                            f"- **{md_escape(n.item)}** — {md_escape(n.kind)}"
                            + (f" ({md_escape(n.about)})" if n.about else "")
                            + f": {md_escape(n.text)}"
                            for n in notes.itertuples(index=False)
                        )
                    )
