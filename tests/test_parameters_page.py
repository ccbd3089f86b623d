"""docs/parameters.md is what docs/make_parameters.py makes from the loaded scenarios."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_parameter_page_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("make_parameters",
                                                  ROOT / "docs" / "make_parameters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python docs/make_parameters.py"
