"""The class debrief, read as an instructor would: headers in words, numbers in the page's
language, linear axes, whole plans on the count axis, one colour per plan in every figure, the
cynic visible on the baseline, and the whole page in Turkish."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

pytest.importorskip("matplotlib", reason="the debrief draws with matplotlib (lab extra)")

from casekit import load_scenario  # noqa: E402
from casekit.report.debrief import (  # noqa: E402
    WORDS, debrief_html, figure_objects, palette, write_debrief)
from casekit.scenario import scenario_dir  # noqa: E402
from casekit.tournament import run_tournament  # noqa: E402

PLANS = scenario_dir() / "isp-overbilling" / "plans"
CYNIC = "The cynic (do nothing)"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    root = tmp_path_factory.mktemp("debrief")
    folder = root / "submissions"
    folder.mkdir()
    for i, path in enumerate(sorted(PLANS.glob("*.yaml"))):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        plan.pop("student", None)
        (folder / f"student{i}.yaml").write_text(yaml.safe_dump(plan), encoding="utf-8")
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    return run_tournament(load_scenario("isp-overbilling"), folder, reps=2, seed=1,
                          out_dir=root / "out", workers=1, customers=1500, progress=False,
                          debrief=False)


@pytest.fixture(scope="module")
def pages(result):
    return {lang: debrief_html(result, lang) for lang in ("en", "tr")}


def _headers(page: str) -> list[str]:
    return re.findall(r"<th[^>]*>(.*?)</th>", page)


def test_headers_are_labels_not_column_keys(pages) -> None:
    for lang, page in pages.items():
        headers = _headers(page)
        assert headers
        for header in headers:
            assert not re.fullmatch(r"[a-z]+(_[a-z]+)+", header), (lang, header)
        for key in ("score_low", "score_high", "revenue_lost", "churn_rate", "plan_digest"):
            assert f">{key}<" not in page, (lang, key)
    assert "Score (thousands of TL)" in _headers(pages["en"])
    assert "Puan (bin TL)" in _headers(pages["tr"])


def test_text_columns_are_left_aligned_and_numbers_right(pages) -> None:
    page = pages["en"]
    assert re.search(r"td\.text\{text-align:left", page)
    assert re.search(r"td\.num\{text-align:right", page)
    # the plan column of the leaderboard is text, the score a number
    row = re.search(r"<tbody><tr>(.*?)</tr>", page).group(1)
    cells = re.findall(r"<td class='(\w+)'>(.*?)</td>", row)
    assert cells[0][0] == "num" and cells[1][0] == "text" and cells[2][0] == "text"
    assert cells[3][0] == "num"


def test_the_turkish_page_is_turkish_with_turkish_numbers(pages, result) -> None:
    tr = pages["tr"]
    assert "<html lang='tr'>" in tr
    for english in ("Score distribution", "Leaderboard", "What separates",
                    "most instructive failures", "Per-phase scores", "Rejected files",
                    "replications each", "no response (baseline)", "(none)"):
        assert english not in tr, english
    for key in ("h_distribution", "h_leaderboard", "h_separates", "h_failures", "h_phases",
                "h_rejected"):
        assert WORDS[key]["tr"] in tr
    assert "1.500 müşteri" in tr and "1,500 customers" in pages["en"]
    # the Turkish reference plan names
    assert "Kayıtsız (hiçbir şey yapma)" in tr
    # Turkish decimals: a comma, never a point, in the score cells
    scores = re.findall(r"<td class='num'>(-?[\d.]+,\d)</td>", tr)
    assert scores


def test_write_debrief_in_turkish(result, tmp_path) -> None:
    path = write_debrief(result, tmp_path / "d.html", language="tr")
    page = path.read_text(encoding="utf-8")
    assert page.count('<img src="data:image/png;base64,') >= 4
    assert "<script" not in page and "http" not in page


@pytest.fixture(scope="module")
def figs(result):
    return figure_objects(result, "en")


def test_no_log_axis_and_the_count_axis_is_in_whole_plans(figs) -> None:
    for name, fig in figs.items():
        for ax in fig.axes:
            assert ax.get_xscale() == "linear" and ax.get_yscale() == "linear", name
    hist = figs["score_distribution"].axes[0]
    fig = figs["score_distribution"]
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    ticks = hist.yaxis.get_major_locator()()
    assert len(ticks) >= 2
    assert all(float(t).is_integer() for t in ticks), ticks


def _line_colours(fig) -> dict[str, str]:
    from matplotlib.colors import to_hex
    out = {}
    for ax in fig.axes:
        for line in ax.get_lines():
            label = line.get_label()
            if not label.startswith("_"):
                out[label] = to_hex(line.get_color())
    return out


def test_one_colour_per_plan_across_every_figure(figs, result) -> None:
    colours = palette(result)
    refs = [e.plan.name for e in result.entries if e.role == "reference"]
    assert len({colours[r] for r in refs} | {colours["baseline"]}) == len(refs) + 1
    seen: dict[str, set[str]] = {}
    for fig in figs.values():
        for label, colour in _line_colours(fig).items():
            seen.setdefault(label, set()).add(colour)
    assert any(len(c) == 1 for c in seen.values())
    shared = [label for label in seen if label in {r for r in refs}]
    assert shared, seen
    for label, found in seen.items():
        assert len(found) == 1, (label, found)


def test_the_cynic_is_drawn_above_the_baseline(figs) -> None:
    for name in ("score_distribution", "sentiment", "churn"):
        ax = figs[name].axes[0]
        lines = {line.get_label(): line for line in ax.get_lines()}
        cynic = lines[CYNIC]
        base = next(line for label, line in lines.items() if "baseline" in label)
        assert cynic.get_zorder() > base.get_zorder(), name
        assert cynic.get_linestyle() != base.get_linestyle()
        assert base.get_linewidth() > cynic.get_linewidth()   # a wide band under the dashes


def test_the_debrief_words_are_bilingual() -> None:
    for key, texts in WORDS.items():
        assert texts.get("en") and texts.get("tr"), key


def test_tournament_cli_writes_the_debrief_in_turkish(tmp_path, capsys) -> None:
    import argparse

    from casekit.tournament import tournament_cli
    folder = tmp_path / "subs"
    folder.mkdir()
    for name in ("fix-fast-sms", "defensive-denial"):
        plan = yaml.safe_load((PLANS / f"{name}.yaml").read_text(encoding="utf-8"))
        plan.pop("student", None)
        (folder / f"{name}.yaml").write_text(yaml.safe_dump(plan), encoding="utf-8")
    args = argparse.Namespace(scenario="isp-overbilling", submissions=str(folder), reps=2,
                              seed=0, out=str(tmp_path / "out"), customers=1000, workers=1,
                              class_seed=None, lang="tr")
    assert tournament_cli(args) == 0
    out = capsys.readouterr().out
    page_files = re.findall(r"\S+\.(?:csv|html)", out)
    assert len(page_files) == 3
    for name in page_files:
        out = out.replace(name, "")
    for english in ("leaderboard", "rejected", "student", "score", "reps", "seed", "wrote"):
        assert english not in out.lower(), english
    assert "sıralama" in out.lower() and "öğrenci" in out.lower()
    page = (Path(args.out) / "debrief.html").read_text(encoding="utf-8")
    assert "<html lang='tr'>" in page


@pytest.fixture(scope="module")
def class_seed_result(tmp_path_factory):
    """Variants (ranked by improvement), a file claiming another student, a damaged store."""
    root = tmp_path_factory.mktemp("debrief-variants")
    folder = root / "submissions"
    folder.mkdir()
    for i, path in enumerate(sorted(PLANS.glob("*.yaml"))[:3]):
        plan = yaml.safe_load(path.read_text(encoding="utf-8"))
        plan["student"] = "victim" if i == 0 else f"student{i}"
        (folder / f"student{i}.yaml").write_text(yaml.safe_dump(plan), encoding="utf-8")
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    out = root / "out"
    out.mkdir()
    (out / "results.sqlite").write_bytes(b"this is not a database" * 100)
    return run_tournament(load_scenario("isp-overbilling"), folder, reps=2, seed=1,
                          out_dir=out, workers=1, customers=1000, progress=False,
                          class_seed=5, debrief=False)


def test_the_debrief_shows_the_intake_warnings_in_its_language(class_seed_result) -> None:
    result = class_seed_result
    assert len(result.warnings("en")) == 1
    for lang in ("en", "tr"):
        page = debrief_html(result, lang)
        assert WORDS["h_warnings"][lang] in page
        warning = result.warnings(lang)["warning"].iloc[0]
        assert html.escape(warning) in page
    row = result.leaderboard.set_index("student").loc["student0"]
    assert "named 'student0'" in row["warning"] and "'student0' olarak" in row["warning_tr"]
    assert "file name decides" in debrief_html(result, "en")
    assert "dosya adı karar verir" in debrief_html(result, "tr")


def test_the_debrief_shows_what_the_store_repaired(class_seed_result, pages) -> None:
    result = class_seed_result
    assert result.store_notices and result.store_notices[0].code == "moved_aside"
    for lang in ("en", "tr"):
        page = debrief_html(result, lang)
        assert WORDS["h_store"][lang] in page
        assert html.escape(result.store_notices[0].text(lang)) in page
    # a clean store: no such section
    assert WORDS["h_store"]["en"] not in pages["en"]
    assert WORDS["h_warnings"]["en"] not in pages["en"]


def test_ranked_by_improvement_the_leaderboard_shows_it_with_its_interval(
        class_seed_result, pages) -> None:
    result = class_seed_result
    assert result.ranked_by == "improvement"
    page = debrief_html(result, "en")
    headers = _headers(page)
    assert WORDS["col_improvement_own"]["en"] in headers
    assert WORDS["col_improvement_interval"]["en"] in headers
    assert html.escape(WORDS["ranked_improvement"]["en"]) in page
    # the column holds each plan's own improvement, in leaderboard order, in the language
    table = page.split(WORDS["h_leaderboard"]["en"])[1].split("</table>")[0]
    column = _headers(table).index(WORDS["col_improvement_own"]["en"])
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])
    shown = [re.findall(r"<td class='\w+'>(.*?)</td>", row)[column] for row in rows]
    expected = [f"{v:+,.1f}" for v in result.leaderboard["improvement"]]
    assert shown == [e if e not in ("-0.0", "+0.0") else "0.0" for e in expected]
    assert list(result.leaderboard["improvement"]) == \
        sorted(result.leaderboard["improvement"], reverse=True)
    assert WORDS["col_improvement_own"]["tr"] in _headers(debrief_html(result, "tr"))
    # ranked by score: the plain comparison with doing nothing, no own-variant column
    assert WORDS["col_improvement_own"]["en"] not in _headers(pages["en"])
    assert WORDS["col_improvement"]["en"] in _headers(pages["en"])


def test_the_rejected_reasons_follow_the_page_language(pages) -> None:
    tr = pages["tr"].split(WORDS["h_rejected"]["tr"])[1]
    assert "satır" in tr and "geçersiz YAML" in tr    # the parser's own detail, quoted
    assert "invalid YAML" not in tr
    assert "dosya bir plan olarak okunamadı" in tr
    en = pages["en"].split(WORDS["h_rejected"]["en"])[1]
    assert "okunamadı" not in en and "line 2: invalid YAML" in en


def test_the_failures_list_each_step_in_the_page_language(result) -> None:
    from casekit.report.debrief import failures
    worst = failures(result, language="tr")
    steps = [s for f in worst for s in f["actions"]]
    assert steps and all(". saat:" in s for s in steps), steps
    assert not any("facebook_post" in s or "->" in s for s in steps)
    english = [s for f in failures(result, language="en") for s in f["actions"]]
    assert english and all(re.match(r"h\d+: ", s) for s in english), english
