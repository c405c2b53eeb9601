"""The rule files under rules/: they hold what the Python literals held, and a bad one fails clearly.

``tests/fixtures/rules/python_literals.json`` was written from the Python literals (``CANONICAL_OWNERS``,
``TOPIC_DEFINITIONS``, ``TOPIC_KEYWORDS``, ``THEME_RULES``) by the same one-off script that wrote the YAML,
just before they moved, so the first test proves the move changed nothing, order included (the owner
table's order decides which spelling wins a tie; the topic order is the display order).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders import cache, owners, themes
from loaders.rules import RULES_DIR, RuleError, Topics, load_rules

SNAPSHOT = Path(__file__).parents[1] / "fixtures" / "rules" / "python_literals.json"


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_owner_table_equals_the_python_literal(snapshot: dict) -> None:
    assert list(owners.CANONICAL_OWNERS.items()) == [tuple(pair) for pair in snapshot["CANONICAL_OWNERS"]]
    assert len(owners.CANONICAL_OWNERS) == 95


def test_topics_equal_the_python_literals(snapshot: dict) -> None:
    assert list(themes.TOPIC_DEFINITIONS.items()) == [tuple(pair) for pair in snapshot["TOPIC_DEFINITIONS"]]
    keywords = [[topic, [list(rule) for rule in rules]] for topic, rules in themes.TOPIC_KEYWORDS.items()]
    assert keywords == snapshot["TOPIC_KEYWORDS"]
    assert tuple(topic for topic, _ in snapshot["TOPIC_DEFINITIONS"]) == themes.TOPICS
    assert all(isinstance(w, float) for rules in themes.TOPIC_KEYWORDS.values() for _, w in rules)


def test_theme_rules_equal_the_python_literals(snapshot: dict) -> None:
    rules = [
        [theme, [list(p) for p in rule.patterns], [list(prior) for prior in rule.priors.items()]]
        for theme, rule in themes.THEME_RULES.items()
    ]
    assert rules == snapshot["THEME_RULES"]
    assert all(isinstance(rule, themes.ThemeRule) for rule in themes.THEME_RULES.values())


def test_the_cache_key_covers_the_rule_files() -> None:
    names = {path.name for path in cache._CODE}
    assert {"owner_titles.yaml", "topics.yaml", "themes.yaml"} <= names
    assert sorted(RULES_DIR.glob("*.yaml")) == [p for p in cache._CODE if p.suffix == ".yaml"]


# ------------------------------------------------------------------------------------------------
# A malformed rule file: the error names the file, the line and the field
# ------------------------------------------------------------------------------------------------

GOOD_TOPICS = """\
topics:
  'housing':
    definition: 'Housing services.'
    patterns:
      - {weight: 2.0, pattern: 'housing'}
      - {weight: 1.0, pattern: 'tenants?'}
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, model: type = Topics) -> RuleError:
    with pytest.raises(RuleError) as caught:
        load_rules(path, model)
    return caught.value


def test_a_good_file_loads(tmp_path: Path) -> None:
    rules, _ = load_rules(_write(tmp_path, "topics.yaml", GOOD_TOPICS), Topics)
    assert [(p.pattern, p.weight) for p in rules.topics["housing"].patterns] == [("housing", 2.0), ("tenants?", 1.0)]


@pytest.mark.parametrize(
    ("old", "new", "line", "field", "words"),
    [
        ("weight: 1.0", "weight: -1", 6, "topics.housing.patterns[1].weight", "greater than 0"),
        ("weight: 1.0", "weight: 'heavy'", 6, "topics.housing.patterns[1].weight", "valid number"),
        ("'tenants?'", "'tenants('", 6, "topics.housing.patterns[1].pattern", "not a valid regular expression"),
        ("'tenants?'", "'(?:tenants)?'", 6, "topics.housing.patterns[1].pattern", "matches empty text"),
        ("definition:", "definiton:", 3, "topics.housing.definiton", "Extra inputs"),
        ("    definition: 'Housing services.'\n", "", 3, "topics.housing.definition", "Field required"),
    ],
)
def test_a_bad_rule_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, line: int, field: str, words: str
) -> None:
    assert old in GOOD_TOPICS
    error = _error(_write(tmp_path, "topics.yaml", GOOD_TOPICS.replace(old, new, 1)))
    problem = error.problems[-1]  # a misspelt key is also a missing one: that row comes first
    assert len(error.problems) == (2 if new == "definiton:" else 1)
    assert problem.file.endswith("topics.yaml")
    assert (problem.line, problem.field) == (line, field)
    assert words in problem.message
    assert f"topics.yaml:{line}: {field}:" in str(error)


def test_yaml_syntax_and_duplicate_keys_name_their_line(tmp_path: Path) -> None:
    broken = _error(_write(tmp_path, "topics.yaml", GOOD_TOPICS.replace("{weight: 1.0,", "{weight: 1.0,,")))
    assert broken.problems[0].line == 6
    duplicated = GOOD_TOPICS + "  'housing':\n    definition: 'Again.'\n    patterns: []\n"
    error = _error(_write(tmp_path, "topics.yaml", duplicated))
    assert error.problems[0].line == 7
    assert "duplicate key 'housing'" in error.problems[0].message


def test_a_missing_rule_file_says_so(tmp_path: Path) -> None:
    error = _error(tmp_path / "nowhere.yaml")
    assert "cannot read this rule file" in str(error)


@pytest.mark.parametrize(
    ("text", "line", "field", "says"),
    [
        pytest.param(
            "owners:\n  'not stated': 'not stated'\n  'CEO': 'Chief Executive'\n",
            3,
            "owners.CEO",
            "'Chief Executive' is not a key of its own",
            id="an owner name that is not a key of its own",
        ),
        pytest.param(
            "owners:\n  'A': 'A'\n  'B': 'B'\n  'S151': 'A'\n  's.151': 'B'\n",
            5,
            "owners.s.151",
            "matches 'S151'",
            id="two spellings that match alike must name one owner",
        ),
    ],
)
def test_an_owner_table_that_contradicts_itself_is_refused(
    tmp_path: Path, text: str, line: int, field: str, says: str
) -> None:
    with pytest.raises(RuleError) as caught:
        owners._load_canonical_owners(_write(tmp_path, "owner_titles.yaml", text))
    [problem] = caught.value.problems
    assert (problem.line, problem.field) == (line, field)
    assert says in problem.message


def test_theme_priors_must_name_known_topics_and_every_topic_feeds_a_theme(tmp_path: Path) -> None:
    text = (RULES_DIR / "themes.yaml").read_text(encoding="utf-8")
    old = "      'housing': 0.2\n"
    assert old in text
    bad = text.replace(old, "      'housin': 0.2\n")
    with pytest.raises(RuleError) as caught:
        themes._load_themes(_write(tmp_path, "themes.yaml", bad), themes.TOPICS)
    messages = {(p.line, p.field, p.message) for p in caught.value.problems}
    line = bad.splitlines().index("      'housin': 0.2") + 1
    assert (line, "themes.Capacity for improvement.priors.housin", "'housin' is not a topic in topics.yaml") in messages
    assert len(messages) == 1  # housing still feeds "Local priorities and outcomes"
    renamed = text.replace("'Capacity for improvement':", "'Capacity':")
    with pytest.raises(RuleError) as caught:
        themes._load_themes(_write(tmp_path, "themes.yaml", renamed), themes.TOPICS)
    assert any("'Capacity' is not an LGA core theme" in p.message for p in caught.value.problems)
    assert any("'Capacity for improvement' is missing" in p.message for p in caught.value.problems)
