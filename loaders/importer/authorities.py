"""The UK local authority list (mySociety, in ``shared/reference``) and finding a council in a document.

A council is found by its ONS (GSS) code or by name: official name, short ("nice") name or any listed
alternative name, matched case-sensitively on word boundaries (so the word "reading" in a sentence is not
Reading Borough Council). Official names weigh more than short names; when nothing is found in the text the
file name is tried, with low confidence.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Where the reference list lives; override with PCE_REFERENCE_DIR.
REFERENCE_DIR = Path(os.environ.get("PCE_REFERENCE_DIR", Path(__file__).resolve().parents[3] / "shared" / "reference"))
LIST_FILE = "uk_local_authorities_future.csv"
_TYPES = {
    "NMD": "non-metropolitan district",
    "MD": "metropolitan district",
    "UA": "unitary",
    "CTY": "county",
    "LBO": "London borough",
}
GSS = re.compile(r"\b([EWSN]\d{8})\b")


@dataclass(frozen=True)
class Authority:
    name: str
    short: str
    ons_code: str
    council_type: str | None
    region: str
    names: tuple[str, ...]
    current: bool

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.short.lower().replace("'", "").replace("’", "")).strip("-")


def _reference_dir() -> Path:
    return Path(os.environ.get("PCE_REFERENCE_DIR", REFERENCE_DIR))


@lru_cache(maxsize=2)
def authorities(folder: str | None = None) -> tuple[Authority, ...]:
    path = Path(folder or _reference_dir()) / LIST_FILE
    if not path.exists():
        return ()
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row.get("local-authority-type") in ("COMB", "SRA") or not row.get("gss-code"):
                continue
            alt = [a.strip() for a in (row.get("alt-names") or "").split(",") if a.strip()]
            names = {row["official-name"], row["nice-name"], *[a for a in alt if a[:1].isupper()]}
            out.append(
                Authority(
                    row["official-name"],
                    row["nice-name"],
                    row["gss-code"],
                    _TYPES.get(row.get("local-authority-type", "")),
                    row.get("region") or "",
                    tuple(sorted(names, key=len, reverse=True)),
                    row.get("current-authority") == "True" and not row.get("end-date"),
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class Match:
    authority: Authority
    how: str
    confidence: str
    count: int


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?|&")


def _key(text: str) -> tuple[str, ...]:
    """A name as comparable words: apostrophes dropped, "&" read as "and", case kept (names are capitalised)."""
    return tuple(t.replace("'", "").replace("’", "") if t != "&" else "and" for t in _TOKEN.findall(text))


@lru_cache(maxsize=2)
def _names(lower: bool = False) -> tuple[dict[tuple[str, ...], list[tuple[Authority, bool]]], int]:
    table: dict[tuple[str, ...], list[tuple[Authority, bool]]] = {}
    longest = 1
    for authority in authorities():
        for name in authority.names:
            key = tuple(t.lower() for t in _key(name)) if lower else _key(name)
            if key:
                table.setdefault(key, []).append((authority, name == authority.name))
                longest = max(longest, len(key))
    return table, longest


#: Lines at the top of a document (its letterhead and title) count double: that is where a council names itself.
LETTERHEAD_LINES = 30


def _count_names(text: str) -> dict[str, tuple[float, float, Authority]]:
    """Per authority (by code): weighted counts of its official name and of its other names, longest match
    first. Names are matched with their capitals, except in a line written all in capitals (a title)."""
    counts: dict[str, list] = {}
    for number, line in enumerate(text.splitlines()):
        shouting = line.isupper()
        table, longest = _names(shouting)
        tokens = tuple(t.lower() for t in _key(line)) if shouting else _key(line)
        weight = 2.0 if number < LETTERHEAD_LINES else 1.0
        index = 0
        while index < len(tokens):
            if not shouting and not tokens[index][:1].isupper():
                index += 1
                continue
            for size in range(min(longest, len(tokens) - index), 0, -1):
                hits = table.get(tokens[index : index + size])
                if hits:
                    for authority, official in hits:
                        entry = counts.setdefault(authority.ons_code, [0.0, 0.0, authority])
                        entry[0 if official else 1] += weight
                    index += size
                    break
            else:
                index += 1
    return {code: (a, b, c) for code, (a, b, c) in counts.items()}


def find_authority(text: str, filename: str | None = None) -> Match | None:
    by_code = {a.ons_code: a for a in authorities()}
    codes = [c for c in GSS.findall(text) if c in by_code]
    if codes:
        code = max(set(codes), key=codes.count)
        return Match(by_code[code], f"ONS code {code} in the text", "high", codes.count(code))
    scores: list[tuple[float, int, Authority]] = []
    for strong, weak, authority in _count_names(text).values():
        score = strong * 3 + weak + (0.5 if authority.current else 0)
        scores.append((score, len(authority.short), authority))
    if scores:
        scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
        score, _, best = scores[0]
        runner = scores[1][0] if len(scores) > 1 else 0
        confidence = "high" if score >= 3 and score >= 2 * runner else ("medium" if score > runner else "low")
        return Match(best, f"named in the text (score {score:g}, next best {runner:g})", confidence, int(score))
    if filename:
        stem = re.sub(r"[^a-z]+", " ", Path(filename).stem.lower())
        tokens = set(stem.split())
        best_match: tuple[int, Authority] | None = None
        for authority in authorities():
            name_words = [
                w for w in re.sub(r"[^a-z]+", " ", authority.short.lower().replace("'", "")).split() if w != "and"
            ]
            if (
                name_words
                and all(w in tokens for w in name_words)
                and (
                    best_match is None
                    or len(name_words) > best_match[0]
                    or (len(name_words) == best_match[0] and authority.current and not best_match[1].current)
                )
            ):
                best_match = (len(name_words), authority)
        if best_match:
            return Match(best_match[1], f"from the file name {Path(filename).name!r}", "low", 0)
    return None
