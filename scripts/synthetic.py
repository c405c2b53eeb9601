"""Write N realistic, schema-valid synthetic plan files, for benchmarks at national scale.

    .venv/bin/python scripts/synthetic.py 1000 /tmp/synthetic-plans [--seed 7]

Sizes, timescale and owner phrasing, and themes are drawn from the shipped data's own distributions
(recommendations per plan, actions per recommendation, steps per action, the raw owner and timescale
strings), mixed with the common forms UK plans use, so the loader does realistic work. Every council is
different; about one in eight councils also gets a progress review that follows its first challenge.
Synthetic files are clearly marked (council names "Synthetic …", ONS codes E99…) and never go in data/.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders import load_corpus  # noqa: E402
from loaders.constants import COUNCIL_TYPES  # noqa: E402

REGIONS = ("North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
           "East of England", "London", "South East", "South West")  # fmt: skip
PLACE_WORDS = ("Ash", "Brook", "Castle", "Dale", "Elm", "Fen", "Glen", "Holm", "Ivy", "Kirk", "Lyn", "Marsh",
               "Nor", "Oak", "Pen", "Quarry", "Ridge", "Stone", "Thorn", "Upton", "Vale", "Wold", "York")  # fmt: skip
PLACE_ENDS = ("by", "ton", "ham", "field", "worth", "ford", "ley", "bury", "caster", "mouth", "stead", "wick")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
EXTRA_TIMESCALES = ("{m} {y}", "By {m} {y}", "{m} – {m2} {y}", "{y}/{y2s}", "Q{q} {y}/{y2s}", "Spring {y}",
                    "Autumn {y}", "Ongoing", "Completed", "End of {m} {y}", "{m} {y} onwards", "Over {y}")  # fmt: skip


def _pools() -> dict[str, list]:
    """What the shipped data looks like: texts, owners, timescales, and size distributions."""
    corpus = load_corpus(ROOT / "data" / "plans")
    recs, actions, steps = corpus.recommendations, corpus.actions, corpus.steps
    per_action_steps = steps.groupby("action_id").size().reindex(actions["action_id"], fill_value=0)
    return {
        "recs": recs[["title", "text", "lga_themes", "council_theme"]].to_dict("records"),
        "actions": actions["text"].tolist() or ["Review the approach"],
        "steps": steps["text"].tolist() or ["Agree the plan"],
        "owners": actions["owner_raw"].dropna().tolist() or ["Chief Executive"],
        "timescales": [*actions["timescale_raw"].dropna(), *steps["timescale_raw"].dropna()] or ["2024/25"],
        "recs_per_plan": recs.groupby("challenge_id").size().tolist() or [8],
        "actions_per_rec": actions.explode("rec_ids").groupby("rec_ids").size().tolist() or [2],
        "steps_per_action": per_action_steps.tolist() or [0],
    }


def _mix(rng: random.Random, a: str, b: str) -> str:
    """A new sentence from the start of one real text and the end of another: realistic words, new text."""
    wa, wb = a.split(), b.split()
    if len(wa) < 4 or len(wb) < 4:
        return a
    cut_a, cut_b = rng.randint(2, max(2, len(wa) - 1)), rng.randint(1, max(1, len(wb) - 2))
    return " ".join(wa[:cut_a] + wb[cut_b:])


def _timescale(rng: random.Random, pools: dict, year: int) -> str | None:
    if rng.random() < 0.08:
        return None
    if rng.random() < 0.5:
        return rng.choice(pools["timescales"])
    m = rng.randrange(12)
    return rng.choice(EXTRA_TIMESCALES).format(
        m=MONTHS[m], m2=MONTHS[min(11, m + rng.randint(1, 4))], y=year + rng.randint(0, 1),
        y2s=str(year + 1)[-2:], q=rng.randint(1, 4),
    )  # fmt: skip


def _plan(rng: random.Random, pools: dict, index: int, *, follows: dict | None = None) -> dict:
    council = follows["council"] if follows else {
        "id": f"synthetic-{index:05d}",
        "name": f"Synthetic {rng.choice(PLACE_WORDS)}{rng.choice(PLACE_ENDS)} Council {index}",
        "ons_code": f"E99{index:06d}",
        "council_type": rng.choice(COUNCIL_TYPES),
        "region": rng.choice(REGIONS),
    }  # fmt: skip
    year = follows["challenge"]["year"] + rng.randint(1, 3) if follows else rng.randint(2015, 2025)
    n_recs = rng.choice(pools["recs_per_plan"]) + rng.randint(-2, 3)
    recs, actions = [], []
    has_owner_column = rng.random() < 0.8
    for r in range(1, max(3, n_recs) + 1):
        a, b = rng.choice(pools["recs"]), rng.choice(pools["recs"])
        title = _mix(rng, a["title"], b["title"])
        rec = {"number": str(r), "title": title}
        if a["text"] and rng.random() < 0.6:
            rec["text"] = _mix(rng, a["text"], b["text"] or b["title"])
        if rng.random() < 0.5 and a["lga_themes"]:
            rec["lga_themes"] = list(a["lga_themes"])
        recs.append(rec)
        for _ in range(rng.choice(pools["actions_per_rec"])):
            action = {"recommendations": [str(r)], "text": _mix(rng, rng.choice(pools["actions"]),
                                                                rng.choice(pools["actions"]))}  # fmt: skip
            if has_owner_column and rng.random() < 0.9:
                action["owner"] = rng.choice(pools["owners"])
            timescale = _timescale(rng, pools, year)
            if timescale:
                action["timescale"] = timescale
            n_steps = rng.choice(pools["steps_per_action"])
            if n_steps:
                action["steps"] = [
                    {"label": chr(ord("a") + s), "text": rng.choice(pools["steps"]),
                     **({"timescale": t} if (t := _timescale(rng, pools, year)) else {})}
                    for s in range(min(n_steps, 12))
                ]  # fmt: skip
            actions.append(action)
    month = rng.randint(1, 12)
    challenge = {
        "kind": "progress review" if follows else "corporate peer challenge",
        "year": year,
        "onsite_start": f"{year}-{month:02d}-{rng.randint(1, 25):02d}",
        "plan_date": f"{year + (month + 3 > 12)}-{(month + 2) % 12 + 1:02d}-01",
        "documents": [{"title": "Synthetic action plan (benchmark data, not a real council)"}],
        "recommendations_declared": len(recs) + (1 if rng.random() < 0.05 else 0),
        "has_owner_column": has_owner_column,
    }
    if follows:
        challenge["follows"] = follows["id"]
    return {"id": f"{council['id']}-{year}", "council": council, "challenge": challenge,
            "recommendations": recs, "actions": actions}  # fmt: skip


def write(n: int, outdir: Path, *, seed: int = 7) -> list[Path]:
    """Write ``n`` plan files into ``outdir``; returns their paths."""
    rng = random.Random(seed)
    pools = _pools()
    outdir.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    paths, index = [], 0
    while len(paths) < n:
        plan = _plan(rng, pools, index)
        plans = [plan]
        if rng.random() < 0.125 and len(paths) + 1 < n:
            plans.append(_plan(rng, pools, index, follows=plan))
        for p in plans:
            path = outdir / f"{p['id']}.yaml"
            path.write_text(yaml.dump(p, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
            paths.append(path)
        index += 1
    return paths[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = write(args.n, args.outdir, seed=args.seed)
    print(f"wrote {len(paths)} plans to {args.outdir}")


if __name__ == "__main__":
    main()
