"""Feed thousands of generated hostile plan files to every way a plan gets in, and count what breaks.

    .venv/bin/python scripts/fuzz_plans.py [--count 2000] [--seed 1] [--targets load,upload,merge,...]
                                           [--out /tmp/fuzz-crashes] [--jobs 2] [--time-limit 20] [--mem-mb 2048]

The README promises that bad input "is a problem row, never a crash" (issue 15). This script tests that
promise the way an attacker or a careless maintainer would, with a seeded generator (the same seed gives the
same files): deep flow and block nesting (up to 500k levels), long runs of one character in every text field,
huge/hex/sexagesimal/underscored numbers in every number field, many unknown keys, aliases and anchors,
markup and spreadsheet formulas, control characters and lone surrogates, non-UTF-8 bytes, BOMs, CRLF, very
long lines, and mutations of the template and the test fixture (lines deleted, duplicated, swapped, values
retyped).

Targets (each file goes to each chosen target):
    load            loaders.load_corpus on a folder holding the file (cache off)
    upload          loaders.upload.check_upload, then what the Add a plan page does with its result
    merge           "Add to my session": build_corpus on the upload and merge_corpora with a published corpus
    cli-validate    `python -m loaders validate FILE`, run in the worker (stdout strict UTF-8, like a terminal)
    cli-normalise   `python -m loaders normalise FILE` to stdout and with --to
    cli-subprocess  the same two commands as real subprocesses, for every --subprocess-every'th file

Every target runs in a CHILD process (a worker that takes many files one after another, restarted after a
crash) under a memory limit (RLIMIT_AS) and a time limit per file (the worker is killed on expiry, after a
faulthandler dump says where it was). A crash is: the worker died by a signal, an uncaught exception, a CLI
exit code other than the documented 0/1/2 or a traceback on its stderr, or a timeout. The first few
reproducers of every kind of crash are saved under --out with a note of the target and the traceback.

It prints files tried, crashes by cause, the worst time per KB (and which file) and peak memory; exit 1 when
anything crashed. Run by `make fuzz` (FUZZ_ARGS="--count 500"), never by `make test`.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import random
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout, suppress
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TEMPLATES = (ROOT / "docs" / "template-plan.yaml", ROOT / "tests" / "fixtures" / "testshire-2024.yaml")
TARGETS = ("load", "upload", "merge", "cli-validate", "cli-normalise", "cli-subprocess")
#: Exit codes the CLI documents: 0 clean, 1 problems found, 2 usage error.
CLI_OK_CODES = {0, 1, 2}
MAX_FILE = 2 * 1024 * 1024  # loaders.reader.MAX_BYTES, repeated so the generator needs no import of loaders
SAVED_PER_CAUSE = 3

# ----------------------------------------------------------------------------------------------------------
# The generator: one seeded Random per file index, so a file is reproducible from (seed, index) alone.
# ----------------------------------------------------------------------------------------------------------

#: Text fields a plan author writes, as paths into the base plan (see _base_plan).
TEXT_FIELDS = (
    ("council", "name"),
    ("council", "region"),
    ("challenge", "onsite_as_written"),
    ("challenge", "documents", 0, "title"),
    ("challenge", "focus_areas", 0),
    ("recommendations", 0, "title"),
    ("recommendations", 0, "text"),
    ("recommendations", 1, "council_theme"),
    ("actions", 0, "owner"),
    ("actions", 0, "timescale"),
    ("actions", 0, "status"),
    ("actions", 0, "text"),
    ("actions", 1, "owner"),
    ("actions", 1, "steps", 0, "timescale"),
    ("actions", 1, "steps", 1, "owner"),
    ("actions", 1, "steps", 1, "status"),
    ("reviews", 0, "title"),
    ("reviews", 0, "date_as_written"),
    ("reviews", 0, "findings", 0),
)
#: The normalisers' inputs (owners, timescales, statuses, themes): the most likely to be super-linear.
NORMALISED_FIELDS = tuple(f for f in TEXT_FIELDS if f[-1] in ("owner", "timescale", "status", "council_theme"))
INT_FIELDS = (
    ("challenge", "year"),
    ("challenge", "recommendations_declared"),
    ("challenge", "actions_declared"),
    ("reviews", 0, "rag", "green"),
    ("reviews", 0, "rag", "amber"),
    ("reviews", 0, "rag", "red"),
    ("reviews", 0, "rag", "other"),
)
RUN_CHARS = (" ", ",", "/", "1", "9", "[", "]", "(", ")", '"', "'", "\\", "&", ";", "-", ".", "\t", "\n", ":", "a")
RUN_UNITS = (" , ", "/ ", "& ", "and ", "1/", "Q1 ", "April 2025 - ", "2025/26 ", "Chief ", "( ", "- ", "1.", ", ")
WORDS = ("Chief", "Executive", "Director", "April", "2025", "Q3", "ongoing", "complete", "Finance", "")
MARKUP = (
    '<a href="https://evil.example/phish">CLICKME</a>',
    "<script>window.__fuzz=1</script>",
    "<b>BOLDINJ</b>",
    '<span style="font-size:80px">BIG</span>',
    '<img src=x onerror="window.__fuzz=2">',
    "[link](javascript:alert(1))",
    "www.evil.example",
    "%{x}",
    "$\\frac{1}{2}$",
)
FORMULAS = ('=HYPERLINK("https://evil.example","x")', "=WEBSERVICE(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0")  # fmt: skip
ESCAPES = [f"\\x{c:02x}" for c in range(32)] + ["\\x7f", "\\ud800", "\\udfff", "\\a", "\\e", "\\0", "\\N", "\\L",
                                               "\\P", "\\_", "\\v", "\\uffff", "\\U0010ffff", "\\ufeff"]  # fmt: skip
RETYPES = ("[]", "{}", "null", "~", "0", "-1", "99999999999999999999999", "true", "2024-13-45", "2024-02-30",
           "!!binary aGVsbG8=", "!!python/object:os.system ls", "!!str", "&x", "*x", "|", ">", "'", '"', "[",
           "{", "0x1F", "1e400", ".nan", ".inf", "1:2:3", "=1+1", "- a", "? a", "!local x", "%YAML 1.1")  # fmt: skip


def _log_uniform(rng: random.Random, low: int, high: int) -> int:
    return int(math.exp(rng.uniform(math.log(low), math.log(high))))


def _base_plan(rng: random.Random) -> dict:
    """A schema-valid plan (one of the two templates) with every field the generator aims at present."""
    plan = yaml.safe_load(TEMPLATES[0].read_text(encoding="utf-8"))
    plan["id"] = "fuzzshire-2025"
    plan["council"].update(id="fuzzshire", name="Fuzzshire District Council", ons_code="E07000990")
    plan["recommendations"][1]["council_theme"] = "Place"
    plan["challenge"]["actions_declared"] = 2
    plan["reviews"] = [
        {
            "kind": "progress review",
            "date_as_written": "March 2026",
            "title": "Progress review",
            "findings": ["Good progress on the savings programme."],
            "rag": {"green": 1, "amber": 1, "red": 0, "other": 0},
        }
    ]
    return plan


def _set(plan: dict, path: tuple, value: object) -> None:
    node = plan
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _dump(plan: dict, rng: random.Random, raw: dict[str, str] | None = None) -> str:
    """YAML (block style, or JSON, which is YAML too); ``raw`` placeholders are replaced by raw YAML text."""
    if rng.random() < 0.2:
        text = json.dumps(plan, indent=rng.choice([None, 1]), default=str)
    else:
        text = yaml.safe_dump(plan, sort_keys=False, allow_unicode=rng.random() < 0.7, width=10**9)
    for token, value in (raw or {}).items():
        text = text.replace(f'"{token}"', value).replace(token, value)
    return text


def _yaml_quote(text: str) -> str:
    """A double-quoted YAML scalar for any text (JSON strings are valid YAML double-quoted scalars)."""
    return json.dumps(text, ensure_ascii=False)


def shape_nest_flow(rng: random.Random) -> tuple[str, str]:
    depth = rng.choice([1_000, 10_000, 25_000, 50_000, 100_000, 500_000, _log_uniform(rng, 100, 600_000)])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}"), ("[{a: ", "}]")])
    depth = min(depth, (MAX_FILE - 100) // (len(opener) + len(closer)))
    inner = opener * depth + "1" + (closer * depth if rng.random() < 0.8 else "")
    if rng.random() < 0.5:
        return "nest_flow_id", f"id: {inner}\n"
    plan = _base_plan(rng)
    path = rng.choice(TEXT_FIELDS)
    _set(plan, path, "RAWNEST")
    return f"nest_flow_field_{path[-1]}", _dump(plan, rng, {"RAWNEST": inner})


def shape_nest_block(rng: random.Random) -> tuple[str, str]:
    if rng.random() < 0.6:  # "- - - - x": block sequences nested on one line, two bytes a level
        depth = rng.choice([1_000, 10_000, 25_000, 50_000, 100_000, 500_000, _log_uniform(rng, 100, 900_000)])
        inner = "- " * depth + "x"
        if rng.random() < 0.5:
            return "nest_block_dash_top", inner + "\n"
        plan = _base_plan(rng)
        plan["actions"][0]["owner"] = "RAWNEST"
        text = _dump(plan, rng).replace("owner: RAWNEST", "owner:\n      " + inner)
        return "nest_block_dash_owner", text
    depth = _log_uniform(rng, 100, 1_900)  # indentation: n levels cost n*n/2 bytes, so ~2k levels fit in 2 MB
    step = rng.choice([1, 1, 2])
    lines = [" " * (i * step) + ("a:" if rng.random() < 0.8 else "- a:") for i in range(depth)]
    return "nest_block_indent", "id: x-2025\n" + "\n".join(lines) + " 1\n"


def shape_long_run(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    path = rng.choice(NORMALISED_FIELDS if rng.random() < 0.5 else TEXT_FIELDS)
    length = _log_uniform(rng, 10, 400_000)
    if rng.random() < 0.6:
        unit = rng.choice(RUN_CHARS)
        label = {" ": "space", "\t": "tab", "\n": "newline"}.get(unit, unit)
    else:
        unit = rng.choice(RUN_UNITS)
        label = unit.strip() or "space"
    run = (unit * (length // len(unit) + 1))[:length]
    value = f"{rng.choice(WORDS)}{run}{rng.choice(WORDS)}"
    _set(plan, path, value)
    return f"long_run[{label!r}]_{path[-1]}", _dump(plan, rng)


def _huge_number(rng: random.Random) -> tuple[str, str]:
    digits = _log_uniform(rng, 20, 60_000)
    forms = [
        ("decimal", "9" * digits),
        ("decimal_10^23", "99999999999999999999999"),
        ("negative", "-" + "9" * digits),
        ("hex", "0x" + "f" * digits),
        ("octal", "0o" + "7" * digits),
        ("binary", "0b" + "1" * digits),
        ("underscored", "1" + "_000" * (digits // 3)),
        ("sexagesimal", ":".join(["59"] * max(2, digits // 3))),
        ("sexagesimal_3", "59:59:59"),
        ("float", "1e" + "9" * min(digits, 400)),
        ("float_long", "0." + "1" * digits),
        ("inf", rng.choice([".inf", "-.inf", ".nan"])),
        ("plus", "+" + "9" * digits),
    ]
    return rng.choice(forms)


def shape_huge_int(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    path = rng.choice(INT_FIELDS if rng.random() < 0.7 else TEXT_FIELDS)
    form, raw = _huge_number(rng)
    _set(plan, path, "RAWNUM")
    return f"huge_int_{form}_{path[-1]}", _dump(plan, rng, {"RAWNUM": raw})


def shape_unknown_keys(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    count = rng.choice([1, 10, 1_000, 20_000, 100_000, _log_uniform(rng, 2, 150_000)])
    where = rng.choice(["top", "council", "challenge", "action", "recommendation", "rag"])
    target = {
        "top": plan,
        "council": plan["council"],
        "challenge": plan["challenge"],
        "action": plan["actions"][0],
        "recommendation": plan["recommendations"][0],
        "rag": plan["reviews"][0]["rag"],
    }[where]
    value = rng.choice([1, "x", "9" * rng.choice([1, 50, 5000]), None])
    for i in range(count):
        target[f"unknown_{i}"] = value
    return f"unknown_keys_{where}", _dump(plan, rng)


def shape_many_problems(rng: random.Random) -> tuple[str, str]:
    """Many list items, each with an error: every problem needs its line (line_at), every row its frame."""
    plan = _base_plan(rng)
    count = _log_uniform(rng, 10, 40_000)
    kind = rng.choice(["bad_action", "good_action", "bad_rec", "bad_year_text"])
    if kind == "bad_action":
        plan["actions"] = [{"text": "", "recommendations": ["9"], "owner": None} for _ in range(count)]
    elif kind == "good_action":
        plan["actions"] = [
            {"recommendations": ["1"], "text": f"Act {i}", "owner": "Chief Executive", "timescale": "Q1 2026"}
            for i in range(count)
        ]
    elif kind == "bad_rec":
        plan["recommendations"] = [{"number": i, "title": ""} for i in range(count)]
    else:
        plan["challenge"]["documents"] = [{"title": "x", "date": "not a date"} for _ in range(count)]
    return f"many_{kind}", _dump(plan, rng)


def shape_aliases(rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["laughs", "amplify_owner", "amplify_timescale", "recursive", "merge_key", "anchor_actions"])
    if kind == "laughs":
        levels = rng.randint(3, 12)
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
        return "aliases_laughs", "\n".join(lines) + f"\nid: *a{levels - 1}\n"
    if kind == "recursive":
        return "aliases_recursive", rng.choice(["id: &a [*a]\n", "a: &a\n  b: *a\nid: x\n", "&a [*a, *a]\n"])
    plan = _base_plan(rng)
    if kind in ("amplify_owner", "amplify_timescale"):
        key = kind.split("_")[1]
        length, copies = _log_uniform(rng, 100, 200_000), _log_uniform(rng, 2, 5_000)
        value = _yaml_quote(("Chief Executive , " * (length // 18 + 1))[:length])
        plan["actions"] = [{"recommendations": ["1"], "text": f"Act {i}", key: "RAWREF"} for i in range(copies)]
        text = _dump(plan, rng)
        text = text.replace('"RAWREF"', "RAWREF").replace("RAWREF", f"&v {value}", 1).replace("RAWREF", "*v")
        return f"aliases_{kind}", text
    if kind == "merge_key":
        text = _dump(plan, rng).replace("actions:", "base: &b {owner: Chief Executive}\nactions:", 1)
        return "aliases_merge_key", text.replace("- id: a1", "- <<: *b\n    id: a1", 1)
    copies = _log_uniform(rng, 2, 50_000)
    text = _dump(plan, rng)
    text = text.replace("actions:\n- id: a1", "actions:\n- &act\n  id: a1", 1)
    return "aliases_anchor_actions", text + "".join("- *act\n" for _ in range(copies))


def shape_markup(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    payloads = MARKUP if rng.random() < 0.6 else FORMULAS
    for path in rng.sample(TEXT_FIELDS, rng.randint(1, len(TEXT_FIELDS))):
        _set(plan, path, f"{rng.choice(WORDS)} {rng.choice(payloads)} {rng.choice(WORDS)}".strip())
    if rng.random() < 0.5:
        plan["council"]["name"] = f"Hostile {MARKUP[0]} {MARKUP[2]} Council"
    label = "markup" if payloads is MARKUP else "formula"
    return label, _dump(plan, rng)


def shape_control(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    path = rng.choice(TEXT_FIELDS)
    if rng.random() < 0.6:  # escaped in a double-quoted scalar: the parser makes the character
        escape = rng.choice(ESCAPES)
        _set(plan, path, "RAWCTL")
        quoted = '"' + rng.choice(WORDS) + escape * rng.choice([1, 1, 3, 1000]) + rng.choice(WORDS) + '"'
        return f"control_escaped[{escape}]_{path[-1]}", _dump(plan, rng, {"RAWCTL": quoted})
    char = chr(rng.choice([*range(1, 32), 0x7F, 0x85, 0x2028, 0xFEFF, 0xFFFE, 0xFFFF, 0]))
    _set(plan, path, "RAWCTL")
    return f"control_raw[{ord(char):#x}]_{path[-1]}", _dump(plan, rng, {"RAWCTL": f"a{char}b"})


def shape_encoding(rng: random.Random) -> tuple[str, bytes]:
    text = TEMPLATES[rng.randrange(2)].read_text(encoding="utf-8")
    kind = rng.choice(["latin1", "bad_bytes", "bom", "double_bom", "utf16", "bom_mid", "crlf", "cr", "nul_late",
                       "nul_early", "surrogate_bytes"])  # fmt: skip
    data = text.encode("utf-8")
    if kind == "latin1":
        data = text.replace("Council", "Cóuncil").encode("latin-1")
    elif kind == "bad_bytes":
        at = rng.randrange(len(data))
        data = (
            data[:at] + rng.choice([b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88"]) + data[at:]
        )
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + data
    elif kind == "double_bom":
        data = b"\xef\xbb\xbf\xef\xbb\xbf" + data
    elif kind == "utf16":
        data = text.encode(rng.choice(["utf-16", "utf-16-le", "utf-32"]))
    elif kind == "bom_mid":
        lines = data.split(b"\n")
        lines.insert(rng.randrange(len(lines)), b"\xef\xbb\xbf")
        data = b"\n".join(lines)
    elif kind == "crlf":
        data = data.replace(b"\n", b"\r\n")
    elif kind == "cr":
        data = data.replace(b"\n", b"\r")
    elif kind == "nul_late":
        data = data + b"#" + b" " * 9000 + b"\x00\n"
    elif kind == "nul_early":
        data = data.replace(b"Council", b"Coun\x00cil", 1)
    else:
        data = data.replace(b"Council", b"Counc\xed\xb2\x80il", 1)
    return f"encoding_{kind}", data


def shape_long_line(rng: random.Random) -> tuple[str, str]:
    plan = _base_plan(rng)
    length = _log_uniform(rng, 10_000, MAX_FILE - 4000)
    kind = rng.choice(["comment", "plain_title", "quoted_text", "key", "flow_list", "exact_limit"])
    text = _dump(plan, rng)
    if kind == "comment":
        text += "# " + "x" * length + "\n"
    elif kind == "plain_title":
        text = text.replace("title: Develop", "title: Develop" + " word" * (length // 5), 1)
    elif kind == "quoted_text":
        text = text.replace("text: Agree", "text: " + _yaml_quote("Agree" + "é" * (length // 2)) + " #", 1)
    elif kind == "key":
        text += "k" * length + ": 1\n"
    elif kind == "flow_list":
        text = text.replace("focus_areas:\n- Housing repairs", "focus_areas: [" + "a, " * (length // 3) + "b]", 1)
        text = text.replace("focus_areas: [Housing repairs]", "focus_areas: [" + "a, " * (length // 3) + "b]", 1)
    else:  # exactly at and just over the size limit
        text += "#" * (MAX_FILE - len(text.encode("utf-8")) - 1 + rng.choice([0, 1, 2])) + "\n"
    return f"long_line_{kind}", text


def _mutate_lines(rng: random.Random, text: str) -> tuple[str, list[str]]:
    lines = text.splitlines(keepends=True) or ["\n"]
    done = []
    for _ in range(rng.randint(1, 6)):
        op = rng.choice(["delete", "duplicate", "swap", "retype", "indent", "truncate", "insert_char", "move"])
        i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "move":
            lines.insert(j, lines.pop(i))
        elif op == "retype":
            match = re.match(r"^(\s*(?:- )?[\w]+:)(.*)$", lines[i].rstrip("\n"))
            if match:
                lines[i] = f"{match.group(1)} {rng.choice(RETYPES)}\n"
        elif op == "indent":
            lines[i] = (
                rng.choice([" ", "  ", "\t", ""]) + lines[i].lstrip(" ") if rng.random() < 0.5 else " " + lines[i]
            )
        elif op == "truncate":
            cut = rng.randrange(len(lines[i]) + 1)
            lines = [*lines[:i], lines[i][:cut]]
        else:
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(":-[]{}&*!|>'\"%@`#,?\\\t") + lines[i][at:]
        done.append(op)
    return "".join(lines), done


def shape_mutate(rng: random.Random) -> tuple[str, str]:
    source = rng.randrange(2)
    text = TEMPLATES[source].read_text(encoding="utf-8")
    if rng.random() < 0.3:
        text = _dump(_base_plan(rng), rng)
    text, _ops = _mutate_lines(rng, text)
    return f"mutate_{'template' if source == 0 else 'fixture'}", text


SHAPES: dict[str, Callable[[random.Random], tuple[str, str | bytes]]] = {
    "nest_flow": shape_nest_flow,
    "nest_block": shape_nest_block,
    "long_run": shape_long_run,
    "huge_int": shape_huge_int,
    "unknown_keys": shape_unknown_keys,
    "many_problems": shape_many_problems,
    "aliases": shape_aliases,
    "markup": shape_markup,
    "control": shape_control,
    "encoding": shape_encoding,
    "long_line": shape_long_line,
    "mutate": shape_mutate,
}
#: Relative frequency of each shape; mutations are cheap and varied, so they get more files.
WEIGHTS = {"mutate": 4, "long_run": 3, "huge_int": 2, "control": 2, "markup": 1.5, "encoding": 1.5}


@dataclass(frozen=True)
class Case:
    index: int
    shape: str
    name: str
    data: bytes


def generate(seed: int, index: int, shapes: list[str]) -> Case:
    """File number ``index`` of the run with ``seed``: the same pair always gives the same bytes."""
    rng = random.Random(f"{seed}:{index}")
    family = rng.choices(shapes, weights=[WEIGHTS.get(s, 1) for s in shapes])[0]
    shape, content = SHAPES[family](rng)
    if family not in ("mutate", "encoding") and rng.random() < 0.15:
        content, _ = _mutate_lines(rng, content if isinstance(content, str) else content.decode("utf-8", "replace"))
        shape += "+mutate"
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    if family not in ("encoding",) and rng.random() < 0.1:
        data = data.replace(b"\n", b"\r\n")
        shape += "+crlf"
    head = data[:4096]
    name = "fuzzshire-2025.yaml" if b"fuzzshire-2025" in head else "testshire-2025.yaml"
    if b"testshire-2024" in head:
        name = "testshire-2024.yaml"
    return Case(index, shape, name, data)


# ----------------------------------------------------------------------------------------------------------
# The worker: a child process that runs targets on files named on its stdin, one JSON line per file.
# ----------------------------------------------------------------------------------------------------------


def _strict_stdout() -> io.TextIOWrapper:
    """Like a terminal's stdout: UTF-8, strict (a lone surrogate raises, as it would for a real user)."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")


def _lenient_stderr() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")


class TargetFailure(Exception):
    """A target finished but broke the contract (bad exit code, traceback on stderr)."""


class Worker:
    """Loads the app's modules once, then runs one target on one file per request."""

    def __init__(self) -> None:
        from loaders import load_corpus

        self.base = load_corpus(ROOT / "tests" / "fixtures", cache=False)
        self.published = set(self.base.challenges["challenge_id"])
        self.last_check = None

    def run(self, target: str, path: Path) -> None:
        getattr(self, "t_" + target.replace("-", "_"))(path)

    def t_load(self, path: Path) -> None:
        from loaders import load_corpus

        corpus = load_corpus(path.parent, cache=False)
        len(corpus.problems), repr(corpus)

    def _check(self, path: Path):
        """check_upload on the file; merge reuses the upload target's result for the same file."""
        from loaders.upload import check_upload

        data = path.read_bytes()
        if self.last_check and self.last_check[0] == (path, data):
            return self.last_check[1]
        check = check_upload(path.name, data, published=self.published, stem=path.stem)
        self.last_check = ((path, data), check)
        return check

    def t_upload(self, path: Path) -> None:
        """check_upload, then everything pages/add-plan.py does with the result before a user clicks Add."""
        from loaders.upload import excerpt
        from ui.format import md_escape

        check = self._check(path)
        if check.ok:  # the success notice
            f"{md_escape(check.plan.council.name)}, {check.plan.challenge.year} {len(check.plan.recommendations)}"
        table = check.problem_table()
        # Streamlit sends every string to the browser as UTF-8 protobuf: a lone surrogate cannot go.
        table.to_csv(index=False).encode("utf-8")
        for _, row in table.iterrows():
            str(row["problem"]).encode("utf-8")
        if check.text is not None:
            for line in check.problem_lines()[:8]:
                about = [p for p in check.problems if p.line == line]
                "; ".join(md_escape(f"{p.field + ': ' if p.field else ''}{p.message}") for p in about).encode("utf-8")
                excerpt(check.text, line).encode("utf-8")
        if check.normalised is not None:
            check.normalised.encode("utf-8")

    def t_merge(self, path: Path) -> None:
        """'Add to my session' (ui.data.corpus) and the page's list of added plans, for a plan the check passed."""
        from loaders import Source, build_corpus
        from loaders.merge import merge_corpora
        from loaders.upload import normalised_bytes
        from ui.format import md_escape

        check = self._check(path)
        if not check.ok:
            return
        name = path.name
        merged = merge_corpora(self.base, build_corpus([Source(f"upload: {name}", check.text or "", path.stem)]))
        row = merged.challenges[merged.challenges["file"] == f"upload: {name}"]
        if not row.empty:
            first = row.iloc[0]
            text = f"{md_escape(first['council_name'])} {first['year']} · {first['recommendations_captured']}"
            text.encode("utf-8")
        normalised_bytes(name, check.text or "")
        for frame in (merged.actions, merged.recommendations, merged.challenges, merged.reviews):
            frame.to_csv(index=False).encode("utf-8")  # every Download CSV button

    def _cli(self, argv: list[str]) -> None:
        from loaders.__main__ import main

        out, err = _strict_stdout(), _lenient_stderr()
        try:
            with redirect_stdout(out), redirect_stderr(err):
                code = main(argv)
                out.flush()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        if code not in CLI_OK_CODES:
            raise TargetFailure(f"exit code {code}")

    def t_cli_validate(self, path: Path) -> None:
        self._cli(["validate", str(path)])

    def t_cli_normalise(self, path: Path) -> None:
        self._cli(["normalise", str(path)])
        out = path.parent / "normalised-out.yml.txt"
        self._cli(["normalise", str(path), "--to", str(out)])

    def t_cli_subprocess(self, path: Path) -> None:
        # Two interpreter starts (pandas, pydantic) per file: on a busy machine that alone took 8 s, so real
        # subprocesses get three times the per-file limit before a timeout counts as a crash.
        limit = 3 * float(os.environ.get("FUZZ_TIME_LIMIT", "20"))
        for argv in (["validate", str(path)], ["normalise", str(path)]):
            try:
                done = subprocess.run(
                    [sys.executable, "-m", "loaders", *argv], cwd=ROOT, capture_output=True, timeout=limit
                )
            except subprocess.TimeoutExpired:
                raise TargetFailure(f"`python -m loaders {argv[0]}` timed out after {limit:.0f} s") from None
            err = done.stderr.decode("utf-8", "replace")
            if done.returncode < 0:
                raise TargetFailure(f"`python -m loaders {argv[0]}` died by {signal.Signals(-done.returncode).name}")
            if done.returncode not in CLI_OK_CODES or "Traceback (most recent call last)" in err:
                last = err.strip().splitlines()[-1:] or [""]
                raise TargetFailure(f"`python -m loaders {argv[0]}` exit {done.returncode}: {last[0][:300]}")


def _limit_memory(mb: int) -> None:
    import resource

    limit = mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _frames(tb_text: str) -> list[tuple[str, str]]:
    """(file, function) frames, innermost LAST, from a traceback or a faulthandler dump.

    A faulthandler dump lists each thread innermost first; the thread that ran the target (the one whose
    frames pass through this script's ``call``) is the one that matters, not the main thread waiting on it."""
    pattern = r'File "([^"]+)", line \d+(?:, in | in )(\S+)'
    if "most recent call first" not in tb_text:
        return [f for f in re.findall(pattern, tb_text) if "scripts/fuzz_plans.py" not in f[0]]
    blocks = re.split(r"^(?:Current thread|Thread) 0x[0-9a-f]+ .*$", tb_text, flags=re.M)
    threads = [list(reversed(re.findall(pattern, block))) for block in blocks]
    threads = [t for t in threads if t]
    chosen = next((t for t in threads if any(f[1] == "call" and "fuzz_plans" in f[0] for f in t)), None)
    chosen = chosen or (threads[0] if threads else [])
    return [f for f in chosen if "scripts/fuzz_plans.py" not in f[0]]


def _innermost(tb_text: str) -> str:
    """Where it broke: the deepest frame of the project's code (``loaders/frames.py:to_frames``), then the
    deepest frame of all when that is in a library (``-> pandas/core/arrays/integer.py:_safe_cast``)."""
    frames = _frames(tb_text)
    if not frames:  # faulthandler cannot run on a thread whose C stack overflowed: it dies without a dump
        return "no dump (C stack overflow?)"

    def short(frame: tuple[str, str]) -> str:
        path = frame[0].split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        path = re.sub(r"^.*/lib/python3\.\d+/", "", path)
        return f"{path}:{frame[1]}"

    ours = [f for f in frames if str(ROOT) in f[0] and "site-packages" not in f[0]]
    where = short(ours[-1]) if ours else ""
    last = short(frames[-1])
    return f"{where} -> {last}" if where and last != where else where or last


def worker_main(mem_mb: int) -> int:
    """Serve requests on stdin; replies go to the original stdout, everything a target prints is discarded."""
    import faulthandler
    import resource
    import traceback

    faulthandler.enable(all_threads=True)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    _limit_memory(mem_mb)
    worker = Worker()
    proto.write(json.dumps({"ready": True}) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        result: dict = {}

        def call(request=request, result=result) -> None:
            start = time.perf_counter()
            try:
                worker.run(request["target"], Path(request["path"]))
                result["kind"] = "ok"
            except TargetFailure as exc:
                result.update(kind="bad-exit", error=str(exc), where=request["target"])
            except BaseException as exc:  # every escape is exactly what we look for
                text = traceback.format_exc()
                first = f"{type(exc).__name__}: {str(exc)[:300]}" if not isinstance(exc, MemoryError) else "MemoryError"
                result.update(kind="exception", error=first, where=_innermost(text), traceback=text[-6000:])
            result["seconds"] = time.perf_counter() - start

        # The app runs pages in Streamlit's script thread, so targets run in a thread too (same stack size).
        thread = threading.Thread(target=call, daemon=True)
        thread.start()
        thread.join()
        result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        proto.write(json.dumps(result) + "\n")
        if result.get("error") == "MemoryError":
            return 0  # the heap may be in a bad state: let the parent start a fresh worker
    return 0


# ----------------------------------------------------------------------------------------------------------
# The parent: generates files, hands them to workers, restarts dead ones, keeps the tally.
# ----------------------------------------------------------------------------------------------------------


class WorkerProcess:
    def __init__(self, mem_mb: int, log: Path, time_limit: float) -> None:
        self.log = log
        env = {**os.environ, "FUZZ_TIME_LIMIT": str(time_limit), "PYTHONFAULTHANDLER": "1", "OMP_NUM_THREADS": "1",
               "OPENBLAS_NUM_THREADS": "1", "PCE_CACHE_DIR": tempfile.mkdtemp(prefix="fuzz-cache-")}  # fmt: skip
        self.err = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--worker", "--mem-mb", str(mem_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.err,
            cwd=ROOT,
            env=env,
            start_new_session=True,  # its own process group: a kill takes its CLI subprocesses too
        )
        self.buffer = b""
        ready = self._reply(120)
        if not ready or not ready.get("ready"):
            raise RuntimeError(f"fuzz worker did not start; see {log}")

    def _reply(self, timeout: float) -> dict | None:
        """The next JSON line, or None when the worker died or ``timeout`` passed (then self.timed_out)."""
        deadline = time.monotonic() + timeout
        self.timed_out = False
        fd = self.proc.stdout.fileno()
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                self.timed_out = True
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)

    def ask(self, target: str, path: Path, timeout: float) -> dict:
        log_at = self.log.stat().st_size
        try:
            self.proc.stdin.write((json.dumps({"target": target, "path": str(path)}) + "\n").encode())
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass
        reply = self._reply(timeout)
        if reply is not None:
            return reply
        if self.timed_out:
            os.killpg(self.proc.pid, signal.SIGUSR1)  # faulthandler: where is it stuck?
            time.sleep(0.7)
            self.stop()
            dump = self._log_since(log_at)
            return {"kind": "timeout", "error": f"no answer within {timeout:.0f} s", "where": _innermost(dump),
                    "traceback": dump[-6000:], "seconds": timeout}  # fmt: skip
        code = self.proc.wait()
        dump = self._log_since(log_at)
        how = f"killed by {signal.Signals(-code).name}" if code < 0 else f"worker exited with {code}"
        self.stop()
        return {"kind": "signal", "error": how, "where": _innermost(dump), "traceback": dump[-6000:], "seconds": 0}

    def _log_since(self, offset: int) -> str:
        with open(self.log, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", "replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.err.close()

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None


@dataclass
class Tally:
    out: Path
    files: int = 0
    calls: int = 0
    crashes: list[dict] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))
    shapes: Counter = field(default_factory=Counter)
    worst: dict = field(default_factory=dict)  # target -> (ms per KB, shape, size, seconds, index)
    seconds: Counter = field(default_factory=Counter)  # target -> total seconds of its calls
    peak_rss_kb: int = 0
    peak_case: str = ""
    numbers: dict = field(default_factory=dict)  # cause -> its folder number under out/
    not_started: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, case: Case, target: str, reply: dict) -> None:
        with self.lock:
            self.calls += 1
            size_kb = len(case.data) / 1024
            seconds = reply.get("seconds", 0.0)
            self.seconds[target] += seconds
            if reply["kind"] == "ok":
                per_kb = seconds * 1000 / max(size_kb, 1.0)
                if per_kb > self.worst.get(target, (0,))[0]:
                    self.worst[target] = (per_kb, case.shape, size_kb, seconds, case.index)
            rss = reply.get("rss_kb", 0)
            if rss > self.peak_rss_kb:
                self.peak_rss_kb, self.peak_case = rss, f"#{case.index} {case.shape} ({size_kb:,.0f} KB) in {target}"
            if reply["kind"] == "ok":
                return
            shape_family = re.sub(r"\[.*?\]|_\d+|\+.*", "", case.shape)
            cause = f"{target} | {reply['kind']} | {reply.get('where', '?')} | {_short(reply.get('error', ''))}"
            cause_key = f"{cause} | {shape_family}"
            self.causes[cause_key] += 1
            entry = {"index": case.index, "shape": case.shape, "target": target, "size_kb": round(size_kb, 1),
                     "kind": reply["kind"], "where": reply.get("where"), "error": reply.get("error"),
                     "seconds": round(seconds, 2)}  # fmt: skip
            self.crashes.append(entry)
            if len(self.examples[cause_key]) < SAVED_PER_CAUSE:
                number = self.numbers.setdefault(cause_key, len(self.numbers) + 1)
                folder = self.out / f"{number:03d}-{_slug(cause_key)}"
                folder.mkdir(parents=True, exist_ok=True)
                file = folder / f"{case.index}-{case.name}"
                file.write_bytes(case.data)
                note = {**entry, "file": str(file), "traceback": reply.get("traceback", "")}
                file.with_suffix(".txt").write_text(json.dumps(note, indent=2), encoding="utf-8")
                self.examples[cause_key].append(str(file))


def _short(error: str) -> str:
    """An error message with its numbers and quoted values blanked, so one cause is one line."""
    error = re.sub(r"'[^']*'|\"[^\"]*\"", "…", error.splitlines()[0] if error else "")
    return re.sub(r"\d[\d,_.]*", "N", error)[:120]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:90]


def _start_worker(args: argparse.Namespace, log: Path) -> WorkerProcess | None:
    """A fresh worker; a few tries, since a busy machine (or a venv being upgraded) can delay its start."""
    for attempt in range(3):
        try:
            return WorkerProcess(args.mem_mb, log, args.time_limit)
        except RuntimeError:
            time.sleep(5 * (attempt + 1))
    return None


def run(args: argparse.Namespace) -> int:
    targets = [t for t in args.targets.split(",") if t]
    unknown = set(targets) - set(TARGETS)
    if unknown:
        sys.exit(f"unknown target(s): {', '.join(sorted(unknown))}; choose from {', '.join(TARGETS)}")
    shapes = [s for s in (args.shapes.split(",") if args.shapes else SHAPES) if s]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="fuzz-plans-"))
    tally = Tally(out)
    started = time.monotonic()
    indices = iter(range(args.start, args.start + args.count))
    next_lock = threading.Lock()
    progress_every = max(1, args.count // 20)

    def slot(number: int) -> None:
        log = work / f"worker-{number}.log"
        worker: WorkerProcess | None = None
        while True:
            with next_lock:
                index = next(indices, None)
            if index is None:
                break
            case = generate(args.seed, index, shapes)
            folder = work / f"case-{index}"
            folder.mkdir()
            path = folder / case.name
            path.write_bytes(case.data)
            for target in targets:
                if target == "cli-subprocess" and index % args.subprocess_every:
                    continue
                if worker is None or not worker.alive:
                    worker = _start_worker(args, log)
                    if worker is None:  # the environment, not a file, is broken: stop, and say so in the report
                        tally.not_started = f"a worker would not start 3 times (see {log}); the run stopped early"
                        return
                limit = args.time_limit * (6.5 if target == "cli-subprocess" else 1) + 2
                reply = worker.ask(target, path, limit)
                tally.record(case, target, reply)
            for child in folder.iterdir():
                child.unlink()
            folder.rmdir()
            with tally.lock:
                tally.files += 1
                tally.shapes[re.sub(r"[\[_].*", "", case.shape)] += 1
                if tally.files % progress_every == 0:
                    print(f"  {tally.files}/{args.count} files, {len(tally.crashes)} crash(es), "
                          f"{time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)  # fmt: skip
        if worker is not None:
            worker.stop()

    threads = [threading.Thread(target=slot, args=(n,)) for n in range(args.jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    import resource

    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report(tally, targets, time.monotonic() - started, children_peak, args)
    return 1 if tally.crashes or tally.not_started else 0


def report(tally: Tally, targets: list[str], elapsed: float, children_peak_kb: int, args) -> None:
    print(f"fuzz_plans: seed {args.seed}, files {args.start}..{args.start + args.count - 1}, "
          f"targets {', '.join(targets)}, {args.jobs} worker(s), "
          f"limits {args.time_limit:.0f} s and {args.mem_mb} MB")  # fmt: skip
    print(f"files tried: {tally.files} of {args.count} ({tally.calls} target calls) in {elapsed:.0f} s")
    if tally.not_started:
        print(f"WARNING: {tally.not_started}")
    print("  by shape: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.shapes.items())))
    print(f"crashes: {len(tally.crashes)}")
    for cause, count in tally.causes.most_common():
        print(f"  {count:5d}  {cause}")
        for example in tally.examples[cause][:1]:
            print(f"         e.g. {example}")
    print("worst time per KB (files under 1 KB count as 1 KB):")
    for target in targets:
        if target in tally.worst:
            per_kb, shape, size_kb, seconds, index = tally.worst[target]
            print(f"  {target:15s} {per_kb:9.1f} ms/KB  #{index} {shape} ({size_kb:,.0f} KB, {seconds:.2f} s)"
                  f"; all calls {tally.seconds[target]:.0f} s")  # fmt: skip
    print(f"peak memory: {max(tally.peak_rss_kb, children_peak_kb) / 1024:,.0f} MB (ru_maxrss of the workers; "
          f"highest after {tally.peak_case})")  # fmt: skip
    summary = {
        "seed": args.seed, "count": args.count, "files": tally.files, "calls": tally.calls,
        "crashes": tally.crashes, "causes": dict(tally.causes), "examples": dict(tally.examples),
        "worst_ms_per_kb": tally.worst, "peak_rss_mb": max(tally.peak_rss_kb, children_peak_kb) / 1024,
    }  # fmt: skip
    (tally.out / "summary.json").write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    print(f"reproducers and summary.json in {tally.out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=2000, help="files to generate (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first file index (to rerun one: --start I --count 1)")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated, from {','.join(TARGETS)}")
    parser.add_argument("--shapes", default="", help=f"only these generators, from {','.join(SHAPES)}")
    parser.add_argument("--out", default="/tmp/fuzz-crashes", help="folder for reproducers and summary.json")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per file and target (default 20)")
    parser.add_argument("--mem-mb", type=int, default=2048, help="address-space limit per worker (default 2048)")
    parser.add_argument("--subprocess-every", type=int, default=25, help="cli-subprocess on every Nth file")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--write", metavar="DIR", help="only write the generated files to DIR (no targets run)")
    args = parser.parse_args()
    if args.worker:
        return worker_main(args.mem_mb)
    if args.write:
        shapes = [s for s in (args.shapes.split(",") if args.shapes else SHAPES) if s]
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(args.start, args.start + args.count):
            case = generate(args.seed, index, shapes)
            (folder / f"{index}-{_slug(case.shape)}-{case.name}").write_bytes(case.data)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
