"""The no-code page: the case notebook served by Voila with its code hidden.

    casekit app isp-overbilling            # opens http://127.0.0.1:8866 in a browser
    casekit app my-variant.yaml --no-browser --port 9000

Everything the page needs is installed locally (Voila, ipywidgets, matplotlib); nothing is
fetched from outside at run time apart from Voila's optional icon font.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["serve", "page_notebook", "voila_command", "workbench_for"]

def page_notebook(scenario_id: str = "isp-overbilling") -> Path:
    """The notebook to serve for a scenario: its own (``NN_<id>.ipynb``) if one exists, else
    the notebook its kind names (``Kind.notebook``), which reads ``$CASEKIT_SCENARIO``."""
    from casekit.errors import InputError
    from casekit.kinds import kind_of
    from casekit.scenario import load_scenario
    here = Path(__file__).resolve().parent
    try:
        case = load_scenario(scenario_id)
    except InputError:
        raise FileNotFoundError(f"no scenario {scenario_id!r}; see 'casekit scenarios'"
                                ) from None
    fallback = kind_of(case).notebook
    from casekit.scenario import notebook_dir  # the checkout's, or the installed package's
    for folder in (notebook_dir(), here.parent.parent / "notebooks", Path.cwd() / "notebooks",
                   Path.cwd()):
        own = sorted(folder.glob(f"[0-9][0-9]_{case.id.replace('-', '_')}.ipynb"))
        if own:
            return own[0]
        if (folder / fallback).exists():
            return folder / fallback
    raise FileNotFoundError(f"cannot find the notebook for {case.id!r} (looked in "
                            f"{notebook_dir()}); reinstall casekit, or run 'casekit app' from "
                            "a casekit source checkout")


def voila_command(notebook: Path, port: int, open_browser: bool) -> list[str]:
    command = [sys.executable, "-m", "voila", str(notebook), f"--port={port}",
               "--Voila.ip=127.0.0.1", "--strip_sources=True", "--theme=light"]
    if not open_browser:
        command.append("--no-browser")
    return command


def serve(scenario_id: str = "isp-overbilling", port: int = 8866,
          open_browser: bool = True) -> int:
    """Serve the case as a page with no code until interrupted; returns Voila's exit status."""
    try:
        import voila  # noqa: F401
    except ImportError:
        print("casekit: the no-code page needs Voila: pip install 'casekit[lab]'",
              file=sys.stderr)
        return 2
    try:
        notebook = page_notebook(scenario_id)
    except FileNotFoundError as exc:
        print(f"casekit: {exc}", file=sys.stderr)
        return 2
    scenario = str(Path(scenario_id).resolve()) if Path(scenario_id).exists() else scenario_id
    env = {**os.environ, "CASEKIT_SCENARIO": scenario}
    env.setdefault("CASEKIT_WORKDIR", os.getcwd())
    print(f"casekit: serving {scenario_id} at http://127.0.0.1:{port} (Ctrl-C stops it)",
          file=sys.stderr)
    try:
        return subprocess.call(voila_command(notebook, port, open_browser), env=env)
    except KeyboardInterrupt:
        return 0


def workbench_for(scenario: Any, **kwargs: Any) -> Any:
    """The workbench of a scenario's kind (``Kind.workbench``, ``"module:Class"``), built
    for the scenario: every page and notebook opens a case through this."""
    import importlib

    from casekit.kinds import kind_of
    from casekit.scenario import load_scenario
    case = scenario if not isinstance(scenario, (str, Path)) else load_scenario(scenario)
    module, _, name = kind_of(case).workbench.partition(":")
    return getattr(importlib.import_module(module), name)(case, **kwargs)
