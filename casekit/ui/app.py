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

__all__ = ["serve", "page_notebook", "voila_command", "CASE_NOTEBOOK"]

#: The teaching flow every case page is served from (it reads ``$CASEKIT_SCENARIO``).
PUBLIC_REPLY_NOTEBOOK = "02_dark_horse_cafe.ipynb"
CASE_NOTEBOOK = "01_isp_overbilling.ipynb"


def page_notebook(scenario_id: str = "isp-overbilling") -> Path:
    """The notebook to serve for a scenario: its own if one exists, else the case flow."""
    here = Path(__file__).resolve().parent
    fallback = CASE_NOTEBOOK
    try:
        from casekit.scenario import load_scenario
        if getattr(load_scenario(scenario_id), "kind", "") == "public_reply":
            fallback = PUBLIC_REPLY_NOTEBOOK
    except Exception:  # an unknown id is reported by the notebook itself
        pass
    for folder in (here.parent.parent / "notebooks", Path.cwd() / "notebooks", Path.cwd()):
        own = sorted(folder.glob(f"[0-9][0-9]_{scenario_id.replace('-', '_')}.ipynb"))
        if own:
            return own[0]
        if (folder / fallback).exists():
            return folder / fallback
    raise FileNotFoundError("cannot find the casekit notebooks; run 'casekit app' from a "
                            "casekit source checkout (the folder with notebooks/)")


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
        notebook = page_notebook(Path(scenario_id).stem if scenario_id.endswith(
            (".yaml", ".yml", ".json")) else scenario_id)
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
