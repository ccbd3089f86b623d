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

from casekit.errors import InputError, PlanError
from casekit.kinds.service_operations.feedback import mean_totals, service_feedback
from casekit.kinds.service_operations.figures import service_figures
from casekit.kinds.service_operations.journey import case_customer, journey, narrate
from casekit.kinds.service_operations.kpi import (
    KPI_LABELS,
    NOT_ANSWERED,
    TOTAL,
    contact_log,
    kpi_report,
)
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
    "staff_by_hour": {"en": "by hour", "tr": "saat saat"},
    "staff_by_hour_hint": {"en": "24 numbers, midnight first (empty: the number of agents "
                           "every hour)", "tr": "gece yarısından başlayarak 24 sayı (boş: her "
                           "saat aynı sayıda temsilci)"},
    "staff_by_hour_error": {"en": "expected 24 whole numbers from 0 to 500 separated by "
                            "commas, one per hour of day from midnight",
                            "tr": "virgülle ayrılmış, gece yarısından başlayarak her saat "
                            "için bir tane olmak üzere 0 ile 500 arasında 24 tam sayı "
                            "bekleniyordu"},
    "hours": {"en": "open", "tr": "açık"},
    "days": {"en": "days", "tr": "günler"},
    "all": {"en": "every day", "tr": "her gün"},
    "weekdays": {"en": "weekdays", "tr": "hafta içi"},
    "acknowledge": {"en": "acknowledge", "tr": "alındı mesajı"},
    "tracking_number": {"en": "tracking number", "tr": "takip numarası"},
    "fields": {"en": "The forms ask for", "tr": "Formlar şunları sorar"},
    "channel_fields": {"en": "A channel's own form or call script (tick 'own form', then its "
                       "fields; otherwise it asks what every form asks)",
                       "tr": "Bir kanalın kendi formu ya da çağrı metni ('kendi formu'nu "
                       "işaretleyip alanlarını seçin; yoksa her formun sorduğunu sorar)"},
    "own_fields": {"en": "own form", "tr": "kendi formu"},
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
    "name": {"en": "Plan name", "tr": "Plan adı"},
    "channels": {"en": "Channels: agents on duty, opening hours and days, what a customer "
                 "gets at once", "tr": "Kanallar: görevdeki temsilci, açık saatler ve günler, "
                 "müşterinin hemen aldığı yanıt"},
    "department": {"en": "Department", "tr": "Departman"},
    "sla_heading": {"en": "Deadlines and escalation", "tr": "Süreler ve yükseltme"},
    "sla_departments": {"en": "Each department's own SLA (hours, 0 = the target above)",
                        "tr": "Departmanların kendi SLA'sı (saat, 0 = yukarıdaki hedef)"},
    "notice_heading": {"en": "Telling customers about a delay",
                       "tr": "Müşterilere gecikmeyi bildirmek"},
    "notice_categories": {"en": "for", "tr": "hangi konular"},
    "after_heading": {"en": "After the complaint", "tr": "Şikâyetten sonra"},
    "loaded": {"en": "Loaded: {name}. Change any setting, then run.",
               "tr": "Yüklendi: {name}. İstediğiniz ayarı değiştirin, sonra çalıştırın."},
    "pick": {"en": "Pick a reference plan first.", "tr": "Önce bir örnek plan seçin."},
    "first_run": {"en": "Below: the starting state run against itself. Load a reference plan "
                  "or change a setting, then run.",
                  "tr": "Aşağıda başlangıç durumu kendisine karşı çalıştırıldı. Bir örnek plan "
                  "yükleyin ya da bir ayarı değiştirin, sonra çalıştırın."},
    "kpi_note": {"en": "One week as a ticketing system exports it: replication 1 of {reps}. "
                 "The feedback and your attempts average all {reps} replications, so a number "
                 "there can differ from this table.",
                 "tr": "Bir kayıt sisteminin dışa aktardığı haliyle bir dönem: {reps} tekrarın "
                 "1.'si. Geri bildirim ve denemeleriniz {reps} tekrarın ortalamasıdır; oradaki "
                 "bir sayı bu tablodakinden farklı olabilir."},
    "total": {"en": "total", "tr": "toplam"},
    "not_answered": {"en": "(not answered)", "tr": "(yanıtlanmadı)"},
    "measure": {"en": "Measure", "tr": "Ölçü"},
    "difference": {"en": "difference", "tr": "fark"},
    "level_good": {"en": "good", "tr": "iyi"},
    "level_info": {"en": "note", "tr": "bilgi"},
    "level_warning": {"en": "warning", "tr": "uyarı"},
    "level_problem": {"en": "problem", "tr": "sorun"},
    "attempt": {"en": "attempt", "tr": "deneme"},
    "plan_name": {"en": "plan", "tr": "plan"},
    "baseline_score": {"en": "starting state's score", "tr": "başlangıç durumunun puanı"},
    "references": {"en": "The reference plans on the same customers",
                   "tr": "Aynı müşterilerde örnek planlar"},
}

#: The reference plans' table: the kind's metrics shown beside each plan's score.
REFERENCE_COLUMNS = ("resolution_rate", "mean_resolution_hours", "public_posts",
                     "phone_abandonment", "repurchase_rate", "cost_total")

#: How each column of the KPI report is written: a share, a count, hours, money or a ratio.
KPI_UNITS = {"share": "share", "complaints": "count", "resolved": "count",
             "resolution_rate": "share", "mean_resolution_hours": "hours",
             "max_resolution_hours": "hours", "satisfaction_rate": "share",
             "gift_cost": "currency", "bought_again": "share",
             "first_contact_resolution": "share", "transfers_per_complaint": "ratio",
             "public_complaints": "count"}


def _t(key: str, language: str, **values: Any) -> str:
    text = STRINGS[key].get(language) or STRINGS[key]["en"]
    return text.format(**values) if values else text


def _cell(unit: str, value: Any, language: str, currency: str = "") -> str:
    """One KPI value in the language's number style; a missing value is a dash."""
    from casekit.text.formats import money, number, percent
    if unit == "share":
        return percent(value, language, 1)
    if unit == "count":
        return number(value, language, 0)
    if unit == "hours":
        return number(value, language, 1)
    if unit == "currency":
        return money(value, currency, language)
    return number(value, language, 2)


def _options(keys: Any, language: str, label: Any = None) -> list[tuple[str, str]]:
    """Dropdown options ``(label, key)``: the student reads words, the plan keeps keys."""
    return [(label(k) if label is not None else _t(k, language), k) for k in keys]


def _relabel_options(widget: Any, options: list[tuple[str, str]]) -> None:
    """New labels for a selection widget, keeping what is selected."""
    value = widget.value
    widget.options = options
    widget.value = value


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
        wide = {"description_width": "initial"}
        self.name = w.Text(value="My process", layout=w.Layout(width="28em"), style=wide)
        self.start_from = w.Dropdown(options=[("", "")] + [(n, n) for n in self.references],
                                     style=wide, layout=w.Layout(width="28em"))
        self.load = w.Button(icon="folder-open")
        self.message = w.HTML()
        self.load.on_click(lambda _: self._load_clicked())
        self.channel_rows: dict[str, dict[str, Any]] = {}
        # the names of channels and categories, relabelled when the language switches
        self.channel_labels: dict[str, w.HTML] = {}
        self.category_labels: dict[str, w.HTML] = {}
        rows = []
        for name, channel in scenario.intake.items():
            row = {"staff": w.BoundedIntText(min=0, max=500, style=wide,
                                             layout=w.Layout(width="11em")),
                   "hours": w.IntRangeSlider(min=0, max=24, value=(9, 18), style=wide,
                                             layout=w.Layout(width="20em")),
                   "days": w.Dropdown(options=_options(("all", "weekdays"), language),
                                      style=wide, layout=w.Layout(width="14em")),
                   "acknowledge": w.Checkbox(indent=False, layout=w.Layout(width="12em")),
                   "tracking_number": w.Checkbox(indent=False,
                                                 layout=w.Layout(width="14em")),
                   "staff_by_hour": w.Text(style=wide, layout=w.Layout(width="30em"))}
            self.channel_rows[name] = row
            self.channel_labels[name] = w.HTML(layout=w.Layout(width="14em"))
            rows.append(w.HBox([self.channel_labels[name], *row.values()],
                               layout=w.Layout(flex_flow="row wrap", align_items="center")))
        self.fields = {f: w.Checkbox(indent=False, layout=w.Layout(width="12em"))
                       for f in FORM_FIELDS}
        # a channel's own fields: 'own form' ticked, then the fields it asks
        self.channel_fields: dict[str, dict[str, Any]] = {}
        self.field_labels: dict[str, w.HTML] = {}
        field_rows = []
        for name in scenario.intake:
            boxes = {"own": w.Checkbox(indent=False, layout=w.Layout(width="12em")),
                     **{f: w.Checkbox(indent=False, layout=w.Layout(width="12em"))
                        for f in FORM_FIELDS}}
            self.channel_fields[name] = boxes
            self.field_labels[name] = w.HTML(layout=w.Layout(width="14em"))
            field_rows.append(w.HBox([self.field_labels[name], *boxes.values()],
                                     layout=w.Layout(flex_flow="row wrap",
                                                     align_items="center")))
        self.routes: dict[str, tuple[Any, Any]] = {}
        route_rows = []
        for name, category in scenario.categories.items():
            dept = w.Dropdown(options=self._department_options(), value=category.department,
                              layout=w.Layout(width="14em"))
            who = w.Dropdown(options=self._assignee_options(category.department),
                             value="inbox", layout=w.Layout(width="18em"))
            # the people to name are the chosen department's
            dept.observe(lambda change, who=who: self._department_changed(who, change["new"]),
                         names="value")
            self.routes[name] = (dept, who)
            self.category_labels[name] = w.HTML(layout=w.Layout(width="18em"))
            route_rows.append(w.HBox([self.category_labels[name], dept, who],
                                     layout=w.Layout(flex_flow="row wrap")))
        self.not_my_job = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.sla_target = w.BoundedFloatText(min=0, max=scenario.horizon_hours, value=0,
                                             style=wide, layout=w.Layout(width="22em"))
        self.sla_warning = w.FloatSlider(min=0.1, max=0.95, step=0.05, value=0.75,
                                         style=wide, layout=w.Layout(width="18em"))
        self.escalate = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.sla_departments = {d: w.BoundedFloatText(min=0, max=scenario.horizon_hours,
                                                      value=0, style=wide,
                                                      layout=w.Layout(width="16em"))
                                for d in scenario.departments}
        self.notice = w.Dropdown(options=_options(("none", "honest", "optimistic"), language),
                                 style=wide, layout=w.Layout(width="26em"))
        self.notice_after = w.BoundedFloatText(min=0, max=scenario.horizon_hours, value=0,
                                               style=wide, layout=w.Layout(width="18em"))
        self.notice_categories = w.SelectMultiple(options=self._category_options(), rows=3,
                                                  style=wide, layout=w.Layout(width="26em"))
        self.merge = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.survey = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.win_back = w.Dropdown(options=_options(("nobody", "dissatisfied",
                                                     "all_complainants"), language),
                                   style=wide, layout=w.Layout(width="22em"))
        self.gift = w.BoundedFloatText(min=0, max=100_000, value=0, style=wide,
                                       layout=w.Layout(width="14em"))
        self.budget = w.BoundedFloatText(min=0, max=1e9, value=0, style=wide,
                                         layout=w.Layout(width="16em"))
        self.call_back = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
        self.labels = w.HTML()
        self.heads = {k: w.HTML() for k in ("channels", "fields", "channel_fields",
                                            "routing", "sla_heading",
                                            "sla_departments", "notice_heading",
                                            "after_heading")}
        wrap = w.Layout(flex_flow="row wrap", align_items="center")
        self.widget = w.VBox([
            self.labels, w.HBox([self.start_from, self.load], layout=wrap), self.message,
            self.name, self.heads["channels"], *rows,
            self.heads["fields"], w.HBox(list(self.fields.values()), layout=wrap),
            self.heads["channel_fields"], *field_rows,
            self.heads["routing"], *route_rows, self.not_my_job,
            self.heads["sla_heading"],
            w.HBox([self.sla_target, self.sla_warning, self.escalate], layout=wrap),
            self.heads["sla_departments"],
            w.HBox(list(self.sla_departments.values()), layout=wrap),
            self.heads["notice_heading"],
            w.HBox([self.notice, self.notice_categories, self.notice_after], layout=wrap),
            self.heads["after_heading"],
            w.HBox([self.merge, self.survey], layout=wrap),
            w.HBox([self.win_back, self.gift, self.budget, self.call_back], layout=wrap)])
        self.set_settings(dict(scenario.defaults))
        self.relabel()

    def relabel(self) -> None:
        lang = self.language
        self.labels.value = f"<h3>{html.escape(_t('builder', lang))}</h3>"
        self.start_from.description = _t("reference", lang)
        self.load.description = _t("load", lang)
        self.name.description = _t("name", lang)
        for key, head in self.heads.items():
            head.value = f"<b>{html.escape(_t(key, lang))}</b>"
        for labels in (self.channel_labels, self.field_labels):
            for name, label in labels.items():
                label.value = \
                    f"<b>{html.escape(self.scenario.intake[name].label.in_(lang))}</b>"
        for name, label in self.category_labels.items():
            label.value = html.escape(self.scenario.categories[name].label.in_(lang))
        from casekit.text.strings import plan_name
        _relabel_options(self.start_from, [("", "")] + [(plan_name(n, lang), n)
                                                        for n in self.references])
        for row in self.channel_rows.values():
            for key in ("staff", "hours", "days", "acknowledge", "tracking_number",
                        "staff_by_hour"):
                row[key].description = _t(key, lang)
            row["staff_by_hour"].placeholder = _t("staff_by_hour_hint", lang)
            _relabel_options(row["days"], _options(("all", "weekdays"), lang))
        for boxes in self.channel_fields.values():
            for key, box in boxes.items():
                box.description = _t("own_fields" if key == "own" else key, lang)
        for dept, who in self.routes.values():
            _relabel_options(dept, self._department_options())
            _relabel_options(who, self._assignee_options(dept.value))
        _relabel_options(self.notice, _options(("none", "honest", "optimistic"), lang))
        _relabel_options(self.notice_categories, self._category_options())
        self.notice_categories.description = _t("notice_categories", lang)
        _relabel_options(self.win_back, _options(("nobody", "dissatisfied",
                                                  "all_complainants"), lang))
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

    def _department_options(self) -> list[tuple[str, str]]:
        return [(d.label.in_(self.language), k) for k, d in self.scenario.departments.items()]

    def _assignee_options(self, department: str) -> list[tuple[str, str]]:
        """The inbox, whoever is next, or one of the department's people by name."""
        people = self.scenario.departments[department].people
        return _options(("inbox", "named"), self.language) + [(p, p) for p in people]

    def _department_changed(self, who: Any, department: str) -> None:
        value = who.value
        options = self._assignee_options(department)
        who.options = options
        who.value = value if value in {key for _, key in options} else "named"

    def _category_options(self) -> list[tuple[str, str]]:
        return [(c.label.in_(self.language), k) for k, c in self.scenario.categories.items()
                if c.notice_eligible]

    def _load_clicked(self) -> None:
        name = self.start_from.value
        if not name:
            self.message.value = f"<i>{html.escape(_t('pick', self.language))}</i>"
            return
        self.load_reference(name)
        self.message.value = f"<i>{html.escape(_t('loaded', self.language, name=name))}</i>"

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
            row["staff_by_hour"].value = ", ".join(str(v) for v in staff) \
                if isinstance(cs.staff, tuple) else ""
            row["hours"].value = (int(cs.hours[0]), int(cs.hours[1]))
            row["days"].value = cs.days
            row["acknowledge"].value = cs.acknowledge
            row["tracking_number"].value = cs.tracking_number
        for field, box in self.fields.items():
            box.value = field in s.form_fields
        for name, boxes in self.channel_fields.items():
            boxes["own"].value = s.channel(name).form_fields is not None
            for field in FORM_FIELDS:
                boxes[field].value = field in s.fields_of(name)
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
        eligible = {key for _, key in self._category_options()}
        self.notice_categories.value = tuple(c for c in s.notice.categories if c in eligible)
        self.merge.value = s.merge_contacts
        self.survey.value = s.survey
        self.win_back.value = s.win_back.to
        self.gift.value = s.win_back.gift
        self.budget.value = s.win_back.budget
        self.call_back.value = s.win_back.call_back

    def settings(self) -> dict:
        channels = {}
        for name, row in self.channel_rows.items():
            channels[name] = {"staff": self._staff(name, row),
                              "hours": list(row["hours"].value), "days": row["days"].value,
                              "acknowledge": bool(row["acknowledge"].value),
                              "tracking_number": bool(row["tracking_number"].value)}
            boxes = self.channel_fields[name]
            if boxes["own"].value:
                channels[name]["form_fields"] = [f for f in FORM_FIELDS if boxes[f].value]
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

    def _staff(self, name: str, row: dict[str, Any]) -> int | list[int]:
        """The channel's agents: the one number, or the 24 typed in 'by hour'."""
        text = str(row["staff_by_hour"].value).strip()
        if not text:
            return int(row["staff"].value)
        parts = [p.strip() for p in text.replace(";", ",").split(",")]
        if len(parts) != 24 or not all(p.isdigit() and int(p) <= 500 for p in parts):
            raise PlanError(_t("builder", self.language), f"settings.channels.{name}.staff",
                            _t("staff_by_hour_error", self.language))
        return [int(p) for p in parts]

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
        self.images = w.HBox(layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([self.table, self.images])

    def show(self, scenario: ServiceScenario, outcome: Any, baseline: Any) -> None:
        lang = self.language
        mine = kpi_report(contact_log(outcome.runs[0], scenario))
        theirs = kpi_report(contact_log(baseline.runs[0], scenario))
        self.report = pd.concat({_t("plan", lang): mine, _t("baseline", lang): theirs})
        self.table.value = (
            f"<h3>{html.escape(_t('kpi', lang))}</h3>"
            f"<p><i>{html.escape(_t('kpi_note', lang, reps=len(outcome.runs)))}</i></p>"
            + self._departments_html(scenario, mine) + self._totals_html(scenario, mine, theirs))
        try:
            figures = service_figures(outcome, baseline, lang)
        except ImportError:  # pragma: no cover - matplotlib missing
            self.images.children = ()
            return
        from casekit.report.figures import localise  # tick labels: 6.000 and 0,2 in Turkish
        self.images.children = tuple(
            w.Image(value=_png(localise(fig, lang)), format="png",
                    layout=w.Layout(max_width="100%"))
            for fig in figures.values())

    def _department(self, scenario: ServiceScenario, key: str) -> str:
        if key == TOTAL:
            return _t("total", self.language)
        if key == NOT_ANSWERED:
            return _t("not_answered", self.language)
        dept = scenario.departments.get(key)
        return dept.label.in_(self.language) if dept is not None else key

    def _departments_html(self, scenario: ServiceScenario, report: pd.DataFrame) -> str:
        """The per-department report, every number in the page's language."""
        lang, currency = self.language, scenario.currency
        head = "".join(f"<th>{html.escape(KPI_LABELS[c][lang])}</th>" for c in report.columns)
        rows = "".join(
            f"<tr><th>{html.escape(self._department(scenario, str(dept)))}</th>" + "".join(
                f"<td>{html.escape(_cell(KPI_UNITS[c], row[c], lang, currency))}</td>"
                for c in report.columns) + "</tr>"
            for dept, row in report.iterrows())
        return (f"<div style='overflow-x:auto'><table class='casekit-kpi'><tr>"
                f"<th>{html.escape(_t('department', lang))}</th>{head}</tr>{rows}</table></div>")

    def _totals_html(self, scenario: ServiceScenario, mine: pd.DataFrame,
                     theirs: pd.DataFrame) -> str:
        """The totals of the plan beside the starting state's, with the difference."""
        lang, currency = self.language, scenario.currency
        cols = [_t(k, lang) for k in ("measure", "plan", "baseline", "difference")]
        head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
        rows = []
        for c in mine.columns:
            a, b = mine.loc[TOTAL, c], theirs.loc[TOTAL, c]
            unit = KPI_UNITS[c]
            diff = (a - b) if pd.notna(a) and pd.notna(b) else float("nan")
            from casekit.text.formats import money, number, percent
            signed = {"share": lambda v: percent(v, lang, 1, sign=True),
                      "count": lambda v: number(v, lang, 0, sign=True),
                      "hours": lambda v: number(v, lang, 1, sign=True),
                      "currency": lambda v: money(v, currency, lang, sign=True)}.get(
                unit, lambda v: number(v, lang, 2, sign=True))(diff)
            rows.append(f"<tr><th>{html.escape(KPI_LABELS[c][lang])}</th>"
                        f"<td>{html.escape(_cell(unit, a, lang, currency))}</td>"
                        f"<td>{html.escape(_cell(unit, b, lang, currency))}</td>"
                        f"<td>{html.escape(signed)}</td></tr>")
        return (f"<table class='casekit-kpi-total' style='margin-top:0.8em'><tr>{head}</tr>"
                f"{''.join(rows)}</table>")


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
        wide = {"description_width": "initial"}
        self.seed = w.BoundedIntText(value=seed, min=0, max=2**31 - 1, style=wide,
                                     layout=w.Layout(width="12em"))
        self.reps = w.BoundedIntText(value=reps, min=1, max=100, style=wide,
                                     layout=w.Layout(width="12em"))
        self.run_button = w.Button(button_style="success", icon="play",
                                   layout=w.Layout(width="auto"))
        self.run_button.on_click(lambda _: self.run())
        self.status = w.HTML()
        self._said: tuple[str, dict[str, Any]] | None = None
        self.references = w.HTML()
        self._reference_rows: dict[str, dict[str, float]] = {}
        self._reference_logs: dict[str, pd.DataFrame] = {}
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
        self.language = language if language in ("en", "tr") else "en"
        self.builder.language = self.language
        self.kpi.language = self.language
        self.builder.relabel()
        if self.language_switch.value != self.language:
            self.language_switch.value = self.language
        self.relabel()
        if self.outcome is not None:
            self.show(self.outcome, self.baseline)
        self._references_html()

    def _say(self, key: str, **values: Any) -> None:
        """A status line, kept so that it is said again in the other language."""
        self._said = (key, values)
        self.status.value = html.escape(_t(key, self.language, **values))

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
        if self._said is not None:
            self.status.value = html.escape(_t(self._said[0], lang, **self._said[1]))
        self._history_html()

    def run(self, plan: Any = None, keep: bool = True) -> Any:
        """Run ``plan`` (default: the builder's) and the starting state on the same random
        numbers; show the result and, with ``keep``, record it as an attempt (a page opens
        with ``keep=False``: the starting state against itself is nobody's attempt)."""
        from casekit.kinds.service_operations.engine import simulate_batch
        from casekit.outcomes import Outcome
        from casekit.plan import no_response
        try:
            plan = plan if plan is not None else self.builder.plan
        except InputError as exc:
            self._say("failed", error=str(exc))
            return None
        started = time.perf_counter()
        seed, reps = int(self.seed.value), int(self.reps.value)
        key = (self.scenario.fingerprint, seed, reps)
        self._say("running")
        plans = [plan] if key in self._baselines else [plan, no_response(self.scenario.id)]
        n = self.scenario.population.customers
        outcomes = [Outcome(self.scenario, p, seed, simulate_batch(self.scenario, p, seed,
                                                                   range(reps)), n)
                    for p in plans]
        if len(outcomes) == 2:
            self._baselines[key] = outcomes[1]
        outcome, baseline = outcomes[0], self._baselines[key]
        self.show(outcome, baseline)
        if not keep:
            self._say("first_run")
            return outcome
        self._keep(plan, outcome, baseline)
        self._say("done", seconds=time.perf_counter() - started, n=len(self.attempts))
        return outcome

    def show(self, outcome: Any, baseline: Any) -> None:
        lang = self.language
        self.outcome, self.baseline = outcome, baseline
        self.kpi.show(self.scenario, outcome, baseline)
        notes = service_feedback(self.scenario, outcome.plan, outcome, baseline)
        self.notes.value = f"<h3>{html.escape(_t('feedback', lang))}</h3><ul>" + "".join(
            f"<li class='casekit-feedback casekit-{n.level}'><b>"
            f"{html.escape(_t('level_' + n.level, lang))}</b>: {html.escape(n.text(lang))} "
            f"<i>({html.escape(n.source)})</i></li>" for n in notes) + "</ul>"
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
        from casekit.kinds.service_operations.kind import KIND
        from casekit.text.formats import number, percent
        columns = [("n", _t("attempt", lang), lambda v: str(v)),
                   ("name", _t("plan_name", lang), str),
                   ("score", _t("score", lang), lambda v: number(v, lang, 1)),
                   ("baseline_score", _t("baseline_score", lang), lambda v: number(v, lang, 1))]
        for key in ("resolution_rate", "public_posts", "repurchase_rate"):
            spec = KIND.metric(key)
            label = (spec.label.get(lang) or spec.label["en"]) if spec is not None else key
            fmt = (lambda v: percent(v, lang, 1)) if spec is not None and spec.unit == "share" \
                else (lambda v: number(v, lang, 0))
            columns.append((key, label, fmt))
        head = "".join(f"<th>{html.escape(label)}</th>" for _, label, _ in columns)
        rows = "".join("<tr>" + "".join(
            f"<td>{html.escape(fmt(a.get(key, '')))}</td>" for key, _, fmt in columns) + "</tr>"
            for a in self.attempts)
        self.history.value = (f"<h3>{html.escape(_t('history', lang))}</h3>"
                              f"<table class='casekit-attempts'><tr>{head}</tr>{rows}</table>")

    def compare_references(self, reps: int | None = None) -> pd.DataFrame:
        """Every reference plan on the same customers (seed and replications of the page):
        the headline numbers, and the case customer's week under each. Shown in the
        ``references`` section; returned with metric keys as columns."""
        from casekit.kinds.service_operations.engine import simulate_batch
        from casekit.kinds.service_operations.kind import score
        from casekit.tournament import reference_plans
        seed, reps = int(self.seed.value), int(reps or self.reps.value)
        start = contact_log(simulate_batch(self.scenario, None, seed, range(1))[0],
                            self.scenario)
        rows, logs = {}, {}
        for plan in reference_plans(self.scenario):
            runs = simulate_batch(self.scenario, plan, seed, range(reps))
            totals = pd.DataFrame([r.totals for r in runs]).mean()
            rows[plan.name] = {"score": float(pd.Series(
                [score(r.totals, self.scenario)["score"] for r in runs]).mean()),
                **{k: float(totals[k]) for k in REFERENCE_COLUMNS}}
            logs[plan.name] = contact_log(runs[0], self.scenario)
        self._reference_rows, self._reference_logs = rows, logs
        self._reference_logs[""] = start
        self._references_html()
        return pd.DataFrame(rows).T

    def _references_html(self) -> None:
        if not self._reference_rows:
            return
        from casekit.kinds.service_operations.kind import KIND
        from casekit.text.formats import metric_value
        lang, sc = self.language, self.scenario
        specs = {k: KIND.metric(k) for k in REFERENCE_COLUMNS}
        head = f"<th></th><th>{html.escape(_t('score', lang))}</th>" + "".join(
            f"<th>{html.escape(s.label.get(lang) or s.label['en'] if s else k)}</th>"
            for k, s in specs.items())
        def cells(row: dict[str, float]) -> str:
            values = [metric_value("points", row["score"], lang)] + [
                metric_value(s.unit if s else "count", row[k], lang, sc.currency)
                for k, s in specs.items()]
            return "".join(f"<td>{html.escape(v)}</td>" for v in values)
        from casekit.text.strings import plan_name
        body = "".join(f"<tr><th>{html.escape(plan_name(name, lang))}</th>{cells(row)}</tr>"
                       for name, row in self._reference_rows.items())
        weeks = ""
        try:
            who = case_customer(self._reference_logs[""], scenario=sc)
            weeks = "".join(
                f"<h4>{html.escape(plan_name(name, lang))}</h4><pre>"
                f"{html.escape(chr(10).join(narrate(journey(log, who), lang, sc)))}</pre>"
                for name, log in self._reference_logs.items() if name)
        except KeyError:
            pass
        self.references.value = (
            f"<h3>{html.escape(_t('references', lang))}</h3><div style='overflow-x:auto'>"
            f"<table class='casekit-references'><tr>{head}</tr>{body}</table></div>"
            f"<h3>{html.escape(_t('journey', lang))}</h3>{weeks}")

    def section(self, name: str) -> Any:
        """One part of the page for a notebook cell: ``language``, ``case``, ``builder``,
        ``run``, ``kpi``, ``feedback``, ``journey``, ``references``, ``history`` or
        ``answers``."""
        parts = {"language": self.language_switch, "case": self.case,
                 "references": self.references,
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
