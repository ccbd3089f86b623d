"""The kinds contract's ``plan_notes`` hook: why an action is early, read from the plan
alone (no run), and ``casekit validate`` printing those lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit.cli import main
from casekit.kinds import kind_of
from casekit.plan import Action, Plan
from casekit.scenario import load_scenario

SMS = dict(channel="sms", audience="everyone", tone="human")


def _plan(*actions: Action) -> Plan:
    return Plan(name="notes", scenario="isp-overbilling", actions=actions)


def test_crisis_plan_notes_say_why_an_action_is_early() -> None:
    sc = load_scenario("isp-overbilling")
    hook = kind_of(sc).plan_notes
    assert hook is not None
    early = _plan(Action(at=0, message=("apology", "explain_cause", "refund"), **SMS))
    keys = [n.key for n in hook(sc, early)]
    assert keys == ["early_cause", "early_refund"]
    texts = [n.text("en") for n in hook(sc, early)]
    assert "hour 4" in texts[0] and "hour 36" in texts[1]
    assert all(n.text("tr") != n.text("en") for n in hook(sc, early))
    # Once the cause is known and refunds can run, nothing is early.
    later = _plan(Action(at=12, message=("apology", "explain_cause", "refund"), **SMS))
    assert hook(sc, later) == []


def test_a_kind_without_plan_notes_leaves_the_hook_empty() -> None:
    assert kind_of(load_scenario("dark-horse-cafe")).plan_notes is None


def test_validate_prints_the_notes(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    plan = tmp_path / "early.yaml"
    plan.write_text("name: early\nscenario: isp-overbilling\nactions:\n"
                    "  - {at: 1, channel: sms, audience: everyone, tone: human,\n"
                    "     message: [acknowledge, explain_cause]}\n", encoding="utf-8")
    assert main(["validate", str(plan)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ok")
    assert len(out) == 2 and "not known until hour 4" in out[1]
    assert main(["validate", "--lang", "tr", str(plan)]) == 0
    assert "4. saate kadar bilinmiyor" in capsys.readouterr().out
