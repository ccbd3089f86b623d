"""A real browser on the public-reply page: Voila serves notebook 02 (as `casekit app
dark-horse-cafe` does), headless Chromium writes a reply in the composer, has casekit read
it, adds it to the plan, runs it against silence, and switches the page to Turkish.
"""

from __future__ import annotations

import re

import pytest

from test_browser import CHROMIUM, ROOT, open_page, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium "
                       "(apt-get install chromium); CI installs it"),
]
pytest.importorskip("voila")
playwright_sync = pytest.importorskip("playwright.sync_api")

NOTEBOOK = ROOT / "notebooks" / "02_dark_horse_cafe.ipynb"
REPLY = ("Thank you for telling us, and sorry! You are right, we will add more outlets "
         "next week.")


@pytest.fixture()
def page_url(tmp_path):
    from casekit.ui.app import page_notebook
    assert page_notebook("dark-horse-cafe") == NOTEBOOK
    with serve(NOTEBOOK, tmp_path, CASEKIT_SCENARIO="dark-horse-cafe") as url:
        yield url


def _results(page) -> dict[str, list[str]]:
    table = page.locator("table", has_text="Measure").or_(
        page.locator("table", has_text="Ölçü")).first
    rows = table.locator("tr").all()
    return {r.locator("td").first.inner_text(): r.locator("td").all_inner_texts()
            for r in rows if r.locator("td").count()}


def test_write_read_run_and_switch_language(page_url, tmp_path):
    with open_page(page_url, tmp_path) as page:
        page.get_by_text("3. Write your reply").wait_for()
        assert "bench.section(" not in page.content()  # no code on the page
        page.locator("textarea").first.fill(REPLY)
        page.get_by_role("button", name="Read my reply").click()
        # The rubric ticks what it found, and says why.
        apology = page.locator(".widget-checkbox").filter(
            has=page.get_by_text(re.compile("apolog", re.I))).first.locator("input")
        playwright_sync.expect(apology).to_be_checked(timeout=60_000)
        page.get_by_role("button", name="Add to my plan").click()
        page.get_by_role("button", name=re.compile(r"Run my plan$")).click()
        page.get_by_text(re.compile(r"^Done in .* \(attempt #1\)\.")).wait_for()
        rows = _results(page)
        assert rows, "no results table"
        # Plan and silence differ on at least one measure, with a signed difference.
        assert any(cells[1] != cells[2] for cells in rows.values() if len(cells) >= 4)
        # The cascade over time is drawn as an image, never a Figure's repr.
        page.get_by_text("The cascade over time").scroll_into_view_if_needed()
        chart = page.locator("img.widget-image").last
        chart.wait_for()
        assert chart.evaluate("img => img.naturalWidth") > 300
        assert "Figure size" not in page.inner_text("body")
        # Coloured by direction: the cost of a reply is never good news.
        cost = page.locator("tr", has_text="Cost of your response").locator("td").nth(3)
        assert "casekit-bad" in (cost.get_attribute("class") or "")
        page.get_by_role("button", name="Türkçe").first.click()  # the page switch, on top
        page.get_by_role("button", name=re.compile(r"Planımı çalıştır$")).wait_for()
        assert page.get_by_role("button", name=re.compile(r"Run my plan$")).count() == 0
        page.get_by_text("3. Yanıtınızı yazın").wait_for()
        page.get_by_text(re.compile(r"sn'de bitti \(deneme #1\)")).wait_for()
    assert len(list((tmp_path / "work" / "casekit-attempts" / "dark-horse-cafe")
                    .glob("session-*.json"))) == 1
