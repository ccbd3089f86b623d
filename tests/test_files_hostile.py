"""Hostile files: alias bombs, duplicate keys, non-finite and absurd numbers, long values.

Every scenario, plan and attempts file goes through casekit.files; these tests feed it what
a student hunting for a way to break the class server would write.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from casekit.errors import InputError, PlanError, ScenarioError
from casekit.files import MAX_NODES, MAX_QUOTE, parse_mapping, quote, read_mapping, shorten
from casekit.plan import load_plan, parse_hours, plan_from_text

PLAN = """\
name: mine
scenario: isp-overbilling
actions:
  - at: {at}
    channel: sms
    audience: everyone
    message: [apology]
"""


def bomb(levels: int = 12, width: int = 9) -> str:
    """The billion-laughs plan: each level repeats the one before ``width`` times."""
    lines = ["x0: &x0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * width) + "]")
    return PLAN.format(at=f"*x{levels - 1}") .replace("name: mine", "\n".join(lines) +
                                                      "\nname: mine")


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


# -- alias bombs ----------------------------------------------------------------------------

def test_alias_bomb_fails_fast_with_one_line_and_the_line_number():
    with pytest.raises(PlanError) as info:
        plan_from_text(bomb(), "bomb.yaml")
    text = one_line(info.value)
    assert text.startswith("bomb.yaml: line ")
    assert "aliases" in text and f"{MAX_NODES:,}" in text


BOMB_CHILD = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, (600 * 2**20, 600 * 2**20))
sys.path.insert(0, {root!r})
from casekit.errors import PlanError
from casekit.plan import load_plan
start = time.perf_counter()
try:
    load_plan({path!r})
except PlanError as exc:
    print("REFUSED", time.perf_counter() - start, str(exc).replace(chr(10), " ")[:300])
else:
    print("LOADED")
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS is what bounds memory here")
def test_alias_bomb_in_a_plan_file_is_refused_in_bounded_memory_and_time(tmp_path):
    """The issue's bomb (a plan's ``at`` as a 9**12-element alias tree) under 600 MB, 20 s."""
    path = tmp_path / "aaa-bomb.yaml"
    path.write_text(bomb(levels=12), encoding="utf-8")
    root = str(Path(__file__).resolve().parent.parent)
    result = subprocess.run([sys.executable, "-c", BOMB_CHILD.format(root=root, path=str(path))],
                            check=False, capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stderr[-2000:]
    verdict, seconds, message = result.stdout.split(" ", 2)
    assert verdict == "REFUSED"
    assert float(seconds) < 2.0
    assert "aliases" in message and len(message) < 300


def test_a_few_honest_aliases_still_load():
    text = "shared: &m [apology, explanation]\nname: x\nscenario: s\nactions:\n" + \
        "".join(f"  - {{at: {i}, channel: sms, audience: everyone, message: *m}}\n"
                for i in range(50))
    data = parse_mapping(text, "ok.yaml", PlanError)
    assert len(data["actions"]) == 50 and data["actions"][7]["message"] == ["apology",
                                                                           "explanation"]


def test_expansion_is_counted_exactly_at_the_bound():
    """A list of MAX_NODES - 2 scalars under one key is allowed; two more nodes are not."""
    ok = "a: &a [" + ", ".join(["1"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 10) + "]\n"
    data = parse_mapping(ok, "ok.yaml", PlanError)
    assert len(data["b"]) == 10 and len(data["b"][3]) == 1000
    many = "a: &a [" + ", ".join(["1"] * 1000) + "]\nb: [" + ", ".join(["*a"] * 100) + "]\n"
    with pytest.raises(PlanError, match="aliases"):
        parse_mapping(many, "many.yaml", PlanError)


def test_alias_to_its_own_container_is_refused():
    with pytest.raises(PlanError, match="refers to the node that contains it"):
        parse_mapping("a: &a [1, *a]\n", "loop.yaml", PlanError)
    with pytest.raises(PlanError, match="line 1"):
        parse_mapping("a: &a {b: *a}\n", "loop.yaml", PlanError)


def test_deep_nesting_is_refused_without_recursion_error():
    with pytest.raises(PlanError, match="nested more than"):
        parse_mapping("a: " + "[" * 5000 + "]" * 5000, "deep.yaml", PlanError)
    with pytest.raises(PlanError, match="nested too deeply|nested more than"):
        parse_mapping('{"a": ' + "[" * 50000 + "]" * 50000 + "}", "deep.json", PlanError,
                      json_only=True)


def test_python_tags_are_still_refused():
    with pytest.raises(PlanError, match="not plain data"):
        parse_mapping("a: !!python/object/apply:os.system ['true']\n", "evil.yaml", PlanError)


# -- duplicate keys -------------------------------------------------------------------------

def test_duplicate_actions_in_yaml_are_refused_with_the_line(tmp_path):
    path = tmp_path / "twice.yaml"
    path.write_text(PLAN.format(at=1) + "actions: []\n", encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.field == "line 8"
    assert "'actions' is given twice" in one_line(info.value)
    assert "first on line 3" in str(info.value)


def test_duplicate_key_inside_an_action_and_in_flow_style():
    text = PLAN.format(at=1) + "    at: 5\n"
    with pytest.raises(PlanError, match="line 8: key 'at' is given twice"):
        plan_from_text(text, "p.yaml")
    with pytest.raises(PlanError, match="line 1: key 'a'"):
        parse_mapping("{a: 1, b: 2, a: 3}", "flow.yaml", PlanError)


def test_keys_that_are_equal_once_read_count_as_duplicates():
    with pytest.raises(PlanError, match="given twice"):
        parse_mapping("1: a\n0x1: b\n", "ints.yaml", PlanError)


def test_merge_keys_may_be_overridden():
    data = parse_mapping("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  x: 5\n", "m.yaml", PlanError)
    assert data["c"] == {"x": 5, "y": 2}


def test_same_key_in_two_mappings_is_fine():
    data = parse_mapping("a: {k: 1}\nb: {k: 2}\n", "ok.yaml", PlanError)
    assert data == {"a": {"k": 1}, "b": {"k": 2}}


def test_duplicate_keys_in_json_are_refused_with_the_line(tmp_path):
    plan = {"name": "x", "scenario": "isp-overbilling", "actions": []}
    text = json.dumps(plan, indent=1)[:-2] + ',\n "actions": [{"at": 1}]\n}'
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.field == "line 5"
    assert "'actions' is given twice" in one_line(info.value)


def test_json_duplicate_line_is_the_inner_one_not_a_sibling_objects():
    text = '{"actions": [\n {"at": 1},\n {"at": 2},\n {"at": 3, "channel": "sms",\n  "at": 4}]}'
    with pytest.raises(PlanError) as info:
        parse_mapping(text, "p.json", PlanError, json_only=True)
    assert info.value.field == "line 5"


# -- numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value, word", [(".nan", "not a number"), (".inf", "infinite"),
                                         ("-.inf", "infinite"), ("9" * 400, "400 digits"),
                                         ("9" * 5000, "5000 digits"), ("1.0e+300", "too large"),
                                         ("-2.0e+20", "too large")])
def test_bad_numbers_anywhere_in_yaml_are_refused_with_the_path(value, word):
    text = f"name: x\nmodel:\n  params: [1, 2, {{deep: {value}}}]\n"
    with pytest.raises(ScenarioError) as info:
        parse_mapping(text, "s.yaml", ScenarioError)
    assert info.value.field == "model.params.2.deep"
    assert word in one_line(info.value)
    assert len(str(info.value)) < 200


@pytest.mark.parametrize("value, word", [("NaN", "not a number"), ("Infinity", "infinite"),
                                         ("-Infinity", "infinite"), ("1e400", "1e400"),
                                         ("9" * 400, "400 digits"), ("9" * 5000, "5000 digits")])
def test_bad_numbers_in_json_are_refused_with_the_path(value, word):
    text = '{"a": {"b": [0, ' + value + "]}}"
    with pytest.raises(PlanError) as info:
        parse_mapping(text, "p.json", PlanError, json_only=True)
    assert info.value.field == "a.b.1"
    assert word in one_line(info.value)


@pytest.mark.parametrize("at", ["9" * 400, ".inf", ".nan", "1.0e+400", "1e400"])
def test_plan_times_from_the_issue_fail_as_one_line(tmp_path, at):
    path = tmp_path / "p.yaml"
    path.write_text(PLAN.format(at=at), encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert info.value.field.startswith("actions.0.at")
    assert len(one_line(info.value)) < 250


def test_ordinary_numbers_pass():
    data = parse_mapping("a: 1_000\nb: 0x1F\nc: -2.5e+3\nd: 999999999999999\n", "ok", PlanError)
    assert data == {"a": 1000, "b": 31, "c": -2500.0, "d": 999999999999999}


# -- what an error quotes --------------------------------------------------------------------

def test_parse_hours_quotes_a_bounded_value_and_survives_overflow():
    with pytest.raises(ValueError) as info:
        parse_hours("x" * 1_000_000)
    assert len(str(info.value)) < 200 and "..." in str(info.value)
    with pytest.raises(ValueError) as info:
        parse_hours(10 ** 400)
    assert "infinite" in str(info.value) and len(str(info.value)) < 200
    with pytest.raises(ValueError):
        parse_hours([["lol"] * 9] * 9)
    assert parse_hours("90m") == 1.5


def test_a_long_value_is_cut_in_a_validator_message(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(PLAN.format(at=1).replace("channel: sms", "channel: " + "z" * 100_000),
                    encoding="utf-8")
    with pytest.raises(PlanError) as info:
        load_plan(path)
    text = one_line(info.value)
    assert info.value.field == "actions.0.channel"
    assert "z" * 100 not in text and len(text) < len(str(path)) + 400


def test_a_long_odd_key_is_cut_in_the_field_path():
    text = "name: x\nscenario: s\nactions: []\n'" + "k\\n" * 5000 + "': 1\n"
    with pytest.raises(PlanError) as info:
        plan_from_text(text.replace("'", '"'), "p.yaml")
    assert len(one_line(info.value)) < 500


def test_shorten_and_quote():
    assert shorten("abc", 5) == "abc"
    assert shorten("abcdefgh", 5) == "ab..."
    assert len(quote("y" * 10_000)) == MAX_QUOTE
    assert quote(10 ** 500) == "a number of 501 digits"
    assert quote([1, 2]) == "a list"


# -- files on disk -------------------------------------------------------------------------

def test_file_errors_are_one_line(tmp_path):
    with pytest.raises(InputError, match="cannot be read"):
        read_mapping(tmp_path / "missing.yaml", InputError)
    with pytest.raises(InputError, match="expected a file"):
        read_mapping(tmp_path, InputError)
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="at most 1000"):
        read_mapping(big, InputError, max_bytes=1000)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: öğrenci\n".encode("cp1254"))
    with pytest.raises(InputError, match="UTF-8"):
        read_mapping(latin, InputError)


def test_every_shipped_scenario_still_loads():
    from casekit.scenario import load_scenario, scenario_paths
    paths = scenario_paths()
    assert paths
    for path in paths.values():
        assert load_scenario(path).id


def test_the_bounded_loader_reads_what_safe_load_reads():
    import yaml
    text = textwrap.dedent("""\
        a: [1, 2.5, "three", null, true, 2024-01-02]
        b: {c: {d: [x, y]}}
        e: &e {f: 1}
        g: *e
        h: |
          two
          lines
    """)
    assert parse_mapping(text, "same.yaml", PlanError) == yaml.safe_load(text)


def test_an_input_error_keeps_its_fields_and_turkish_across_processes():
    """Errors cross process pools (pickle): the base class would rebuild one from its line
    alone and fail; every subclass comes back whole, Turkish included."""
    import pickle

    from casekit.attempts import StudentIdError
    from casekit.errors import PlanError
    from casekit.text.errors import said
    error = PlanError("plan.yaml", "actions.0.at", said("nan"))
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is PlanError and str(again) == str(error)
    assert (again.source, again.field, again.expected) == ("plan.yaml", "actions.0.at",
                                                           error.expected)
    assert again.text("tr") == "plan.yaml: actions.0.at: sayı değil (nan); sonlu bir sayı " \
        "bekleniyordu"
    student = pickle.loads(pickle.dumps(StudentIdError("x", "student", "bad id", "too_long")))
    assert student.reason == "too_long" and student.expected_tr is None
    assert student.text("tr") == student.text("en") == "x: student: bad id"


def test_a_message_is_made_even_when_a_value_cannot_be_formatted():
    from casekit.text.errors import said
    message = said("file_too_large", size="many", limit=5)  # ',' spec on a text
    assert message == "file is many bytes; expected at most 5"
    assert message.tr == "dosya many bayt; en çok 5 bayt bekleniyordu"


@pytest.mark.parametrize("text, json_only", [
    ("a: b: c", False), ("a:\n\t- x", False), ("a: [1, 2", False), ("a: *x", False),
    ("{a: 1", False), ("a: 'x", False), ("- a\nb: 1", False), ("a: &x 1\nb: &x 2", False),
    ('a: "\\q"', False), ("? [1]\n: 2", False), ("a:\n  - b\n c: 1", False),
    ("{", True), ('{"a" 1}', True), ('{"a": "x', True), ('{"a": 1} x', True),
    ('{"a": "\\q"}', True)])
def test_a_broken_file_is_told_in_turkish_without_the_parsers_english(text, json_only):
    """The parser's own words (PyYAML's ``problem``, json's ``msg``) stay in the English
    line and are said in Turkish in the Turkish one (casekit.text.errors.YAML_PROBLEMS)."""
    from casekit.errors import ScenarioError
    from casekit.files import parse_mapping
    with pytest.raises(ScenarioError) as caught:
        parse_mapping(text, "broken.yaml", ScenarioError, json_only=json_only)
    english, turkish = str(caught.value), caught.value.text("tr")
    assert "\n" not in english and "\n" not in turkish
    assert "invalid" in english
    told = turkish.split("broken.yaml: ", 1)[1].lower()
    for word in ("expected", "expecting", "found", "invalid", "mapping", "character",
                 "occurrence", "stream", "delimiter", "unterminated", "extra data"):
        assert word not in told, turkish
    assert "sözdizimi hatası" not in told, turkish   # each of these has its own Turkish


def test_the_parsers_words_get_their_own_turkish():
    from casekit.errors import ScenarioError
    from casekit.files import parse_mapping
    for text, json_only, said in (("a: b: c", False, "'anahtar: değer' yazılamaz"),
                                  ("a: *x", False, "tanımsız takma ad 'x'"),
                                  ("a: 'x", False, "kapanmamış bir tırnak"),
                                  ('{"a" 1}', True, "':' bekleniyordu")):
        with pytest.raises(ScenarioError) as caught:
            parse_mapping(text, "broken.yaml", ScenarioError, json_only=json_only)
        assert said in caught.value.text("tr")
