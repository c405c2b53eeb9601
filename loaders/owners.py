"""Who owns an action: split owner cells into people, give each one canonical name and a role family.

Action plans name owners by job title, in a free-text cell, written differently by each council and
sometimes by the same council on the same page ("Director Communities, Housing and Environment" beside
"Director of Communities, Housing and Environment"; "Chief Officer HR" beside "Chief Officer, Human
Resources"). Charts that count actions per owner or per kind of owner need one name per post, so the
work happens in three steps, each kept separate so a page can show the raw text beside the result:

1. ``split_owners`` cuts a cell into owners *as written*. Commas and "and" both separate people and sit
   inside titles, so a piece only starts a new owner when it begins like a job title, a political role,
   a group or a partner; anything else ("Housing and Environment", "Human Resources") is glued back onto
   the owner before it.
2. ``canonical_owner`` maps spelling variants onto one name using ``CANONICAL_OWNERS``, the single table
   of known variants (read from ``rules/owner_titles.yaml``, where a policy analyst corrects it), and a few
   general rules (drop the parenthesised remark,
   "Director X" becomes "Director of X", lower-case words are capitalised).
3. ``role_family`` puts a title into one of ``OWNER_FAMILIES`` so councils that name posts differently
   can still be compared ("Chief Officer HR" and "Director of People" are both "HR / people").

``owners_for`` combines the steps for the loader, keeping "the plan has no owner column" (``NOT_STATED``)
apart from "this row's owner cell is empty" (``[]``), because the first says something about the plan
and the second about one action. ``mentioned_owners`` finds owners named in the action text itself,
which is the only owner information plans without an owner column give.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from loaders.problems import shown
from loaders.rules import RULES_DIR, OwnerTitles, RuleError, load_rules, rule_problem

__all__ = [
    "CANONICAL_OWNERS",
    "MAX_MENTION_TEXT_CHARS",
    "MAX_OWNER_CELL_CHARS",
    "NOT_STATED",
    "OWNER_FAMILIES",
    "OWNER_TITLES_FILE",
    "canonical_owner",
    "family_of_missing",
    "mentioned_owners",
    "owners_for",
    "role_family",
    "split_owners",
]

#: Owner recorded for every action of a plan that has no owner column at all.
NOT_STATED = "not stated"

#: Role families in display order; the last two describe missing owners, not titles.
OWNER_FAMILIES: tuple[str, ...] = (
    "Chief executive",
    "Director",
    "Chief officer / head of service",
    "Finance",
    "HR / people",
    "Political",
    "Officer group",
    "Partner",
    "Other",
    "Not stated",
    "No owner",
)

(
    CHIEF_EXECUTIVE,
    DIRECTOR,
    CHIEF_OFFICER,
    FINANCE,
    HR_PEOPLE,
    POLITICAL,
    OFFICER_GROUP,
    PARTNER,
    OTHER,
    FAMILY_NOT_STATED,
    FAMILY_NO_OWNER,
) = OWNER_FAMILIES

_WHITESPACE = re.compile(r"\s+")


def _key(text: str) -> str:
    """Lookup key that ignores the differences councils make without meaning anything by them."""
    text = text.lower().replace("’", "").replace("'", "").replace(".", "").replace("&", " and ")
    text = re.sub(r"[,:;\-–—]", " ", text)
    text = _WHITESPACE.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


#: The table of owner spellings, read from ``rules/owner_titles.yaml`` (a policy analyst corrects it there).
OWNER_TITLES_FILE = RULES_DIR / "owner_titles.yaml"


def _load_canonical_owners(path: Path) -> dict[str, str]:
    """Every known spelling of an owner (key) and the one name used for it everywhere (value), from ``path``.

    Matching ignores case, punctuation (commas, full stops, apostrophes, hyphens), "&" versus "and" and a
    leading "the", so only genuinely different wordings need a row. Each canonical name must also be a key of
    its own, which keeps ``canonical_owner`` idempotent; two spellings that match alike must name the same
    owner. Both are checked here, so a slip in the file stops start-up with its line, not a wrong chart.
    """
    rules, text = load_rules(path, OwnerTitles)
    table = dict(rules.owners)
    problems = [
        rule_problem(path, text, ("owners", variant), f"{shown(name)} is not a key of its own; add it as a row")
        for variant, name in table.items()
        if name not in table
    ]
    seen: dict[str, str] = {}
    for variant, name in table.items():
        first = seen.setdefault(_key(variant), variant)
        if table[first] != name:
            message = f"matches {shown(first)} (case and punctuation are ignored) but names another owner"
            problems.append(rule_problem(path, text, ("owners", variant), message, key=True))
    if problems:
        raise RuleError(problems)
    return table


#: Every known spelling of an owner (left) and the one name used for it everywhere (right); see
#: ``_load_canonical_owners``. The keys double as the phrases ``mentioned_owners`` looks for in free text.
CANONICAL_OWNERS: dict[str, str] = _load_canonical_owners(OWNER_TITLES_FILE)

#: Keys that are owners when a cell says only that, but too common in running text ("Leeds City
#: Council", "Local Government Finance Settlement") to count as mentions of an owner.
_NOT_MENTIONS = frozenset({"Council", "Finance", "HR", "Human Resources", NOT_STATED})

#: Cell values that say nobody has been named yet; they are not owners.
_PLACEHOLDERS = frozenset({"", "n/a", "na", "tbc", "tbd", "tba", "none", "not applicable", "to be confirmed", "?"})

#: Characters of an owner cell that are split into owners. Real cells name a few posts (the longest in the
#: shipped plans is about 250 characters); a cell longer than this is text pasted into the wrong column,
#: and splitting all of it would cost time per character while holding the GIL. The loader keeps the
#: whole cell verbatim in ``owner_raw``.
MAX_OWNER_CELL_CHARS = 2_000
#: Characters of action text searched for owners named in it (the longest action text shipped is ~500).
MAX_MENTION_TEXT_CHARS = 20_000

# ---------------------------------------------------------------------------------------------------
# Splitting
# ---------------------------------------------------------------------------------------------------

_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|tr|td|th|table)\b[^<>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});")
_BULLET = re.compile(r"[•○●▪◦]")
_LABEL = re.compile(
    r"^\s*(?:lead(?:\s+officer)?|owners?|accountable(?:\s+officer)?|responsible(?:\s+officer)?)\s*[:–—-]\s*",
    re.IGNORECASE,
)

#: One run of separators between owners: punctuation, "and", "and/or", "with", line breaks, with the
#: whitespace around them. Written to run in linear time: the obvious ``(?:\s*X\s*)+`` re-scans a run of
#: spaces from every position in it (quadratic: "Chief" + 25,000 spaces + "Executive" held the GIL for
#: ~20 s). Here a match may only start where a run of horizontal space starts (the lookbehind), the
#: spaces before each separator are taken possessively (line breaks and tabs are separators themselves,
#: so nothing is lost by not giving spaces back), and the loop is possessive. It finds exactly the
#: spans the obvious pattern found; tests/hostile/test_linear_normalisers.py compares the two.
_SEPARATOR = re.compile(r"(?<![^\S\n\t])(?:[^\S\n\t]*+(?:[,;/&\n\t]|\band/or\b|\band\b|\bwith\b))++\s*+", re.IGNORECASE)

_OPTIONAL_PREFIX = r"(?:(?:the|all|relevant|joint|interim|acting|key|other|lead)\s+)*"

#: How a piece of a cell that starts a new owner begins: a job title, a political role, a group or a
#: partner. Department names ("Housing", "Human Resources", "Finance") are deliberately absent: after a
#: comma or "and" they almost always continue a title.
_OWNER_START = re.compile(
    "^" + _OPTIONAL_PREFIX + r"(?:"
    r"directors?|chief|heads?\s+of|deputy|assistant|"
    r"executive\s+(?:directors?|members?|board|leadership|management|team)|"
    r"(?:strategic|corporate|service|managing)\s+directors?|service\s+(?:managers?|leads?)|"
    r"monitoring\s+officer|section\s*151|s\.?\s*151|"
    r"cfo|ceo|slt|clt|smt|cmt|elt|emt|dmt|ed['’]?s|ad['’]?s|senior|"
    r"(?:corporate\s+)?(?:leadership|management)\s+team|"
    r"leader|cabinet|portfolio\s+holders?|councillors?|cllrs?|mayor|lead\s+members?|elected\s+members|"
    r"full\s+council|(?:officer\s+)?working\s+groups?|task\s+(?:and\s+finish\s+)?groups?|"
    r"nhs|ccg|icb|wyca|(?:west\s+yorkshire\s+|mayoral\s+)?combined\s+authority|"
    r"third\s+sector|voluntary\s+sector|vcs|vcfs|unison|trade\s+unions?|police|lga"
    r")\b",
    re.IGNORECASE,
)

#: Pieces that are owners only when something other than "and" / "&" precedes them. Bodies are
#: often named "X and Y Board" ("Health and Wellbeing Board", "Overview and Scrutiny Committee"), and
#: a bare plural after "and" is usually the end of a title ("Chief Officer, Elections and Members").
_WEAK_OWNER_START = re.compile(
    "^" + _OPTIONAL_PREFIX + r"(?:council|executive|members|partners|officers|managers|staff)$"
    r"|\b(?:group|board|team|network|forum|committee|panel|managers|officers|partners|champions|"
    r"officer|director|manager)s?$",
    re.IGNORECASE,
)
_STRONG_SEPARATOR = re.compile(r"[,;/\n\t]|\bwith\b", re.IGNORECASE)

_PAREN = re.compile(r"\([^()]*\)")
_PAREN_CHAR = re.compile(r"[()]")
_MASK_CHARS = re.compile(r"[()\n]")
_SPACE_RUN = re.compile(" {2,}")  # plain spaces only: other white space (U+2028...) is not trimmed as " " is
_TRIM = " \t\n,;:&/•○-–—"


def _clean_cell(text: str) -> str:
    """Turn cell markup into plain text so splitting sees what a reader sees.

    Cells copied from web pages keep ``<p>`` paragraphs (one per action in the Leeds plan) and
    entities such as ``&amp;``; paragraphs and bullets become line breaks, other tags vanish.
    Only complete entities (with ``;``) are decoded, so a bare "&" stays a separator.
    """
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    text = text.replace("\r", "\n").replace("\xa0", " ")
    text = _BULLET.sub("\n", text)
    return "\n".join(_LABEL.sub("", line) for line in text.split("\n"))


def _mask_parentheses(text: str) -> str:
    """Blank out parenthesised remarks so separators inside them are not seen.

    The result has the same length as ``text`` so match positions map straight back. An unclosed
    "(" runs to the end of its line, so one stray bracket cannot swallow the rest of the cell.
    Text between brackets and line breaks is copied (or blanked) a slice at a time, not a
    character at a time, so a long cell costs one pass.
    """
    out: list[str] = []
    depth, position = 0, 0
    for found in _MASK_CHARS.finditer(text):
        gap = text[position : found.start()]
        out.append("_" * len(gap) if depth else gap)
        char = found.group()
        if char == "(":
            depth += 1
        elif char == "\n":
            depth = 0
        out.append("_" if depth else char)
        if char == ")" and depth:
            depth -= 1
        position = found.end()
    tail = text[position:]
    out.append("_" * len(tail) if depth else tail)
    return "".join(out)


def _starts_owner(piece: str, separator: str) -> bool:
    """True when ``piece`` reads like the start of a new owner rather than the rest of a title.

    ``separator`` is the text between this piece and the one before; a weak start (a trailing
    "Board", a bare "Members") only counts after a comma, semicolon, slash, line break or "with".
    """
    bare = _WHITESPACE.sub(" ", _PAREN.sub(" ", piece)).strip(_TRIM + "()")
    if not bare:
        return False
    if _OWNER_START.search(bare):
        return True
    return bool(_WEAK_OWNER_START.search(bare)) and bool(_STRONG_SEPARATOR.search(separator))


def _tidy(owner: str) -> str:
    """Collapse whitespace (cells wrap lines mid-title) and trim separator debris from the ends."""
    owner = _WHITESPACE.sub(" ", owner).strip(_TRIM)
    return owner.rstrip(".").strip(_TRIM) if owner.endswith(".") else owner


def split_owners(text: str | None) -> list[str]:
    """Split an owner cell into the owners it names, each as written (whitespace tidied).

    A separator only separates owners when the piece after it starts like an owner, which is what
    keeps "Director of Communities, Housing and Environment" and "Chief Officer, Human Resources"
    whole while "Director of Resources & Chief Officer, Human Resources" gives two. Separators inside
    parentheses are never used, so a remark stays with its owner. Only the first
    ``MAX_OWNER_CELL_CHARS`` characters are read (after markup is removed and runs of spaces collapsed).

    >>> split_owners("Director of Resources & Chief Officer, Human Resources")
    ['Director of Resources', 'Chief Officer, Human Resources']
    >>> split_owners("Director of Adults and Health")
    ['Director of Adults and Health']
    >>> split_owners(None)
    []
    """
    if not text:
        return []
    # Runs of spaces become one (the owners come out whitespace-collapsed anyway, and no separator
    # depends on how many spaces there are), so the limit counts words, not padding.
    cleaned = _SPACE_RUN.sub(" ", _clean_cell(text))[:MAX_OWNER_CELL_CHARS]
    masked = _mask_parentheses(cleaned)
    # Pieces are (start, end, separator before) between separators; separators skipped over
    # by empty pieces are kept, so ", &" still counts as a comma.
    pieces: list[tuple[int, int, str]] = []
    position, separator = 0, "\n"
    for match in _SEPARATOR.finditer(masked):
        pieces.append((position, match.start(), separator))
        position, separator = match.end(), match.group()
    pieces.append((position, len(cleaned), separator))

    owners: list[list[int]] = []
    pending = ""
    for start, end, separator in pieces:
        piece = cleaned[start:end]
        pending += separator
        if not piece.strip(_TRIM):
            continue
        if not owners or _starts_owner(piece, pending):
            owners.append([start, end])
        else:
            owners[-1][1] = end
        pending = ""
    result = [_tidy(cleaned[start:end]) for start, end in owners]
    return [owner for owner in result if owner]


# ---------------------------------------------------------------------------------------------------
# Canonical names
# ---------------------------------------------------------------------------------------------------


_LOOKUP: dict[str, str] = {_key(variant): canonical for variant, canonical in CANONICAL_OWNERS.items()}

#: Titles that say nothing on their own, so "Chief Officer (HR)" keeps its bracket as the qualifier.
_BARE_TITLES = frozenset(
    {
        "director", "deputy director", "assistant director", "executive director", "strategic director",
        "corporate director", "service director", "chief officer", "head of service", "head",
        "service manager", "lead officer",
    }
)  # fmt: skip

_DIRECTOR_WITHOUT_OF = re.compile(
    r"^((?:(?:joint|interim|acting)\s+)?(?:(?:executive|assistant|deputy|strategic|corporate|service)\s+)?"
    r"director)\s+(?!(?:of|for|general|and|or|the|to|in|on|at|by|with)\b)(?=[A-Za-z])",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _drop_remarks(owner: str) -> tuple[str, list[str]]:
    """Remove parenthesised remarks (nested or unclosed too) and return what was removed.

    Innermost remarks come first, in the order their ")" is written, and each removed remark leaves
    one space in the text around it: what repeatedly cutting out the leftmost innermost "(...)" gives,
    done in one pass with a stack (cutting them out one at a time re-scanned the whole text per
    bracket, which is quadratic on a cell of many brackets).
    """
    remarks: list[str] = []
    pieces: list[str] = []  # the text so far, each "(" still open as a piece of its own
    opened: list[int] = []  # where in ``pieces`` each open "(" is (ints, so deep nesting adds no GC work)
    position = 0
    for found in _PAREN_CHAR.finditer(owner):
        pieces.append(owner[position : found.start()])
        position = found.end()
        if found.group() == "(":
            opened.append(len(pieces))
            pieces.append("(")
        elif opened:
            start = opened.pop()
            remarks.append("".join(pieces[start + 1 :]).strip())
            del pieces[start:]
            pieces.append(" ")
        else:
            pieces.append(")")  # a ")" that closes nothing stays, and becomes a space below
    pieces.append(owner[position:])
    owner = "".join(pieces)  # unclosed brackets are still in place
    if "(" in owner:  # an unclosed bracket: the rest is a remark
        owner, _, rest = owner.partition("(")
        remarks.append(rest.strip())
    owner = owner.replace(")", " ")
    return _WHITESPACE.sub(" ", owner).strip(_TRIM), [r for r in remarks if r]


def _capitalise(owner: str) -> str:
    """Capitalise lower-case words so "Director of Adults and health" matches "... and Health"."""
    words = owner.split(" ")
    for i, word in enumerate(words):
        if word.islower() and (i == 0 or word not in _SMALL_WORDS):
            words[i] = word[0].upper() + word[1:]
    return " ".join(words)


def _bounded(owner: str) -> str:
    """``owner`` itself, unless longer than ``MAX_OWNER_CELL_CHARS``: then its first that many characters
    after white space is collapsed (which every rule below ignores), so junk costs a bounded amount of work."""
    if len(owner) <= MAX_OWNER_CELL_CHARS:
        return owner
    return _WHITESPACE.sub(" ", owner).strip()[:MAX_OWNER_CELL_CHARS]


def canonical_owner(owner: str) -> str:
    """Return the one name used for an owner, whatever spelling the plan used.

    The parenthesised remark is dropped (it says what the owner does for this action, not who
    they are), then ``CANONICAL_OWNERS`` is consulted; titles it does not know get "of" after a
    bare "Director" and capitals on lower-case words, then are looked up once more.

    >>> canonical_owner("Chief Officer HR")
    'Chief Officer, Human Resources'
    >>> canonical_owner("Director of City Development (as key link to WYCA)")
    'Director of City Development'
    >>> canonical_owner("S151 Officer")
    'Chief Finance Officer (Section 151)'
    """
    owner = _bounded(owner)
    bare, remarks = _drop_remarks(_WHITESPACE.sub(" ", owner).strip(_TRIM))
    if not bare and remarks:
        bare = _drop_remarks(" ".join(remarks))[0]
    elif _key(bare) in _BARE_TITLES and remarks and len(remarks[0].split()) <= 4 and remarks[0][:1].isupper():
        bare = f"{bare} {_drop_remarks(remarks[0])[0]}"
    bare = _tidy(bare)
    if _key(bare) in _LOOKUP:
        return _LOOKUP[_key(bare)]
    if not bare:
        return ""
    general = _WHITESPACE.sub(" ", re.sub(r"\s*&\s*", " and ", bare)).strip()
    general = _DIRECTOR_WITHOUT_OF.sub(r"\1 of ", general)
    general = _capitalise(general)
    return _LOOKUP.get(_key(general), general)


# ---------------------------------------------------------------------------------------------------
# Role families
# ---------------------------------------------------------------------------------------------------

#: A single council officer's post. For these the subject of the title (finance, HR) decides the
#: family, never a partner or political word inside it ("Director of Partnerships", "Head of
#: Democratic and Member Services").
_OFFICER_POST = re.compile(
    r"^(?:(?:joint|interim|acting)\s+)*(?:(?:deputy|assistant|executive|strategic|corporate|service|managing)\s+)?"
    r"(?:director|chief\s+\w+|head\s+of|head|service\s+manager|manager|monitoring\s+officer|officer)\b",
    re.IGNORECASE,
)
_GROUP_END = re.compile(
    r"\b(?:(?:group|team|board|network|forum|panel|committee)s?|managers|officers|directors|champions|leads)$",
    re.IGNORECASE,
)
_POLITICAL = re.compile(
    r"\b(?:leader|deputy\s+leader|cabinet|portfolio\s+holders?|councillors?|cllrs?|members?|mayor|"
    r"executive\s+board|council|scrutiny|committees?)\b",
    re.IGNORECASE,
)
_PARTNER = re.compile(
    r"\b(?:nhs|ccg|icb|integrated\s+care|wyca|combined\s+authority|partners|partnerships?|third\s+sector|"
    r"voluntary|vcs|vcfs|unison|unions?|police|university|health\s+and\s+wellbeing\s+board|lep)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(?:slt|clt|smt|cmt|elt|emt|dmt|ed['’]?s|ad['’]?s|team|teams|groups?|board|boards|network|networks|"
    r"forum|managers|officers|directors|heads\s+of|staff|champions|leads)\b",
    re.IGNORECASE,
)
_FINANCE = re.compile(
    r"\b(?:financ(?:e|ial)|cfo|section\s*151|s\.?\s*151|treasurer)\b",
    re.IGNORECASE,
)
_HR = re.compile(r"\b(?:hr|human\s+resources|people|workforce|personnel)\b", re.IGNORECASE)
_CHIEF_EXECUTIVE = re.compile(r"\b(?:chief\s+exec(?:utive)?|ceo|head\s+of\s+paid\s+service)\b", re.IGNORECASE)
_DIRECTOR = re.compile(r"\bdirector\b", re.IGNORECASE)
_CHIEF_OFFICER = re.compile(
    r"\b(?:chief\s+officer|head\s+of|head|service\s+manager|monitoring\s+officer|manager|officer|solicitor)\b",
    re.IGNORECASE,
)


def role_family(owner: str) -> str:
    """Return the family in ``OWNER_FAMILIES`` that a title belongs to.

    The owner is canonicalised first, so a remark such as "(as key link to WYCA)" cannot make a
    director a partner. Rules run from the most specific kind of owner to the least: political
    roles and partners, then groups (plurals), then single posts by subject (finance, HR) and rank.

    >>> role_family("Chief Officer HR")
    'HR / people'
    >>> role_family("ADs")
    'Officer group'
    """
    owner = _bounded(owner)
    if owner.strip().lower() == NOT_STATED:
        return FAMILY_NOT_STATED
    if _key(owner) in _PLACEHOLDERS:
        return FAMILY_NO_OWNER
    name = canonical_owner(owner)
    if not name:
        return FAMILY_NO_OWNER
    if not _OFFICER_POST.match(name) or _GROUP_END.search(name):
        if _POLITICAL.search(name):
            return POLITICAL
        if _PARTNER.search(name):
            return PARTNER
        if _GROUP.search(name):
            return OFFICER_GROUP
    for pattern, family in (
        (_FINANCE, FINANCE),
        (_HR, HR_PEOPLE),
        (_CHIEF_EXECUTIVE, CHIEF_EXECUTIVE),
        (_DIRECTOR, DIRECTOR),
        (_CHIEF_OFFICER, CHIEF_OFFICER),
    ):
        if pattern.search(name):
            return family
    return OTHER


def family_of_missing(has_owner_column: bool) -> str:
    """Family for an action with no owner: the plan never names owners, or this row left it blank."""
    return FAMILY_NO_OWNER if has_owner_column else FAMILY_NOT_STATED


# ---------------------------------------------------------------------------------------------------
# Owners for the loader
# ---------------------------------------------------------------------------------------------------


def _unique(names: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each name, in order (two variants of one post count once)."""
    seen: dict[str, None] = {}
    for name in names:
        if name and name not in seen:
            seen[name] = None
    return list(seen)


def owners_for(text: str | None, *, has_owner_column: bool) -> list[str]:
    """Canonical owners of one action, for the loader.

    A plan without an owner column gives ``[NOT_STATED]`` for its unowned actions so charts can show "not
    stated" as its own bar; an empty or "TBC" cell in a plan that does name owners gives ``[]``. Owner text
    written in the source always wins, even in a plan with no owner column (Bury 2021 names a lead for a few
    of its responses in running text), so nothing the council wrote is hidden behind "not stated".

    >>> owners_for("Chief Officer IDS & CFO", has_owner_column=True)
    ['Chief Officer, Integrated Digital Services', 'Chief Finance Officer (Section 151)']
    >>> owners_for(None, has_owner_column=False)
    ['not stated']
    >>> owners_for("Director of People and Inclusion", has_owner_column=False)
    ['Director of People and Inclusion']
    """
    if text is None or _key(text) in _PLACEHOLDERS:
        return [] if has_owner_column else [NOT_STATED]
    return _unique(canonical_owner(owner) for owner in split_owners(text) if _key(owner) not in _PLACEHOLDERS)


# ---------------------------------------------------------------------------------------------------
# Owners mentioned in action text
# ---------------------------------------------------------------------------------------------------


def _mention_pattern(variant: str) -> re.Pattern[str]:
    """Regex for one table key in running text.

    Acronyms ("SLT", "ADs", "ED's") must match their capitals exactly, or "ads" would count; other
    titles must start with a capital (titles are capitalised in prose, "members of staff" is not a
    mention of councillors) but may differ in case after that.
    """
    words = [re.escape(word).replace("'", "['’]") for word in variant.replace(",", "").split()]
    body = r",?\s+".join(words)
    if " " not in variant and sum(c.isupper() for c in variant) >= 2:
        return re.compile(rf"(?<![\w'’]){body}(?![\w'’])")
    first, rest = body[0], body[1:]
    return re.compile(rf"(?<![\w'’]){first}(?i:{rest})(?![\w'’])")


#: A capitalised word that can continue a title in prose; months and "Ongoing" start a timescale.
_TITLE_WORD = (
    r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Ongoing)\b)"
    r"[A-Z][\w'’]*"
)

#: Titles not in the table, in prose: "Director of Place", "Head of Legal and Democratic Services".
_GENERIC_TITLE = re.compile(
    r"\b(?:(?:Executive|Assistant|Deputy|Strategic|Corporate) )?(?:Director|Head) of " + _TITLE_WORD
    + r"(?: (?:and|&) (?!(?:Director|Chief|Head|Leader|Cabinet)\b)" + _TITLE_WORD
    + r"| " + _TITLE_WORD + r")*"
)  # fmt: skip


def _anchor(variant: str) -> str:
    """Lower-case text every match of ``variant`` must contain: its first word, up to any apostrophe.

    A cheap substring test on it skips the regex scan for the hundreds of titles a text never mentions,
    which made this the slowest step of loading a national corpus.
    """
    return re.split("['’]", variant.replace(",", "").split()[0])[0].lower()


_MENTION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    *(
        (_anchor(variant), _mention_pattern(variant))
        for variant in sorted(CANONICAL_OWNERS, key=len, reverse=True)
        if variant not in _NOT_MENTIONS
    ),
    ("", _GENERIC_TITLE),
)


def mentioned_owners(action_text: str) -> list[str]:
    """Owners named in free action text, canonicalised, in order of first mention, without repeats.

    At each place the longest match wins, so "Governance Task Group" is not also "Task Group" and
    "Cabinet Member" is not also "Cabinet".

    >>> mentioned_owners("ED's and ADs to hold more directorate meetings to reduce items going to SLT.")
    ['Executive Directors', 'Assistant Directors', 'Senior Leadership Team']
    """
    if not action_text:
        return []
    text = _clean_cell(action_text[:MAX_MENTION_TEXT_CHARS])
    lowered = text.lower()
    found: list[tuple[int, int, str]] = []
    for anchor, pattern in _MENTION_PATTERNS:
        if anchor not in lowered:
            continue
        for match in pattern.finditer(text):
            found.append((match.start(), -(match.end() - match.start()), match.group()))
    found.sort()
    names: list[str] = []
    covered_to = -1
    for start, negative_length, phrase in found:
        if start < covered_to:
            continue
        covered_to = start - negative_length
        names.append(canonical_owner(phrase))
    return _unique(names)
