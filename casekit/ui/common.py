"""What every panel shares: a language, a root widget, headings and a few formatters."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from casekit.text.strings import describe_action as describe
from casekit.text.strings import t

__all__ = ["PROJECTOR_CLASS", "PROJECTOR_CSS", "Panel", "Projector", "describe", "escape",
           "heading", "number", "paragraphs"]

escape = html.escape


class Panel:
    """A plain class that holds its widgets; ``widget`` is what a notebook cell shows."""

    language: str = "en"
    widget: w.Widget

    def set_language(self, language: str) -> None:
        self.language = language
        self.relabel()

    def relabel(self) -> None:  # pragma: no cover - every panel overrides it
        raise NotImplementedError

    def t(self, key: str, **values: Any) -> str:
        return t(key, self.language, **values)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


#: The class the projector view puts on every section of a page, and what it does: the whole
#: width of the screen, large type, larger controls (read from the back of a lecture hall).
PROJECTOR_CLASS = "casekit-projector"
PROJECTOR_CSS = f"""<style>
.{PROJECTOR_CLASS} {{
  --jp-widgets-font-size: 21px; --jp-widgets-inline-height: 42px;
  font-size: 21px; line-height: 1.5; max-width: none !important; width: 100% !important;
}}
.{PROJECTOR_CLASS} .widget-box, .{PROJECTOR_CLASS} .widget-html,
.{PROJECTOR_CLASS} .widget-html-content, .{PROJECTOR_CLASS} .widget-select,
.{PROJECTOR_CLASS} .widget-tab {{ max-width: none !important; }}
.{PROJECTOR_CLASS} .widget-html-content {{ font-size: 21px; line-height: 1.5; }}
.{PROJECTOR_CLASS} h3 {{ font-size: 30px; }} .{PROJECTOR_CLASS} h4 {{ font-size: 25px; }}
.{PROJECTOR_CLASS} table {{ font-size: 20px; }}
.{PROJECTOR_CLASS} img {{ width: 100% !important; max-width: 1600px !important; }}
.{PROJECTOR_CLASS} .widget-select select {{ width: 100%; font-size: 20px; }}
body:has(.{PROJECTOR_CLASS}) .jp-Cell, body:has(.{PROJECTOR_CLASS}) #rendered_cells,
body:has(.{PROJECTOR_CLASS}) .jp-Notebook {{ max-width: none !important; }}
</style>"""


class Projector:
    """The wide, large-type view of a page for a projector, switched by one toggle.

    Every section shown (each may be in its own notebook cell) gets
    :data:`PROJECTOR_CLASS`; the style sheet travels with the toggle's bar.
    """

    def __init__(self, sections: Any, language: str = "en") -> None:
        self._sections = sections          # a callable giving the sections' widgets
        self.toggle = w.ToggleButton(value=False, icon="desktop",
                                     layout=w.Layout(width="auto"))
        self.style = w.HTML(PROJECTOR_CSS)
        self.toggle.observe(lambda change: self.apply(change["new"]), "value")
        self.relabel(language)

    def relabel(self, language: str) -> None:
        self.toggle.description = t("projector", language)

    def apply(self, on: bool) -> None:
        for widget in self._sections():
            if on:
                widget.add_class(PROJECTOR_CLASS)
            else:
                widget.remove_class(PROJECTOR_CLASS)

    @property
    def on(self) -> bool:
        return bool(self.toggle.value)


def heading(text: str, level: int = 3) -> str:
    return f"<h{level} style='margin:0.6em 0 0.3em 0'>{escape(text)}</h{level}>"


def paragraphs(text: str) -> str:
    """Plain text with blank lines (or '- ' bullets) as HTML."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if lines and all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
        return f"<ul style='margin:0.2em 0'>{items}</ul>"
    return "".join(f"<p style='margin:0.4em 0;line-height:1.45'>{escape(' '.join(b.split()))}"
                   "</p>" for b in blocks)


def number(value: float, language: str = "en") -> str:
    """A readable number: thousands separated, at most two decimals, in the language's style."""
    from casekit.text.formats import number as formatted
    digits = 0 if abs(value) >= 100 else (1 if abs(value) >= 10 else 2)
    return formatted(value, language, digits)


def require_workbench(scenario: Any, workbench: type, name: object) -> None:
    """Refuse, in one line, to open a scenario in a workbench that is not its kind's."""
    from casekit.errors import InputError
    from casekit.kinds import kind_of
    expected = kind_of(scenario).workbench
    module, _, cls = expected.partition(":")
    if not any(k.__name__ == cls and k.__module__ == module for k in workbench.__mro__):
        raise InputError(str(name), "kind", f"a {scenario.kind} case opens in {expected}, "
                         f"not {workbench.__module__}:{workbench.__name__}")
