"""A real browser plays a workshop: one facilitator and two teams, three rounds.

``casekit workshop`` runs as a subprocess; headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright, as in tests/test_browser.py) opens the facilitator's page and two team
pages in three separate contexts (three laptops). Decisions entered on the team pages appear
on the facilitator's page, a team whose countdown ran out takes no action, the leaderboard
ranks the teams, a reserve inject that changes the model is marked on the team's lines once
locked, undo goes back to the round before it was locked, and a server restarted from the
session file shows the same state.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium "
                       "(apt-get install chromium); CI installs it"),
]
pytest.importorskip("tornado", reason="the workshop server needs the 'workshop' extra")
pytest.importorskip("segno", reason="the workshop page's QR code needs the 'workshop' extra")
playwright_sync = pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WAIT = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def workshop(session: Path, port: int, log: Path):
    """``casekit workshop`` on ``port``; yields the facilitator's address (with its key)."""
    command = [sys.executable, "-m", "casekit.cli", "workshop", "isp-overbilling",
               "--teams", "2", "--rounds", "3", "--minutes", "10", "--customers", "2000",
               "--seed", "5", "--session", str(session), "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    before = log.read_text().count("facilitator: ") if log.exists() else 0
    with open(log, "a") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            url = None
            while url is None:
                if process.poll() is not None:
                    raise RuntimeError(f"the workshop server exited: {log.read_text()}")
                if time.monotonic() > deadline:
                    raise TimeoutError("the workshop server did not start")
                found = re.findall(r"facilitator: (\S+)", log.read_text())
                if len(found) > before:
                    url = found[-1]
                else:
                    time.sleep(0.2)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def test_three_rounds_two_teams_undo_and_restart(tmp_path):
    session_file = tmp_path / "room.sqlite"
    log = tmp_path / "server.log"
    port = _free_port()
    shots = tmp_path / "shots"
    shots.mkdir()
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(headless=True, executable_path=str(CHROMIUM), args=FLAGS)
        try:
            with workshop(session_file, port, log) as fac_url:
                base = fac_url.split("/facilitator")[0]
                fac = browser.new_context(viewport={"width": 1600, "height": 1000}).new_page()
                fac.set_default_timeout(WAIT)
                fac.goto(fac_url)
                assert fac.locator(".qr svg").count() == 1            # the QR code
                assert f"{base}/join" in fac.locator(".join-url").inner_text()

                teams = []
                for n in (1, 2):
                    page = browser.new_context().new_page()
                    page.set_default_timeout(WAIT)
                    page.goto(f"{base}/join")
                    page.get_by_role("button", name=f"Team {n}", exact=True).click()
                    page.locator("header").get_by_text(f"Team {n}", exact=True).wait_for()
                    teams.append(page)
                t1, t2 = teams
                # a team reads neither the facilitator's page nor another team's
                assert t2.request.get(f"{base}/facilitator/live").status == 403
                assert t2.request.get(f"{base}/facilitator").status == 403
                xsrf = next(c["value"] for c in t2.context.cookies() if c["name"] == "_xsrf")
                assert t2.request.post(f"{base}/facilitator/do",
                                       form={"_xsrf": xsrf, "op": "lock"}).status == 403
                assert t2.request.post(f"{base}/team/decide",       # no XSRF token
                                       form={"op": "clear"}).status == 403
                fac.locator("#live").get_by_text("joined").first.wait_for()

                # round 1: both teams post on Facebook, one defensively
                fac.get_by_role("button", name="Publish the first inject").click()
                t1.locator("#live").get_by_text("The post").wait_for()
                _message(t1, "1", "facebook_post", "public", ["acknowledge", "apology"],
                         "human")
                _message(t2, "2", "facebook_post", "public", ["deny"], "defensive")
                live = fac.locator("#live")
                live.get_by_text("h1 · Facebook post → the public: acknowledge + apologise "
                                 "(human)").wait_for()
                live.get_by_text("h2 · Facebook post → the public: deny (defensive)").wait_for()
                assert "deny" not in t1.locator("#live").inner_text()   # not team 1's business
                fac.screenshot(path=str(shots / "facilitator-round1.png"), full_page=True)
                t1.screenshot(path=str(shots / "team1-round1.png"), full_page=True)
                fac.get_by_role("button", name="Lock the round").click()
                t1.locator("#live").get_by_text("What happened").wait_for()

                # round 2: team 1 texts the paper-bill customers; team 2 misses the deadline
                fac.get_by_role("button", name="Publish the next inject").click()
                t1.locator("#live").get_by_text("A journalist calls").wait_for()
                _message(t1, "7", "sms", "paper_bill", ["apology", "refund"], "human")
                live.get_by_text("h7 · SMS → paper-bill customers").wait_for()
                # a pressure inject that changes the model: the leaked instruction
                fac.get_by_role("button", name="Add to this round").first.click()
                t1.locator(".inject.extra").get_by_text("A leaked instruction").wait_for()
                live.get_by_text(re.compile(r"restarts the thread at hour 12")).wait_for()
                assert "restarts the thread" not in t1.locator("#live").inner_text()
                assert t1.locator("#live svg.spark line").count() == 0   # not in force yet
                for _ in range(10):                      # run the countdown out
                    fac.get_by_role("button", name="-1 min").click()
                t2.get_by_text("Time is up").wait_for()
                assert t2.locator("form[action='/team/decide']").count() == 0
                fac.get_by_role("button", name="Lock the round").click()
                t1.locator("#live svg.spark line").first.wait_for(state="attached")  # hour 12
                fac.get_by_role("button", name="Show the leaderboard").click()
                board = fac.locator(".leaderboard")
                board.get_by_text("Leaderboard at hour 24").wait_for()
                ranking = _ranking(board)
                assert sorted(ranking.values(), reverse=True) == list(ranking.values())
                assert set(ranking) == {"Team 1", "Team 2"}
                t2.locator(".leaderboard").wait_for()             # shown: teams see it too
                at_24 = board.inner_text()

                # undo: back to round 2 before it was locked
                fac.get_by_role("button", name="Undo the last round").click()
                live.get_by_text(re.compile(r"Round 2 of 3 .* deciding")).wait_for()
                board.get_by_text("Leaderboard at hour 6").wait_for()
                live.get_by_text("h7 · SMS → paper-bill customers").wait_for()   # decisions kept
                fac.get_by_role("button", name="Lock the round").click()
                board.get_by_text("Leaderboard at hour 24").wait_for()
                assert board.inner_text() == at_24

                # round 3: the facilitator enters team 2's decision for them (one laptop)
                fac.get_by_role("button", name="Publish the next inject").click()
                t2.locator("#live").get_by_text("The paper bills arrive").wait_for()
                form = fac.locator("form[action='/facilitator/decide']").filter(
                    has=fac.locator("textarea[name=yaml]"))
                form.locator("select[name=team]").select_option("2")
                form.locator("textarea[name=yaml]").fill(
                    "actions:\n  - at: 30\n    channel: email\n    audience: everyone\n"
                    "    message: [apology, explain_cause, refund]\n    tone: human\n")
                form.get_by_role("button").click()
                live.get_by_text("h30 · E-mail → every customer").wait_for()
                t2.get_by_text("entered by the facilitator").wait_for()
                fac.get_by_role("button", name="Lock the round").click()
                live.get_by_text("Open the hot wash").wait_for()
                final = board.inner_text()
                cards = live.locator(".grid").inner_text()
                fac.screenshot(path=str(shots / "facilitator-hotwash.png"), full_page=True)
                t1.screenshot(path=str(shots / "team1-hotwash.png"), full_page=True)
                wash = fac.request.get(f"{base}/hotwash.csv").text()
                assert wash.count("\n") == 1 + 2 * 3
                team2_round2 = [r for r in wash.splitlines() if r.startswith("2,2,")]
                assert team2_round2 and ",," in team2_round2[0]   # no decision: no action

            # a restarted server reads the same session from the file
            with workshop(session_file, port, log) as fac_url:
                fac.goto(fac_url)
                fac.locator(".leaderboard").wait_for()
                assert fac.locator(".leaderboard").inner_text() == final
                assert fac.locator("#live .grid").inner_text() == cards
                t1.goto(f"{base}/team")                  # the laptop is still team 1
                t1.locator("header").get_by_text("Team 1", exact=True).wait_for()
                fac.get_by_role("link", name="Türkçe").click()
                fac.locator("#live").get_by_text("Tur 3 / 3").wait_for()
                fac.screenshot(path=str(shots / "facilitator-tr.png"), full_page=True)
        finally:
            browser.close()


def _message(page, at: str, channel: str, audience: str, parts: list[str], tone: str) -> None:
    form = page.locator("form").filter(has=page.locator("input[name=op][value=message]"))
    form.locator("input[name=at]").fill(at)
    form.locator("select[name=channel]").select_option(channel)
    form.locator("select[name=audience]").select_option(audience)
    for part in parts:
        form.locator(f"input[name=part][value={part}]").check()
    form.locator("select[name=tone]").select_option(tone)
    form.get_by_role("button").click()
    page.locator("form[action='/team/decide'] li").filter(
        has_text=f"h{at} ·").wait_for()


def _ranking(board) -> dict[str, float]:
    rows = board.locator("tr").all()[1:]
    out = {}
    for row in rows:
        cells = row.locator("td").all_inner_texts()
        out[cells[1]] = float(cells[2].replace(",", ""))
    return out
