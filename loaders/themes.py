"""Explainable classification of peer challenge recommendations into topics and LGA core themes.

Why rules and not a trained model: there are only a few hundred hand-labelled recommendations, the
vocabulary of peer challenge reports is small and formulaic, and a dashboard user must be able to see
*why* a recommendation was put under a heading. Every label therefore carries the words of the
recommendation that led to it (``Classification.evidence``), and every rule is a readable, weighted
regular expression in one of two rule files under ``rules/`` (data a policy analyst can correct without
reading Python; format in ``rules/README.md``), read and validated at import:

* ``rules/topics.yaml`` gives :data:`TOPIC_KEYWORDS`, each topic's weighted patterns (words, stems and
  phrases), and :data:`TOPIC_DEFINITIONS`;
* ``rules/themes.yaml`` gives :data:`THEME_RULES`, each LGA core theme's own weighted patterns plus *priors*:
  how much a topic's score counts towards the theme (staff engagement leans to "Capacity for improvement",
  a governance review to "Governance and culture").

Patterns are regex fragments wrapped in word boundaries and matched case-insensitively. A space in a
pattern matches any run of spaces or hyphens ("decision making" = "decision-making") and " ?" an
optional one ("co ?produce" = "coproduce" = "co-produce"); stems end in ``\\w*``; British and American
spellings are both written in (``organi[sz]ation``, ``behaviou?r``, ``moderni[sz]\\w*``).
Words in a recommendation's title count :data:`TITLE_WEIGHT` times as much as words in its body,
because the title is the peer team's headline and the body often wanders into neighbouring topics.

The topic taxonomy (refined from the King's Lynn, North West Leicestershire, Leeds, Bury and other
councils' recommendations):

* **community engagement** - how the council listens to, consults and co-produces with residents,
  customers and communities (engagement strategies, resident surveys, consultation).
* **staff engagement and internal communication** - two-way conversation with staff: internal comms,
  staff surveys, roadshows, the intranet, feeding back to employees.
* **culture, values and behaviours** - the organisation's culture, shared values, expected behaviours,
  trust and openness, "one council" ways of working.
* **workforce, wellbeing and recruitment** - the people strategy: recruitment and retention, staff
  wellbeing and burnout, training, appraisal, pay, the working environment.
* **equality, diversity and inclusion** - EDI as employer and service provider: champions, training,
  under-represented groups, equality impact assessments.
* **transformation and digital** - changing how the council works: transformation programmes, digital
  and ICT, process redesign, customer services, programme and project delivery.
* **financial sustainability and savings** - the budget and medium-term financial strategy, savings,
  income, reserves, fees and charges, commercial activity and financial management.
* **governance, risk and scrutiny** - decision-making arrangements, the constitution, scrutiny, risk
  management, audit and assurance, procurement controls, elections cycle.
* **performance management and data** - measures, KPIs and performance frameworks, data and business
  intelligence, benchmarking, monitoring and reporting.
* **partnerships and place leadership** - working with partners (health, VCS, anchors, other councils,
  combined authorities), influence regionally and nationally, leading the place.
* **member–officer relations and political leadership** - councillors' roles, member development,
  relations between councillors and officers, the Cabinet, the Leader and the political group(s).
* **priorities and strategy** - the corporate plan, vision and priorities, prioritising and stopping
  things, the strategic framework and the pace of delivery.
* **housing** - housing services and the landlord role: repairs, tenants, homelessness, affordable homes.
* **regeneration and growth** - economic development, regeneration programmes, town centres, the local
  plan and planning, transport and large developments.
* **locality working** - neighbourhood and place-based working inside the council's area: localities,
  community committees and hubs, parish and town councils, strengths-based approaches.
* **children's and adults' services** - social care for children and adults, SEND, safeguarding,
  health and care integration, schools and education.
* **communications and reputation** - external communications: telling the council's story, its
  narrative, brand, profile and media.
* **senior management and organisational capacity** - the top team and management structure: SLT/CLT
  focus, empowering and delegating to managers, organisational design, capacity and resilience.
* **climate and environment** - net zero and climate change, carbon reduction, the natural environment
  and environmental services.

The public API is :func:`classify` (one text in, a :class:`Classification` out) and :func:`agreement`
(how well predicted themes match hand labels). Nothing here imports Streamlit; the dashboard calls it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from loaders.constants import LGA_THEMES
from loaders.problems import shown
from loaders.rules import RULES_DIR, RuleError, Themes, Topics, load_rules, rule_problem

# --------------------------------------------------------------------------------------------------
# Taxonomy
# --------------------------------------------------------------------------------------------------

COMMUNITY = "community engagement"
STAFF = "staff engagement and internal communication"
CULTURE = "culture, values and behaviours"
WORKFORCE = "workforce, wellbeing and recruitment"
EDI = "equality, diversity and inclusion"
TRANSFORMATION = "transformation and digital"
FINANCE = "financial sustainability and savings"
GOVERNANCE = "governance, risk and scrutiny"
PERFORMANCE = "performance management and data"
PARTNERSHIPS = "partnerships and place leadership"
MEMBERS = "member–officer relations and political leadership"
PRIORITIES = "priorities and strategy"
HOUSING = "housing"
REGENERATION = "regeneration and growth"
LOCALITY = "locality working"
CARE = "children's and adults' services"
COMMUNICATIONS = "communications and reputation"
MANAGEMENT = "senior management and organisational capacity"
CLIMATE = "climate and environment"

(PRIORITIES_THEME, LEADERSHIP_THEME, GOVERNANCE_THEME, FINANCE_THEME, CAPACITY_THEME) = LGA_THEMES

# --------------------------------------------------------------------------------------------------
# Rules
# --------------------------------------------------------------------------------------------------

#: A weighted pattern: a regex fragment (see the module docstring) and how much one match counts.
Rule = tuple[str, float]


@dataclass(frozen=True)
class ThemeRule:
    """How one LGA core theme is scored: its own patterns plus priors over topics.

    ``priors[topic]`` is the share of that topic's score that counts towards the theme. Priors carry
    most of the weight because the themes are broad headings; the theme's own patterns catch words that
    name the heading directly ("governance", "capacity", "leadership").
    """

    patterns: tuple[Rule, ...]
    priors: Mapping[str, float] = field(default_factory=dict)


#: Where the vocabularies live: a policy analyst corrects a pattern, weight, definition or prior there.
TOPICS_FILE = RULES_DIR / "topics.yaml"
THEMES_FILE = RULES_DIR / "themes.yaml"


def _load_topics(path: Path) -> tuple[dict[str, str], dict[str, tuple[Rule, ...]]]:
    """Topic definitions and weighted patterns from ``path``, in the file's (display) order.

    Weights: 3 a defining phrase, 2 a specific word, 1 a supporting word, 0.5 a word that only hints.
    """
    rules, _ = load_rules(path, Topics)
    definitions = {name: topic.definition for name, topic in rules.topics.items()}
    keywords = {name: tuple((p.pattern, p.weight) for p in topic.patterns) for name, topic in rules.topics.items()}
    return definitions, keywords


def _load_themes(path: Path, topics: Sequence[str]) -> dict[str, ThemeRule]:
    """LGA theme -> own weighted patterns and topic priors, from ``path``.

    The file must name exactly the LGA themes, its priors only known topics, and every topic must feed
    some theme (or it could never move a recommendation's theme); each slip is reported with its line.
    """
    rules, text = load_rules(path, Themes)
    problems = []
    names = set(rules.themes)
    for theme in LGA_THEMES:
        if theme not in names:
            problems.append(rule_problem(path, text, ("themes",), f"the LGA theme {theme!r} is missing"))
    known, fed = set(topics), set()
    for theme, rule in rules.themes.items():
        if theme not in LGA_THEMES:
            message = f"{shown(theme)} is not an LGA core theme (they are: {', '.join(LGA_THEMES)})"
            problems.append(rule_problem(path, text, ("themes", theme), message, key=True))
        for topic in rule.priors:
            fed.add(topic)
            if topic not in known:
                message = f"{shown(topic)} is not a topic in {TOPICS_FILE.name}"
                problems.append(rule_problem(path, text, ("themes", theme, "priors", topic), message, key=True))
    for topic in topics:
        if topic not in fed:
            problems.append(
                rule_problem(path, text, ("themes",), f"the topic {topic!r} feeds no theme; give it a prior")
            )
    if problems:
        raise RuleError(problems)
    return {
        theme: ThemeRule(patterns=tuple((p.pattern, p.weight) for p in rule.patterns), priors=dict(rule.priors))
        for theme, rule in rules.themes.items()
    }


#: One-line definition of every topic, and its weighted patterns. Acronyms that collide with English words
#: are matched case-sensitively (``(?-i:...)``), and ``[’']`` accepts the straight and curly apostrophes both
#: found in the sources.
TOPIC_DEFINITIONS: dict[str, str]
TOPIC_KEYWORDS: dict[str, tuple[Rule, ...]]
TOPIC_DEFINITIONS, TOPIC_KEYWORDS = _load_topics(TOPICS_FILE)

#: The taxonomy, in display order.
TOPICS: tuple[str, ...] = tuple(TOPIC_DEFINITIONS)

#: LGA theme -> own weighted patterns and topic priors. Priors start from where the LGA's own descriptions of
#: the five themes put each subject, adjusted to where the hand labels in data/plans put them.
THEME_RULES: dict[str, ThemeRule] = _load_themes(THEMES_FILE, TOPICS)

#: Words in the title count this many times as much as words in the body.
TITLE_WEIGHT = 2.5
#: Each further match of the same pattern adds this share of its weight, up to MAX_REPEATS times:
#: repetition is a signal, but a long text should not win on length alone.
REPEAT_BONUS = 0.2
MAX_REPEATS = 3
#: A topic is reported when it scores at least this much ...
MIN_TOPIC_SCORE = 2.0
#: ... and at least this share of the best topic's score ...
TOPIC_RELATIVE = 0.4
#: ... and no more than this many topics are reported.
MAX_TOPICS = 4
#: Themes after the best are reported when they reach this share of the best theme's score.
THEME_RELATIVE = 0.5
MAX_THEMES = 3
#: Theme given to text that matches nothing at all but says something (:func:`has_substance`), so every
#: readable recommendation has a theme.
FALLBACK_THEME = PRIORITIES_THEME
#: Words of at least three letters a text needs before the fallback theme is given: a fragment cut off in
#: the source ("Develop g") matches nothing because there is nothing to match, and a guessed theme with
#: the fragment as its evidence would pass a guess off as a finding.
MIN_FALLBACK_WORDS = 2
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
#: Most evidence strings kept per label (the strongest first).
MAX_EVIDENCE = 8
#: Characters of a title and of a text that are classified. Recommendations are a paragraph or two (the
#: longest shipped is under 800 characters); beyond this, more words cannot change what a recommendation
#: is about, and scanning them costs time per character while holding the GIL. Evidence is still verbatim.
MAX_CLASSIFY_CHARS = 10_000

# --------------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------------

_SEPARATOR = r"[\s\-‐–—/]"


@cache
def _compile(fragment: str) -> re.Pattern[str]:
    """Wrap a pattern fragment in word boundaries, make spaces flexible, ignore case.

    Cached because the same fragments are used for every recommendation in the corpus.
    """
    body = fragment.replace(" ?", _SEPARATOR + "*").replace(" ", _SEPARATOR + "+")
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@dataclass
class _Tally:
    """Running score and evidence (matched string -> strongest contribution) for one label.

    Evidence is de-duplicated case-insensitively but stored as first written, so it stays verbatim.
    """

    score: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)
    _folded: dict[str, str] = field(default_factory=dict)

    def note(self, string: str, contribution: float) -> None:
        """Record ``string`` as evidence without changing the score."""
        key = self._folded.setdefault(string.casefold(), string)
        self.evidence[key] = max(self.evidence.get(key, 0.0), contribution)

    def add(self, strings: Iterable[str], contribution: float) -> None:
        """Add ``contribution`` to the score, crediting it to each of ``strings``."""
        self.score += contribution
        for string in strings:
            self.note(string, contribution)

    def strongest(self) -> tuple[str, ...]:
        ranked = sorted(self.evidence.items(), key=lambda kv: -kv[1])
        return tuple(s for s, _ in ranked[:MAX_EVIDENCE])


def _structure(fragment: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) for each ``(``, ``)`` and ``|`` outside classes and escapes."""
    depth, escaped, in_class = 0, False, False
    for i, char in enumerate(fragment):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()|":
            depth += {"(": 1, ")": -1, "|": 0}[char]
            yield i, char, depth


def _split_top_level(fragment: str) -> list[str]:
    """Split a regex fragment at its top-level ``|`` (not inside groups, classes or escapes)."""
    parts, begin = [], 0
    for i, char, depth in _structure(fragment):
        if char == "|" and depth == 0:
            parts.append(fragment[begin:i])
            begin = i + 1
    return [*parts, fragment[begin:]]


def _group_end(fragment: str) -> int:
    """Index of the ``)`` closing the group that opens ``fragment`` (-1 if unbalanced)."""
    return next((i for i, char, depth in _structure(fragment) if char == ")" and depth == 0), -1)


@cache
def _required_prefixes(fragment: str) -> tuple[str, ...]:
    """Lower-case strings one of which every match of ``fragment`` contains; () when none is known.

    A substring test on them skips most regex scans: each recommendation is checked against every
    fragment of every topic, and most fragments' opening words are not in it. Only literal openings
    are used (a word, or a non-capturing group of alternatives each opening with a word); anything
    else (classes, case-sensitive groups, optional groups) gets no filter, so the test never drops a match.
    """
    branches = _split_top_level(fragment)
    if len(branches) > 1:
        found = [_required_prefixes(branch) for branch in branches]
        return () if any(not f for f in found) else tuple(p for f in found for p in f)
    if fragment.startswith("(?:"):
        end = _group_end(fragment)
        if end < 0 or fragment[end + 1 : end + 2] in ("?", "*", "{"):
            return ()
        return _required_prefixes(fragment[3:end])
    run = re.match(r"[a-z0-9]+", fragment)
    if not run:
        return ()
    prefix = run.group(0)
    if fragment[run.end() : run.end() + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]  # "residents?": the last letter is optional
    return (prefix,) if len(prefix) >= 3 else ()


def _match(rules: Sequence[Rule], title: str, body: str, tally: _Tally) -> None:
    """Score ``rules`` against a title and body, adding contributions and matched strings to ``tally``."""
    lowered = f"{title}\n{body}".lower()
    for fragment, weight in rules:
        prefixes = _required_prefixes(fragment)
        if prefixes and not any(p in lowered for p in prefixes):
            continue
        regex = _compile(fragment)
        title_hits = [m.group(0) for m in regex.finditer(title)] if title else []
        body_hits = [m.group(0) for m in regex.finditer(body)] if body else []
        hits = title_hits + body_hits
        if not hits:
            continue
        base = weight * (TITLE_WEIGHT if title_hits else 1.0)
        contribution = base + REPEAT_BONUS * weight * min(len(hits) - 1, MAX_REPEATS)
        tally.add(hits, contribution)


# --------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """The labels for one recommendation, best first, with the words that justify each.

    ``evidence`` maps every reported topic and theme to strings that occur verbatim in the title or
    text, so the dashboard can highlight them. ``scores`` holds every topic's and theme's score (0.0
    when nothing matched) for charts and thresholds; topics and themes never share a name.
    """

    lga_themes: tuple[str, ...]
    topics: tuple[str, ...]
    evidence: dict[str, tuple[str, ...]]
    scores: dict[str, float]


def _opening_words(text: str, limit: int = 60) -> str:
    """A verbatim slice of the text's start, used as evidence when nothing else matched."""
    stripped = text.strip()
    if len(stripped) <= limit:
        return stripped
    cut = stripped[:limit]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > 0 and cut[:space].strip() else cut


def has_substance(text: str) -> bool:
    """Whether ``text`` has :data:`MIN_FALLBACK_WORDS` words of three or more letters (linear scan)."""
    return any(found >= MIN_FALLBACK_WORDS for found, _ in enumerate(_CONTENT_WORD.finditer(text), start=1))


def classify(text: str, *, title: str | None = None) -> Classification:
    """Classify a recommendation into topics and LGA core themes, with evidence for each label.

    ``title`` is the recommendation's headline and counts :data:`TITLE_WEIGHT` times as much as
    ``text``. Any input with substance (:func:`has_substance`: two words of three letters or more) gets at
    least one LGA theme (the fallback theme when nothing matches, with the text's opening words as
    evidence); blank input, and a fragment such as "Develop g" that matches nothing, gets no labels. Never
    raises on str input. Only the first :data:`MAX_CLASSIFY_CHARS` characters of each are read.
    """
    title = (title or "")[:MAX_CLASSIFY_CHARS]
    text = (text or "")[:MAX_CLASSIFY_CHARS]
    topic_tallies = {topic: _Tally() for topic in TOPICS}
    for topic, rules in TOPIC_KEYWORDS.items():
        _match(rules, title, text, topic_tallies[topic])

    theme_tallies = {theme: _Tally() for theme in LGA_THEMES}
    for theme, rule in THEME_RULES.items():
        tally = theme_tallies[theme]
        _match(rule.patterns, title, text, tally)
        for topic, prior in rule.priors.items():
            source = topic_tallies[topic]
            if source.score > 0:
                tally.score += prior * source.score
                for string, contribution in source.evidence.items():
                    tally.note(string, prior * contribution)

    best_topic = max((t.score for t in topic_tallies.values()), default=0.0)
    topic_floor = max(MIN_TOPIC_SCORE, TOPIC_RELATIVE * best_topic)
    topics = tuple(
        sorted(
            (t for t in TOPICS if topic_tallies[t].score >= topic_floor),
            key=lambda t: (-topic_tallies[t].score, TOPICS.index(t)),
        )[:MAX_TOPICS]
    )

    best_theme = max(t.score for t in theme_tallies.values())
    themes: tuple[str, ...]
    if best_theme > 0:
        themes = tuple(
            sorted(
                (t for t in LGA_THEMES if theme_tallies[t].score >= THEME_RELATIVE * best_theme),
                key=lambda t: (-theme_tallies[t].score, LGA_THEMES.index(t)),
            )[:MAX_THEMES]
        )
    elif has_substance(f"{title}\n{text}"):
        themes = (FALLBACK_THEME,)
        opening = _opening_words(title) if title.strip() else _opening_words(text)
        theme_tallies[FALLBACK_THEME].note(opening, 0.0)
    else:
        themes = ()

    evidence = {label: topic_tallies[label].strongest() for label in topics}
    evidence.update({label: theme_tallies[label].strongest() for label in themes})
    scores = {label: round(topic_tallies[label].score, 3) for label in TOPICS}
    scores.update({label: round(theme_tallies[label].score, 3) for label in LGA_THEMES})
    return Classification(lga_themes=themes, topics=topics, evidence=evidence, scores=scores)


def agreement(hand: list[list[str]], predicted: list[list[str]]) -> dict[str, float]:
    """How well predicted labels agree with hand labels, item by item.

    Returns ``top1`` (share of items whose first predicted label is among the hand labels), ``any``
    (share where the two sets share at least one label), ``jaccard`` (mean intersection over union) and
    ``n`` (items scored). Items with no hand label are skipped: there is nothing to agree with. With no
    scored items every figure is 0.0, so callers can print it without special cases.
    """
    if len(hand) != len(predicted):
        raise ValueError(f"hand has {len(hand)} items but predicted has {len(predicted)}")
    pairs = [(set(h), list(p)) for h, p in zip(hand, predicted, strict=True) if h]
    if not pairs:
        return {"top1": 0.0, "any": 0.0, "jaccard": 0.0, "n": 0.0}
    top1 = sum(1 for h, p in pairs if p and p[0] in h)
    any_ = sum(1 for h, p in pairs if h & set(p))
    jaccard = sum(len(h & set(p)) / len(h | set(p)) for h, p in pairs)
    n = len(pairs)
    return {"top1": top1 / n, "any": any_ / n, "jaccard": jaccard / n, "n": float(n)}
