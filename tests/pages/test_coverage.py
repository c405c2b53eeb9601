"""The Coverage page under AppTest: the national counts, the offline map, and the councils with no data yet."""

from __future__ import annotations

from analysis.national_coverage import coverage_table
from tests.conftest import SYNTHETIC_ONS_PREFIX
from tests.helpers import metric_values
from tests.pages.conftest import plotly_specs, run_page

PAGE = "pages/coverage.py"


def test_coverage_page_counts_map_and_gaps(corpus) -> None:
    at = run_page(PAGE)
    assert not at.exception
    metrics = metric_values(at)
    table = coverage_table(corpus.authorities, corpus.challenges)
    assert metrics["Current English councils"] == str(len(table)) == "317"
    covered_n = int(table["in_corpus"].sum())  # councils of the reference with a plan here (a synthetic one is not)
    real = corpus.councils[~corpus.councils["ons_code"].str.startswith(SYNTHETIC_ONS_PREFIX)]
    assert covered_n == real["council_id"].nunique() >= 15
    assert metrics["With a peer challenge here"] == str(covered_n)
    assert metrics["No data yet"] == str(len(table) - covered_n)
    (spec,) = plotly_specs(at)
    gaps, covered = spec["data"]
    assert all(trace["type"] == "scatter" for trace in spec["data"])  # no scattergeo / mapbox: draws offline
    assert len(covered["x"]) == covered_n and len(gaps["x"]) == len(table) - covered_n
    years = dict(zip(covered["x"], covered["marker"]["color"], strict=True))
    leeds = corpus.councils.set_index("council_id").loc["leeds"]
    assert years[leeds["lon"]] == 2022
    assert "topojson" not in str(spec["layout"]).lower() and "mapbox" not in str(spec["layout"]).lower()
    frames = [frame.value for frame in at.dataframe]
    by_type = next(f for f in frames if "group" in f and "county" in set(f["group"])).set_index("group")
    assert by_type.loc["metropolitan district", "authorities"] == 36
    metropolitan = real[real["council_type"] == "metropolitan district"]["council_id"].nunique()
    assert by_type.loc["metropolitan district", "with_challenge"] == metropolitan >= 3
    missing = next(f for f in frames if "add" in f)
    assert len(missing) == len(table) - covered_n and set(missing["add"]) == {"/add-plan"}
    assert "Leeds" not in set(missing["name"]) and "Kirklees" in set(missing["name"])
    links = [link for link in at.get("page_link")]
    assert any("add-plan" in link.proto.page for link in links)


def test_coverage_respects_the_type_filter() -> None:
    at = run_page(PAGE, params={"type": "metropolitan district"})
    assert not at.exception
    metrics = metric_values(at)
    assert (metrics["Current English councils"], metrics["With a peer challenge here"]) == ("36", "3")
