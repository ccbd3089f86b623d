"""The café kind (public_reply) applies the ``second_post`` inject effect: a quote or a second
viral post brings more items into the thread at its hour, once it is scheduled (a workshop
has published it), and changes nothing before that hour or while unscheduled."""

from __future__ import annotations

import numpy as np
import pytest

from casekit.kinds import kind_of
from casekit.kinds.public_reply.engine import simulate_reply
from casekit.plan import Plan, load_plan, no_response
from casekit.scenario import load_scenario, scenario_dir
from casekit.workshop import Session

REPS = range(8)


@pytest.fixture(scope="module")
def cafe():
    return load_scenario("dark-horse-cafe")


def quoted(cafe) -> object:
    """The café with its hour-3 inject, 'The thread is quoted', scheduled."""
    return schedule(cafe, lambda i: i.hour == 3 and not i.reserve)


def schedule(cafe, which, **update):
    injects = tuple(i.model_copy(update={"scheduled": True, **update}) if which(i) else i
                    for i in cafe.injects)
    return cafe._copy(injects=injects)


def the_plan(cafe, name: str) -> Plan:
    return load_plan(scenario_dir() / cafe.id / "plans" / f"{name}.yaml", cafe)


def test_the_cafe_kind_applies_second_post_and_its_scenario_uses_it(cafe):
    assert "second_post" in kind_of(cafe).schema.inject_effects
    effects = {i.title.en: i.effect for i in cafe.injects if i.effect is not None}
    assert set(effects) >= {"The thread is quoted"}
    for effect in effects.values():
        assert effect.comments.guess and effect.negative_share.guess
    assert not any(i.scheduled for i in cafe.injects)      # the shipped file schedules none


def test_a_scheduled_quote_makes_the_thread_worse_on_common_random_numbers(cafe):
    plan = no_response(cafe.id)
    on = quoted(cafe)
    for rep in REPS:
        a = simulate_reply(cafe, plan, seed=4, replication=rep).totals
        b = simulate_reply(on, plan, seed=4, replication=rep).totals
        assert b["negative_posts"] > a["negative_posts"], rep
        assert b["reach"] > a["reach"], rep
        assert b["sentiment_final"] <= a["sentiment_final"], rep
    # on average the regulars end up lower and the thread bigger by more than its own
    # immigrants: each new item breeds offspring as any item does
    a = [simulate_reply(cafe, plan, seed=4, replication=r).totals for r in REPS]
    b = [simulate_reply(on, plan, seed=4, replication=r).totals for r in REPS]
    assert np.mean([x["sentiment_final"] for x in b]) < \
        np.mean([x["sentiment_final"] for x in a])
    extra = np.mean([y["items"] - x["items"] for x, y in zip(a, b)])
    comments = next(i.effect.comments.value for i in on.injects if i.scheduled)
    assert extra > 1.5 * comments


def test_it_acts_at_its_hour_not_before(cafe):
    plan = the_plan(cafe, "what-dark-horse-did")
    on = schedule(cafe, lambda i: i.hour == 3 and not i.reserve, hour=10.0)
    for rep in range(3):
        a = simulate_reply(cafe, plan, seed=9, replication=rep).hourly
        b = simulate_reply(on, plan, seed=9, replication=rep).hourly
        for name, values in a.items():
            assert np.array_equal(values[:10], b[name][:10]), (rep, name)
        assert b["items_negative"][10:16].sum() > a["items_negative"][10:16].sum(), rep


def test_the_cafes_stance_damps_or_inflames_the_wave(cafe):
    """The quote's items join the thread's owed offspring, so a defensive reply inflames
    them and an accommodating one damps them, as it does every item."""
    on = quoted(cafe)

    def extra(name: str) -> float:
        plan = the_plan(cafe, name)
        return float(np.mean([simulate_reply(on, plan, seed=2, replication=r).totals[
            "negative_posts"] - simulate_reply(cafe, plan, seed=2, replication=r).totals[
            "negative_posts"] for r in REPS]))

    assert extra("what-dark-horse-did") > extra("silence") > extra("accommodating-reply") > 0


def test_an_unscheduled_inject_changes_nothing(cafe):
    assert any(i.effect is not None for i in cafe.injects)
    bare = cafe._copy(injects=())
    plan = the_plan(cafe, "what-dark-horse-did")
    for rep in range(3):
        shipped = simulate_reply(cafe, plan, seed=5, replication=rep)
        nothing = simulate_reply(bare, plan, seed=5, replication=rep)
        assert shipped.totals == nothing.totals
        for name, values in shipped.hourly.items():
            assert np.array_equal(values, nothing.hourly[name]), name
    # the same inject, scheduled, does change the run (the check above is not vacuous)
    assert simulate_reply(quoted(cafe), plan, seed=5).totals != \
        simulate_reply(cafe, plan, seed=5).totals


def test_same_seed_same_result(cafe):
    on = quoted(cafe)
    plan = the_plan(cafe, "accommodating-reply")
    a, b = (simulate_reply(on, plan, seed=3, replication=1) for _ in range(2))
    assert a.totals == b.totals
    for name, values in a.hourly.items():
        assert np.array_equal(values, b.hourly[name]), name


def test_a_workshop_that_publishes_the_quote_changes_the_rounds_outcome(tmp_path, cafe):
    """Rounds start at the café's inject hours 0, 3 and 12: once the round at hour 3 is
    locked, its inject (the quote) acts on every team's run from hour 3 on."""
    session = Session.start(tmp_path / "cafe.sqlite", cafe, teams=1, rounds=3, minutes=5,
                            seed=11, customers=cafe.population.customers)
    for r in range(2):
        session.do("publish", at=10.0 * r + 1)
        session.do("lock", at=10.0 * r + 2)
    assert session.scenario_at(1) is session.scenario          # nothing acts before the lock
    acting = [i for i in session.scenario_at(2).injects if i.scheduled and i.effect]
    assert [i.title.en for i in acting] == ["The thread is quoted"]
    published = session.results(2)[1]
    plan = published.plan
    unpublished = session.outcomes([plan], session.scenario)[0]
    a, b = published.run, unpublished.runs[0]
    assert np.array_equal(a.hourly["items_negative"][:3], b.hourly["items_negative"][:3])
    assert a.hourly["items_negative"][3:12].sum() > b.hourly["items_negative"][3:12].sum()
    assert published.score_so_far < session.so_far(unpublished, published.hour)
    session.close()
    again = Session.open(tmp_path / "cafe.sqlite")             # the file alone reproduces it
    c = again.results(2)[1].run
    for name, values in a.hourly.items():
        assert np.array_equal(values, c.hourly[name]), name


def test_the_facilitator_page_shows_the_items_that_act(tmp_path, cafe):
    """The café engine adds an inject's items as written, whatever the session's size
    (``inject_comments_scale`` is False on its schema); the crisis engine scales them with
    the customers. The facilitator's line says the number each engine uses."""
    from casekit.workshop import Session
    from casekit.workshop.pages import _effect_line
    quote = next(i for i in cafe.injects if i.title.en == "The thread is quoted")
    small = Session.start(tmp_path / "small.sqlite", cafe, teams=1, rounds=3, minutes=5,
                          seed=11, customers=cafe.population.customers // 4)
    line = _effect_line(small, quote.effect, quote.hour, "en")
    assert f"about {quote.effect.comments.value:g} first comments" in line
    small.close()
    isp = load_scenario("isp-overbilling")
    post = next(i for i in isp.injects if i.effect is not None)
    customers = isp.population.reference // 10
    crisis = Session.start(tmp_path / "isp.sqlite", isp, teams=1, rounds=3, minutes=5,
                           seed=11, customers=customers)
    scaled = post.effect.comments.value * customers / isp.population.reference
    assert f"about {scaled:,.0f} first comments" in _effect_line(crisis, post.effect,
                                                                  post.hour, "en")
    crisis.close()
