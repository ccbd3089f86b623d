"""The plan builder: add, edit and remove the steps of a response plan, load and save it.

Only the choices the scenario allows are offered (``scenario.allowed``); which audiences a
channel can take, and which channels take staff, are found by asking casekit's own plan
validation, so the builder can never offer a step the engine would refuse.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import ipywidgets as w

from casekit import (Action, InputError, Plan, Scenario, Staffing, load_plan, plan_from_mapping,
                     plan_to_yaml)
from casekit.kinds import kind_of
from casekit.ui.common import Panel, describe, escape, heading
from casekit.ui.results import plan_note_lines, plan_notes_html
from casekit.text.strings import LANGUAGES, label, plan_name, t

__all__ = ["PlanBuilder", "audiences_for", "download_link", "reference_plans",
           "staffable_channels"]

_PROBE_PART = "acknowledge"


def reference_plans(scenario: Scenario) -> dict[str, Path]:
    """Plan name -> file, for the reference plans shipped beside the scenario."""
    if not scenario.source_path:
        return {}
    folder = Path(scenario.source_path).parent / scenario.id / "plans"
    plans = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            plans[load_plan(path).name] = path
        except InputError:
            continue
    return plans


def audiences_for(scenario: Scenario, channel: str) -> list[str]:
    """The audiences a message on ``channel`` may address in this scenario."""
    out = []
    for audience in scenario.allowed.audiences:
        try:
            Action(at=0, channel=channel, audience=audience, message=(_PROBE_PART,))
        except ValueError:
            continue
        out.append(audience)
    return out


def staffable_channels(scenario: Scenario) -> list[str]:
    """Allowed channels that take extra staff."""
    out = []
    for channel in scenario.allowed.channels:
        try:
            Staffing(channel=channel, agents=1, hours=1)
        except ValueError:
            continue
        out.append(channel)
    return out


def _by_time(actions: Any) -> list[Action]:
    """Steps in the order they happen (steps at the same hour keep their order)."""
    return sorted(actions, key=lambda a: a.at)


def _index(actions: list[Action], action: Action) -> int:
    return next(i for i, a in enumerate(actions) if a is action)


def download_link(filename: str, text: str, label: str) -> str:
    """An HTML link that downloads ``text`` as ``filename`` from the page itself (a data:
    URL: no server folder, works on a served page)."""
    import base64
    import html
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (f"<a class='casekit-download' download='{html.escape(filename, quote=True)}' "
            f"href='data:application/x-yaml;charset=utf-8;base64,{data}' "
            "style='display:inline-block;padding:0.35em 0.8em;margin-left:0.5em;"
            "background:#1f6fb4;color:white;border-radius:4px;text-decoration:none'>"
            f"⬇ {html.escape(label)}</a>")


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", text.strip()).strip("-.")
    return slug or "my-plan"


class PlanBuilder(Panel):
    """Build a plan step by step; ``plan`` is the plan as it stands."""

    def __init__(self, scenario: Scenario, workdir: Path, language: str = "en",
                 earlier: Callable[[], list[dict]] | None = None) -> None:
        self.scenario = scenario
        self.workdir = Path(workdir)
        self.language = language
        self.actions: list[Action] = []
        self._earlier = earlier or (lambda: [])
        self._references = reference_plans(scenario)
        allowed = scenario.allowed
        self._audiences = {c: audiences_for(scenario, c) for c in allowed.channels}
        self._staffable = staffable_channels(scenario)

        self.head = w.HTML()
        self.name = w.Text(value="", layout=w.Layout(width="34em"))
        self.kind = w.ToggleButtons(options=[("", "message"), ("", "staff")], value="message")
        self.at = w.Text(value="1", layout=w.Layout(width="22em"))
        self.until = w.Text(value="", layout=w.Layout(width="22em"))
        self.until_hint = w.HTML()
        self.channel = w.Dropdown(options=[], layout=w.Layout(width="32em"))
        self.audience = w.Dropdown(options=[], layout=w.Layout(width="32em"))
        self.parts_label = w.HTML()
        self.parts = {p: w.Checkbox(value=False, indent=False, layout=w.Layout(width="15em"))
                      for p in allowed.message_parts}
        self.tone = w.Dropdown(options=[], value=None, layout=w.Layout(width="32em"))
        self.compensation = w.BoundedFloatText(value=0, min=0, max=100_000, step=5,
                                               layout=w.Layout(width="32em"))
        self.staff_channel = w.Dropdown(options=[], layout=w.Layout(width="32em"))
        self.agents = w.BoundedIntText(value=10, min=0, max=10_000,
                                       layout=w.Layout(width="22em"))
        self.hours = w.Text(value="24", layout=w.Layout(width="22em"))
        self.add = w.Button(button_style="primary", icon="plus")
        self.update = w.Button(icon="pencil")
        self.remove = w.Button(icon="trash")
        self.clear = w.Button(icon="eraser")
        self.steps_label = w.HTML()
        self.steps = w.Select(options=[], rows=8, layout=w.Layout(width="60em"))
        self.load_from = w.Dropdown(options=[], layout=w.Layout(width="40em"))
        self.load = w.Button(icon="folder-open")
        self.save_name = w.Text(value="my-plan", layout=w.Layout(width="32em"))
        self.save = w.Button(icon="download")
        self.download = w.HTML()
        self.status = w.HTML()
        self.notes = w.HTML()   # the kind's notes on the plan before it runs (plan_notes)
        self._loaded_name: str | None = None   # a loaded plan's name, until it is edited
        #: Called whenever the steps change (the workbench starts the plan's first
        #: replication in the background then, so Run shows a result at once).
        self.on_change: Callable[[], None] | None = None

        self.message_box = w.VBox([
            self.channel, self.audience, self.parts_label,
            w.GridBox(list(self.parts.values()),
                      layout=w.Layout(grid_template_columns="repeat(3, 16em)")),
            self.tone, self.compensation, w.HBox([self.until, self.until_hint])])
        self.staff_box = w.VBox([self.staff_channel, self.agents, self.hours],
                                layout=w.Layout(display="none"))
        self.widget = w.VBox([
            self.head, self.name, w.HBox([self.load_from, self.load]), self.kind, self.at,
            self.message_box, self.staff_box,
            w.HBox([self.add, self.update, self.remove, self.clear]),
            self.steps_label, self.steps, self.notes,
            w.HBox([self.save_name, self.save, self.download]),
            self.status,
        ], layout=w.Layout(max_width="64em"))

        self.kind.observe(self._on_kind, "value")
        self.channel.observe(self._on_channel, "value")
        self.steps.observe(self._on_select, "value")
        self.add.on_click(lambda _: self.add_step())
        self.update.on_click(lambda _: self.update_step())
        self.remove.on_click(lambda _: self.remove_step())
        self.clear.on_click(lambda _: self.clear_steps())
        self.load.on_click(lambda _: self.load_selected())
        self.save.on_click(lambda _: self.save_plan())
        self.relabel()
        self.name.value = self.t("plan_default_name")

    # -- the plan -------------------------------------------------------------------
    @property
    def plan(self) -> Plan:
        """The plan as built so far (checked against the scenario)."""
        name = self.name.value.strip() or self.t("plan_default_name")
        return Plan(name=name, scenario=self.scenario.id,
                    actions=tuple(self.actions)).check(self.scenario)

    def set_plan(self, plan: Plan) -> None:
        self.actions = _by_time(plan.actions)
        self.name.value = plan_name(plan.name, self.language)
        self._loaded_name = self.name.value
        self._refresh_steps()
        self._changed()

    def _changed(self) -> None:
        self.show_notes()
        if self.on_change is not None:
            self.on_change()

    def note_texts(self) -> list[str]:
        """What the kind says about the plan before it runs (``Kind.plan_notes``: why an
        action is early, a message sent twice), in the page's language."""
        if not self.actions:
            return []
        try:
            plan = self.plan
        except InputError:
            return []
        return plan_note_lines(kind_of(self.scenario), self.scenario, plan, self.language)

    def show_notes(self) -> None:
        self.notes.value = plan_notes_html(self.note_texts(), self.language)

    def _edited(self) -> None:
        """The plan changed: a loaded plan's name no longer describes it."""
        if self._loaded_name is not None and self.name.value.strip() == self._loaded_name:
            self.name.value = self.t("edited_name", name=self._loaded_name)
        self._loaded_name = None
        self.download.value = ""
        self._changed()

    def editor_action(self) -> Action:
        """The step in the editor fields as an Action; InputError says what is wrong."""
        if self.kind.value == "staff":
            step: dict[str, Any] = {"at": self.at.value.strip(),
                                    "staff": {"channel": self.staff_channel.value,
                                              "agents": int(self.agents.value),
                                              "hours": self.hours.value.strip()}}
        else:
            parts = [p for p, box in self.parts.items() if box.value]
            step = {"at": self.at.value.strip(), "channel": self.channel.value,
                    "audience": self.audience.value, "message": parts,
                    "tone": self.tone.value, "compensation": float(self.compensation.value)}
            if self.until.value.strip():
                step["until"] = self.until.value.strip()
        plan = plan_from_mapping({"name": "step", "scenario": self.scenario.id,
                                  "actions": [step]}, self.t("kind"))
        plan.check(self.scenario, self.t("kind"))
        return plan.actions[0]

    def show_action(self, action: Action) -> None:
        """Put a step into the editor fields."""
        self.at.value = f"{action.at:g}"
        if action.staff is not None:
            self.kind.value = "staff"
            self.staff_channel.value = action.staff.channel
            self.agents.value = action.staff.agents
            self.hours.value = f"{action.staff.hours:g}"
            return
        self.kind.value = "message"
        self.channel.value = action.channel
        self.audience.value = action.audience
        for part, box in self.parts.items():
            box.value = part in action.message
        self.tone.value = action.tone
        self.compensation.value = action.compensation
        self.until.value = "" if action.until is None else f"{action.until:g}"

    # -- buttons --------------------------------------------------------------------
    def add_step(self) -> bool:
        action = self._editor_or_say()
        if action is None:
            return False
        self.actions = _by_time([*self.actions, action])
        self._edited()
        self._refresh_steps(select=_index(self.actions, action))
        self._say("added", what=describe(action, self.language, self.scenario.currency))
        return True

    def update_step(self) -> bool:
        index = self.steps.value
        if index is None:
            self._say("select_first", error=True)
            return False
        action = self._editor_or_say()
        if action is None:
            return False
        self.actions[index] = action
        self.actions = _by_time(self.actions)
        self._edited()
        self._refresh_steps(select=_index(self.actions, action))
        self._say("updated", what=describe(action, self.language, self.scenario.currency))
        return True

    def remove_step(self) -> bool:
        index = self.steps.value
        if index is None:
            self._say("select_first", error=True)
            return False
        action = self.actions.pop(index)
        self._edited()
        self._refresh_steps()
        self._say("removed", what=describe(action, self.language, self.scenario.currency))
        return True

    def clear_steps(self) -> None:
        self.actions = []
        self._edited()
        self._refresh_steps()

    def load_selected(self) -> bool:
        choice = self.load_from.value
        if not choice:
            return False
        kind, _, key = choice.partition(":")
        if kind == "ref":
            plan = load_plan(self._references[key], self.scenario)
        else:
            record = next(r for r in self._earlier() if str(r["n"]) == key)
            plan = plan_from_mapping(record["plan"], f"attempt {key}").check(self.scenario)
        self.set_plan(plan)
        self._say("loaded", name=self.name.value, n=len(plan.actions))
        return True

    def save_plan(self) -> str | None:
        """Offer the plan as a file to download from the page (nothing is written on the
        server, so a student on a shared server can hand it in); returns the YAML text."""
        try:
            plan = self.plan
        except InputError as exc:
            self._say("bad_step", error=True, message=str(exc))
            return None
        name = _slug(self.save_name.value)
        filename = name if name.endswith((".yaml", ".yml")) else f"{name}.yaml"
        text = plan_to_yaml(plan)
        self.last_saved = (filename, text)
        self.download.value = download_link(filename, text, self.t("download", file=filename))
        self._say("download_ready", file=filename)
        return text

    def refresh_sources(self) -> None:
        """Offer the reference plans and every earlier try in 'Start from'."""
        options: list[tuple[str, str]] = [("—", "")]
        options += [(f"{self.t('reference_plan')}: {plan_name(name, self.language)}",
                     f"ref:{name}") for name in self._references]
        options += [(f"{self.t('earlier_try')} #{r['n']}: {r['plan']['name']}", f"try:{r['n']}")
                    for r in reversed(self._earlier())]
        value = self.load_from.value
        self.load_from.options = options
        self.load_from.value = value if value in {v for _, v in options} else ""

    # -- internals ------------------------------------------------------------------
    def _editor_or_say(self) -> Action | None:
        try:
            return self.editor_action()
        except InputError as exc:
            self._say("bad_step", error=True, message=exc.expected)
            return None

    def _say(self, key: str, error: bool = False, message: str = "", **values: Any) -> None:
        if key == "bad_step":
            values["error"] = message
        colour = "#b0413e" if error else "#1e7b34"
        self.last_message = self.t(key, **values)
        self.status.value = f"<span style='color:{colour}'>{escape(self.last_message)}</span>"

    def _refresh_steps(self, select: int | None = None) -> None:
        self.actions = _by_time(self.actions)
        lang, currency = self.language, self.scenario.currency
        self.steps.options = [(f"{i + 1}. {describe(a, lang, currency)}", i)
                              for i, a in enumerate(self.actions)]
        self.steps.value = select if select is not None and select < len(self.actions) \
            else None
        empty = "" if self.actions else f" <i>{escape(self.t('no_steps'))}</i>"
        self.steps_label.value = f"<b>{escape(self.t('steps'))}</b>{empty}"

    def _on_kind(self, _: Any = None) -> None:
        staff = self.kind.value == "staff"
        self.staff_box.layout.display = "" if staff else "none"
        self.message_box.layout.display = "none" if staff else ""

    def _on_channel(self, _: Any = None) -> None:
        channel = self.channel.value
        allowed = self._audiences.get(channel, [])
        current = self.audience.value
        self.audience.options = [(label("audience", a, self.language), a) for a in allowed]
        if allowed:
            preferred = "public" if "public" in allowed else allowed[0]
            self.audience.value = current if current in allowed else preferred

    def _on_select(self, _: Any = None) -> None:
        index = self.steps.value
        if index is not None and index < len(self.actions):
            self.show_action(self.actions[index])

    def relabel(self) -> None:
        lang = self.language
        sc = self.scenario
        self.head.value = heading(self.t("section_plan")) + \
            f"<p style='margin:0.2em 0'>{escape(self.t('plan_intro'))}</p>"
        for widget, key in ((self.name, "plan_name"), (self.kind, "kind"), (self.at, "at"),
                            (self.until, "until"), (self.channel, "channel"),
                            (self.audience, "audience"), (self.tone, "tone"),
                            (self.compensation, "compensation"),
                            (self.staff_channel, "staff_channel"), (self.agents, "agents"),
                            (self.hours, "hours"), (self.load_from, "load_from"),
                            (self.save_name, "save_as")):
            widget.description = self.t(key)
            widget.style.description_width = "15em"
        self.compensation.description = f"{self.t('compensation')} ({sc.currency})"
        self.until_hint.value = f"<i>{escape(self.t('until_hint'))}</i>"
        self.kind.options = [(self.t("kind_message"), "message"),
                             (self.t("kind_staff"), "staff")]
        channel, staff_channel, tone = (self.channel.value, self.staff_channel.value,
                                        self.tone.value)
        self.channel.options = [(label("channel", c, lang), c) for c in sc.allowed.channels]
        self.channel.value = channel or sc.allowed.channels[0]
        self.staff_channel.options = [(label("channel", c, lang), c) for c in self._staffable]
        if self._staffable:
            self.staff_channel.value = staff_channel or self._staffable[0]
        self.tone.options = [(label("tone", x, lang), x) for x in sc.allowed.tones]
        self.tone.value = tone or ("human" if "human" in sc.allowed.tones
                                   else sc.allowed.tones[0])
        self.audience.options = []
        self._on_channel()
        self.parts_label.value = f"<b>{escape(self.t('message'))}</b>"
        for part, box in self.parts.items():
            box.description = label("part", part, lang)
        for button, key in ((self.add, "add"), (self.update, "update"),
                            (self.remove, "remove"), (self.clear, "clear"),
                            (self.load, "load"), (self.save, "save")):
            button.description = self.t(key)
        if self.name.value in {t("plan_default_name", x) for x in LANGUAGES}:
            self.name.value = self.t("plan_default_name")
        self._refresh_steps(select=self.steps.value)
        self.show_notes()
        self.refresh_sources()
        self.status.value = ""
