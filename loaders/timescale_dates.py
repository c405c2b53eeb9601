"""Placing parsed timescale expressions on the calendar: the dates an atom covers, ranges resolved against
their neighbours, a year inferred from the plan's date when the cell leaves it out.

Raises ValueError for an impossible date; :mod:`loaders.timescale_cell` turns that into ``unparsed``.
"""

from __future__ import annotations

import calendar
import datetime as dt

from loaders.timescale_grammar import _Atom, _Expr

# --------------------------------------------------------------------------------------------------
# Dates

_Placed = tuple[dt.date, dt.date, int, str]  # start, end, and the (year, frame) used to place the atom
_Span = tuple[dt.date | None, dt.date | None, bool]  # start, end, ongoing


def _month_add(year: int, month: int, k: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + k, 12)
    return y, m + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _place(atom: _Atom, year: int, frame: str) -> _Placed:
    """The dates ``atom`` covers when read with ``year`` in ``frame``. Raises ValueError if impossible."""
    if frame == "nat":
        frame = "fy" if atom.kind in {"quarter", "fy"} else "cal"
    if atom.kind == "year":
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif atom.kind == "fy":
        start, end = dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
    elif atom.kind in {"month", "day"}:
        y = year + 1 if frame == "fy" and atom.month < 4 else year
        if atom.kind == "day":
            start = end = dt.date(y, atom.month, atom.day)
        else:
            start, end = dt.date(y, atom.month, 1), _month_end(y, atom.month)
    else:
        if atom.kind == "season":
            sy, sm = (year + 1 if frame == "fy" and atom.season < 4 else year), atom.season
        elif frame == "fy":
            sy, sm = _month_add(year, 4, 3 * (atom.quarter - 1))
        else:
            sy, sm = year, 1 + 3 * (atom.quarter - 1)
        start, end = dt.date(sy, sm, 1), _month_end(*_month_add(sy, sm, 2))
    if atom.mod == "end":
        start = end
    elif atom.mod and atom.kind != "day":
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months >= 3 and months % 3 == 0:
            third = months // 3
            offset = {"early": 0, "mid": 1, "late": 2}[atom.mod] * third
            sy, sm = _month_add(start.year, start.month, offset)
            start, end = dt.date(sy, sm, 1), _month_end(*_month_add(sy, sm, third - 1))
    return start, end, year, frame


def _before(atom: _Atom, neighbour: _Placed) -> _Placed:
    """Place a year-less atom written before ``neighbour``: same year, or the one before if it must be."""
    placed = _place(atom, neighbour[2], neighbour[3])
    return _place(atom, neighbour[2] - 1, neighbour[3]) if placed[0] > neighbour[0] else placed


def _after(atom: _Atom, neighbour: _Placed) -> _Placed:
    """Place a year-less atom written after ``neighbour``: same year, or the one after if it must be."""
    placed = _place(atom, neighbour[2], neighbour[3])
    return _place(atom, neighbour[2] + 1, neighbour[3]) if placed[1] < neighbour[0] else placed


def _resolve(exprs: list[_Expr], default: tuple[int, str] | None) -> tuple[list[_Span], bool]:
    """Dates for every expression, and whether a quarter was read against a calendar year.

    An atom without a year takes it from the other end of its range, else from the nearest following
    date, else the nearest preceding one ("Working Group – March, Final – October 2024"), adjusting by a
    year where the order demands ("November – January 2025"). ``default`` is used only when no atom has a
    year, and is given to the last one. Raises ValueError for impossible dates.
    """
    atoms = [a for e in exprs for a in e.atoms]
    placed: list[_Placed | None] = [None if a.year is None else _place(a, a.year, a.frame) for a in atoms]
    i = 0
    for e in exprs:
        if e.right is not None:
            left, right = placed[i], placed[i + 1]
            if left is not None and right is None:
                placed[i + 1] = _after(atoms[i + 1], left)
            elif right is not None and left is None:
                placed[i] = _before(atoms[i], right)
        i += len(e.atoms)
    if all(p is None for p in placed):
        if default is None:
            raise ValueError("no year anywhere in the cell")
        placed[-1] = _place(atoms[-1], *default)
    for k in range(len(atoms) - 2, -1, -1):
        following = placed[k + 1]
        if placed[k] is None and following is not None:
            placed[k] = _before(atoms[k], following)
    for k in range(1, len(atoms)):
        preceding = placed[k - 1]
        if placed[k] is None and preceding is not None:
            placed[k] = _after(atoms[k], preceding)
    done = [p for p in placed if p is not None]
    ambiguous = any(a.kind == "quarter" and p[3] == "cal" for a, p in zip(atoms, done, strict=True))
    spans: list[_Span] = []
    i = 0
    for e in exprs:
        left_placed = done[i]
        right_end = done[i + 1][1] if e.right is not None else None
        spans.append(_expr_span(e, left_placed[0], left_placed[1], right_end))
        i += len(e.atoms)
    return spans, ambiguous


def _expr_span(e: _Expr, start: dt.date, left_end: dt.date, right_end: dt.date | None) -> _Span:
    """Apply the expression's prefix or suffix to its dates: "by" drops the start, "from" the end."""
    end = right_end if right_end is not None else left_end
    ranged = e.right is not None
    one_day = dt.timedelta(days=1)
    if e.open_end:
        return start, None, True
    if e.mode == "by":
        return None, end, e.ongoing
    if e.mode == "before":
        return None, end if ranged or e.left.mod == "end" else start - one_day, e.ongoing
    if e.mode == "from" and not ranged:
        return start, None, True
    if e.mode == "after":
        return left_end + one_day, right_end, e.ongoing or not ranged
    if e.left.mod == "end" and not ranged:
        return None, end, e.ongoing  # "End of June 2025" is a deadline
    return start, end, e.ongoing


def _overall(spans: list[_Span]) -> tuple[dt.date | None, dt.date | None]:
    """The whole cell's span: earliest start and latest end, unless an open side makes one unknowable."""
    if len(spans) == 1:
        return spans[0][0], spans[0][1]
    starts = [s for s, _, _ in spans if s is not None]
    ends = [e for _, e, _ in spans if e is not None]
    start = min(starts) if starts else None
    end = max(ends) if ends else None
    if start is not None and any(s is None and e is not None and e < start for s, e, _ in spans):
        start = None  # a deadline falls before every known start: the real start is earlier, unknown
    if end is not None and any(e is None and s is not None and s > end for s, e, _ in spans):
        end = None  # an open-ended item starts after every known end: the real end is later, unknown
    return start, end


def _infer(exprs: list[_Expr], reference: dt.date) -> tuple[list[_Span], bool] | None:
    """Try years from the one before the plan's onwards; keep the first not wholly before the plan date."""
    for year in range(reference.year - 1, reference.year + 5):
        try:
            spans, ambiguous = _resolve(exprs, (year, "nat"))
        except (ValueError, OverflowError):
            continue  # e.g. 29 February in a year that has none
        start, end = _overall(spans)
        key = end if end is not None else start
        if key is not None and key >= reference:
            return spans, ambiguous
    return None
