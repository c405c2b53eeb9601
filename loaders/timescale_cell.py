"""A timescale cell as a whole: expressions, dates and the words around them combined into one
:class:`~loaders.timescale_model.Timescale`, with flags for anything doubtful and labels for milestones.

:func:`loaders.timescales.parse_timescale` is the public entry; this module is its body.
"""

from __future__ import annotations

import datetime as dt

from loaders.timescale_dates import _infer, _overall, _resolve
from loaders.timescale_grammar import _Expr, _Parser
from loaders.timescale_model import FLAG_DESCRIPTIONS, Milestone, Timescale
from loaders.timescale_tokens import _normalise, _Tok, _tokenise
from loaders.timescale_words import (
    _DEADLINE_NEXT,
    _DONE_WORDS,
    _FILLER_WORDS,
    _FUTURE,
    _JOINERS_RE,
    _LABEL_EDGES,
    _NEGATORS,
    _ONGOING_PHRASES,
    _ONGOING_WORDS,
    _TENTATIVE_WORDS,
)

# --------------------------------------------------------------------------------------------------
# The cell as a whole


def _scan(toks: list[_Tok], indexes: list[int]) -> tuple[bool, bool, bool]:
    """Words outside the dates: (says ongoing, says completed, has words that were not understood)."""
    ongoing = completed = extra = False
    wanted = set(indexes)
    skip: set[int] = set()
    for i in indexes:
        if i in skip:
            continue
        t = toks[i]
        for words in _ONGOING_PHRASES:
            span = range(i, i + len(words))
            if all(k in wanted and toks[k].text == w for k, w in zip(span, words, strict=True)):
                ongoing = True
                skip.update(span)
                break
        else:
            if t.kind == "sym":
                continue
            if t.text in _ONGOING_WORDS:
                ongoing = True
            elif t.text in _DONE_WORDS:
                before = toks[i - 1].text if i > 0 else ""
                after = toks[i + 1].text if i + 1 < len(toks) else ""
                if before in _NEGATORS:
                    extra = True  # "not complete", "partially completed"
                elif before not in _FUTURE and after not in _DEADLINE_NEXT:
                    completed = True  # but not "to be completed", "complete by March 2025"
            elif t.text not in _TENTATIVE_WORDS and t.text not in _FILLER_WORDS:
                extra = True
    return ongoing, completed, extra


def _tentative(toks: list[_Tok]) -> bool:
    for i, t in enumerate(toks):
        if t.text == "?" or t.text in _TENTATIVE_WORDS:
            return True
        if t.text == "c" and i + 1 < len(toks) and toks[i + 1].text == ".":
            return True  # "c. March 2024" (circa), but not the c of "w/c"
    return False


def _clean_label(text: str) -> str:
    """A milestone's label without the dashes, colons and joining words around it."""
    previous = None
    while previous != text:
        previous = text
        text = _JOINERS_RE.sub("", text.strip().strip(_LABEL_EDGES))
    return text


def _labels(raw: str, toks: list[_Tok], exprs: list[_Expr]) -> tuple[list[str], str]:
    """Each expression's label and any trailing text left over.

    Labels normally come before their dates ("Working Group – March 2024 Final strategy – October 2024");
    when the cell starts with a date and ends with words, they come after ("March 2024 – draft; ...").
    """
    bounds = [(toks[e.first].start, toks[e.last - 1].end) for e in exprs]
    gaps = [raw[: bounds[0][0]]]
    gaps += [raw[bounds[k - 1][1] : bounds[k][0]] for k in range(1, len(bounds))]
    gaps.append(raw[bounds[-1][1] :])
    clean = [_clean_label(g) for g in gaps]
    if clean[0] or not clean[-1]:
        return clean[:-1], clean[-1]
    return clean[1:], ""


def _ordered(flags: set[str]) -> tuple[str, ...]:
    return tuple(f for f in FLAG_DESCRIPTIONS if f in flags)


def _interpret(raw: str, reference: dt.date | None) -> Timescale:
    toks = _tokenise(_normalise(raw))
    parser = _Parser(toks)
    exprs: list[_Expr] = []
    others: list[int] = []
    i = 0
    while i < len(toks):
        e = parser.expr(i)
        if e is None:
            others.append(i)
            i += 1
        else:
            exprs.append(e)
            i = e.last
    flags: set[str] = {"tentative"} if _tentative(toks) else set()
    said_ongoing, completed, extra = _scan(toks, others) if len(exprs) <= 1 else (False, False, False)
    ongoing = said_ongoing or any(e.ongoing for e in exprs)

    def undated(*more: str) -> Timescale:
        return Timescale(raw, None, None, ongoing, completed, _ordered(flags | set(more)))

    if not exprs:
        if not (ongoing or completed):
            return undated("unparsed")
        return undated("extra_text") if extra else undated()
    if any(a.bad for e in exprs for a in e.atoms):
        return undated("unparsed")
    try:
        if any(a.year is not None for e in exprs for a in e.atoms):
            spans, ambiguous = _resolve(exprs, None)
        elif reference is None:
            return undated("no_year", "unparsed")
        else:
            inferred = _infer(exprs, reference)
            if inferred is None:
                return undated("no_year", "unparsed")
            spans, ambiguous = inferred
            flags |= {"no_year", "year_inferred"}
    except (ValueError, OverflowError):
        return undated("unparsed")  # an impossible date such as 31 February 2024

    if ambiguous:
        flags.add("ambiguous_quarter")
    start, end = _overall(spans)
    ongoing = ongoing or any(s[2] for s in spans)
    milestones: tuple[Milestone, ...] = ()
    if len(exprs) > 1:
        labels, trailing = _labels(raw, toks, exprs)
        milestones = tuple((label, s, e) for label, (s, e, _) in zip(labels, spans, strict=True))
        if "" in labels:
            flags.add("multiple")
        if trailing:
            flags.add("extra_text")
    elif extra:
        flags.add("extra_text")
    reversed_span = any(s is not None and e is not None and e < s for s, e, _ in spans)
    if reversed_span or (start is not None and end is not None and end < start):
        flags.add("end_before_start")
    key = end if end is not None else start
    if reference is not None and key is not None and key < reference:
        flags.add("before_plan_date")
    return Timescale(raw, start, end, ongoing, completed, _ordered(flags), milestones)
