"""docs/adding-a-case.md says what the code does: its example scenario loads and runs, its
table of a kind's fields is the contract's, the files it points at exist, and the worked
example kind touches no file of casekit."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import casekit
from casekit.kinds.contract import Kind

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "adding-a-case.md").read_text(encoding="utf-8")


def _block(scenario_id: str) -> str:
    """The guide's YAML example whose ``id`` is ``scenario_id``."""
    for block in re.findall(r"```yaml\n(.*?)```", GUIDE, re.DOTALL):
        if re.search(rf"^id: {re.escape(scenario_id)}$", block, re.MULTILINE):
            return block
    raise AssertionError(f"the guide has no YAML example with id {scenario_id}")


def test_the_yaml_only_scenario_of_the_guide_loads_and_runs(tmp_path: Path) -> None:
    block = _block("isp-overbilling-small-town")
    path = tmp_path / "isp-overbilling-small-town.yaml"
    path.write_text(block, encoding="utf-8")
    scenario = casekit.load_scenario(path)
    parent = casekit.load_scenario("isp-overbilling")
    assert scenario.id == "isp-overbilling-small-town" and scenario.kind == parent.kind
    assert scenario.population.customers == 20_000
    assert scenario.population.e_bill_share.value == 0.5
    assert scenario.population.e_bill_share.source == parent.population.e_bill_share.source
    assert scenario.incident.paper_bill_first_day.value == 2
    outcome = casekit.run(scenario, seed=1, reps=1, customers=2_000)
    assert outcome.scenario.id == scenario.id


def test_the_channel_example_of_the_guide_is_yaml_only(tmp_path: Path) -> None:
    """Section 2's example: a channel's numbers merge field by field with the parent's, the
    allowed list replaces the parent's, and a plan naming the channel taken away is refused
    in one line."""
    import pytest

    from casekit.errors import PlanError
    from casekit.plan import load_plan
    path = tmp_path / "isp-overbilling-no-press.yaml"
    path.write_text(_block("isp-overbilling-no-press"), encoding="utf-8")
    scenario = casekit.load_scenario(path)
    parent = casekit.load_scenario("isp-overbilling")
    assert scenario.channels["sms"].cost_per_contact.value == 0.4
    assert scenario.channels["sms"].reach == parent.channels["sms"].reach
    assert set(parent.allowed.channels) - set(scenario.allowed.channels) == {"press_release"}
    plan_file = tmp_path / "press.yaml"
    plan_file.write_text("name: press\nscenario: isp-overbilling-no-press\nactions:\n"
                         "  - {at: 2, channel: press_release, audience: public, "
                         "message: [apology], tone: human}\n", encoding="utf-8")
    with pytest.raises(PlanError) as refused:
        load_plan(plan_file).check(scenario)
    message = str(refused.value)
    assert "\n" not in message and "press_release" in message and "channel" in message
    outcome = casekit.run(scenario, seed=1, reps=1, customers=2_000)
    assert outcome.scenario.id == scenario.id


def test_the_channels_the_guide_says_a_kind_carries_are_its_vocabulary() -> None:
    from casekit.kinds import KINDS
    from casekit.vocabulary import MESSAGES
    said = re.search(r"the café kind carries only ((?:`[a-z_]+`,?\s?)+)", GUIDE)
    assert said, "the guide no longer says which channels the café kind carries"
    assert set(re.findall(r"`([a-z_]+)`", said.group(1))) == \
        set(KINDS["public_reply"].schema.vocabulary.channels)
    assert "the crisis kind carries every channel of `MESSAGES`" in GUIDE
    assert KINDS["complaint_crisis"].schema.vocabulary.channels == MESSAGES.channels


def test_the_table_of_fields_is_the_contract() -> None:
    rows = re.findall(r"^\s*\| `([a-z_]+)`(?:, `([a-z_]+)`)*", GUIDE, re.MULTILINE)
    listed = set()
    for line in re.findall(r"^\s*\| (`[a-z_]+`(?:, `[a-z_]+`)*) \|", GUIDE, re.MULTILINE):
        listed |= set(re.findall(r"`([a-z_]+)`", line))
    assert rows
    fields = {f.name for f in dataclasses.fields(Kind)}
    assert fields <= listed, f"the guide does not describe {sorted(fields - listed)}"
    assert listed - fields == set(), f"the guide names fields that do not exist: " \
        f"{sorted(listed - fields)}"


def test_every_file_the_guide_names_exists() -> None:
    for name in re.findall(r"`((?:tests|casekit|docs|scenarios)/[\w./-]+)`", GUIDE):
        if "<" in name:
            continue
        assert (ROOT / name).exists(), name


def test_the_worked_example_touches_no_file_of_casekit() -> None:
    for path in (ROOT / "casekit").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "help_desk" not in text and "example_kind" not in text, path
