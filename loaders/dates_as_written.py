"""Dates as the source writes them ("January 2024", "Autumn 2023") beside the exact days of the schema: read like
timescales into the period they name, for the frames' ``…_from``/``…_to`` columns. Never an exact day from a
month: the exact-date columns stay as the file gives them.
"""

from __future__ import annotations

import datetime as dt

from loaders.models import Progress
from loaders.timescales import parse_timescale


def period(day: dt.date | None, as_written: str | None) -> dict:
    """When something happened, as a range: the exact day if given, else the period its date as written names.

    Read like a timescale (month, season, quarter, financial or calendar year): "October 2024" or "Jan/Feb 2020"
    still places an event on a timeline (and sorts it), while the exact date stays null so nobody mistakes a
    month for a day. Used for reviews, the on-site visit, the report and the plan.
    """
    if day is not None:
        return {"date_from": day, "date_to": day}
    ts = parse_timescale(as_written)
    return {"date_from": ts.start, "date_to": ts.end}


def period_columns(name: str, day: dt.date | None, as_written: str | None) -> dict:
    """``<name>_as_written``, ``<name>_from`` and ``<name>_to`` for an exact-date field and its companion."""
    span = period(day, as_written)
    return {f"{name}_as_written": as_written, f"{name}_from": span["date_from"], f"{name}_to": span["date_to"]}


def progress_line(p: Progress) -> str:
    """A progress entry as the frame holds it: "YYYY-MM-DD source: text", or "source (Autumn 2021): text" when
    the source gives no exact day (the exact day leads so ``analysis.followup.progress_entries`` can read it)."""
    if p.date is None and p.date_as_written:
        return f"{p.source} ({p.date_as_written}): {p.text}"
    return f"{p.date or ''} {p.source}: {p.text}".strip()
