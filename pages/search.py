"""Search: every plan that mentions something, grouped by council and challenge, each result linking to its
place in the council brief. The query lives in the URL (``q``), so a search can be shared or bookmarked."""

import streamlit as st

from analysis.cells import counted
from analysis.followup import challenge_label
from analysis.search import KIND_LABELS, KINDS, group_order, parse_query, restrict, search_takeaway
from ui.anchors import brief_url, brief_visits, result_anchors
from ui.components import download_csv, empty_state, filter_caption
from ui.data import corpus
from ui.filters import sidebar_view
from ui.format import md_escape
from ui.highlight import highlight
from ui.search import QUERY_PARAM, search_index
from ui.state import BRIEF_PAGE, brief_params

#: Results drawn on the page (best first); the CSV has them all.
SHOWN = 60
#: Characters of a long text shown around its first match.
SNIPPET = 420

view = sidebar_view(search_box=False, slides=False)
full = corpus()
index = search_index()

st.title("Search")
st.caption(
    "Every recommendation, action, step, progress entry, note, strength and context document in the plans. "
    'Words must all appear; put "quotes" round a phrase. Case, punctuation, British or American spelling '
    "(organisation/organization) and plurals (priority/priorities) do not matter."
)
filter_caption(view.filters)

text = st.text_input(
    "Search every plan",
    key=QUERY_PARAM,
    bind="query-params",
    placeholder='e.g. scrutiny, "corporate plan", organisational development',
    icon=":material/search:",
    help="The search is kept in the page address: bookmark or share it.",
)
query = parse_query(text or "")
if query.empty:
    st.info(
        'Type words or a "quoted phrase" above and press Enter. Try **scrutiny**, **"staff engagement"** or '
        "**medium term financial strategy**.",
        icon=":material/search:",
    )
    st.stop()

matched = restrict(index.search(query), view)
any_words = False
if matched.empty and len(query.phrases) > 1:
    matched = restrict(index.search(query, require_all=False), view)
    any_words = not matched.empty
if matched.empty:
    everywhere = index.search(query)
    if view.filters.active and not everywhere.empty:
        empty_state(
            f"Nothing matches “{md_escape(text)}” in the filtered plans, though {len(everywhere)} item(s) elsewhere "
            "do.",
            filters=view.filters,
        )
    else:
        st.info(
            f"Nothing in the plans matches “{md_escape(text)}”. Check the spelling, use fewer words, or drop the "
            "quotes round a phrase.",
            icon=":material/search_off:",
        )
    st.stop()

kind_counts = matched["kind"].value_counts().to_dict()
chosen = st.pills(
    "Show",
    [k for k in KINDS if k in kind_counts],
    selection_mode="multi",
    format_func=lambda k: f"{KIND_LABELS[k]} ({kind_counts.get(k, 0)})",
    key="search_kinds",
    help="Pick kinds of text to narrow the results; none picked shows every kind.",
)
shown = matched[matched["kind"].isin(chosen)] if chosen else matched

names = dict(zip(full.councils["council_id"], full.councils["name"], strict=False))
labels = {row["challenge_id"]: challenge_label(row) for row in full.challenges.to_dict("records")}
if any_words:
    st.warning(
        "No item has every word, so these results have at least one of them, best first.", icon=":material/info:"
    )
st.markdown(f"**{md_escape(search_takeaway(shown, query=text.strip(), council_names=names))}**")

table = shown.assign(
    council=shown["council_id"].map(names),
    challenge=shown["challenge_id"].map(labels),
    kind=shown["kind"].map(KIND_LABELS),
)[["council", "challenge", "kind", "label", "text", "score", "council_id", "challenge_id", "item_id", "rec_id"]]
left, right = st.columns([3, 1], vertical_alignment="center")
left.caption(
    f"Showing the {min(SHOWN, len(shown))} most relevant of {len(shown)} results, grouped by council and "
    "challenge; matches are highlighted. “Open in the council brief” opens the place in a new tab."
    if len(shown) > SHOWN
    else f"{counted(len(shown), 'result')}, grouped by council and challenge, matches highlighted. “Open in the "
    "council brief” opens the place in a new tab."
)
with right:
    download_csv(table, file_name="search-results.csv", key="search_results", label="Download all results (CSV)")

top = shown.head(SHOWN)
places = result_anchors(top, recommendations=full.recommendations, challenges=full.challenges)
anchors = dict(zip(top["item_id"], places, strict=True))
params = view.filters.to_params()
visits = brief_visits(view.challenges, top["council_id"].unique())
for council_id, challenge_ids in group_order(top):
    st.subheader(md_escape(names.get(council_id, council_id)), anchor=False)
    for challenge_id in challenge_ids:
        rows = top[top["challenge_id"] == challenge_id]
        plural = "s" if len(rows) != 1 else ""
        st.markdown(f"**{md_escape(labels.get(challenge_id, challenge_id))}** · {len(rows)} result{plural}")
        for row in rows.to_dict("records"):
            with st.container(border=True):
                badge = f":blue-badge[{KIND_LABELS[row['kind']]}]"
                if row["uploaded"]:
                    st.markdown(f"{badge} **{md_escape(row['label'])}** :orange-badge[Uploaded, not published]")
                    st.markdown(highlight(row["text"], query, max_chars=SNIPPET))
                    st.page_link(
                        BRIEF_PAGE,
                        label="Open in the council brief",
                        icon=":material/assignment:",
                        query_params=brief_params(council_id, extra=params),
                    )
                    continue
                rec_id = row["rec_id"] if isinstance(row["rec_id"], str) else ""
                link = brief_url(
                    council_id,
                    anchor=anchors.get(row["item_id"], ""),
                    visit=visits[council_id],
                    open_rec=rec_id,
                    params=params,
                )
                st.markdown(
                    f"{badge} **{md_escape(row['label'])}** · [Open in the council brief ↗]({link})\n\n"
                    + highlight(row["text"], query, max_chars=SNIPPET)
                )
