"""Build step: ship the scenarios and the notebooks inside the package.

The repository keeps ``scenarios/`` and ``notebooks/`` at its top (the source of truth,
edited in place). A wheel or a regular install copies them into ``casekit/_data/`` at build
time, where :func:`casekit.scenario.scenario_dir` and :func:`casekit.scenario.notebook_dir`
find them with ``importlib.resources``; an editable install keeps using the repository's
folders directly. An sdist carries both folders, so a wheel built from it has them too.
Everything else is configured in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
#: Folder at the top of the repository -> the files of it that are shipped.
SHIPPED = {"scenarios": ("*.yaml", "*.yml", "*.json", "*.md"), "notebooks": ("*.ipynb",)}


def shipped_files() -> list[Path]:
    """Every shipped file, relative to the repository (checkpoints left out)."""
    found: set[Path] = set()
    for folder, patterns in SHIPPED.items():
        for pattern in patterns:
            for path in (HERE / folder).rglob(pattern):
                if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                    found.add(path.relative_to(HERE))
    return sorted(found)


class BuildWithData(build_py):
    """``build_py`` that also copies the shipped folders into ``casekit/_data``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's own folders
        target = Path(self.build_lib) / "casekit" / "_data"
        for relative in shipped_files():
            dest = target / relative
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(HERE / relative, dest)


class SdistWithData(sdist):
    """``sdist`` that carries the shipped folders (so a wheel built from it has them)."""

    def add_defaults(self) -> None:
        super().add_defaults()
        for relative in shipped_files():
            self.filelist.append(relative.as_posix())
        self.filelist.append("setup.py")


setup(cmdclass={"build_py": BuildWithData, "sdist": SdistWithData})
