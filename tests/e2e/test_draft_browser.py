"""A new user drafts a plan from a seed council's document in Chromium: upload it, read the findings beside
the document's text, correct the council's region, see the problems update, and download a valid plan."""

from __future__ import annotations

import pytest
import yaml

from scripts.screenshots import wait_for_page
from tests.conftest import ROOT
from tests.e2e.conftest import open_page

pytestmark = pytest.mark.browser

SEED = ROOT.parent / "shared" / "seeds" / "kings-lynn-west-norfolk-2024-02-cpc-action-plan.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the seed documents (../shared/seeds) are not available")
def test_draft_from_a_document_correct_and_download(page, app_url) -> None:
    open_page(page, f"{app_url}/add-plan")
    page.get_by_text("Start from a document").first.click()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(SEED))
    page.get_by_text("Findings (").first.wait_for(timeout=60000)
    wait_for_page(page)
    assert page.get_by_text("The draft is a valid plan file.").count() == 1
    # break the region, see the problem appear; put it back, see it go
    region = page.get_by_role("textbox", name="Council region")
    region.fill("")
    region.press("Enter")
    page.get_by_text("problem(s) to fix before this plan loads").first.wait_for(timeout=30000)
    region.fill("East of England")
    region.press("Enter")
    page.get_by_text("The draft is a valid plan file.").first.wait_for(timeout=30000)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the plan file").click()
    download = info.value
    assert download.suggested_filename == "kings-lynn-and-west-norfolk-2023.yaml"
    with open(download.path(), encoding="utf-8") as handle:
        plan = yaml.safe_load(handle)
    assert len(plan["recommendations"]) == 8 and len(plan["actions"]) == 25
    assert plan["council"]["region"] == "East of England"
    # the draft is saved on the server under the id in the address: a reload brings it back as corrected
    assert "draft=" in page.url
    region.fill("East Anglia (corrected)")
    region.press("Enter")
    page.get_by_text("Saved on the server").first.wait_for(timeout=30000)
    wait_for_page(page)
    page.reload()
    wait_for_page(page)
    page.get_by_text("Findings (").first.wait_for(timeout=60000)
    assert page.get_by_role("textbox", name="Council region").input_value() == "East Anglia (corrected)"
