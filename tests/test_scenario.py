"""Scenario files: loaded into frozen objects, every number sourced, broken files refused
with one line that names the file and the field."""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from casekit.errors import InputError, ScenarioError
from casekit.scenario import Scenario, Sourced, load_scenario, scenario_dir, scenario_paths

ISP = "isp-overbilling"


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(ISP)


@pytest.fixture(scope="module")
def isp_data() -> dict:
    """The ISP scenario file as plain data, to break one field at a time."""
    return yaml.safe_load((scenario_dir() / f"{ISP}.yaml").read_text(encoding="utf-8"))


def sourced_numbers(obj: object, path: str = "") -> list[tuple[str, Sourced]]:
    """Every Sourced number that came from the file (defaults the file never set are left
    out: a default is not a number in the file)."""
    if isinstance(obj, Sourced):
        return [(path, obj)]
    found: list[tuple[str, Sourced]] = []
    if isinstance(obj, BaseModel):
        for name in sorted(obj.model_fields_set):
            found += sourced_numbers(getattr(obj, name), f"{path}.{name}" if path else name)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            found += sourced_numbers(value, f"{path}.{key}")
    elif isinstance(obj, (list, tuple)):
        for i, value in enumerate(obj):
            found += sourced_numbers(value, f"{path}.{i}")
    return found


# ---- the shipped ISP case -------------------------------------------------------------------

def test_isp_scenario_loads_with_the_case_facts(scenario: Scenario) -> None:
    assert scenario.id == ISP
    assert "Overbilling" in scenario.title.en and scenario.title.tr
    assert scenario.crisis.cluster == "accidental"
    assert (scenario.thread.start_likes, scenario.thread.start_comments) == (1213, 217)
    assert scenario.incident.overcharge_rate.value == pytest.approx(0.05)
    assert scenario.horizon_hours == 336
    assert scenario.source_path.endswith(f"{ISP}.yaml")
    # by id and by path give the same scenario
    assert load_scenario(scenario_paths()[ISP]) == scenario
    assert load_scenario(ISP).fingerprint == scenario.fingerprint


def test_scenario_is_frozen(scenario: Scenario) -> None:
    with pytest.raises(ValueError):
        scenario.horizon_hours = 1  # type: ignore[misc]
    with pytest.raises(ValueError):
        scenario.population.margin = scenario.population.e_bill_share  # type: ignore[misc]
    with pytest.raises(ValueError):
        scenario.population.margin.value = 0.9  # type: ignore[misc]
    # the mappings inside are read-only too, or the "frozen" scenario (and its fingerprint)
    # could change under a notebook's feet
    before = scenario.fingerprint
    with pytest.raises(TypeError):
        scenario.channels["sms"] = scenario.channels["email"]  # type: ignore[index]
    with pytest.raises(TypeError):
        del scenario.channels["sms"]  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        scenario.model.part_values.pop("deny")
    with pytest.raises(TypeError):
        scenario.complaints.channel_mix.update(email=1.0)
    assert scenario.channels["sms"].cost_per_contact.value == pytest.approx(0.08)
    assert load_scenario(ISP).fingerprint == before


def test_scenario_survives_pickle_and_copy(scenario: Scenario) -> None:
    """Worker processes receive the scenario pickled; it must arrive equal and still frozen."""
    for clone in (pickle.loads(pickle.dumps(scenario)), copy.deepcopy(scenario)):
        assert clone == scenario
        assert clone.fingerprint == scenario.fingerprint
        with pytest.raises(TypeError):
            clone.channels["sms"] = clone.channels["email"]  # type: ignore[index]


def test_with_customers_changes_only_the_population_size(scenario: Scenario) -> None:
    small = scenario.with_customers(1234)
    assert small.population.customers == 1234
    assert scenario.population.customers == 20000
    assert small.population.margin == scenario.population.margin
    assert small.channels == scenario.channels
    with pytest.raises(ScenarioError):
        scenario.with_customers(0)


@pytest.mark.parametrize("path", sorted(scenario_paths().values()), ids=lambda p: p.stem)
def test_every_number_in_a_shipped_scenario_has_a_source(path: Path) -> None:
    numbers = sourced_numbers(load_scenario(path))
    assert len(numbers) > 30  # the walk reaches the whole model, not just the top
    unsourced = [where for where, number in numbers if not number.source.strip()]
    assert unsourced == []
    for where, number in numbers:
        if number.range is not None:
            low, high = number.range
            assert low <= number.value <= high, where


def test_the_source_walk_catches_a_bare_number(tmp_path: Path, isp_data: dict) -> None:
    """The walk above would miss nothing: a bare number in a file has an empty source."""
    data = copy.deepcopy(isp_data)
    data["population"]["margin"] = 0.3
    path = tmp_path / "bare.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    unsourced = [w for w, n in sourced_numbers(load_scenario(path)) if not n.source]
    assert unsourced == ["population.margin"]


# ---- extends and overrides -------------------------------------------------------------

def test_extends_overrides_some_fields_and_keeps_the_rest(tmp_path: Path,
                                                          scenario: Scenario) -> None:
    child = tmp_path / "my-variant.yaml"
    child.write_text(
        "extends: isp-overbilling\n"
        "id: my-variant\n"
        "horizon_hours: 168\n"
        "population:\n"
        "  customers: 5000\n"
        "  e_bill_share: 0.7\n"           # a bare number keeps the parent's source
        "channels:\n"
        "  sms: {cost_per_contact: {value: 0.2, source: 'our SMS quote'}}\n",
        encoding="utf-8")
    variant = load_scenario(child)
    assert variant.id == "my-variant"
    assert variant.horizon_hours == 168
    assert variant.population.customers == 5000
    share = variant.population.e_bill_share
    parent_share = scenario.population.e_bill_share
    assert share.value == pytest.approx(0.7)
    assert share.source == parent_share.source and share.range == parent_share.range
    sms = variant.channels["sms"]
    assert sms.cost_per_contact.value == pytest.approx(0.2)
    assert sms.cost_per_contact.source == "our SMS quote"
    assert sms.reach == scenario.channels["sms"].reach          # nested merge, not replace
    assert variant.channels["email"] == scenario.channels["email"]
    assert variant.model == scenario.model
    assert variant.narrative == scenario.narrative
    assert variant.fingerprint != scenario.fingerprint


def test_extends_chains_through_a_sibling_file(tmp_path: Path) -> None:
    (tmp_path / "middle.yaml").write_text(
        "extends: isp-overbilling\nid: middle\npopulation: {customers: 7000}\n")
    (tmp_path / "leaf.yaml").write_text("extends: middle\nid: leaf\nhorizon_hours: 100\n")
    leaf = load_scenario(tmp_path / "leaf.yaml")
    assert (leaf.id, leaf.population.customers, leaf.horizon_hours) == ("leaf", 7000, 100)


@pytest.mark.parametrize("files, expected", [
    ({"a.yaml": "extends: b\nid: a\n", "b.yaml": "extends: a\nid: b\n"}, "circular"),
    ({"a.yaml": "extends: no-such-case\nid: a\n"}, "no scenario 'no-such-case'"),
    ({"a.yaml": "extends: [isp-overbilling]\nid: a\n"}, "expected the id"),
], ids=["circular", "unknown-parent", "not-a-name"])
def test_bad_extends_is_refused(tmp_path: Path, files: dict, expected: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "a.yaml")
    assert info.value.field == "extends"
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_overrides_change_a_value_and_keep_its_source(scenario: Scenario) -> None:
    original = scenario.operations.call_center_agents
    low, high = original.range or (1, 100)
    wanted = low if original.value != low else high
    changed = load_scenario(ISP, overrides={"operations": {"call_center_agents": wanted},
                                            "population": {"customers": 3000}})
    agents = changed.operations.call_center_agents
    assert agents.value == wanted != original.value
    assert (agents.source, agents.range) == (original.source, original.range)
    assert changed.population.customers == 3000
    assert changed.thread == scenario.thread
    assert load_scenario(ISP) == scenario  # the file itself is untouched


def test_an_override_outside_the_range_is_refused(scenario: Scenario) -> None:
    ranged = scenario.operations.call_center_agents
    assert ranged.range is not None
    with pytest.raises(ScenarioError) as info:
        load_scenario(ISP, overrides={"operations": {"call_center_agents": ranged.range[1] + 1}})
    assert info.value.field == "operations.call_center_agents"
    assert "range" in str(info.value)


# ---- broken files -------------------------------------------------------------------------

def _edit(change):
    def make(data: dict) -> str:
        data = copy.deepcopy(data)
        change(data)
        return yaml.safe_dump(data, allow_unicode=True)
    return make


BROKEN = [
    # (id, file text from the ISP data, expected field, a word the message must hold)
    ("invalid-yaml", lambda d: "id: x\nversion: [1,\n", "line 3", "invalid YAML"),
    ("bad-indent", lambda d: "id: x\n  title: y\n", "line 2", "invalid YAML"),
    ("unknown-field", _edit(lambda d: d["population"].update(shoe_size=42)),
     "population.shoe_size", "unknown field"),
    ("unknown-top-field", _edit(lambda d: d.update(colour="red")), "colour", "unknown field"),
    ("typo-in-source", _edit(lambda d: d["population"]["margin"].update(sorce="x")),
     "population.margin.sorce", "unknown field"),
    ("wrong-type", _edit(lambda d: d.update(horizon_hours="two weeks")), "horizon_hours",
     "integer"),
    ("text-for-number", _edit(lambda d: d["population"].update(margin="high")),
     "population.margin", "expected a number"),
    ("bool-for-number", _edit(lambda d: d["model"].update(loss_aversion=True)),
     "model.loss_aversion", "true/false"),
    ("missing-field", _edit(lambda d: d["incident"].pop("notice_share")),
     "incident.notice_share", "missing"),
    ("missing-section", _edit(lambda d: d.pop("thread")), "thread", "missing"),
    ("outside-range", _edit(lambda d: d["population"]["e_bill_share"].update(value=0.95)),
     "population.e_bill_share", "outside its range"),
    ("horizon-too-long", _edit(lambda d: d.update(horizon_hours=100_000)), "horizon_hours",
     "less than or equal"),
    ("no-customers", _edit(lambda d: d["population"].update(customers=0)),
     "population.customers", "greater than 0"),
    ("bad-literal", _edit(lambda d: d["crisis"].update(cluster="alien")), "crisis.cluster",
     "victim"),
    ("unknown-complaint-channel",
     _edit(lambda d: d["complaints"]["channel_mix"].update(fax=0.1)),
     "complaints.channel_mix", "fax"),
    ("mix-not-one", _edit(lambda d: d["complaints"]["channel_mix"].update(email=0.5)),
     "complaints.channel_mix", "add up to 1"),
    ("missing-part-value", _edit(lambda d: d["model"]["part_values"].pop("deny")),
     "model.part_values", "deny"),
    ("unknown-channel", _edit(lambda d: d["channels"].update(pigeon=d["channels"]["sms"])),
     "channels.pigeon", "not carried"),
    ("allowed-without-channel", _edit(lambda d: d["channels"].pop("sms")),
     "allowed.channels", "sms"),
    ("allowed-unknown-name", _edit(lambda d: d["allowed"]["channels"].append("pigeon")),
     "allowed.channels", "pigeon"),
    ("bad-id", _edit(lambda d: d.update(id="ISP Overbilling!")), "id", "pattern"),
    ("list-at-top", lambda d: "- 1\n- 2\n", "", "expected a mapping"),
    ("empty-file", lambda d: "", "", "expected a mapping"),
]


@pytest.mark.parametrize("make, field, word", [b[1:] for b in BROKEN],
                         ids=[b[0] for b in BROKEN])
def test_broken_scenario_file_names_file_and_field(tmp_path: Path, isp_data: dict, make,
                                                   field: str, word: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(make(isp_data), encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    error = info.value
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert error.field == field
    if field:
        assert f"{path}: {field}: " in message
    assert word in message


def test_python_object_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text("id: !!python/object/apply:os.system ['touch " + str(marker) + "']\n"
                    "version: 1\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert not marker.exists()
    assert info.value.field == "line 1"
    assert "tag" in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_two_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    text = (scenario_dir() / f"{ISP}.yaml").read_text(encoding="utf-8")
    path.write_text(text + "#" + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert "\n" not in message and str(path) in message
    assert "bytes" in message and "at most" in message


@pytest.mark.parametrize("name, content, expected", [
    ("latin1.yaml", "id: caf\xe9\n".encode("latin-1"), "UTF-8"),
    ("bad.json", b'{"id": "x", "version": }', "invalid JSON"),
])
def test_unreadable_text_is_refused(tmp_path: Path, name: str, content: bytes,
                                    expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert expected in str(info.value) and str(path) in str(info.value)


def test_unknown_scenario_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario("no-such-case")
    assert ISP in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(ScenarioError) as info:
        load_scenario(tmp_path / "absent.yaml")
    assert "cannot be read" in str(info.value)


def test_scenario_error_is_an_input_error() -> None:
    error = ScenarioError("f.yaml", "population.margin", "expected a number")
    assert isinstance(error, InputError)
    assert str(error) == "f.yaml: population.margin: expected a number"
    assert (error.source, error.field, error.expected) == \
        ("f.yaml", "population.margin", "expected a number")
