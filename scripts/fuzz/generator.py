"""The generator: one seeded Random per file index, so a file is reproducible from (seed, index) alone."""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml

from scripts.fuzz.common import MAX_FILE, TEMPLATES

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
