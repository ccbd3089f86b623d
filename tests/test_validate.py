"""``casekit validate`` and ``extends``: a plan's ``scenario:`` and a scenario's ``extends:``
name a scenario id, never a path; anything else is one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from casekit.cli import main
from casekit.errors import ScenarioError
from casekit.scenario import SCENARIO_ID, load_scenario, scenario_dir

PLAN = scenario_dir() / "isp-overbilling" / "plans" / "fix-fast-sms.yaml"


def _validate(capsys, *files: Path | str) -> tuple[int, list[str], list[str]]:
    code = main(["validate", *map(str, files)])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


def _plan_for(tmp_path: Path, scenario: str, name: str = "plan.yaml") -> Path:
    data = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    data["scenario"] = scenario
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("scenario", ["/etc/passwd", "../x.yaml", "../../scenarios/x",
                                      "scenarios/isp-overbilling.yaml", "isp-overbilling.yaml",
                                      "C:\\cases\\x", "~/x", ".hidden", "a b", "x\x1b[2J"])
def test_a_plans_scenario_is_an_id_never_a_path(tmp_path, capsys, scenario):
    plan = _plan_for(tmp_path, scenario)
    code, out, err = _validate(capsys, plan)
    assert code == 2 and out == [] and len(err) == 1
    assert err[0].startswith(f"casekit: {plan}: scenario: ")
    assert "not a scenario id" in err[0] and "never a path" in err[0]
    assert "\x1b" not in err[0] and "root:" not in err[0]


def test_a_path_to_a_real_scenario_file_is_not_opened(tmp_path, capsys, monkeypatch):
    # a scenario file that would validate, named by path: refused before it is read
    target = tmp_path / "isp.yaml"
    target.write_bytes((scenario_dir() / "isp-overbilling.yaml").read_bytes())
    opened = []
    import casekit.scenario as scenario_module
    real = scenario_module.read_mapping
    monkeypatch.setattr(scenario_module, "read_mapping",
                        lambda path, *a, **k: opened.append(Path(path)) or real(path, *a, **k))
    code, _, err = _validate(capsys, _plan_for(tmp_path, str(target)))
    assert code == 2 and "not a scenario id" in err[0]
    assert target not in opened


def test_a_plan_may_name_a_scenario_file_given_beside_it(tmp_path, capsys):
    data = yaml.safe_load((scenario_dir() / "isp-overbilling.yaml").read_text(encoding="utf-8"))
    data["id"] = "my-own-case"
    mine = tmp_path / "my-own-case.yaml"
    mine.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    plan = _plan_for(tmp_path, "my-own-case")
    code, out, err = _validate(capsys, plan, mine)
    out = [line for line in out if not line.startswith(" ")]   # a plan's notes, indented
    assert code == 0 and err == [] and len(out) == 2
    assert "for my-own-case" in out[0]
    code, _, err = _validate(capsys, plan)  # alone, the id is unknown: one line
    assert code == 2 and len(err) == 1 and "no scenario 'my-own-case'" in err[0]


def test_the_bundled_ids_are_ids():
    from casekit.scenario import scenario_paths
    assert scenario_paths() and all(SCENARIO_ID.fullmatch(sid) for sid in scenario_paths())


@pytest.mark.parametrize("parent", ["../evil", "/etc/passwd", "a/b", "..", "evil.yaml",
                                    "x\\y", "", 5, ["isp-overbilling"], {"id": "x"}])
def test_extends_names_an_id_only(tmp_path, capsys, parent):
    child = tmp_path / "child.yaml"
    child.write_text(yaml.safe_dump({"extends": parent, "id": "child"}), encoding="utf-8")
    (tmp_path.parent / "evil.yaml").write_text("id: evil\n")  # what '../evil' would reach
    with pytest.raises(ScenarioError) as caught:
        load_scenario(child)
    assert caught.value.field == "extends" and "\n" not in str(caught.value)
    assert "scenario id" in str(caught.value)
    code, out, err = _validate(capsys, child)
    assert code == 2 and out == [] and len(err) == 1
    assert err[0].startswith(f"casekit: {child}: extends: ")


def test_extends_a_missing_id_is_one_line(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text("extends: no-such-case\nid: child\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match="no scenario 'no-such-case' to extend") as caught:
        load_scenario(child)
    turkish = caught.value.text("tr")
    assert "genişletilecek 'no-such-case' adlı bir vaka yok" in turkish
    assert "expected" not in turkish and "\n" not in turkish


def test_circular_extends_is_one_line_in_both_languages(tmp_path):
    (tmp_path / "first-case.yaml").write_text("extends: second-case\nid: first-case\n",
                                              encoding="utf-8")
    (tmp_path / "second-case.yaml").write_text("extends: first-case\nid: second-case\n",
                                               encoding="utf-8")
    with pytest.raises(ScenarioError, match="circular extends through '") as caught:
        load_scenario(tmp_path / "first-case.yaml")
    assert caught.value.field == "extends"
    turkish = caught.value.text("tr")
    assert "döngüye giriyor" in turkish and "circular" not in turkish.split(": extends: ")[1]


def test_extends_a_bundled_id_or_a_sibling_file(tmp_path):
    vat = load_scenario("isp-vat-display")  # extends: isp-overbilling
    assert vat.id == "isp-vat-display"
    data = yaml.safe_load((scenario_dir() / "isp-overbilling.yaml").read_text(encoding="utf-8"))
    data["id"] = "parent-case"
    (tmp_path / "parent-case.yaml").write_text(yaml.safe_dump(data, allow_unicode=True),
                                               encoding="utf-8")
    (tmp_path / "child.yaml").write_text("extends: parent-case\nid: child-case\n",
                                         encoding="utf-8")
    child = load_scenario(tmp_path / "child.yaml")
    assert child.id == "child-case"
    assert child.horizon_hours == load_scenario("isp-overbilling").horizon_hours


def test_every_shipped_reference_plan_validates_settings_plans_included(capsys):
    """A plan of settings (the service and bank kinds) is a plan, not a broken scenario."""
    root = Path(__file__).resolve().parent.parent / "scenarios"
    plans = sorted(str(p) for p in root.glob("*/plans/*.yaml"))
    assert len(plans) >= 18
    assert main(["validate", *plans]) == 0
    out = capsys.readouterr().out
    lines = [x for x in out.splitlines() if not x.startswith(" ")]
    assert len(lines) == len(plans) and all(x.startswith("ok") for x in lines)
    assert "settings (no timed actions)" in out
    assert main(["validate", "--lang", "tr", plans[0]]) == 0
    assert capsys.readouterr().out.startswith("tamam")


def test_validate_in_turkish_says_what_is_wrong_in_turkish(tmp_path, capsys):
    """``--lang tr`` gives the one error line in Turkish: the field path and the file stay as
    written, what was expected is Turkish (a line number as '20. satır')."""
    plan = tmp_path / "plan.yaml"
    plan.write_text(PLAN.read_text(encoding="utf-8") + "actions: []\n", encoding="utf-8")
    bad = _plan_for(tmp_path, "/etc/passwd", "other.yaml")
    lines = {}
    for lang in ("en", "tr"):
        code = main(["validate", "--lang", lang, str(plan), str(bad)])
        lines[lang] = capsys.readouterr().err.splitlines()
        assert code == 2 and len(lines[lang]) == 2
    (dup_en, id_en), (dup_tr, id_tr) = lines["en"], lines["tr"]
    assert "given twice" in dup_en and "keep one" in dup_en
    assert dup_tr.startswith(f"casekit: {plan}: ") and ". satır: 'actions' anahtarı" in dup_tr
    assert "given twice" not in dup_tr and "line" not in dup_tr.split(": ", 2)[2]
    assert "not a scenario id" in id_en
    assert "'/etc/passwd' bir vaka kimliği değil" in id_tr and "expected" not in id_tr


def test_a_scenario_number_out_of_bounds_in_turkish(tmp_path, capsys):
    path = tmp_path / "mine.yaml"
    path.write_text("extends: isp-overbilling\nid: mine\nmodel: {ultimatum_hours: -2.5}\n",
                    encoding="utf-8")
    assert main(["validate", "--lang", "tr", str(path)]) == 2
    err = capsys.readouterr().err
    assert "model.ultimatum_hours: 0 ile 2160 arasında bir sayı bekleniyordu, -2,5 verilmiş" \
        in err
    assert main(["validate", str(path)]) == 2
    assert "expected a number from 0 to 2160, got -2.5" in capsys.readouterr().err


def test_a_file_that_cannot_be_read_says_why_in_turkish(tmp_path, capsys):
    missing = tmp_path / "yok.yaml"
    assert main(["validate", "--lang", "tr", str(missing), str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"casekit: {missing}: okunamıyor (böyle bir dosya ya da klasör yok)",
                   f"casekit: {tmp_path}: bir dosya bekleniyordu"]
