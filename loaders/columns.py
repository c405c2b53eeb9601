"""What each exported column means: the one list behind the README sheet of every workbook (the dashboard's,
reports/workbook.py, and the command line's, loaders/export.py), so a column is described once.

A new frame column without an entry here is still exported, and listed as "(not described yet)";
tests/reports/test_workbook_columns.py fails until it is described.
"""

from __future__ import annotations

UNDESCRIBED = "(not described yet)"

#: Column name -> what it holds, for people reading a spreadsheet.
COLUMN_DESCRIPTIONS: dict[str, str] = {
    # ids and links
    "council_id": "Short id of the council (used to link sheets).",
    "challenge_id": "Id of the peer challenge: <council>-<year>.",
    "rec_id": "Id of the recommendation: <challenge>-r<number>.",
    "action_id": "Id of the action within its challenge.",
    "step_id": "Id of the lettered step within its action.",
    "rec_ids": "The recommendations this action answers (ids).",
    "file": "The plan file in data/plans the rows come from.",
    # councils
    "name": "Council name.",
    "ons_code": "ONS (GSS) code of the council.",
    "council_type": "Council type as typed in the plan (metropolitan district, unitary, …, or another organisation "
    "type such as combined authority).",
    "region": "English region.",
    # challenges
    "council_name": "Council name.",
    "kind": "Corporate peer challenge, revisit or progress review.",
    "year": "Year of the on-site visit.",
    "onsite_start": "First day of the on-site visit (normalised date).",
    "onsite_end": "Last day of the on-site visit (normalised date).",
    "onsite_as_written": "The on-site dates as the source writes them.",
    "report_date": "Date of the peer team's feedback report.",
    "plan_date": "Date of the council's response or action plan.",
    "report_date_as_written": "The report's date as the source writes it, when it gives no exact day.",
    "report_date_from": "Earliest day the report's date can mean (the exact day, or the start of the month or "
    "season as written).",
    "report_date_to": "Latest day the report's date can mean.",
    "plan_date_as_written": "The plan's date as the source writes it, when it gives no exact day.",
    "plan_date_from": "Earliest day the plan's date can mean (the exact day, or the start of the month or "
    "season as written).",
    "plan_date_to": "Latest day the plan's date can mean.",
    "source_date_as_written": "The main source document's date as it writes it, when it gives no exact day.",
    "document_date_as_written": "The context document's date as written, when it gives no exact day.",
    "follows": "For a revisit or progress review: the challenge it follows up.",
    "recommendations_declared": "How many recommendations the source document says there are.",
    "recommendations_captured": "How many recommendations are recorded here (can be fewer than declared).",
    "actions_count": "Number of actions recorded (for a recommendation: actions answering it).",
    "actions_declared": "How many actions the source says the plan has, where it says so.",
    "steps_count": "Number of lettered steps recorded under the action(s).",
    "reviews_count": "Number of later reviews or progress reports recorded.",
    "has_owner_column": "Whether the council's plan has an owner/lead column.",
    "action_plan_in_source": "Whether the action plan itself is in the source document.",
    "source_title": "Title of the main source document.",
    "source_date": "Date of the main source document (meeting date where given).",
    "source_meeting": "The meeting the source document went to (Cabinet, Executive Board, …).",
    "documents": "Every source document: title, date, meeting, report of, file.",
    "peer_team": "The peer team as named in the report.",
    "focus_areas": "Areas the council asked the peer team to look at.",
    "council_themes": "The council's own headings for the recommendations.",
    "strengths": "Strengths the peer team recorded.",
    "council_priorities": "The council's priorities as the report states them.",
    "completeness": "How complete the captured data is: full action plan, partial, recommendations only, summary.",
    "recommendation_fidelity": "Whether recommendations are verbatim, abridged or paraphrased from the source.",
    # recommendations
    "number": 'The number as the source gives it; a recommendation\'s loses a label prefix ("R1" is 1).',
    "number_raw": 'The number or label exactly as the source gives it ("R1", "Recommendation 3").',
    "order": "Position in the source document.",
    "title": "Recommendation as written (its heading, or its text when it has none).",
    "text": "Full text as written.",
    "council_theme": "The council's own heading for this recommendation, where it has one.",
    "lga_themes": "LGA core themes the recommendation touches (best-fitting first).",
    "lga_theme": "The best-fitting LGA core theme (used when each recommendation counts once).",
    "theme_source": "hand-labelled (a person read the source), classified (keyword rules) or not classified "
    "(the text is cut off in the source, so no rule reads it).",
    "topics": "Finer topics from the dashboard's taxonomy.",
    "topic_source": "hand-labelled, classified or not classified (text cut off in the source).",
    "evidence": "For classified labels: the words in the text that led to each label.",
    "sub_points": "Bulleted sub-points of the recommendation.",
    "progress": "Progress reported later, each line starting with its date.",
    "fidelity": "verbatim, heading (abridged), paraphrase, or truncated (the source's words, cut off in the source).",
    # actions and steps
    "label": "The step's letter as written (a., b., …).",
    "owner_raw": "Owner or lead exactly as written in the plan.",
    "owners": "Owners split into one entry per person or team ('Not stated' when the plan has no owner column).",
    "owner_families": "Owners grouped into role families (chief executive, director, cabinet, …).",
    "owners_mentioned": "Owners named in the action text itself.",
    "owner_roles": "The role each owner is named under, in the order of owners (accountable, responsible, lead, "
    "support, member, officer, …, or the column's name as the source gives it); 'not stated' where the plan gives "
    "none.",
    "owner_role": "The role the owner is named under (accountable, responsible, lead, support, member, officer, "
    "…; several joined with commas); 'not stated' where the plan gives none (blank on a table of owners).",
    "timescale_raw": "Timescale exactly as written in the plan.",
    "start": "Start of the timescale, normalised to a date (blank when it cannot be read).",
    "end": "End (deadline) of the timescale, normalised to a date.",
    "ongoing": "The timescale says ongoing / continuous.",
    "completed": "The timescale or status says completed.",
    "timescale_flags": "Problems found reading the timescale (e.g. end before start, ambiguous).",
    "timescale_source": "Where the dates come from: the action itself, its steps, or none.",
    "milestones": "Milestones written in the timescale cell.",
    "status": "Status as written in the plan.",
    "status_scale": "The status on one scale: complete, in progress, at risk, not started, unknown.",
    "notes": "Notes made while transcribing: anything missing, garbled or ambiguous in the source.",
    # councils: from the reference data (data/reference/, mySociety), joined by ONS code
    "authority_code": "Three-letter code of the authority in the reference data (data/reference/, mySociety).",
    "reference_name": "The authority's short name in the reference data (blank when its ONS code is not there).",
    "reference_type": "The authority's type in the reference data (the typed council_type is kept beside it).",
    "reference_region": "The authority's region in the reference data (the typed region is kept beside it).",
    "population": "Population in 2020 (reference data).",
    "area_km2": "Area in square kilometres (reference data).",
    "lat": "Latitude of the authority's centre (reference data).",
    "lon": "Longitude of the authority's centre (reference data).",
    "imd_quintile": "Index of Multiple Deprivation quintile: 1 = the most deprived fifth (reference data).",
    "rurality": "Rural-urban class: Urban, Urban with rural areas, Rural, Sparse and rural (reference data).",
    "current": "Whether the authority still exists (reference data; false once it has been replaced).",
    "replaced_by": "For an authority since replaced: the codes of its successor(s), comma-separated.",
    "successor": "For an authority since replaced: the name(s) of its successor(s).",
    # notes
    "item_id": "The id of the challenge, recommendation, action or review the note is on.",
    "item_kind": "What the note is on: challenge, recommendation, action, step or review.",
    "about": "Which part of the item the note concerns (e.g. timescale, owner).",
    # reviews
    "review_id": "Id of the review: <challenge>-rv<n>, or the later challenge's id for a revisit filed on its own.",
    "date": "Date of the review or report, when the source gives an exact day.",
    "date_as_written": "The review's date as the source writes it.",
    "date_from": "Earliest day the review's date can mean (a month or season as written is a range).",
    "date_to": "Latest day the review's date can mean.",
    "planned": "Whether the review is planned (not yet held) rather than reported.",
    "findings": "Findings or progress statements, as written.",
    "rag_green": "Actions reported green (on track or done) in the review's RAG ratings.",
    "rag_amber": "Actions reported amber in the review's RAG ratings.",
    "rag_red": "Actions reported red in the review's RAG ratings.",
    "rag_other": "Actions reported with another rating (e.g. not started, closed).",
    "rag_of": "How many actions the RAG ratings are out of, where the source says.",
    "source": "Title of the document that reports the review.",
    "url": "Web address of that document, where published.",
    "review_challenge_id": "For a revisit or progress review filed as its own plan: that plan's challenge id.",
    # problems
    "line": "Line of the plan file the problem is on (blank when it concerns the whole file).",
    "field": "The field the problem is in, e.g. council.council_type or actions[2].timescale.",
    "message": "What is wrong, in plain English.",
    "severity": "error (the file is not loaded) or warning (loaded, worth checking).",
}


#: Where one column name means something else on one sheet: (sheet, column) -> description.
SHEET_COLUMN_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("notes", "kind"): "What sort of note: missing, garbled, ambiguous, inconsistent, editorial or context.",
    ("notes", "text"): "The note, in plain English.",
    ("reviews", "kind"): "Progress review, revisit, progress report or support session.",
    ("reviews", "title"): "The document or event, as the source names it.",
    ("reviews", "order"): "Position among the challenge's reviews, in file order.",
    ("problems", "file"): "The plan file the problem is in.",
}


def describe(column: str, sheet: str | None = None) -> str:
    """The column's description (on ``sheet`` when that sheet means something else by it), or
    :data:`UNDESCRIBED`."""
    special = SHEET_COLUMN_DESCRIPTIONS.get((str(sheet), str(column))) if sheet else None
    return special or COLUMN_DESCRIPTIONS.get(str(column), UNDESCRIBED)
