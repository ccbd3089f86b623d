"""A real browser on the pages of the newer kinds: Voila serves notebooks 03 (the late
order), 04 (the complaint process) and 05 (the bank), as `casekit app` does; headless
Chromium loads a reference plan, runs it, switches the page to Turkish and reads what a
student would see: Turkish labels, figures drawn as images, never a figure's text repr
("<Figure size ...>") or a traceback.
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
expect = playwright_sync.expect


def _no_broken_output(page) -> None:
    """Nothing a student should never see: a figure's repr, a traceback, a raw key."""
    body = page.inner_text("body")
    assert "<Figure" not in body and "Figure size" not in body
    assert "Traceback" not in body and "Error:" not in body
    assert page.locator(".jp-OutputArea-output[data-mime-type*='error']").count() == 0


def _images(page) -> int:
    """Images that hold a drawn figure (PNG data, with a size)."""
    return page.locator("img[src^='blob:'], img[src^='data:image/png']").evaluate_all(
        "imgs => imgs.filter(i => i.naturalWidth > 100).length")


@pytest.mark.parametrize("scenario,notebook,plan,plan_tr,turkish", [
    ("ecommerce-late-order", "03_ecommerce_late_order.ipynb", "What the competitor did",
     "Rakibin yaptığı", ["Çağrı merkezi", "Geciken teslimat",
                         "KPI raporu (departman yöneticileri)"]),
    ("complaint-operations", "04_complaint_operations.ipynb", "The designed process",
     "Tasarlanmış süreç", ["Çağrı merkezi", "KPI raporu (departman yöneticileri)"]),
], ids=["03", "04"])
def test_service_page_runs_a_plan_and_reads_in_turkish(scenario, notebook, plan, plan_tr,
                                                       turkish, tmp_path):
    path = ROOT / "notebooks" / notebook
    with serve(path, tmp_path, CASEKIT_SCENARIO=scenario) as url, \
            open_page(url, tmp_path) as page:
        page.get_by_text("The reference plans on the same customers").wait_for()
        assert "bench.section(" not in page.content()  # no code on the page
        start = page.locator(".widget-dropdown").filter(
            has=page.get_by_text("Start from", exact=True)).first.locator("select")
        start.select_option(label=plan)
        page.get_by_role("button", name="Load").click()
        page.get_by_text(re.compile(r"^Loaded: ")).wait_for()
        page.get_by_role("button", name="Run against the starting state").click()
        page.get_by_text(re.compile(r"^Done in .* \(attempt 1\)\.")).wait_for()
        _no_broken_output(page)
        assert _images(page) >= 2                       # the KPI figures are drawn
        page.get_by_role("button", name="Türkçe").click()
        page.get_by_role("button", name="Başlangıç durumuna karşı çalıştır").wait_for()
        for words in turkish:
            page.get_by_text(words, exact=True).first.wait_for()
        references = page.locator("table.casekit-references")
        expect(references.locator("th", has_text=plan_tr)).to_have_count(1)
        expect(references.locator("th", has_text=plan)).to_have_count(0)
        page.get_by_text(re.compile(r"sn'de bitti \(1\. deneme\)")).wait_for()
        assert page.get_by_role("button", name="Run against the starting state").count() == 0
        _no_broken_output(page)
        assert _images(page) >= 2


def test_bank_page_runs_a_plan_and_reads_in_turkish(tmp_path):
    path = ROOT / "notebooks" / "05_bank_cross_channel.ipynb"
    with serve(path, tmp_path, CASEKIT_SCENARIO="bank-cross-channel") as url, \
            open_page(url, tmp_path) as page:
        page.get_by_text(re.compile(r"^A first result, not recorded")).wait_for()
        assert "bench.section(" not in page.content()  # no code on the page
        _no_broken_output(page)
        # the precision-recall figure is an image, and follows the link slider
        assert _images(page) >= 2                       # it and the replies figure
        # the plan that links nobody has no precision: a dash, not 100%
        bank_row = page.locator("table tr", has_text="What the bank did").first
        assert bank_row.locator("td").nth(1).inner_text().strip() == "–"
        page.locator(".widget-dropdown").filter(
            has=page.get_by_text("Reference plan", exact=True)).first.locator("select") \
            .select_option(label="Careful Fellegi-Sunter")
        page.get_by_role("button", name="Load").click()
        page.get_by_text("Loaded: Careful Fellegi-Sunter.").wait_for()
        page.get_by_role("button", name="Run my plan").click()
        page.get_by_text("Done: attempt 1.").wait_for()
        summary = page.locator("table.casekit-summary")
        expect(summary.locator("tr", has_text="Precision of the links")).to_have_count(1)
        tabs = page.locator(".lm-TabBar-tabLabel, .p-TabBar-tabLabel").all_inner_texts()
        assert {"Replies", "Churn", "Score"} <= set(tabs) and "replies" not in tabs
        page.get_by_role("button", name="Türkçe").click()
        page.get_by_role("button", name="Planımı çalıştır").wait_for()
        page.get_by_text("Hiçbir şey yapmamaya göre sonuçlar").wait_for()
        page.get_by_text("Tamam: 1. deneme.").wait_for()
        for words in ("Arama, blog yazısı, tweet ve bankanın yanıtı", "Bloklama anahtarları",
                      "Modelin ağırlıkları", "Yılı oynat", "Bu seçimleri plan dosyama yaz"):
            page.get_by_text(words, exact=True).first.wait_for()
        tabs = page.locator(".lm-TabBar-tabLabel, .p-TabBar-tabLabel").all_inner_texts()
        assert {"Yanıtlar", "Müşteri kaybı", "Puan"} <= set(tabs)
        assert page.get_by_role("button", name="Run my plan").count() == 0
        shares = summary.locator("tr", has_text="Eşleşmelerin kesinliği").inner_text()
        assert re.search(r"%\d+,\d\d", shares)                # Turkish: %99,20
        bank_row = page.locator("table tr", has_text="Bankanın yaptığı").first
        assert bank_row.locator("td").nth(1).inner_text().strip() == "–"
        _no_broken_output(page)
        assert _images(page) >= 2
