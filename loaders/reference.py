"""Reference data about UK local authorities (mySociety, MIT): one row per authority in ``corpus.authorities``.

Plans keep a council's name and ONS code; its official type, region, population, deprivation quintile,
rurality and coordinates come from here, joined by ONS code (:func:`enrich_councils`). The two CSV files in
``data/reference/`` go through the same kind of guarded path as plans: a size-bounded read, UTF-8 only, a
bounded number of rows and field length, and an explicit check of every field. A bad row becomes a
:class:`~loaders.problems.Problem` naming file, line and field and is skipped (a bad optional number is
blanked with a warning instead); the rest load. Every step is linear in the size of the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from loaders.problems import PlanError, Problem
from loaders.reader import decode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE_DIR = ROOT / "data" / "reference"
AUTHORITIES_FILE = "uk_local_authorities_future.csv"
LABELS_FILE = "la_labels.csv"

#: Largest reference file accepted, in bytes (the shipped ones are under 200 kB).
MAX_BYTES = 2 * 1024 * 1024
#: Most data rows read from one file (the shipped one has 470); the rest are reported once and ignored.
MAX_ROWS = 5_000
#: Longest text field accepted (the longest shipped one, a list of alternative names, is under 300).
MAX_FIELD = 1_000

#: The reference's type codes in the plans' vocabulary (``loaders.constants.COUNCIL_TYPES``); other types keep
#: their reference name, lower-cased ("combined authority", "city corporation", ...).
TYPE_NAMES = {
    "MD": "metropolitan district",
    "NMD": "non-metropolitan district",
    "UA": "unitary",
    "CTY": "county",
    "LBO": "London borough",
}
RURALITY = ("Urban", "Urban with rural areas", "Rural", "Sparse and rural")
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland")

#: ``corpus.authorities``: one row per authority in the reference (current and former), documented in the README.
AUTHORITY_COLUMNS = [
    "authority_code", "ons_code", "name", "short_name", "nation", "region", "authority_type",
    "authority_type_name", "county_code", "combined_authority", "start_date", "end_date", "current",
    "replaced_by", "successor", "population", "area_km2", "lat", "lon", "imd_quintile", "rurality",
    "emissions_profile", "council_id", "in_corpus",
]  # fmt: skip
#: Columns added to ``corpus.councils`` from the reference (existing columns are never renamed or overwritten).
COUNCIL_REFERENCE_COLUMNS = [
    "authority_code", "reference_name", "reference_type", "reference_region", "population", "area_km2",
    "lat", "lon", "imd_quintile", "rurality", "current", "replaced_by", "successor",
]  # fmt: skip

_CODE = re.compile(r"[A-Z][A-Z-]{1,5}")
_ONS = re.compile(r"[EWSN]\d{8}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_QUINTILE = re.compile(r"([1-5])(?:st|nd|rd|th) IMD quintile")


class FieldError(ValueError):
    """One field of one row is unusable; the message is safe to show (never echoes a huge value)."""


@dataclass(frozen=True)
class Reference:
    """The reference frame and the problems met reading it."""

    authorities: pd.DataFrame
    problems: tuple[Problem, ...]


# --------------------------------------------------------------------------------------------------
# Reading: bytes -> rows with their line numbers


def _read_text(path: Path) -> str:
    """The file as text, refusing oversized, binary or non-UTF-8 input (the plans' rules)."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise PlanError([Problem(str(path), None, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes")])
        data = path.read_bytes()
    except OSError as exc:
        raise PlanError([Problem(str(path), None, "", f"cannot read file: {exc.strerror}")]) from None
    return decode(data[: MAX_BYTES + 1], name=str(path))


def csv_rows(text: str, *, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]] | Problem]:
    """Each data row as ``(line, {column: value})``, or a Problem for a row the csv module cannot split.

    ``line`` is the 1-based line the record starts on. Missing header columns are one problem for the file.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        yield Problem(name, 1, "", "no header row: this is not the expected CSV file")
        return
    missing = [column for column in required if column not in header]
    if missing:
        yield Problem(name, 1, "", f"missing column(s): {', '.join(missing)[:200]}")
        return
    start, count = reader.line_num + 1, 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Problem(name, start, "", f"row cannot be read as CSV ({str(exc)[:80]})")
            start = reader.line_num + 1
            continue
        count += 1
        if count > MAX_ROWS:
            yield Problem(name, start, "", f"more than {MAX_ROWS:,} rows; the rest of the file is ignored")
            return
        if cells:
            yield start, dict(zip(header, cells, strict=False))
        start = reader.line_num + 1


# --------------------------------------------------------------------------------------------------
# Field checks: each returns the clean value or raises FieldError


def text(value: str, *, required: bool = False, limit: int = 200) -> str | None:
    """Plain text: bounded length, no control characters, no markup, nothing Excel would run as a formula."""
    value = value.strip()
    if not value:
        if required:
            raise FieldError("is empty")
        return None
    if len(value) > limit:
        raise FieldError(f"is {len(value):,} characters; at most {limit:,} are expected")
    if _CONTROL.search(value):
        raise FieldError("contains a control character")
    if "<" in value or ">" in value:
        raise FieldError("contains markup (< or >), which no authority name has")
    if value.startswith(_FORMULA_START):
        raise FieldError(f"starts with {value[0]!r}, which a spreadsheet would run as a formula")
    return value


def pattern(value: str, regex: re.Pattern[str], what: str, *, required: bool = False) -> str | None:
    value = value.strip()
    if not value:
        if required:
            raise FieldError("is empty")
        return None
    if len(value) > 20 or not regex.fullmatch(value):
        raise FieldError(f"{value[:20]!r} is not {what}")
    return value


def number(value: str, low: float, high: float) -> float | None:
    """A finite number in ``[low, high]``; blank is missing. Long digit runs are refused before parsing."""
    value = value.strip()
    if not value:
        return None
    if len(value) > 40:
        raise FieldError("is not a number (too long)")
    try:
        out = float(value)
    except ValueError:
        raise FieldError(f"{value[:20]!r} is not a number") from None
    if not math.isfinite(out) or not low <= out <= high:
        raise FieldError(f"{value[:20]!r} is outside {low:g} to {high:g}")
    return out


def date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]) if len(value) == 10 else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> dt.date:
    raise FieldError(f"{value[:20]!r} is not a date (YYYY-MM-DD)")


def flag(value: str) -> bool:
    value = value.strip()
    if value not in ("True", "False"):
        raise FieldError(f"{value[:20]!r} is not True or False")
    return value == "True"


def codes(value: str) -> str | None:
    """A comma-separated list of authority codes (``replaced-by``), kept as written."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    if len(parts) > 10 or any(not _CODE.fullmatch(part) for part in parts):
        raise FieldError(f"{value[:20]!r} is not a list of authority codes")
    return ",".join(parts) or None


# --------------------------------------------------------------------------------------------------
# Rows -> records


Check = Callable[[str], object]

#: (source column, frame column, check, required): a failing required field skips the row.
AUTHORITY_FIELDS: list[tuple[str, str, Check, bool]] = [
    ("local-authority-code", "authority_code", lambda v: pattern(v, _CODE, "an authority code", required=True), True),
    ("gss-code", "ons_code", lambda v: pattern(v, _ONS, "an ONS code (e.g. E08000035)"), True),
    ("official-name", "name", lambda v: text(v, required=True), True),
    ("nice-name", "short_name", lambda v: text(v, required=True), True),
    ("nation", "nation", lambda v: _choice(v, NATIONS), True),
    ("region", "region", text, True),
    ("local-authority-type", "authority_type", lambda v: pattern(v, _CODE, "a type code", required=True), True),
    ("local-authority-type-name", "authority_type_name", lambda v: text(v, required=True), True),
    ("county-la", "county_code", lambda v: pattern(v, _CODE, "an authority code"), False),
    ("combined-authority", "combined_authority", lambda v: pattern(v, _CODE, "an authority code"), False),
    ("start-date", "start_date", date, False),
    ("end-date", "end_date", date, False),
    ("current-authority", "current", flag, True),
    ("replaced-by", "replaced_by", codes, False),
    ("pop-2020", "population", lambda v: number(v, 0, 20_000_000), False),
    ("area", "area_km2", lambda v: number(v, 0, 100_000), False),
    ("lat", "lat", lambda v: number(v, 49.0, 61.0), False),
    ("long", "lon", lambda v: number(v, -9.0, 2.0), False),
]
LABEL_FIELDS = ("local-authority-code", "label")


def _choice(value: str, options: tuple[str, ...]) -> str:
    value = value.strip()
    if value not in options:
        raise FieldError(f"{value[:20]!r} is not one of {', '.join(options)}")
    return value


def authority_records(text_: str, *, name: str) -> tuple[list[dict], list[Problem]]:
    """The authorities file's rows, checked field by field."""
    records, problems, seen = [], [], set()
    required = tuple(column for column, *_ in AUTHORITY_FIELDS)
    for item in csv_rows(text_, name=name, required=required):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        line, row = item
        record: dict = {}
        skip = False
        for column, key, check, must in AUTHORITY_FIELDS:
            try:
                record[key] = check(row.get(column) or "")
            except FieldError as exc:
                problems.append(Problem(name, line, column, f"{exc}", "error" if must else "warning"))
                record[key] = None
                skip = skip or must
        if skip:
            continue
        if record["authority_code"] in seen:
            problems.append(Problem(name, line, "local-authority-code", "listed twice; the first row is kept"))
            continue
        seen.add(record["authority_code"])
        code = record["authority_type"]
        record["authority_type"] = TYPE_NAMES.get(code) or record["authority_type_name"].lower()
        records.append(record)
    return records, problems


def label_records(text_: str, *, name: str) -> tuple[dict[str, dict], list[Problem]]:
    """``la_labels.csv``: "Region; Emissions: profile; 2nd IMD quintile; Urban" -> its parts, by authority code."""
    out: dict[str, dict] = {}
    problems: list[Problem] = []
    for item in csv_rows(text_, name=name, required=LABEL_FIELDS):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        line, row = item
        try:
            code = pattern(row.get("local-authority-code") or "", _CODE, "an authority code", required=True)
        except FieldError as exc:
            problems.append(Problem(name, line, "local-authority-code", str(exc)))
            continue
        try:
            label = text(row.get("label") or "", required=True) or ""
            parts = [part.strip() for part in label.split(";")]
            if len(parts) != 4:
                raise FieldError("is not 'region; emissions; IMD quintile; rurality'")
            quintile = _QUINTILE.fullmatch(parts[2])
            if not quintile:
                raise FieldError(f"{parts[2][:30]!r} is not an IMD quintile ('1st IMD quintile' ... '5th')")
            rurality = _choice(parts[3], RURALITY)
        except FieldError as exc:
            problems.append(Problem(name, line, "label", str(exc)))
            continue
        if code in out:
            problems.append(Problem(name, line, "local-authority-code", f"{code!r} is labelled twice; first kept"))
            continue
        profile = parts[1].removeprefix("Emissions:").strip()
        out[code] = {"imd_quintile": int(quintile.group(1)), "rurality": rurality, "emissions_profile": profile}
    return out, problems


def build_authorities(records: list[dict], labels: dict[str, dict]) -> pd.DataFrame:
    """Records plus labels as the ``authorities`` frame (``council_id``/``in_corpus`` filled by the corpus)."""
    frame = pd.DataFrame(records, columns=[c for c in AUTHORITY_COLUMNS if c not in _DERIVED])
    label_frame = pd.DataFrame.from_dict(labels, orient="index")
    for column in ("imd_quintile", "rurality", "emissions_profile"):
        values = label_frame[column] if column in label_frame else pd.Series(dtype=object)
        frame[column] = frame["authority_code"].map(values)
    frame["imd_quintile"] = frame["imd_quintile"].astype("Int64")
    names = dict(zip(frame["authority_code"], frame["short_name"], strict=True))
    frame["successor"] = [
        "; ".join(names.get(code, code) for code in str(value).split(",")) if isinstance(value, str) else None
        for value in frame["replaced_by"]
    ]
    frame["current"] = frame["current"].astype(bool)
    for column in ("population", "area_km2", "lat", "lon"):
        frame[column] = frame[column].astype("float64")
    frame["council_id"] = None
    frame["in_corpus"] = False
    return frame[AUTHORITY_COLUMNS]


_DERIVED = {"imd_quintile", "rurality", "emissions_profile", "successor", "council_id", "in_corpus"}


def reference_files(folder: Path = DEFAULT_REFERENCE_DIR) -> list[Path]:
    """The files a reference load reads (part of the corpus cache key)."""
    return [Path(folder) / AUTHORITIES_FILE, Path(folder) / LABELS_FILE]


def _stat_key(folder: Path) -> tuple:
    key = []
    for path in reference_files(folder):
        try:
            stat = path.stat()
            key.append((str(path), stat.st_size, stat.st_mtime_ns))
        except OSError:
            key.append((str(path), None, None))
    return tuple(key)


def load_reference(folder: str | Path = DEFAULT_REFERENCE_DIR) -> Reference:
    """Read and check both reference files; a missing or unreadable file is a problem, never a crash.

    Memoised on the files' sizes and modification times, so every corpus build (and every upload) shares one
    read; the frame is shared: treat it as read-only.
    """
    return _load(_stat_key(Path(folder)))


@lru_cache(maxsize=4)
def _load(key: tuple) -> Reference:
    (authorities_path, *_), (labels_path, *_) = key
    problems: list[Problem] = []
    records: list[dict] = []
    labels: dict[str, dict] = {}
    try:
        records, found = authority_records(_read_text(Path(authorities_path)), name=authorities_path)
        problems += found
    except PlanError as exc:
        problems += exc.problems
    try:
        labels, found = label_records(_read_text(Path(labels_path)), name=labels_path)
        problems += found
    except PlanError as exc:
        problems += exc.problems
    return Reference(build_authorities(records, labels), tuple(problems))


# --------------------------------------------------------------------------------------------------
# Joining the plans' councils to the reference


def _same(typed: object, reference: object) -> bool:
    return str(typed).strip().casefold() == str(reference).strip().casefold()


def link_corpus(
    councils: pd.DataFrame, authorities: pd.DataFrame, files: dict[str, str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """``councils`` with the reference columns added, ``authorities`` with ``council_id``/``in_corpus``, warnings.

    A council keeps its typed ``council_type`` and ``region``; the reference's are added beside them as
    ``reference_type`` and ``reference_region`` (regions compare case-insensitively: "The Humber" and "the
    Humber" agree). Warnings: a typed type or region that disagrees with the reference, an ONS code the reference
    does not hold (or no ONS code), and a council since replaced (named with its successor).
    ``files`` maps council_id -> the plan file to name in the warning.
    """
    files = files or {}
    by_ons = authorities.dropna(subset=["ons_code"]).drop_duplicates("ons_code").set_index("ons_code")
    problems: list[Problem] = []
    extra: dict[str, list] = {column: [] for column in COUNCIL_REFERENCE_COLUMNS}
    for council in councils.itertuples(index=False):
        file = files.get(council.council_id, council.council_id)
        ons = council.ons_code
        row = by_ons.loc[ons] if isinstance(ons, str) and ons in by_ons.index else None
        if row is None:
            if isinstance(ons, str):
                message = f"ONS code {ons} is not in the reference list of authorities ({AUTHORITIES_FILE})"
                problems.append(Problem(file, None, "council.ons_code", message, "warning"))
            for column in COUNCIL_REFERENCE_COLUMNS:
                extra[column].append(None)
            continue
        values = {
            "authority_code": row["authority_code"],
            "reference_name": row["name"],
            "reference_type": row["authority_type"],
            "reference_region": row["region"],
            **{c: row[c] for c in COUNCIL_REFERENCE_COLUMNS[4:]},
        }
        for column in COUNCIL_REFERENCE_COLUMNS:
            extra[column].append(values[column])
        if not _same(council.council_type, row["authority_type"]):
            message = f"typed as {council.council_type!r}, but the reference says {row['authority_type']!r} for {ons}"
            problems.append(Problem(file, None, "council.council_type", message, "warning"))
        if isinstance(row["region"], str) and not _same(council.region, row["region"]):
            message = f"region typed as {council.region!r}, but the reference says {row['region']!r} for {ons}"
            problems.append(Problem(file, None, "council.region", message, "warning"))
        if isinstance(row["replaced_by"], str):
            message = f"{row['short_name']} has since been replaced by {row['successor']}"
            problems.append(Problem(file, None, "council.ons_code", message, "warning"))
    out = councils.assign(**{column: pd.Series(values, index=councils.index) for column, values in extra.items()})
    for column in ("population", "area_km2", "lat", "lon"):
        out[column] = out[column].astype("float64")
    out["imd_quintile"] = out["imd_quintile"].astype("Int64")
    ids = councils.dropna(subset=["ons_code"]).drop_duplicates("ons_code").set_index("ons_code")["council_id"]
    linked = authorities.assign(council_id=authorities["ons_code"].map(ids))
    linked["in_corpus"] = linked["council_id"].notna()
    return out, linked, problems
