"""Timescales that could not be read cleanly: every action and step whose timescale carries a parser flag,
with the flag's explanation, so a reader can check the source; and the takeaway.
"""

from __future__ import annotations

import pandas as pd

from analysis.cells import counted
from analysis.timeline_common import FLAGGED_COLUMNS, _flags, _item, _names
from loaders.timescales import FLAG_DESCRIPTIONS

# --------------------------------------------------------------------------------------------------
# Flagged and unparsed timescales


def _flag_frame(frame: pd.DataFrame, kind: str, items: pd.Series) -> pd.DataFrame:
    """The flagged rows of an actions or steps frame in :data:`FLAGGED_COLUMNS` shape (less ``council``).

    Filters before building anything: at national scale there are tens of thousands of rows and most are clean.
    """
    flagged = frame[frame["timescale_flags"].map(lambda f: isinstance(f, list | tuple) and len(f) > 0)]
    if kind == "action":
        item = items.reindex(flagged["action_id"]).to_numpy()
    else:
        parents = items.reindex(flagged["action_id"]).fillna(flagged["action_id"].astype(object)).to_numpy()
        labels = flagged["label"].astype(object).where(flagged["label"].notna(), flagged["order"].astype(str))
        labels = labels.map(lambda v: str(v).strip()).where(lambda v: v != "", flagged["order"].astype(str))
        item = [f"{p}, step {lab}" for p, lab in zip(parents, labels, strict=True)]
    flags = flagged["timescale_flags"].map(_flags)
    return pd.DataFrame(
        {
            "council_id": flagged["council_id"].to_numpy(),
            "challenge_id": flagged["challenge_id"].to_numpy(),
            "kind": kind,
            "item": item,
            "text": flagged["text"].fillna("").astype(str).to_numpy(),
            "timescale_raw": flagged["timescale_raw"].fillna("").astype(str).to_numpy(),
            "start": flagged["start"].to_numpy(),
            "end": flagged["end"].to_numpy(),
            "flags": flags.to_numpy(),
            "explanation": flags.map(lambda fs: " ".join(FLAG_DESCRIPTIONS.get(f, f) for f in fs)).to_numpy(),
        }
    )


def flagged_timescales(actions: pd.DataFrame, steps: pd.DataFrame, councils: pd.DataFrame) -> pd.DataFrame:
    """Every action and step whose timescale carries a flag (``unparsed``, ``end_before_start``, ...).

    The raw text is shown as written beside the dates read from it and a plain-English explanation of each
    flag (:data:`loaders.timescales.FLAG_DESCRIPTIONS`). Columns :data:`FLAGGED_COLUMNS`, in source order.
    """
    items = pd.Series(
        [_item(n, o) for n, o in zip(actions["number"], actions["order"], strict=True)],
        index=actions["action_id"].to_numpy(),
        dtype=object,
    )
    parts = [_flag_frame(actions, "action", items)]
    if steps is not None and not steps.empty:
        parts.append(_flag_frame(steps[steps["action_id"].isin(actions["action_id"])], "step", items))
    out = pd.concat(parts, ignore_index=True)
    out.insert(1, "council", out["council_id"].map(_names(councils)).fillna(out["council_id"]))
    return out[FLAGGED_COLUMNS]


def flagged_takeaway(flagged: pd.DataFrame) -> str:
    """'7 timescales need a second look: 2 could not be read, 1 ends before it starts, ...'.

    >>> flagged_takeaway(pd.DataFrame({"flags": [["unparsed"], ["end_before_start"], ["unparsed"]]}))
    '3 timescales need a second look: 2 could not be read, 1 ends before it starts'
    """
    if flagged.empty:
        return ""
    counts = flagged["flags"].explode().value_counts()
    words = {  # flag: (one, several)
        "unparsed": ("could not be read", "could not be read"),
        "end_before_start": ("ends before it starts", "end before they start"),
        "before_plan_date": ("falls before the plan's date", "fall before the plan's date"),
        "multiple": ("holds several dates", "hold several dates"),
    }
    parts = [f"{int(counts[f]):,} {w[int(counts[f]) != 1]}" for f, w in words.items() if f in counts]
    head = f"{counted(len(flagged), 'timescale')} need{'s' if len(flagged) == 1 else ''} a second look"
    return head + (": " + ", ".join(parts) if parts else "")
