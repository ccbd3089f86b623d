"""The service-operations workbench: the case, a settings builder, a run on common random
numbers against the starting state, the KPI dashboard, feedback, one customer's journey and
every attempt side by side. ipywidgets and matplotlib are imported here only (the engine
never imports this module).

    >>> bench = ServiceBench("complaint-operations")
    >>> bench.builder.load_reference("The designed process")
    >>> outcome = bench.run()
    >>> bench.kpi.report          # the KPI report of source 001, plan and baseline
"""

from __future__ import annotations

import base64
import html
import os
import time
from pathlib import Path
from typing import Any

try:
    import ipywidgets as w
except ImportError as exc:  # pragma: no cover - depends on the install
    raise ImportError("the workbench needs ipywidgets: pip install 'casekit[lab]'") from exc

import pandas as pd

from casekit.errors import InputError
from casekit.kinds.service_operations.feedback import mean_totals, service_feedback
from casekit.kinds.service_operations.figures import service_figures
from casekit.kinds.service_operations.journey import case_customer, journey, narrate
from casekit.kinds.service_operations.kpi import KPI_LABELS, TOTAL, contact_log, kpi_report
from casekit.kinds.service_operations.schema import FORM_FIELDS, ServiceScenario

__all__ = ["STRINGS", "ServiceBench", "SettingsBuilder"]

STRINGS: dict[str, dict[str, str]] = {
    "case": {"en": "The case", "tr": "Vaka"},
    "questions": {"en": "Questions", "tr": "Sorular"},
    "builder": {"en": "Your process", "tr": "Süreciniz"},
    "reference": {"en": "Start from", "tr": "Başlangıç"},
    "load": {"en": "Load", "tr": "Yükle"},
    "starting": {"en": "the starting state", "tr": "başlangıç durumu"},
    "staff": {"en": "agents", "tr": "temsilci"},
    "hours": {"en": "open", "tr": "açık"},
    "days": {"en": "days", "tr": "günler"},
    "all": {"en": "every day", "tr": "her gün"},
    "weekdays": {"en": "weekdays", "tr": "hafta içi"},
    "acknowledge": {"en": "acknowledge", "tr": "alındı mesajı"},
    "tracking_number": {"en": "tracking number", "tr": "takip numarası"},
    "fields": {"en": "The forms ask for", "tr": "Formlar şunları sorar"},
    "order_number": {"en": "order number", "tr": "sipariş numarası"},
    "product": {"en": "product", "tr": "ürün"},
    "date": {"en": "date", "tr": "tarih"},
    "subject": {"en": "subject", "tr": "konu"},
    "routing": {"en": "Routing", "tr": "Yönlendirme"},
    "named": {"en": "a named person", "tr": "adı belli bir kişi"},
    "inbox": {"en": "the department inbox", "tr": "departman kutusu"},
    "not_my_job": {"en": "'not my job' must name the department",
                   "tr": "'benim işim değil' diyen departmanı belirtmeli"},
    "sla": {"en": "SLA target (hours, 0 = none)", "tr": "SLA hedefi (saat, 0 = yok)"},
    "warning": {"en": "warning at", "tr": "uyarı"},
    "escalate": {"en": "escalate to a manager at breach",
                 "tr": "aşılınca yöneticiye yükselt"},
    "notice": {"en": "Delay notice before they ask", "tr": "Sormadan gecikme bildirimi"},
    "none": {"en": "none", "tr": "yok"},
    "honest": {"en": "honest date", "tr": "dürüst tarih"},
    "optimistic": {"en": "optimistic date", "tr": "iyimser tarih"},
    "after": {"en": "sent after (h)", "tr": "gönderim gecikmesi (sa)"},
    "merge": {"en": "one case per customer", "tr": "müşteri başına tek vaka"},
    "survey": {"en": "satisfaction survey", "tr": "memnuniyet anketi"},
    "win_back": {"en": "Win-back", "tr": "Geri kazanım"},
    "nobody": {"en": "nobody", "tr": "kimse"},
    "dissatisfied": {"en": "the dissatisfied", "tr": "memnun olmayanlar"},
    "all_complainants": {"en": "every complainant", "tr": "tüm şikâyetçiler"},
    "gift": {"en": "gift", "tr": "hediye"},
    "budget": {"en": "budget", "tr": "bütçe"},
    "call_back": {"en": "call back", "tr": "geri ara"},
    "run": {"en": "Run against the starting state", "tr": "Başlangıç durumuna karşı çalıştır"},
    "seed": {"en": "seed", "tr": "tohum"},
    "reps": {"en": "replications", "tr": "tekrar"},
    "running": {"en": "Running ...", "tr": "Çalışıyor ..."},
    "done": {"en": "Done in {seconds:.1f} s (attempt {n}).",
             "tr": "{seconds:.1f} sn'de bitti ({n}. deneme)."},
    "failed": {"en": "Could not run: {error}", "tr": "Çalıştırılamadı: {error}"},
    "kpi": {"en": "KPI report (department heads)", "tr": "KPI raporu (departman yöneticileri)"},
    "plan": {"en": "your plan", "tr": "planınız"},
    "baseline": {"en": "starting state", "tr": "başlangıç durumu"},
    "feedback": {"en": "Feedback", "tr": "Geri bildirim"},
    "journey": {"en": "One customer's journey", "tr": "Bir müşterinin yolculuğu"},
    "history": {"en": "Your attempts", "tr": "Denemeleriniz"},
    "score": {"en": "score", "tr": "puan"},
}


def _t(key: str, language: str, **values: Any) -> str:
    text = STRINGS[key].get(language) or STRINGS[key]["en"]
    return text.format(**values) if values else text


def _png(fig: Any) -> bytes:
    import io

    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=72)
    plt.close(fig)
    return buffer.getvalue()


class SettingsBuilder:
    """Widgets for every decision in a plan's ``settings:``; ``plan`` reads them."""

    def __init__(self, scenario: ServiceScenario, language: str = "en") -> None:
        from casekit.tournament import reference_plans
        self.scenario = scenario
        self.language = language
        self.references = {p.name: p for p in reference_plans(scenario)}
        self.name = w.Text(value="My process", layout=w.Layout(width="24em"))
        self.start_from = w.Dropdown(options=[""] + list(self.references))
        self.load = w.Button(icon="folder-open")
        self.load.on_click(lambda _: self.load_reference(self.start_from.value))
        self.channel_rows: dict[str, dict[str, Any]] = {}
        rows = []
        for name, channel in scenario.intake.items():
            row = {"staff": w.BoundedIntText(min=0, max=500, layout=w.Layout(width="6em")),
                   "hours": w.IntRangeSlider(min=0, max=24, value=(9, 18)),
                   "days": w.Dropdown(options=["all", "weekdays"], layout=w.Layout(
                       width="9em")),
                   "acknowledge": w.Checkbox(indent=False),
                   "tracking_number": w.Checkbox(indent=False)}
            self.channel_rows[name] = row
            rows.append(w.HBox([w.HTML(f"<b>{html.escape(channel.label.in_(language))}</b>",
                                       layout=w.Layout(width="14em")), *row.values()]))
        self.fields = {f: w.Checkbox(indent=False) for f in FORM_FIELDS}
        self.routes: dict[str, tuple[Any, Any]] = {}
        route_rows = []
        for name, category in scenario.categories.items():
            dept = w.Dropdown(options=list(scenario.departments), value=category.department,
                              layout=w.Layout(width="12em"))
            who = w.ToggleButtons(options=["inbox", "named"], value="inbox")
            self.routes[name] = (dept, who)
            route_rows.append(w.HBox([w.HTML(html.escape(category.label.in_(language)),
                                             layout=w.Layout(width="16em")), dept, who]))
        self.not_my_job = w.Checkbox(indent=False)
        self.sla_target = w.BoundedFloatText(min=0, max=scenario.horizon_hours, value=0)
        self.sla_warning = w.FloatSlider(min=0.1, max=0.95, step=0.05, value=0.75)
        self.escalate = w.Checkbox(indent=False)
        self.sla_departments = {d: w.BoundedFloatText(min=0, max=scenario.horizon_hours,
                                                      value=0, layout=w.Layout(width="16em"))
                                for d in scenario.departments}
        self.notice = w.Dropdown(options=["none", "honest", "optimistic"])
        self.notice_after = w.BoundedFloatText(min=0, max=scenario.horizon_hours, value=0)
        self.notice_categories = w.SelectMultiple(
            options=[n for n, c in scenario.categories.items() if c.notice_eligible])
        self.merge = w.Checkbox(indent=False)
        self.survey = w.Checkbox(indent=False)
        self.win_back = w.Dropdown(options=["nobody", "dissatisfied", "all_complainants"])
        self.gift = w.BoundedFloatText(min=0, max=100_000, value=0)
        self.budget = w.BoundedFloatText(min=0, max=1e9, value=0)
        self.call_back = w.Checkbox(indent=False)
        self.labels = w.HTML()
        self.widget = w.VBox([
            self.labels, w.HBox([self.start_from, self.load]), self.name, *rows,
            w.HBox(list(self.fields.values())), *route_rows, self.not_my_job,
            w.HBox([self.sla_target, self.sla_warning, self.escalate]),
            w.HBox(list(self.sla_departments.values())),
            w.HBox([self.notice, self.notice_categories, self.notice_after]),
            w.HBox([self.merge, self.survey]),
            w.HBox([self.win_back, self.gift, self.budget, self.call_back])])
        self.set_settings(dict(scenario.defaults))
        self.relabel()

    def relabel(self) -> None:
        lang = self.language
        self.labels.value = f"<h3>{html.escape(_t('builder', lang))}</h3>"
        self.start_from.description = _t("reference", lang)
        self.load.description = _t("load", lang)
        for row in self.channel_rows.values():
            for key in ("staff", "hours", "days", "acknowledge", "tracking_number"):
                row[key].description = _t(key, lang)
        for field, box in self.fields.items():
            box.description = _t(field, lang)
        self.not_my_job.description = _t("not_my_job", lang)
        self.sla_target.description = _t("sla", lang)
        self.sla_warning.description = _t("warning", lang)
        self.escalate.description = _t("escalate", lang)
        self.notice.description = _t("notice", lang)
        self.notice_after.description = _t("after", lang)
        for name, box in self.sla_departments.items():
            box.description = self.scenario.departments[name].label.in_(lang)
        self.merge.description = _t("merge", lang)
        self.survey.description = _t("survey", lang)
        self.win_back.description = _t("win_back", lang)
        self.gift.description = _t("gift", lang)
        self.budget.description = _t("budget", lang)
        self.call_back.description = _t("call_back", lang)

    def load_reference(self, name: str) -> None:
        """Fill the widgets with a reference plan's settings (laid over the defaults)."""
        from casekit.scenario import deep_merge
        plan = self.references.get(name)
        raw = plan.settings if plan is not None else {}
        self.set_settings(deep_merge(dict(self.scenario.defaults), raw or {}))
        if plan is not None:
            self.name.value = plan.name

    def set_settings(self, raw: dict) -> None:
        from casekit.kinds.service_operations.schema import settings_from_mapping
        s = settings_from_mapping(raw, self.scenario, "settings")
        for name, row in self.channel_rows.items():
            cs = s.channel(name)
            staff = cs.staff_by_hour()
            row["staff"].value = max(staff)
            row["hours"].value = (int(cs.hours[0]), int(cs.hours[1]))
            row["days"].value = cs.days
            row["acknowledge"].value = cs.acknowledge
            row["tracking_number"].value = cs.tracking_number
        for field, box in self.fields.items():
            box.value = field in s.form_fields
        for name, (dept, who) in self.routes.items():
            route = s.routing.get(name)
            dept.value = route.department if route else self.scenario.categories[name].department
            who.value = route.assignee if route else "inbox"
        self.not_my_job.value = s.not_my_job_names_department
        self.sla_target.value = s.sla.target_hours or 0
        self.sla_warning.value = s.sla.warning_share
        self.escalate.value = s.sla.escalate
        self.notice.value = s.notice.promise
        self.notice_after.value = s.notice.after_hours
        for name, box in self.sla_departments.items():
            box.value = s.sla.departments.get(name, 0)
        self.notice_categories.value = tuple(c for c in s.notice.categories
                                             if c in self.notice_categories.options)
        self.merge.value = s.merge_contacts
        self.survey.value = s.survey
        self.win_back.value = s.win_back.to
        self.gift.value = s.win_back.gift
        self.budget.value = s.win_back.budget
        self.call_back.value = s.win_back.call_back

    def settings(self) -> dict:
        channels = {}
        for name, row in self.channel_rows.items():
            channels[name] = {"staff": int(row["staff"].value),
                              "hours": list(row["hours"].value), "days": row["days"].value,
                              "acknowledge": bool(row["acknowledge"].value),
                              "tracking_number": bool(row["tracking_number"].value)}
        sla: dict[str, Any] = {"warning_share": float(self.sla_warning.value),
                               "escalate": bool(self.escalate.value)}
        if self.sla_target.value > 0:
            sla["target_hours"] = float(self.sla_target.value)
        own = {n: float(b.value) for n, b in self.sla_departments.items() if b.value > 0}
        if own:
            sla["departments"] = own
        return {
            "channels": channels,
            "form_fields": [f for f, box in self.fields.items() if box.value],
            "routing": {n: {"department": d.value, "assignee": a.value}
                        for n, (d, a) in self.routes.items()},
            "not_my_job_names_department": bool(self.not_my_job.value),
            "sla": sla,
            "notice": {"promise": self.notice.value,
                       "categories": list(self.notice_categories.value),
                       "after_hours": float(self.notice_after.value)},
            "merge_contacts": bool(self.merge.value),
            "survey": bool(self.survey.value),
            "win_back": {"to": self.win_back.value, "gift": float(self.gift.value),
                         "budget": float(self.budget.value),
                         "call_back": bool(self.call_back.value)},
        }

    @property
    def plan(self) -> Any:
        """The plan the widgets describe, validated (a PlanError names the field)."""
        from casekit.plan import plan_from_mapping
        plan = plan_from_mapping({"name": self.name.value or "My process",
                                  "scenario": self.scenario.id, "actions": [],
                                  "settings": self.settings()})
        return plan.check(self.scenario)


class KpiPanel:
    """The KPI report of the plan and of the baseline, and the figures."""

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.report: pd.DataFrame | None = None
        self.table = w.HTML()
        self.images = w.HBox()
        self.widget = w.VBox([self.table, self.images])

    def show(self, scenario: ServiceScenario, outcome: Any, baseline: Any) -> None:
        lang = self.language
        mine = kpi_report(contact_log(outcome.runs[0], scenario))
        theirs = kpi_report(contact_log(baseline.runs[0], scenario))
        self.report = pd.concat({_t("plan", lang): mine, _t("baseline", lang): theirs})
        total = pd.DataFrame({_t("plan", lang): mine.loc[TOTAL],
                              _t("baseline", lang): theirs.loc[TOTAL]})
        total.index = [KPI_LABELS[k][lang] for k in total.index]
        self.table.value = f"<h3>{html.escape(_t('kpi', lang))}</h3>" + \
            mine.rename(columns={k: v[lang] for k, v in KPI_LABELS.items()}).to_html(
                float_format=lambda v: f"{v:,.2f}") + total.to_html(
                float_format=lambda v: f"{v:,.2f}")
        try:
            figures = service_figures(outcome, baseline, lang)
        except ImportError:  # pragma: no cover - matplotlib missing
            self.images.children = ()
            return
        self.images.children = tuple(w.Image(value=_png(fig), format="png")
                                     for fig in figures.values())


class ServiceBench:
    """The whole student flow for one service-operations scenario."""

    def __init__(self, scenario: Any = "ecommerce-late-order", language: str = "en",
                 workdir: str | Path | None = None, seed: int = 1, reps: int = 3) -> None:
        from casekit.kinds.service_operations.schema import load_service_scenario
        self.scenario = scenario if isinstance(scenario, ServiceScenario) else \
            load_service_scenario(scenario)
        self.language = language if language in ("en", "tr") else "en"
        self.workdir = Path(workdir or os.environ.get("CASEKIT_WORKDIR") or os.getcwd())
        self.workdir.mkdir(parents=True, exist_ok=True)
        from casekit.attempts import AttemptStore, attempts_file
        # The shared attempts file (casekit.attempts): ``casekit export grades`` reads it.
        self.store = AttemptStore(attempts_file(self.workdir, self.scenario.id),
                                  self.scenario.id, workdir=self.workdir)
        lang = self.language
        self.language_switch = w.ToggleButtons(options=[("English", "en"), ("Türkçe", "tr")],
                                               value=lang)
        self.case = w.HTML()
        self.builder = SettingsBuilder(self.scenario, lang)
        self.seed = w.BoundedIntText(value=seed, min=0, max=2**31 - 1)
        self.reps = w.BoundedIntText(value=reps, min=1, max=100)
        self.run_button = w.Button(button_style="success", icon="play",
                                   layout=w.Layout(width="auto"))
        self.run_button.on_click(lambda _: self.run())
        self.status = w.HTML()
        self.kpi = KpiPanel(lang)
        self.notes = w.HTML()
        self.journey = w.HTML()
        self.history = w.HTML()
        self.answers = {q: w.Textarea(value=self.store.answers.get(q, ""),
                                      layout=w.Layout(width="60em", height="8em"))
                        for q in ("A", "B")}
        for q, box in self.answers.items():
            box.observe(lambda c, q=q: self.store.set_answer(q, c["new"]), "value")
        self.outcome: Any = None
        self.baseline: Any = None
        self._baselines: dict[tuple, Any] = {}
        self.language_switch.observe(lambda c: self.set_language(c["new"]), "value")
        self.widget = w.VBox([self.language_switch, self.case, self.builder.widget,
                              w.HBox([self.seed, self.reps, self.run_button]), self.status,
                              self.kpi.widget, self.notes, self.journey, self.history,
                              *self.answers.values()])
        self.relabel()

    @classmethod
    def for_page(cls, scenario: str = "ecommerce-late-order", **kwargs: Any) -> ServiceBench:
        return cls(os.environ.get("CASEKIT_SCENARIO") or scenario, **kwargs)

    @property
    def attempts(self) -> list[dict]:
        return self.store.attempts

    def set_language(self, language: str) -> None:
        self.language = language
        self.builder.language = language
        self.kpi.language = language
        self.builder.relabel()
        self.relabel()
        if self.outcome is not None:
            self.show(self.outcome, self.baseline)

    def relabel(self) -> None:
        sc, lang = self.scenario, self.language
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in
                             sc.narrative.in_(lang).split("\n\n"))
        questions = "".join(f"<li>{html.escape(q.in_(lang))}</li>" for q in
                            (sc.questions.A, sc.questions.B))
        self.case.value = f"<h2>{html.escape(sc.title.in_(lang))}</h2>{paragraphs}" \
                          f"<h4>{html.escape(_t('questions', lang))}</h4><ol>{questions}</ol>"
        self.seed.description = _t("seed", lang)
        self.reps.description = _t("reps", lang)
        self.run_button.description = _t("run", lang)
        for q, box in self.answers.items():
            question = getattr(sc.questions, q).in_(lang)
            box.placeholder = f"{q}. {question}"
        self._history_html()

    def run(self, plan: Any = None) -> Any:
        """Run ``plan`` (default: the builder's) and the starting state on the same random
        numbers; show and keep the result."""
        from casekit.kinds.service_operations.engine import simulate_batch
        from casekit.outcomes import Outcome
        from casekit.plan import no_response
        lang = self.language
        try:
            plan = plan if plan is not None else self.builder.plan
        except InputError as exc:
            self.status.value = html.escape(_t("failed", lang, error=str(exc)))
            return None
        started = time.perf_counter()
        seed, reps = int(self.seed.value), int(self.reps.value)
        key = (self.scenario.fingerprint, seed, reps)
        self.status.value = html.escape(_t("running", lang))
        plans = [plan] if key in self._baselines else [plan, no_response(self.scenario.id)]
        n = self.scenario.population.customers
        outcomes = [Outcome(self.scenario, p, seed, simulate_batch(self.scenario, p, seed,
                                                                   range(reps)), n)
                    for p in plans]
        if len(outcomes) == 2:
            self._baselines[key] = outcomes[1]
        outcome, baseline = outcomes[0], self._baselines[key]
        self.show(outcome, baseline)
        self._keep(plan, outcome, baseline)
        self.status.value = html.escape(_t("done", lang, seconds=time.perf_counter() - started,
                                           n=len(self.attempts)))
        return outcome

    def show(self, outcome: Any, baseline: Any) -> None:
        lang = self.language
        self.outcome, self.baseline = outcome, baseline
        self.kpi.show(self.scenario, outcome, baseline)
        notes = service_feedback(self.scenario, outcome.plan, outcome, baseline)
        self.notes.value = f"<h3>{html.escape(_t('feedback', lang))}</h3><ul>" + "".join(
            f"<li><b>{n.level}</b>: {html.escape(n.text(lang))} <i>({html.escape(n.source)})"
            f"</i></li>" for n in notes) + "</ul>"
        mine = contact_log(outcome.runs[0], self.scenario)
        theirs = contact_log(baseline.runs[0], self.scenario)
        try:
            who = case_customer(theirs, scenario=self.scenario)
            lines = {_t("baseline", lang): narrate(journey(theirs, who), lang, self.scenario),
                     _t("plan", lang): narrate(journey(mine, who), lang, self.scenario)}
        except KeyError:
            lines = {}
        self.journey.value = f"<h3>{html.escape(_t('journey', lang))}</h3>" + "".join(
            f"<h4>{html.escape(title)}</h4><pre>{html.escape(chr(10).join(text))}</pre>"
            for title, text in lines.items())

    def _keep(self, plan: Any, outcome: Any, baseline: Any) -> None:
        from casekit.kinds.service_operations.kind import score
        t = mean_totals(outcome)
        self.store.append({  # saved at once; a full disk leaves a notice, never raises
            "plan": plan.model_dump(mode="json"), "seed": outcome.seed, "reps": outcome.reps,
            "customers": outcome.customers, "name": plan.name,
            "score": score(t, self.scenario)["score"],
            "baseline_score": score(mean_totals(baseline), self.scenario)["score"],
            "resolution_rate": t["resolution_rate"], "public_posts": t["public_posts"],
            "repurchase_rate": t["repurchase_rate"]})
        self._history_html()

    def _history_html(self) -> None:
        lang = self.language
        if not self.attempts:
            self.history.value = ""
            return
        table = pd.DataFrame(self.attempts)[["n", "name", "score", "baseline_score",
                                             "resolution_rate", "public_posts",
                                             "repurchase_rate"]]
        self.history.value = f"<h3>{html.escape(_t('history', lang))}</h3>" + \
            table.to_html(index=False, float_format=lambda v: f"{v:,.2f}")

    def section(self, name: str) -> Any:
        """One part of the page for a notebook cell: ``language``, ``case``, ``builder``,
        ``run``, ``kpi``, ``feedback``, ``journey``, ``history`` or ``answers``."""
        parts = {"language": self.language_switch, "case": self.case,
                 "builder": self.builder.widget,
                 "run": w.VBox([w.HBox([self.seed, self.reps, self.run_button]),
                                self.status]),
                 "kpi": self.kpi.widget, "feedback": self.notes, "journey": self.journey,
                 "history": self.history, "answers": w.VBox(list(self.answers.values()))}
        if name not in parts:
            raise KeyError(f"no section {name!r}; expected one of {', '.join(parts)}")
        return parts[name]

    def show_all(self) -> Any:
        return self.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def image_html(fig: Any) -> str:
    """A figure as an inline <img> (for notebooks without widgets)."""
    return f'<img src="data:image/png;base64,{base64.b64encode(_png(fig)).decode()}"/>'
