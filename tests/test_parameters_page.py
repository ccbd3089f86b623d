"""docs/parameters.md is what docs/make_parameters.py makes from the loaded scenarios, and the
script only writes the page when asked to."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("make_parameters",
                                                  ROOT / "docs" / "make_parameters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_parameter_page_is_up_to_date() -> None:
    assert _script().main(["--check"]) == 0, "run python docs/make_parameters.py"


@pytest.mark.parametrize("argv", [["--help"], ["--chek"], ["extra"]])
def test_help_or_a_mistyped_flag_writes_nothing(argv, tmp_path, monkeypatch, capsys) -> None:
    """``--help`` used to regenerate the page (any argument but --check meant 'write')."""
    module = _script()
    page = tmp_path / "parameters.md"
    page.write_text("untouched\n", encoding="utf-8")
    monkeypatch.setattr(module, "PAGE", page)
    with pytest.raises(SystemExit) as stop:
        module.main(argv)
    assert stop.value.code == (0 if argv == ["--help"] else 2)
    assert page.read_text(encoding="utf-8") == "untouched\n"
    out = capsys.readouterr()
    assert "--check" in out.out + out.err


def test_every_kind_has_its_model_page() -> None:
    from casekit.kinds import BUILT_IN
    module = _script()
    for name in BUILT_IN:
        page = ROOT / "docs" / module.model_page(name)
        assert page.exists(), f"kind {name} has no model page {page.name}"
        text = page.read_text(encoding="utf-8")
        assert f"`{name}`" in text or f"`kind: {name}`" in text, page.name


def test_the_parameter_page_links_every_kinds_model_page() -> None:
    """Every kind with a bundled scenario; a kind registered at run time (the worked example
    of tests/example_kind, once the contract tests have run) has no bundled scenario and no
    link, so the page is the same whatever ran before."""
    from casekit.kinds import BUILT_IN, KINDS
    from casekit.scenario import scenario_kinds
    module = _script()
    intro = module.page().split("\n## ", 1)[0]
    shipped = set(scenario_kinds().values())
    assert set(BUILT_IN) <= shipped
    for name in KINDS:
        assert (f"[{name}]({module.model_page(name)})" in intro) == (name in shipped), name
