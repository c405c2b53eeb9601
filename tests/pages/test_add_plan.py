"""The Add a plan page under AppTest: problems by line and field, a valid plan joins this session everywhere."""

from __future__ import annotations

import pytest
import yaml

from loaders.reader import MAX_BYTES
from tests.conftest import FIXTURES, ROOT
from tests.pages.conftest import bars_total, plotly_specs, run_page

PAGE = "pages/add-plan.py"
GOOD = (FIXTURES / "testshire-2024.yaml").read_bytes()
BROKEN = GOOD.replace(b"    timescale: April - June 2024", b"    timescale: [April, June]\n    ownr: HR")


def _upload(at, name: str, data: bytes):
    at.file_uploader(key="add_plan_file").upload(name, data, "application/yaml").run()
    assert not at.exception
    return at


def _metric(at, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label))


def test_empty_page_offers_the_template_and_schema() -> None:
    """Nothing uploaded yet: two downloads to start from, no errors, and no session uploads listed."""
    at = run_page(PAGE)
    assert not at.exception
    assert any("None yet" in c.value for c in at.caption)
    assert not at.error
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Template plan (YAML, documented)", "JSON Schema (for your editor)"]


def test_template_is_a_valid_plan() -> None:
    """The downloadable template passes the same checks as a real plan."""
    from loaders.upload import check_upload

    check = check_upload(
        "testshire-2025.yaml", (ROOT / "docs" / "template-plan.yaml").read_bytes(), stem="testshire-2025"
    )
    assert check.ok and not check.errors
    assert len(check.plan.recommendations) == 3 and len(check.plan.actions) == 4
    assert [cell.role for cell in check.plan.actions[2].owners] == ["Accountable", "Responsible"]
    assert [r.fidelity for r in check.plan.recommendations] == ["verbatim", "verbatim", "truncated"]
    assert check.plan.actions[-1].fidelity == "truncated"


def test_broken_upload_lists_problems_by_line_and_field_and_cannot_be_added() -> None:
    at = _upload(run_page(PAGE), "testshire-2024.yaml", BROKEN)
    lines = BROKEN.decode().splitlines()
    timescale_line = lines.index("    timescale: [April, June]") + 1
    owner_line = lines.index("    ownr: HR") + 1
    assert [e.value for e in at.error] == ["2 errors keep this plan out of the dashboard. Fix them and check again."]
    table = at.dataframe[0].value
    assert table[["line", "field"]].values.tolist() == [
        [timescale_line, "actions[0].timescale"],
        [owner_line, "actions[0].ownr"],
    ]
    assert table["problem"].iloc[0] == "expected text, got a list"
    marked = [c.value for c in at.code if "▶" in c.value]
    assert any(f"▶ {timescale_line} │     timescale: [April, June]" in block for block in marked)
    assert at.button(key="add_plan_add").disabled
    assert "Download normalised" not in [b.proto.label for b in at.get("download_button")]  # cannot be read as a plan


def test_unknown_field_only_can_still_be_downloaded_normalised_with_the_field_kept() -> None:
    """A typo keeps the plan out, but the re-serialised file carries the misspelt field so nothing is lost."""
    at = _upload(run_page(PAGE), "testshire-2024.yaml", GOOD.replace(b"    text: Run", b"    ownr: HR\n    text: Run"))
    assert at.button(key="add_plan_add").disabled
    button = next(b for b in at.get("download_button") if b.proto.label == "Download normalised")
    assert button is not None
    from loaders.upload import check_upload

    check = check_upload("testshire-2024.yaml", GOOD.replace(b"    text: Run", b"    ownr: HR\n    text: Run"))
    assert yaml.safe_load(check.normalised)["actions"][0]["ownr"] == "HR"


def test_hostile_uploads_are_problems_not_crashes() -> None:
    at = run_page(PAGE)
    bomb = b'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + b"".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    cases = {
        "bomb.yaml": (bomb, "aliases expand"),
        "tag.yaml": (b"id: !!python/object/apply:os.system ['true']\n", "only plain YAML"),
        "binary.yaml": (bytes(range(256)), "binary file"),
        "latin.yaml": ("name: Caf\u00e9\n".encode("latin-1"), "not valid UTF-8"),
        "big.yaml": (b"#" * (MAX_BYTES + 10), "limit"),
    }
    for name, (data, message) in cases.items():
        at.file_uploader(key="add_plan_file").set_value((name, data, "application/yaml")).run()
        assert not at.exception, name
        assert at.error, name
        assert message in " ".join(at.dataframe[0].value["problem"]), name


def test_valid_upload_joins_every_page_marked_and_can_be_removed(corpus) -> None:
    """Added: counted on the Overview, charted on Themes, marked as uploaded; removed: gone again."""
    at = _upload(run_page(PAGE), "testshire-2024.yaml", GOOD)
    assert at.success and not at.error
    at.button(key="add_plan_add").click().run()
    assert any("Includes 1 uploaded plan, not published" in i.value for i in at.info)
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert _metric(at, "Councils") == len(corpus.councils) + 1
    assert _metric(at, "Recommendations") == len(corpus.recommendations) + 1
    assert any("not published" in i.value for i in at.info)
    at.switch_page("pages/themes.py").run()
    bars = plotly_specs(at)[0]["data"]
    total, slack = bars_total(bars)
    assert total == pytest.approx(len(corpus.recommendations) + 1, abs=slack)
    assert any("Testshire" in trace["name"] for trace in bars)
    council_filter = at.multiselect(key="filter_councils")
    assert council_filter.format_func("testshire") == "Testshire District Council (uploaded)"
    at.switch_page(PAGE).run()
    at.button(key="add_plan_remove_0").click().run()
    assert not any("not published" in i.value for i in at.info)
    at.switch_page("pages/overview.py").run()
    assert _metric(at, "Councils") == len(corpus.councils)


def test_pasted_plan_is_named_after_its_id() -> None:
    at = run_page(PAGE)
    pasted = yaml.safe_load(GOOD)
    pasted["id"], pasted["council"]["id"] = "pasteshire-2024", "pasteshire"
    at.text_area(key="add_plan_text").input(yaml.safe_dump(pasted, sort_keys=False)).run()
    assert not at.exception
    assert any(s.value.startswith("Checking pasteshire-2024.yaml") for s in at.subheader)
    at.button(key="add_plan_add").click().run()
    assert any("pasteshire\\-2024\\.yaml" in i.value for i in at.info)


def test_upload_replacing_a_published_plan_is_warned(corpus) -> None:
    published = sorted(corpus.challenges["challenge_id"])[0]
    path = ROOT / "data" / "plans" / f"{published}.yaml"
    at = _upload(run_page(PAGE), path.name, path.read_bytes())
    table = at.dataframe[0].value
    assert table["problem"].str.contains("is already published").any()
    assert not at.button(key="add_plan_add").disabled
