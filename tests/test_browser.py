"""A real browser: Voila serves the case notebook, headless Chromium (Debian's package)
driven by Playwright builds a two-step plan through the widgets, runs it, reads the results
and the feedback, and switches the page to Turkish.

CI installs /usr/bin/chromium (.ci/run), so this runs there; it skips only where Chromium
is absent.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium "
                       "(apt-get install chromium); CI installs it"),
]
pytest.importorskip("voila")
playwright_sync = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "01_isp_overbilling.ipynb"
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 90) -> None:
    """A TCP connect, not an HTTP GET: every GET of the page starts a kernel."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"voila exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"voila did not listen on port {port} within {timeout} s")


@contextlib.contextmanager
def serve(notebook: Path, tmp_path: Path, **env_extra: str):
    """Voila serving ``notebook`` as ``casekit app`` would; yields the page's address."""
    from casekit.ui.app import voila_command
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["CASEKIT_WORKDIR"] = str(tmp_path / "work")
    env.update(env_extra)
    with open(tmp_path / "voila.log", "w") as log:
        process = subprocess.Popen(voila_command(notebook, port, open_browser=False),
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, process)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


@contextlib.contextmanager
def open_page(url: str, tmp_path: Path):
    """Headless Chromium (Debian's) on ``url``, patient with a kernel that is starting."""
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium"), headless=True,
            executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            yield page
        finally:
            browser.close()


@pytest.fixture()
def page_url(tmp_path):
    with serve(NOTEBOOK, tmp_path) as url:
        yield url


def _field(page, widget_class: str, label: str):
    """The input of the widget whose description is exactly ``label``."""
    return page.locator(f".{widget_class}").filter(
        has=page.get_by_text(label, exact=True)).first


def test_build_run_read_and_switch_language(page_url, tmp_path):
    with open_page(page_url, tmp_path) as page:
        page.get_by_text("3. Your response plan").wait_for()
        assert page.locator(".jp-InputArea, .jp-CodeMirrorEditor").count() == 0  # no code

        def add_step(at: str, channel: str, audience: str, parts: list[str]) -> None:
            _field(page, "widget-text", "At hour").locator("input").fill(at)
            _field(page, "widget-dropdown", "Channel").locator("select") \
                .select_option(label=channel)
            _field(page, "widget-dropdown", "Audience").locator("select") \
                .select_option(label=audience)
            for name in ("acknowledge", "apologise", "explain the cause",
                         "corrective action", "refund"):
                box = _field(page, "widget-checkbox", name).locator("input")
                box.set_checked(name in parts)
            page.get_by_role("button", name="Add step").click()
            page.get_by_text(re.compile(rf"^Added: h{at}:")).wait_for()

        add_step("2", "Facebook post", "the public", ["acknowledge", "apologise", "refund"])
        add_step("3", "SMS", "paper-bill customers", ["apologise", "refund"])
        steps = page.locator(".widget-select select option")
        assert steps.count() == 2

        # Smaller run settings keep the test short on a 2-core machine.
        page.get_by_text("Settings", exact=True).click()
        for label, value in (("Customers", "2000"), ("Replications", "2")):
            box = _field(page, "widget-inline-hbox", label).locator("input")
            box.fill(value)
            box.press("Enter")
        page.get_by_role("button", name="Run my plan").click()
        page.get_by_text(re.compile(r"^Done in .* attempt 1\.")).wait_for()

        summary = page.locator("table.casekit-summary")
        summary.wait_for()
        score_row = summary.locator("tr", has_text="Score (higher is better)")
        cells = score_row.locator("td").all_inner_texts()
        plan_score, baseline_score, difference = cells[1], cells[2], cells[3]
        assert plan_score != baseline_score and difference.strip() not in ("0", "+0")
        feedback = page.locator("li.casekit-feedback")
        assert feedback.count() >= 3
        text = " ".join(feedback.all_inner_texts())
        assert "Paper-bill customers heard from you at hour 3.1" in text
        assert "You answered in public at hour 2" in text
        assert page.locator(".widget-tab img").count() >= 1   # the figures are drawn
        # coloured by each metric's direction: spending is bad news, keeping customers good
        cost = summary.locator("tr", has_text="Response cost").locator("td").nth(3)
        assert "casekit-bad" in (cost.get_attribute("class") or "")
        kept = summary.locator("tr", has_text="Customers lost (%)").locator("td").nth(3)
        assert "casekit-good" in (kept.get_attribute("class") or "")

        # Save plan: a download from the page itself
        page.get_by_role("button", name="Save plan").click()
        with page.expect_download() as download:
            page.locator("a.casekit-download").click()
        assert download.value.suggested_filename == "my-plan.yaml"
        assert "facebook_post" in Path(download.value.path()).read_text(encoding="utf-8")

        # The projector view: every section wide and in large type
        page.get_by_role("button", name="Projector view").click()
        page.locator(".casekit-projector").first.wait_for()
        # every section takes the class as its widget re-renders: wait for all of them (a
        # loaded machine renders the first before the rest)
        page.wait_for_function(
            "document.querySelectorAll('.casekit-projector').length >= 8", timeout=60_000)
        assert page.locator(".casekit-projector").count() >= 8
        page.get_by_role("button", name="Projector view").click()

        # The language switch changes the labels everywhere on the page.
        page.get_by_role("button", name="Türkçe").click()
        page.get_by_role("button", name="Planımı çalıştır").wait_for()
        assert page.get_by_role("button", name="Adımı ekle").is_visible()
        assert page.get_by_role("button", name="Run my plan").count() == 0
        page.get_by_text("3. Müdahale planınız").wait_for()
        turkish = " ".join(page.locator("li.casekit-feedback").all_inner_texts())
        assert "Kâğıt fatura müşterileri" in turkish
        assert page.locator("table.casekit-summary tr",
                            has_text="Puan (yüksek olan iyi)").count() == 1
        page.get_by_text(re.compile(r"sn'de bitti: 1\. deneme")).wait_for()
        shares = page.locator("table.casekit-summary tr", has_text="Kaybedilen müşteri (%)")
        assert re.search(r"%\d+,\d\d", shares.inner_text())     # Turkish: %1,44
    assert len(list((tmp_path / "work" / "casekit-attempts" / "isp-overbilling")
                    .glob("session-*.json"))) == 1
