"""The student workbench without a browser: set widget values, click, read what is shown."""

from __future__ import annotations

import re

import pytest

pytest.importorskip("ipywidgets")
pytest.importorskip("matplotlib")

import casekit  # noqa: E402
from casekit.report import figures  # noqa: E402
from casekit.ui import Workbench  # noqa: E402
from casekit.ui.builder import audiences_for, staffable_channels  # noqa: E402
from casekit.ui.history import AttemptHistory  # noqa: E402
from casekit.text.strings import COMMENTS, FIGURES, STRINGS, VOCABULARY  # noqa: E402
from casekit.ui.thread import comments, snapshot  # noqa: E402
from casekit.plan import plan_from_mapping  # noqa: E402

SMALL = {"customers": 1500, "reps": 2}


def small(bench: Workbench) -> Workbench:
    bench.run_panel.customers.value = SMALL["customers"]
    bench.run_panel.reps.value = SMALL["reps"]
    return bench


def add_post(bench: Workbench, at: str = "2") -> None:
    b = bench.builder
    b.kind.value = "message"
    b.at.value = at
    b.channel.value = "facebook_post"
    b.audience.value = "public"
    for part in ("acknowledge", "apology", "refund"):
        b.parts[part].value = True
    b.tone.value = "human"
    b.add.click()


def add_sms(bench: Workbench, at: str = "3") -> None:
    b = bench.builder
    b.kind.value = "message"
    b.at.value = at
    b.channel.value = "sms"
    b.audience.value = "paper_bill"
    for part, box in b.parts.items():
        box.value = part in ("apology", "corrective_action", "refund")
    b.add.click()


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """One workbench with a two-step plan, run once (small, to keep the suite fast)."""
    bench = small(Workbench("isp-overbilling", workdir=tmp_path_factory.mktemp("bench")))
    add_post(bench)
    add_sms(bench)
    bench.run_panel.run.click()
    return bench


def test_every_text_exists_in_both_languages():
    for table in (STRINGS, FIGURES):
        for key, texts in table.items():
            assert texts["en"] and texts["tr"], key
    for kind in VOCABULARY.values():
        for texts in kind.values():
            assert texts["en"] and texts["tr"]
    for polarity in COMMENTS.values():
        assert len(polarity["en"]) == len(polarity["tr"])


def test_builder_offers_only_what_the_scenario_allows(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    sc = bench.scenario
    b = bench.builder
    assert [v for _, v in b.channel.options] == list(sc.allowed.channels)
    b.channel.value = "facebook_reply"
    assert [v for _, v in b.audience.options] == ["complainers"]
    b.channel.value = "facebook_post"
    assert set(v for _, v in b.audience.options) == {"public", "followers"}
    assert audiences_for(sc, "sms") == ["everyone", "e_bill", "paper_bill", "complainers",
                                        "followers", "overcharged_most", "churn_risk"]
    assert [v for _, v in b.staff_channel.options] == staffable_channels(sc)
    assert "sms" not in staffable_channels(sc) and "call_center" in staffable_channels(sc)
    assert set(b.parts) == set(sc.allowed.message_parts)


def test_add_edit_remove_steps_through_the_widgets(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    b = bench.builder
    add_post(bench)
    assert b.last_message.startswith("Added: h2: Facebook post → the public")
    b.kind.value = "staff"
    b.at.value = "0"
    b.staff_channel.value = "call_center"
    b.agents.value = 20
    b.hours.value = "2d"
    b.add.click()
    plan = b.plan
    assert len(plan.actions) == 2
    # steps are listed by time: the staff at hour 0 comes before the post at hour 2
    assert plan.actions[0].staff == casekit.Staffing(channel="call_center", agents=20, hours=48)
    assert "+20 Call centre staff for 48 h" in b.steps.options[0][0]
    assert b.steps.value == 0                       # the new step is the one selected
    # Edit: select the post, change its time, update.
    b.steps.value = 1
    assert b.kind.value == "message" and b.channel.value == "facebook_post"
    b.at.value = "5"
    b.update.click()
    assert b.plan.actions[1].at == 5
    # A message without parts is refused with a reason, and nothing is added.
    for box in b.parts.values():
        box.value = False
    b.add.click()
    assert len(b.actions) == 2
    assert b.last_message.startswith("This step cannot be used") and "message part" in \
        b.last_message
    # A time past the horizon is refused too.
    b.parts["apology"].value = True
    b.at.value = "400"
    b.add.click()
    assert len(b.actions) == 2 and "horizon" in b.last_message
    b.steps.value = 0
    b.remove.click()
    assert [a.channel for a in b.plan.actions] == ["facebook_post"]


def test_steps_are_listed_by_time_whatever_order_they_are_added(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    add_sms(bench, at="30")
    add_post(bench, at="2")
    add_sms(bench, at="5")
    b = bench.builder
    assert [a.at for a in b.plan.actions] == [2, 5, 30]
    assert [label.split(".")[0] for label, _ in b.steps.options] == ["1", "2", "3"]
    assert b.steps.options[0][0].startswith("1. h2:")
    b.steps.value = 2                           # the step at 30 moved to hour 1
    b.at.value = "1"
    b.update.click()
    assert [a.at for a in b.plan.actions] == [1, 2, 5] and b.steps.value == 0


def test_save_then_load_the_plan_file(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    add_post(bench)
    add_sms(bench)
    bench.builder.name.value = "Ayşe's plan"
    bench.builder.save_name.value = "ayse plan"
    bench.builder.save.click()
    # offered as a download from the page: nothing is written in the server's folder
    assert not list(tmp_path.glob("*.yaml"))
    link = bench.builder.download.value
    assert "download='ayse-plan.yaml'" in link and "ayse-plan.yaml" in bench.builder.last_message
    data = re.search(r"base64,([A-Za-z0-9+/=]+)", link).group(1)
    import base64
    saved = tmp_path / "downloaded.yaml"
    saved.write_bytes(base64.b64decode(data))
    assert casekit.load_plan(saved, bench.scenario) == bench.builder.plan
    add_post(bench, at="9")                     # the plan changed: the old link goes
    assert bench.builder.download.value == ""


def test_load_a_reference_plan(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    b = bench.builder
    b.load_from.value = "ref:Fix fast and SMS everyone"
    b.load.click()
    assert b.plan.name == "Fix fast and SMS everyone"
    assert [a.channel for a in b.plan.actions] == ["sms", "call_center"]
    assert b.last_message == "Loaded “Fix fast and SMS everyone” (2 steps)."
    # once the student edits it, it is no longer the reference plan
    add_post(bench, at="1")
    assert b.plan.name == "My plan (from “Fix fast and SMS everyone”)"
    # a name the student typed is kept
    b.load_from.value = "ref:Fix fast and SMS everyone"
    b.load.click()
    b.name.value = "Ayşe's version"
    add_post(bench, at="4")
    assert b.plan.name == "Ayşe's version"


def test_reference_plans_are_named_in_turkish(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path, language="tr")
    b = bench.builder
    assert any("Hızla düzelt, herkese SMS gönder" in label for label, _ in b.load_from.options)
    b.load_from.value = "ref:Fix fast and SMS everyone"
    b.load.click()
    assert b.plan.name == "Hızla düzelt, herkese SMS gönder"
    add_post(bench, at="1")
    assert b.plan.name == "Planım (“Hızla düzelt, herkese SMS gönder” temelli)"


def test_an_empty_plan_does_not_run(tmp_path):
    bench = small(Workbench("isp-overbilling", workdir=tmp_path))
    assert bench.run() is None
    assert bench.outcome is None and not bench.history.attempts
    assert "no steps yet" in bench.run_panel.status.value
    assert len(bench.run_panel.status.value.splitlines()) == 1


def test_language_switch_changes_every_label(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    b = bench.builder
    before = {"add": b.add.description, "channel": b.channel.options[0][0],
              "run": bench.run_panel.run.description, "case": bench.case.body.value,
              "question": bench.questions.texts["A"].value,
              "part": b.parts["apology"].description, "tab": bench.results.tabs.get_title(0)}
    bench.language_switch.value = "tr"
    after = {"add": b.add.description, "channel": b.channel.options[0][0],
             "run": bench.run_panel.run.description, "case": bench.case.body.value,
             "question": bench.questions.texts["A"].value,
             "part": b.parts["apology"].description, "tab": bench.results.tabs.get_title(0)}
    assert all(before[k] != after[k] for k in before), (before, after)
    assert after["add"] == "Adımı ekle" and after["run"] == "Planımı çalıştır"
    assert bench.scenario.title.tr.replace("'", "&#x27;") in after["case"]
    assert b.name.value == "Planım"          # the default name follows the language
    bench.language_switch.value = "en"
    assert b.add.description == before["add"]


def test_run_shows_results_and_feedback_against_the_baseline(ran):
    res = ran.results
    assert ran.outcome is not None and ran.baseline is not None
    assert ran.baseline.plan.actions == ()
    assert ran.outcome.seed == ran.baseline.seed == 1
    assert ran.outcome.reps == SMALL["reps"] and ran.outcome.customers == SMALL["customers"]
    assert "Customers lost (%)" in res.summary.value and "No response" in res.summary.value
    text = " ".join(res.feedback_text())
    assert "You answered in public at hour 2" in text
    assert "Paper-bill customers heard from you at hour 3.1" in text
    assert "Arpan & Roskos-Ewoldsen 2005" in text
    assert res.drawn["sentiment"].startswith(b"\x89PNG")
    assert ran.run_panel.status.value.startswith("Done in")
    assert ran.run_panel.progress.value == ran.run_panel.progress.max == 2 * SMALL["reps"]
    assert "casekit-partial" not in res.summary.value     # the final result, not the first


def test_results_are_coloured_by_the_metrics_direction(ran):
    from casekit.ui.results import BAD, GOOD, summary_rows
    rows = {name: good for name, _, _, _, good in summary_rows(ran.outcome, ran.baseline)}
    cost = ran.outcome.metric("cost").mean - ran.baseline.metric("cost").mean
    churn = ran.outcome.metric("churn_rate").mean - ran.baseline.metric("churn_rate").mean
    assert cost > 0 and rows["cost"] is False            # spending more is bad news ...
    assert churn < 0 and rows["churn_rate"] is True      # ... losing fewer customers good
    score = ran.outcome.metric("score").mean - ran.baseline.metric("score").mean
    assert rows["score"] is (score > 0)
    summary = ran.results.summary.value
    assert f"color:{GOOD}" in summary and f"color:{BAD}" in summary


def test_the_first_result_is_shown_before_the_rest_arrive(tmp_path):
    bench = small(Workbench("isp-overbilling", workdir=tmp_path))
    bench.run_panel.reps.value = 3
    add_post(bench)
    shown = []
    real = bench.results.show

    def spy(outcome, baseline, notes, partial=False):
        shown.append((outcome.reps, baseline.reps, partial))
        real(outcome, baseline, notes, partial)
    bench.results.show = spy
    bench.run_panel.run.click()
    assert shown == [(1, 1, True), (3, 3, False)]
    assert len(bench.history.attempts) == 1              # the first result is no attempt
    assert bench.first_seconds is not None and bench.first_seconds <= bench.last_seconds
    # the same numbers as one run of every replication
    whole = casekit.run_many(bench.scenario, [bench.outcome.plan], seed=1, reps=3,
                             customers=SMALL["customers"], workers=1)[0]
    assert bench.outcome.per_run().equals(whole.per_run())


def test_figures_are_drawn_when_their_tab_opens(ran):
    res = ran.results
    res.tabs.selected_index = 3
    assert "complaints" in res.drawn and res.images["complaints"].value[:4] == b"\x89PNG"


def test_thread_follows_the_simulation(ran):
    th = ran.thread
    th.hour.value = 0
    start = th.current
    th.hour.value = 48
    later = th.current
    assert later.comments > start.comments >= ran.scenario.thread.start_comments
    assert later.likes > start.likes
    likes = f"{later.likes:,} likes"
    assert likes in th.counters.value
    assert "The company (page)" in th.feed.value   # the post at hour 2 is on the thread
    th.which.value = "baseline"
    assert "The company (page)" not in th.feed.value
    assert th.current.comments > later.comments     # doing nothing: a bigger thread
    th.which.value = "plan"


def test_thread_comments_follow_the_polarity_mix():
    angry = comments((1.0, 0.0, 0.0), "en", seed=4, hour=10, n=6)
    assert {p for _, p, _ in angry} == {"negative"}
    assert angry == comments((1.0, 0.0, 0.0), "en", seed=4, hour=10, n=6)
    assert len({text for _, _, text in angry}) == 6            # no comment twice
    happy_tr = comments((0.0, 0.0, 1.0), "tr", seed=4, hour=10, n=3)
    assert all(text in COMMENTS["positive"]["tr"] for _, _, text in happy_tr)
    assert re.search(r"[çğışöüÇĞİŞÖÜ]", " ".join(n for n, _, _ in
                                                   comments((1, 0, 0), "tr", 4, 1, n=6)))


def test_snapshot_before_any_run_is_the_case_at_hour_zero():
    sc = casekit.load_scenario("isp-overbilling")
    snap = snapshot(sc, None, 0)
    assert (snap.likes, snap.comments) == (1213, 217)


def test_what_each_step_bought(ran):
    bought = ran.bought
    assert not bought.button.disabled
    bought.button.click()
    assert len(bought.rows) == 2
    outcome = ran.outcome
    for row in bought.rows:
        assert row["bought"] == pytest.approx(outcome.metric("score").mean - row["score_without"])
    assert "Points it bought" in bought.table.value
    assert bought.image.value[:4] == b"\x89PNG"
    assert bought.image.layout.display == ""


def test_what_each_step_bought_never_shows_a_broken_image_and_says_when_it_is_gone(tmp_path):
    bench = small(Workbench("isp-overbilling", workdir=tmp_path))
    bought = bench.bought
    assert bought.image.layout.display == "none"            # before any run
    add_post(bench)
    bench.run_panel.run.click()
    assert bought.image.layout.display == "none" and "Press the button" in bought.status.value
    bought.button.click()
    assert bought.image.layout.display == "" and bought.rows
    add_sms(bench)
    bench.run_panel.run.click()                             # a re-run: the table is put away
    assert not bought.rows and bought.image.layout.display == "none"
    assert "ran a plan again" in bought.status.value


def test_the_score_breakdown_total_row_in_turkish(ran):
    ran.set_language("tr")
    try:
        breakdown = ran.results.breakdown.value
        assert "casekit-total" in breakdown and ">Puan<" in breakdown
        assert "puan = bin TL" in breakdown
        summary = ran.results.summary.value
        assert re.search(r"%\d+,\d\d", summary)          # Turkish shares: %2,71
        assert not re.search(r"\d\.\d\d%", summary)
    finally:
        ran.set_language("en")


def test_thread_comments_never_run_ahead_of_the_timeline():
    from casekit.ui.thread import facts
    sc = casekit.load_scenario("isp-overbilling")
    admitted = COMMENTS["positive"]["en"][1]
    assert "admitted" in admitted
    before = facts(None, sc, 0)
    assert "silent" in before and "admitted" not in before
    for hour in range(0, 30):
        for seed in range(5):
            said = {text for _, _, text in comments((0.2, 0.2, 0.6), "en", seed, hour,
                                                    known=facts(None, sc, hour))}
            assert admitted not in said and COMMENTS["positive"]["en"][0] not in said
    plan = casekit.Plan(name="p", scenario=sc.id, actions=(casekit.Action(
        at=2, channel="facebook_post", audience="public",
        message=("acknowledge", "explain_cause")),))
    assert "admitted" in facts(plan, sc, 2) and "admitted" not in facts(plan, sc, 1)
    said = {text for seed in range(20) for _, _, text in
            comments((0, 0, 1), "en", seed, 5, known=facts(plan, sc, 5))}
    assert admitted in said
    assert COMMENTS["negative"]["en"][6] not in {
        text for seed in range(20) for _, _, text in
        comments((1, 0, 0), "en", seed, 5, known=facts(plan, sc, 5))}   # "not a word"


def test_attempts_survive_a_restart_and_can_be_loaded(ran):
    path = ran.history.path
    assert path.name == "isp-overbilling.casekit-attempts.json" and path.exists()
    again = Workbench("isp-overbilling", workdir=path.parent)     # a kernel restart
    assert len(again.history.attempts) == len(ran.history.attempts) >= 1
    first = again.history.attempts[0]
    assert first["metrics"]["churn_rate"][0] == pytest.approx(
        ran.outcome.metric("churn_rate").mean)
    assert first["baseline"]["churn_rate"][0] == pytest.approx(
        ran.baseline.metric("churn_rate").mean)
    assert "#1" in again.history_panel.table.value
    again.builder.load_from.value = "try:1"
    again.builder.load.click()
    assert len(again.builder.plan.actions) == 2


def test_a_second_run_reuses_the_baseline(tmp_path):
    bench = small(Workbench("isp-overbilling", workdir=tmp_path))
    add_post(bench)
    bench.run_panel.run.click()
    baseline = bench.baseline
    add_sms(bench)
    bench.run_panel.run.click()
    assert bench.baseline is baseline
    assert bench.run_panel.progress.max == SMALL["reps"]      # only the plan ran
    assert [a["n"] for a in bench.history.attempts] == [1, 2]
    assert "#2" in bench.history_panel.table.value


def test_answers_are_saved_with_the_attempts(tmp_path):
    bench = Workbench("isp-overbilling", workdir=tmp_path)
    bench.questions.answers["A"].value = "First an SMS to paper-bill customers."
    reread = AttemptHistory(bench.history.path, "isp-overbilling")
    assert reread.answers["A"] == "First an SMS to paper-bill customers."
    assert Workbench("isp-overbilling", workdir=tmp_path).questions.answers["A"].value == \
        "First an SMS to paper-bill customers."


def test_figures_have_units_and_follow_the_language(ran):
    for name, build in figures.builders(ran.outcome.scenario).items():
        en = build(ran.outcome, ran.baseline, "en")
        tr = build(ran.outcome, ran.baseline, "tr")
        ax_en, ax_tr = en.axes[0], tr.axes[0]
        assert ax_en.get_title() and ax_en.get_title() != ax_tr.get_title(), name
        labels = [ax.get_ylabel() or ax.get_xlabel() for ax in en.axes]
        assert all(labels), name
    assert "(h)" in figures.sentiment(ran.outcome, ran.baseline).axes[0].get_xlabel()
    assert figures.to_png(figures.cost(ran.outcome, ran.baseline))[:4] == b"\x89PNG"


def test_app_serves_the_case_notebook_without_code():
    from casekit.ui.app import page_notebook, voila_command
    notebook = page_notebook("isp-overbilling")
    assert notebook.name == "01_isp_overbilling.ipynb" and notebook.exists()
    command = voila_command(notebook, 8999, open_browser=False)
    assert "--no-browser" in command and "--strip_sources=True" in command
    assert "--port=8999" in command and "--Voila.ip=127.0.0.1" in command


def test_page_baseline_computed_in_the_background_equals_the_clicked_one(tmp_path):
    """The page prepares the baseline while the case is read: same numbers as on a click."""
    page = Workbench("isp-overbilling", workdir=tmp_path / "page")
    page.run_panel.customers.value = 2000
    page.run_panel.reps.value = 2
    page.prepare_baseline()
    assert len(page._pending) == 1
    add_post(page)
    page.run_panel.run.click()
    assert not page._pending  # the click used the prepared baseline
    cold = Workbench("isp-overbilling", workdir=tmp_path / "cold")
    cold.run_panel.customers.value = 2000
    cold.run_panel.reps.value = 2
    add_post(cold)
    cold.run_panel.run.click()
    assert page.baseline.per_run().equals(cold.baseline.per_run())
    assert page.outcome.per_run().equals(cold.outcome.per_run())


def test_figure_ticks_follow_the_language(ran):
    fig = figures.localise(figures.sentiment(ran.outcome, ran.baseline, "tr"), "tr")
    figures.to_png(fig)                                  # draws: the tick labels exist
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    fractional = [text for text in labels if "," in text or "." in text]
    assert fractional and all("," in text and "." not in text for text in fractional), labels
    english = figures.sentiment(ran.outcome, ran.baseline, "en")
    figures.to_png(english)
    assert any("." in t.get_text() for t in english.axes[0].get_yticklabels())


def test_page_background_processes_end_with_the_page(tmp_path):
    """The page's background process comes from casekit.pool: its worker watches the page's
    process and ends with it (a served page killed leaves nothing running)."""
    from casekit.pool import watch_parent
    page = small(Workbench("isp-overbilling", workdir=tmp_path / "page"))
    add_post(page)                       # a plan change starts its first replication
    assert page._pool is not None and page._pool._initializer is watch_parent
    page.run_panel.run.click()
    assert page.outcome is not None and page.outcome.reps == SMALL["reps"]


# --- the workbench every kind can use (casekit.ui.generic.CaseBench) ---------------------

@pytest.fixture(scope="module")
def desk():
    """The worked example kind (tests/example_kind), registered for these tests."""
    from pathlib import Path

    import example_kind
    from casekit.kinds import KINDS, register, unregister
    ours = example_kind.KIND.name not in KINDS
    if ours:
        register(example_kind.KIND)
    yield Path(__file__).resolve().parent / "example_kind" / "scenarios" / \
        "help-desk-queue.yaml"
    if ours:
        unregister(example_kind.KIND.name)


def _small_bench(desk, tmp_path, language="en"):
    from casekit.ui.generic import CaseBench
    scenario = casekit.load_scenario(str(desk))
    scenario = scenario.with_customers(300) if hasattr(scenario, "with_customers") else scenario
    return CaseBench(scenario, language=language, workdir=tmp_path)


def test_case_bench_switches_language_and_draws_figures_as_images(desk, tmp_path):
    import matplotlib.pyplot as plt
    from casekit.ui.generic import REPLICATIONS
    bench = _small_bench(desk, tmp_path)
    assert bench.replications == REPLICATIONS
    bench.reps.value = 2
    bench.load_reference(next(iter(bench.references)))
    before = len(plt.get_fignums())
    outcome = bench.run()
    assert outcome is not None and outcome.reps == 2
    assert len(plt.get_fignums()) == before               # every figure closed once drawn
    titles = [bench.figures.get_title(i) for i in range(len(bench.figures.children))]
    assert titles == [STRINGS[f"tab_{n}"]["en"] for n in outcome.kind.figures()]
    assert all(bytes(img.value).startswith(b"\x89PNG") for img in bench.figures.children)
    assert "Results against doing nothing" in bench.results.value
    assert "2 replications" in bench.results.value
    bench.language_switch.value = "tr"                     # the student clicks Türkçe
    assert bench.run_button.description == "Planımı çalıştır"
    assert bench.load.description == "Yükle" and bench.status.value == "Tamam: 1. deneme."
    assert "Hiçbir şey yapmamaya göre sonuçlar" in bench.results.value
    assert "Results" not in bench.results.value and "Ölçü" in bench.results.value
    assert [bench.figures.get_title(i) for i in range(len(titles))] == \
        [STRINGS[f"tab_{n}"]["tr"] for n in outcome.kind.figures()]
    assert bench.scenario.title.tr.replace("'", "&#x27;") in bench.case.body.value
    assert "7." not in bench.history_panel.head.value       # no crisis page numbering
    bench.language_switch.value = "en"
    assert bench.run_button.description == "Run my plan"


def test_case_bench_shows_the_kinds_plan_notes_before_a_run(desk, tmp_path):
    """``Kind.plan_notes`` (when a kind has the hook) is shown under the plan, in the page's
    language, and follows the plan as it is edited; without the hook nothing is shown."""
    from casekit.feedback import Note
    bench = _small_bench(desk, tmp_path)
    assert bench.plan_notes.value == "" and bench.plan_note_texts() == []
    table = {"early": {"en": "Step at hour {at:.1f}: too early to know the cause.",
                       "tr": "{at:.1f}. saatteki adım: nedeni bilmek için çok erken."}}
    seen = []

    class WithNotes:                                       # the kind, with the hook
        def __init__(self, kind):
            self._kind = kind

        def __getattr__(self, name):
            return getattr(self._kind, name)

        def plan_notes(self, scenario, plan):
            seen.append(plan.name)
            return [Note("early", "warning", {"at": 1.5}, table)] if plan.actions else []

    bench.kind = WithNotes(bench.kind)
    bench.show_plan_notes()
    assert bench.plan_notes.value == ""                    # doing nothing: no note
    bench.load_reference(next(iter(bench.references)))    # an edit of the plan text
    assert "Step at hour 1.5: too early to know the cause." in bench.plan_notes.value
    bench.language_switch.value = "tr"
    assert "1,5. saatteki adım" in bench.plan_notes.value and "Çalıştırmadan önce" in \
        bench.plan_notes.value
    bench.plan_text.value = "name: [broken"                # an invalid plan: no notes, no crash
    assert bench.plan_notes.value == ""
    assert seen


def test_a_page_opening_with_a_first_result_records_no_attempt(desk, tmp_path):
    bench = _small_bench(desk, tmp_path)
    bench.reps.value = 2
    assert bench.run(keep=False) is not None
    assert bench.history.attempts == [] and "not recorded" in bench.status.value
    bench.run()
    assert len(bench.history.attempts) == 1


def test_builder_says_why_an_action_is_early_before_the_run(tmp_path):
    """The crisis page shows the kind's plan notes under the steps, in the page's language,
    as soon as the plan changes (no run needed), and none for a plan with nothing early."""
    bench = Workbench("isp-overbilling", workdir=tmp_path, language="tr")
    b = bench.builder
    early = plan_from_mapping({"name": "x", "scenario": "isp-overbilling", "actions": [
        {"at": 0, "channel": "sms", "audience": "everyone",
         "message": ["apology", "explain_cause"], "tone": "human"}]}, "x")
    b.set_plan(early)
    assert "4. saat" in b.notes.value and "Çalıştırmadan önce" in b.notes.value
    bench.set_language("en")
    assert "hour 4" in b.notes.value and "guess" in b.notes.value
    later = plan_from_mapping({"name": "y", "scenario": "isp-overbilling", "actions": [
        {"at": 6, "channel": "sms", "audience": "everyone",
         "message": ["apology", "explain_cause"], "tone": "human"}]}, "y")
    b.set_plan(later)
    assert b.notes.value == ""


def test_a_page_writes_a_note_as_the_note_writes_itself():
    """The pages' note_text is Note.text: numbers in the language's style and a value given
    in both languages written in the page's."""
    from casekit.feedback import Note
    from casekit.ui.results import note_text
    table = {"k": {"en": "{channel} had {n:,.1f} posts", "tr": "{channel} {n:,.1f} gönderi"}}
    note = Note("k", "info", {"channel": {"en": "Complaint site", "tr": "Şikâyet sitesi"},
                              "n": 1234.5}, table)
    assert note_text(note, "tr") == "Şikâyet sitesi 1.234,5 gönderi" == note.text("tr")
    assert note_text(note, "en") == "Complaint site had 1,234.5 posts"
