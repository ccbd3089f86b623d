"""Workshop mode: rounds cut plans at their hours, the log replays exactly, undo goes back,
a missed deadline is no action, and a stranger's session file is one line and runs nothing."""

from __future__ import annotations

import json
import sqlite3

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casekit.errors import ScenarioError
from casekit.kinds import kind_of
from casekit.scenario import load_scenario, scenario_from_mapping
from casekit.workshop import Session, WorkshopError, round_hours
from casekit.workshop import pages
from casekit.workshop.log import MAX_SESSION_BYTES

CUSTOMERS = 1500
POST = {"at": 1, "channel": "facebook_post", "audience": "public",
        "message": ["acknowledge", "apology", "explain_cause"], "tone": "human"}
SMS = {"at": 7, "channel": "sms", "audience": "paper_bill",
       "message": ["apology", "refund"], "tone": "human"}


@pytest.fixture(scope="module")
def isp():
    return load_scenario("isp-overbilling")


def start(tmp_path, scenario, teams=3, rounds=3, name="s.sqlite"):
    return Session.start(tmp_path / name, scenario, teams=teams, rounds=rounds, minutes=5,
                         seed=11, customers=CUSTOMERS)


def play_two_rounds(session: Session) -> None:
    session.do("publish", at=100.0)
    session.do("decide", {"team": 1, "round": 0, "actions": [POST]}, at=110.0)
    session.do("decide", {"team": 2, "round": 0, "actions": [dict(POST, tone="defensive",
                                                                   message=["deny"])]},
               at=120.0)
    session.do("lock", at=200.0)
    session.do("publish", at=300.0)
    session.do("decide", {"team": 1, "round": 1, "actions": [SMS]}, at=310.0)
    session.do("lock", at=400.0)


def test_injects_in_the_scenarios(isp):
    main = [i for i in isp.injects if not i.reserve]
    assert [i.hour for i in main] == [0, 6, 24, 48, 96]
    assert sum(i.reserve for i in isp.injects) == 2
    assert all(i.title.tr and i.text.tr and i.text.en for i in isp.injects)
    cafe = load_scenario("dark-horse-cafe")
    assert len(cafe.injects) >= 4 and kind_of(cafe).name != kind_of(isp).name
    vat = load_scenario("isp-vat-display")     # its own injects, not the overbilling case's
    assert {i.title.en for i in vat.injects}.isdisjoint({i.title.en for i in isp.injects} -
                                                        {"A journalist calls",
                                                         "The paper bills arrive"})
    assert "28%" in vat.injects[0].text.en and "%28" in vat.injects[0].text.tr
    assert [i.hour for i in vat.injects if i.effect] == [48, 12]


def test_an_inject_past_the_horizon_is_refused(isp):
    data = isp.model_dump(mode="json", exclude={"source_path"})
    data["injects"] = [{"hour": 400, "title": {"en": "x", "tr": "x"},
                        "text": {"en": "x", "tr": "x"}}]
    with pytest.raises(ScenarioError, match=r"injects\.0\.hour.*horizon"):
        scenario_from_mapping(data, "bad.yaml")


def test_round_hours(isp):
    assert round_hours(isp, 3) == (0, 6, 24)
    assert round_hours(isp, 5) == (0, 6, 24, 48, 96)
    seven = round_hours(isp, 7)   # two more, spread between hour 96 and the horizon
    assert seven[:5] == (0, 6, 24, 48, 96) and 96 < seven[5] < seven[6] < 336
    plain = load_scenario("campus-cafeteria")   # no injects: even rounds from hour 0
    hours = round_hours(plain, 4)
    assert hours[0] == 0 and len(hours) == 4 and list(hours) == sorted(hours)


def test_a_round_is_a_plan_cut_at_its_hour(tmp_path, isp):
    """Hours before a round's actions are the same with and without them: the model does
    not look ahead, which is what lets the workshop re-run whole plans."""
    session = start(tmp_path, isp)
    play_two_rounds(session)
    with_sms, without = session.outcomes([session.state.plan(1, 2),
                                          session.state.plan(1, 2, skip=1)])
    kind = session.kind
    a = kind.hourly_points(with_sms.runs[0], isp)
    b = kind.hourly_points(without.runs[0], isp)
    assert np.array_equal(a[:7], b[:7])       # the SMS goes out at hour 7
    assert not np.array_equal(a, b)


def test_decisions_go_into_the_plan_and_no_decision_is_no_action(tmp_path, isp):
    session = start(tmp_path, isp)
    play_two_rounds(session)
    results = session.results()
    assert [a.channel for a in results[1].plan.actions] == ["facebook_post", "sms"]
    assert results[3].plan.actions == ()              # team 3 never decided
    assert results[3].score_so_far == results[3].baseline_so_far
    assert results[1].hour == 24 and results[1].score_so_far != results[2].score_so_far
    ranking = session.ranking(results)
    scores = [r.score_so_far for r in ranking]
    assert scores == sorted(scores, reverse=True)
    # the consequence card reads the kind's own feedback on the plan so far
    notes = session.notes(results[1])
    assert notes and all(note.text("tr") and note.text("en") for note in notes)


def test_deadline_team_lock_and_the_facilitator_fallback(tmp_path, isp):
    session = start(tmp_path, isp)
    session.do("publish", at=1000.0)                 # five minutes: deadline at 1300
    with pytest.raises(WorkshopError, match="countdown has ended"):
        session.do("decide", {"team": 1, "round": 0, "actions": [POST]}, at=1301.0)
    session.do("decide", {"team": 1, "round": 0, "actions": [POST], "by": "facilitator"},
               at=1302.0)                            # the single-laptop fallback
    session.do("team_lock", {"team": 2}, at=1303.0)
    with pytest.raises(WorkshopError, match="locked this team"):
        session.do("decide", {"team": 2, "round": 0, "actions": [POST]}, at=1100.0)
    session.do("pause", at=1100.0)
    session.do("resume", at=5000.0)                  # 200 s were left when paused
    assert session.state.timer.deadline == pytest.approx(5200.0)
    session.do("extend", {"seconds": 120}, at=5001.0)
    assert session.state.timer.deadline == pytest.approx(5320.0)
    assert session.state.decision(1, 0).by == "facilitator"


def test_bad_decisions_are_one_line_naming_the_field(tmp_path, isp):
    session = start(tmp_path, isp)
    session.do("publish", at=10.0)
    cases = [
        ({"team": 1, "round": 0, "actions": [dict(POST, channel="tv")]}, "actions.0.channel"),
        ({"team": 1, "round": 0, "actions": [dict(POST, at=30)]}, "actions.0.at"),
        ({"team": 9, "round": 0, "actions": []}, "team"),
        ({"team": 1, "round": 1, "actions": []}, "round"),
        ({"team": 1, "round": 0, "actions": [dict(POST, audience="complainers")]},
         "actions.0.audience"),
        ({"team": 1, "round": 0, "actions": "rm -rf /"}, "actions"),
    ]
    for payload, field in cases:
        with pytest.raises(WorkshopError) as info:
            session.do("decide", payload, at=20.0)
        message = str(info.value)
        assert "\n" not in message and field in message, message
    assert session.log.events[-1].type == "publish"   # nothing refused was written


def test_undo_goes_back_to_the_round_before_it_was_locked(tmp_path, isp):
    session = start(tmp_path, isp)
    play_two_rounds(session)
    after_two = {t: r.score_so_far for t, r in session.results().items()}
    session.do("undo", at=500.0)
    state = session.state
    assert (state.round, state.phase, state.locked) == (1, "open", 1)
    assert state.decision(1, 1) is not None           # the round's decisions are kept
    assert session.hour_reached() == 6
    after_one = {t: r.score_so_far for t, r in session.results(1).items()}
    assert {t: r.score_so_far for t, r in session.results().items()} == after_one
    session.do("resume", at=600.0)
    session.do("lock", at=610.0)
    assert {t: r.score_so_far for t, r in session.results().items()} == after_two
    session.do("undo", at=700.0)
    session.do("undo", at=701.0)
    assert (session.state.round, session.state.locked) == (0, 0)
    with pytest.raises(WorkshopError, match="nothing to undo"):
        session.do("undo", at=702.0)


def test_replaying_the_file_gives_identical_results(tmp_path, isp):
    session = start(tmp_path, isp)
    play_two_rounds(session)
    session.do("edit_inject", {"round": 2, "en": "<b>New</b> text", "tr": "Yeni metin"},
               at=410.0)
    session.do("publish", at=420.0)
    session.do("add_reserve", {"reserve": 1}, at=421.0)
    session.do("lock", at=430.0)
    first = session.results()
    wash = session.hot_wash()
    session.close()
    again = Session.open(tmp_path / "s.sqlite")
    assert again.state.phase == "hotwash" and again.state.locked == 3
    assert again.state.round_info(2).text.en == "<b>New</b> text"
    second = again.results()
    for team in first:
        assert first[team].plan == second[team].plan
        for name, values in first[team].run.hourly.items():
            assert np.array_equal(values, second[team].run.hourly[name]), name
    assert again.hot_wash() == wash
    bought = {(r.team, r.round): r.bought for r in wash}
    assert bought[3, 0] == 0 and bought[1, 0] != 0   # no decision buys nothing
    one_action = next(r for r in wash if (r.team, r.round) == (1, 0))
    assert len(one_action.each_bought) == 1           # one action: it bought all the round did
    assert one_action.each_bought[0] == pytest.approx(one_action.bought)
    html = pages.hot_wash_html(again, "tr")
    assert "<b>New" not in html
    assert "Takım 1" in html and again.scenario.questions.A.tr[:30] in html
    assert html.count("(tek başına: ") == sum(len(r.each_bought) for r in wash)
    csv = pages.hot_wash_csv(again)
    assert csv.count("\n") == 1 + 3 * 3


def test_another_kind_plays_too(tmp_path):
    cafe = load_scenario("dark-horse-cafe")
    session = Session.start(tmp_path / "cafe.sqlite", cafe, teams=2, rounds=2, seed=2,
                            customers=400)
    session.do("publish", at=1.0)
    reply = {"at": 1, "channel": "twitter_reply", "audience": "complainers",
             "message": ["thank", "apology", "corrective_action"], "tone": "human"}
    session.do("decide", {"team": 1, "round": 0, "actions": [reply]}, at=2.0)
    session.do("lock", at=3.0)
    results = session.results()
    assert results[1].hour == 3 and results[1].plan.actions[0].channel == "twitter_reply"
    assert results[2].score_so_far == results[2].baseline_so_far
    card = pages.team_live(session, 1, "en")       # the café kind's own feedback
    assert "What happened" in card and session.notes(results[1])[0].text("en")[:40] in card
    assert pages.facilitator_live(session, "tr").count("team-card") == 2


def test_a_team_page_shows_only_its_own_team_until_the_leaderboard(tmp_path, isp):
    session = start(tmp_path, isp)
    session.do("publish", at=1.0)
    session.do("decide", {"team": 2, "round": 0, "actions": [dict(POST, at=4)]}, at=2.0)
    assert "h4 · Facebook post" not in pages.team_live(session, 1, "en")
    assert "h4 · Facebook post" in pages.team_live(session, 2, "en")
    assert "Leaderboard" not in pages.team_live(session, 1, "en")
    session.do("lock", at=3.0)
    session.do("leaderboard", {"show": True}, at=4.0)
    page = pages.team_live(session, 1, "en")
    assert "Leaderboard" in page and "Team 3" in page
    assert "saatte sıralama" in pages.team_live(session, 1, "tr")


def test_markup_in_an_edited_inject_is_shown_not_run(tmp_path, isp):
    session = start(tmp_path, isp)
    session.do("edit_inject", {"round": 0, "en": "<img src=x onerror=alert(1)>", "tr": "x"},
               at=1.0)
    session.do("publish", at=2.0)
    page = pages.facilitator_page(session, "en", "", "http://x/join", "")
    assert "<img src=x" not in page and "&lt;img src=x" in page
    refused = pages.team_page(session, 1, "tr", "", error="decide.at: <b>late</b>")
    assert "Kabul edilmedi:" in refused and "&lt;b&gt;late" in refused


# -- a stranger's session file ----------------------------------------------------------------
@pytest.fixture()
def good_file(tmp_path, isp, monkeypatch):
    session = start(tmp_path, isp, name="good.sqlite")
    play_two_rounds(session)
    session.close()
    return tmp_path / "good.sqlite"


def _no_model(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the model ran on a bad file")
    monkeypatch.setattr("casekit.workshop.session.run_many", refuse)


def _sql(path, *statements):
    db = sqlite3.connect(path)
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


@pytest.mark.parametrize("damage, field", [
    ("text", "not a session file"),
    ("oversized", "at most"),
    ("trigger", "tables"),
    ("bad_json", "payload: expected JSON"),
    ("unknown_event", "type"),
    ("hostile_decision", "actions.0.channel"),
    ("too_many_teams", "meta.teams"),
    ("broken_scenario", "meta.scenario"),
    ("out_of_order", "round"),
    ("format", "meta.format"),
    ("truncated", "s"),
])
def test_a_strangers_session_file_is_one_line_and_runs_nothing(good_file, tmp_path, damage,
                                                               field, monkeypatch):
    path = good_file
    if damage == "text":
        path.write_text("teams: 3\n")
    elif damage == "oversized":
        with open(path, "r+b") as handle:
            handle.truncate(MAX_SESSION_BYTES + 1)
    elif damage == "trigger":
        _sql(path, "CREATE TRIGGER t AFTER INSERT ON events BEGIN DELETE FROM meta; END")
    elif damage == "bad_json":
        _sql(path, "INSERT INTO events (at, type, payload) VALUES (1, 'lock', '{oops')")
    elif damage == "unknown_event":
        _sql(path, "INSERT INTO events (at, type, payload) VALUES (1, 'drop_tables', '{}')")
    elif damage == "hostile_decision":
        payload = json.dumps({"team": 1, "round": 0, "actions": [dict(POST, channel="x;rm")]})
        _sql(path, "DELETE FROM events WHERE seq > 2",
             f"UPDATE events SET payload = '{payload}' WHERE seq = 2")
    elif damage == "too_many_teams":
        _sql(path, "UPDATE meta SET value = '100000' WHERE key = 'teams'")
    elif damage == "broken_scenario":
        _sql(path, "UPDATE meta SET value = '{\"kind\": \"complaint_crisis\"}' "
                   "WHERE key = 'scenario'")
    elif damage == "out_of_order":
        _sql(path, "UPDATE events SET type = 'publish', payload = '{}' WHERE seq = 2")
    elif damage == "truncated":                 # half a file, as a failed copy leaves it
        data = path.read_bytes()
        path.write_bytes(data[:len(data) // 2])
    elif damage == "format":
        _sql(path, "UPDATE meta SET value = '\"other/9\"' WHERE key = 'format'")
    _no_model(monkeypatch)
    with pytest.raises(WorkshopError) as info:
        Session.open(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message and field in message, message


def test_the_command_line_exports_the_hot_wash_or_says_one_line(good_file, tmp_path, capsys):
    from casekit.cli import main
    out = tmp_path / "wash"
    assert main(["workshop", "isp-overbilling", "--session", str(good_file),
                 "--export", str(out)]) == 0
    assert (out / "hotwash.html").read_text().startswith("<!DOCTYPE html>")
    assert (out / "hotwash.csv").read_text().splitlines()[0].startswith("team,round")
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"\x00" * 100)
    capsys.readouterr()
    assert main(["workshop", "isp-overbilling", "--session", str(broken),
                 "--export", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("casekit: ") and len(err.splitlines()) == 1 and "broken" in err


def test_claims_edits_and_reserves_follow_the_rules(tmp_path, isp):
    session = start(tmp_path, isp)
    token = "ab" * 32
    session.do("claim", {"team": 1, "token": token}, at=1.0)
    with pytest.raises(WorkshopError, match="already taken"):
        session.do("claim", {"team": 1, "token": "cd" * 32}, at=2.0)
    session.do("release", {"team": 1}, at=3.0)
    session.do("claim", {"team": 1, "token": "cd" * 32}, at=4.0)
    assert session.state.claims == {1: "cd" * 32}
    with pytest.raises(WorkshopError, match="open round"):
        session.do("add_reserve", {"reserve": 0}, at=5.0)     # not published yet
    session.do("publish", at=6.0)
    with pytest.raises(WorkshopError, match="reserve inject from 0 to 1"):
        session.do("add_reserve", {"reserve": 5}, at=7.0)
    session.do("add_reserve", {"reserve": 0}, at=8.0)
    assert session.state.round_info(0).extras[0].title.en == "A leaked instruction"
    session.do("lock", at=9.0)
    with pytest.raises(WorkshopError, match="not yet locked"):
        session.do("edit_inject", {"round": 0, "en": "x", "tr": "y"}, at=10.0)
    with pytest.raises(WorkshopError, match="no open round to lock"):
        session.do("lock", at=11.0)


OPS = st.sampled_from(["publish", "lock", "undo", "pause", "resume", "extend", "decide",
                       "team_lock", "team_unlock", "leaderboard", "reserve", "edit", "claim"])


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(OPS, st.integers(1, 3), st.integers(0, 40)), max_size=30))
def test_any_sequence_of_steps_replays_to_the_same_state(tmp_path_factory, isp, steps):
    """Whatever the facilitator and the teams do (accepted or refused), reopening the file
    gives the same state: the log holds exactly what was accepted."""
    path = tmp_path_factory.mktemp("replay") / "s.sqlite"
    session = Session.start(path, isp, teams=3, rounds=3, minutes=1, seed=1,
                            customers=CUSTOMERS)
    now = 0.0
    for op, team, value in steps:
        now += value
        payload: dict = {}
        if op == "decide":
            start_hour = session.state.round_info(session.state.round).start
            payload = {"team": team, "round": session.state.round,
                       "actions": [dict(POST, at=start_hour + value % 5)]}
        elif op in ("team_lock", "team_unlock"):
            payload = {"team": team}
        elif op == "extend":
            payload = {"seconds": value - 20}
        elif op == "leaderboard":
            payload = {"show": bool(value % 2)}
        elif op == "reserve":
            op, payload = "add_reserve", {"reserve": value % 3}
        elif op == "edit":
            op, payload = "edit_inject", {"round": value % 3, "en": f"e{value}", "tr": "t"}
        elif op == "claim":
            payload = {"team": team, "token": f"{value:064x}"}
        try:
            session.do(op, payload, at=now)
        except WorkshopError:
            pass
    session.close()
    again = Session.open(path)
    a, b = session.state, again.state
    for name in ("round", "phase", "locked", "decisions", "edits", "extras", "team_locked",
                 "leaderboard", "timer", "claims", "version"):
        assert getattr(a, name) == getattr(b, name), name
    assert len(again.log.events) == a.version
    again.close()


def test_the_command_line_says_one_line_for_a_busy_port_or_an_unknown_case(tmp_path, capsys):
    import socket

    from casekit.cli import main
    assert main(["workshop", "no-such-case", "--session", str(tmp_path / "a.sqlite")]) == 2
    assert "no-such-case" in capsys.readouterr().err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["workshop", "dark-horse-cafe", "--customers", "200", "--session",
                     str(tmp_path / "b.sqlite"), "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and f"port {port}" in err and "--port" in err


def test_every_workshop_text_has_turkish_with_the_same_blanks():
    import string

    from casekit.workshop.texts import TEXTS

    def blanks(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    assert len(TEXTS) > 80
    for key, texts in TEXTS.items():
        assert texts["en"].strip() and texts["tr"].strip(), key
        assert blanks(texts["en"]) == blanks(texts["tr"]), key
        assert texts["en"] != texts["tr"], f"{key}: the Turkish is the English"


# -- injects that change the model -----------------------------------------------------------
def _with_injects(isp, injects, name="x.yaml"):
    data = isp.model_dump(mode="json", exclude={"source_path"})
    data["injects"] = injects
    return scenario_from_mapping(data, name)


_TEXTS = {"title": {"en": "x", "tr": "x"}, "text": {"en": "x", "tr": "x"}}


@pytest.mark.parametrize("effect, field, expected", [
    ({"type": "second_post", "comments": 300}, "injects.0.effect.negative_share", "missing"),
    ({"type": "second_post", "comments": -5, "negative_share": 0.9},
     "injects.0.effect.comments", "expected a number from 1"),
    ({"type": "second_post", "comments": 300, "negative_share": 1.5},
     "injects.0.effect.negative_share", "expected a number from 0 to 1"),
    ({"type": "second_post", "comments": 300, "negative_share": 0.9, "likes": 4},
     "injects.0.effect.likes", "unknown field"),
    ({"type": "tv_report", "comments": 300, "negative_share": 0.9},
     "injects.0.effect.type", "second_post"),
])
def test_an_inject_effect_is_checked_at_load(isp, effect, field, expected):
    with pytest.raises(ScenarioError) as info:
        _with_injects(isp, [{"hour": 5, "effect": effect, **_TEXTS}], "bad.yaml")
    message = str(info.value)
    assert "\n" not in message and "bad.yaml" in message, message
    assert field in message and expected in message, message


def test_a_kind_refuses_effects_it_does_not_apply():
    desk = load_scenario("complaint-operations")
    assert kind_of(desk).schema.inject_effects == ()
    data = desk.model_dump(mode="json", exclude={"source_path"})
    data["injects"] = [{"hour": 5, "effect": {"type": "second_post", "comments": 30,
                                              "negative_share": 0.5}, **_TEXTS}]
    with pytest.raises(ScenarioError, match=r"injects\.0\.effect\.type: 'second_post' is "
                                            r"not applied by service_operations cases"):
        scenario_from_mapping(data, "desk.yaml")


def test_scenario_injects_act_in_a_plain_run_only_when_scheduled(isp):
    """``casekit run`` sees the case without its injects unless the file schedules one."""
    from casekit.plan import no_response
    from casekit.simulation import simulate_batch
    assert any(i.effect is not None for i in isp.injects)
    assert not any(i.scheduled for i in isp.injects)       # the shipped files schedule none

    def run(scenario):
        return simulate_batch(scenario, no_response(isp.id), 3, [0], CUSTOMERS,
                              keep_final=False)[0]

    bare = isp.model_copy(update={"injects": ()})
    bare.__dict__.pop("fingerprint", None)
    shipped, nothing = run(isp), run(bare)
    for name, values in shipped.hourly.items():
        assert np.array_equal(values, nothing.hourly[name]), name
    second = [i.model_dump(mode="json") for i in isp.injects if i.effect and not i.reserve]
    scheduled = _with_injects(isp, [dict(second[0], scheduled=True)])
    assert run(scheduled).totals["comments"] > shipped.totals["comments"]


def _second_post_round(tmp_path, isp, rounds, name, overrides=None):
    """A session played to the end with no team deciding; with ``rounds`` 5 the round at
    hour 48 publishes the second viral post."""
    scenario = isp if overrides is None else load_scenario(isp.id, overrides=overrides)
    session = Session.start(tmp_path / name, scenario, teams=1, rounds=rounds, minutes=5,
                            seed=11, customers=CUSTOMERS)
    for r in range(rounds):
        session.do("publish", at=10.0 * r + 1)
        session.do("lock", at=10.0 * r + 2)
    return session


def test_a_published_second_post_restarts_the_thread(tmp_path, isp):
    published = _second_post_round(tmp_path, isp, 5, "five.sqlite")   # hours 0 6 24 48 96
    never = _second_post_round(tmp_path, isp, 3, "three.sqlite")     # hours 0 6 24
    acting = [i for i in published.scenario_at().injects if i.scheduled and i.effect]
    assert [i.hour for i in acting] == [48]
    assert not any(i.scheduled for i in never.scenario_at().injects)
    a, b = published.results()[1].run, never.results()[1].run
    negative = "comments_negative"
    assert np.array_equal(a.hourly[negative][:48], b.hourly[negative][:48])
    assert a.hourly[negative][48:60].sum() > 2 * b.hourly[negative][48:60].sum()
    assert a.totals["aware"] > b.totals["aware"]
    assert a.totals["sentiment_final"] < b.totals["sentiment_final"]
    # before the round at hour 48 is locked, nothing of it acts
    assert not any(i.scheduled for i in published.scenario_at(3).injects)
    # the team page shows it: negative comments and posts are one of the kind's series
    assert "negative_posts" in {s.name for s in published.kind.series}
    shown = published.kind.hourly_series(a, isp)["negative_posts"]
    assert shown[48:60].sum() > published.kind.hourly_series(b, isp)["negative_posts"][
        48:60].sum()
    published.close()
    again = Session.open(tmp_path / "five.sqlite")           # the file alone reproduces it
    c = again.results()[1].run
    for name, values in a.hourly.items():
        assert np.array_equal(values, c.hourly[name]), name


def test_the_second_posts_awareness_goes_with_the_thread_discovery_mechanism(tmp_path, isp):
    """With thread-driven bill checks switched off (incident.check_after_exposure 0), the
    post still brings comments but no longer makes anyone find the error; with the thread's
    tone switched off (thread.exposure_shock 0) it no longer moves sentiment."""
    def difference(overrides, metric):
        on = _second_post_round(tmp_path, isp, 5, f"on{len(overrides or {})}{metric}.sqlite",
                                overrides)
        off_ = _second_post_round(tmp_path, isp, 3, f"off{len(overrides or {})}{metric}.sqlite",
                                  overrides)
        return on.results()[1].run.totals[metric] - off_.results()[1].run.totals[metric]

    assert difference(None, "aware") > 0
    no_checks = {"incident": {"check_after_exposure": {"value": 0, "range": None}}}
    assert difference(no_checks, "aware") == 0
    assert difference(no_checks, "comments") > 0
    assert difference(None, "sentiment_final") < 0
    no_tone = {"thread": {"exposure_shock": {"value": 0, "range": None}},
               "incident": {"check_after_exposure": {"value": 0, "range": None}}}
    assert difference(no_tone, "sentiment_final") == pytest.approx(0, abs=1e-6)


def test_a_reserve_inject_acts_only_once_added(tmp_path, isp):
    """The leaked instruction (a reserve with a second-post effect) changes nothing while
    held back; added to the round at hour 6, it acts from hour 12, its own hour."""
    runs = {}
    for added in (False, True):
        session = Session.start(tmp_path / f"r{added}.sqlite", isp, teams=1, rounds=3,
                                minutes=5, seed=11, customers=CUSTOMERS)
        session.do("publish", at=1.0)
        session.do("lock", at=2.0)
        session.do("publish", at=3.0)
        if added:
            session.do("add_reserve", {"reserve": 0}, at=4.0)
        session.do("lock", at=5.0)
        runs[added] = session.results()[1].run
        acting = [i.hour for i in session.scenario_at().injects if i.scheduled and i.effect]
        assert acting == ([12.0] if added else [])
    negative = "comments_negative"
    assert np.array_equal(runs[True].hourly[negative][:12], runs[False].hourly[negative][:12])
    assert runs[True].hourly[negative][12:24].sum() > runs[False].hourly[negative][12:24].sum()


def test_the_pages_show_what_an_inject_changes(tmp_path, isp):
    """The facilitator reads what the second viral post does in the model; once locked,
    every series line marks its hour, on the team page and the projector's team cards."""
    session = Session.start(tmp_path / "p.sqlite", isp, teams=2, rounds=5, minutes=5, seed=11,
                            customers=CUSTOMERS)
    for r in range(3):
        session.do("publish", at=10.0 * r + 1)
        session.do("lock", at=10.0 * r + 2)
    session.do("publish", at=40.0)                       # the round at hour 48
    projector = pages.facilitator_live(session, "en")
    assert "a second viral post restarts the thread at hour 48 (about 22 first comments, " \
           "90% of them angry)" in projector
    assert "ikinci bir viral paylaşım 48. saatte" in pages.facilitator_live(session, "tr")
    assert "restarts the thread" not in pages.team_live(session, 1, "en")
    assert "stroke-dasharray" not in projector           # not in force before the lock
    session.do("lock", at=41.0)
    projector, team = pages.facilitator_live(session, "en"), pages.team_live(session, 1, "en")
    assert projector.count("stroke-dasharray") == 2 * len(session.kind.series)
    assert team.count("stroke-dasharray") == len(session.kind.series)
    assert "Grey lines: the hours at which a published inject changed the model" in team
    assert "negative public comments and posts, per hour" in projector
