"""The workshop's pages as HTML: the team page, the facilitator page, the join page and the
hot wash. Pure functions of a :class:`~casekit.workshop.session.Session` and a language;
the server (:mod:`casekit.workshop.server`) only sends what they return.

Each page has a live part (``#live``) that the page's script swaps in about once a second
when the session changes, and a form part that is redrawn only when the round or phase
changes (``form_key``), so a team typing a decision is never interrupted by another team's.
Every text from a file or a person passes through :func:`casekit.escape.for_html`.
"""

from __future__ import annotations

import json
import time
from typing import Any

import numpy as np

from casekit.escape import for_html
from casekit.text.formats import metric_value, number, percent
from casekit.text.strings import label
from casekit.workshop.rounds import Decision
from casekit.workshop.session import Session, TeamResult
from casekit.workshop.texts import tt

__all__ = ["team_page", "team_live", "team_form_key", "facilitator_page", "facilitator_live",
           "facilitator_form_key", "join_page", "hot_wash_html", "hot_wash_csv", "error_page"]

_CSS = """
* { box-sizing: border-box; }
body { font-family: system-ui, 'DejaVu Sans', sans-serif; margin: 0; background: #f4f4f0;
  color: #1b1b1b; line-height: 1.35; }
header { background: #17324d; color: #fff; padding: .5em 1em; display: flex;
  justify-content: space-between; align-items: center; gap: 1em; flex-wrap: wrap; }
header a { color: #fff; }
main, .forms { padding: .6em 1em; }
.card { background: #fff; border-radius: 8px; padding: .6em .9em; margin: .5em 0;
  box-shadow: 0 1px 3px rgba(0,0,0,.15); }
.inject { border-left: 8px solid #c0392b; }
.inject.extra { border-left-color: #e67e22; }
.banner { font-weight: bold; font-size: 1.15em; }
.countdown { font-variant-numeric: tabular-nums; font-weight: bold; font-size: 1.4em;
  padding: .1em .4em; background: #fff3cd; border-radius: 6px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15em, 1fr));
  gap: .6em; }
table { border-collapse: collapse; }
td, th { padding: .2em .6em; text-align: left; border-bottom: 1px solid #ddd; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.problem { color: #a93226; } .warning { color: #9a6b00; } .good { color: #1e7d3a; }
.error { background: #fdecea; color: #a93226; padding: .4em .8em; border-radius: 6px; }
.muted { color: #666; }
button, select, input, textarea { font-size: 1em; margin: .15em 0; }
fieldset { border: 1px solid #ccc; border-radius: 6px; margin: .4em 0; }
.parts label { display: inline-block; margin-right: .8em; }
.badge { font-size: .75em; padding: .1em .5em; border-radius: 1em; background: #ddd; }
.badge.locked { background: #f5b7b1; }
body.facilitator { font-size: 28px; }
body.facilitator .controls button { margin: .15em .2em; padding: .2em .6em; }
body.facilitator .countdown { font-size: 2em; }
body.facilitator .inject h2 { font-size: 1.6em; margin: .2em 0; }
body.facilitator .grid { grid-template-columns: repeat(auto-fill, minmax(17em, 1fr)); }
body.facilitator .leaderboard { font-size: 1.25em; }
.team-card table.series { font-size: .72em; width: 100%; }
header .join { max-width: 24em; }
body.facilitator header { flex-wrap: nowrap; }
body.facilitator header > strong:first-child { flex: 1 1 10em; }
code.flag { white-space: nowrap; }
.team-card table.series th { font-weight: normal; }
.effect { font-style: italic; color: #7b3f00; }
.local-only { color: #ffd27f; font-size: .6em; display: block; line-height: 1.2; }
textarea { font-family: inherit; width: 100%; max-width: 60em; }
body.team { font-size: 18px; }
.qr svg { width: 8em; height: 8em; background: #fff; display: block; }
"""

_SCRIPT = """
(function () {
  var live = document.getElementById('live');
  var form = document.body.getAttribute('data-form');
  var version = live.getAttribute('data-version');
  var offset = 0;
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function tick() {
    var els = document.querySelectorAll('[data-deadline]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i], left;
      var d = parseFloat(el.getAttribute('data-deadline'));
      if (d > 0) { left = Math.max(0, d - (Date.now() / 1000 + offset)); }
      else { left = parseFloat(el.getAttribute('data-remaining') || '0'); }
      var s = Math.ceil(left);
      el.textContent = Math.floor(s / 60) + ':' + pad(s % 60) +
        (d > 0 ? '' : ' ' + el.getAttribute('data-paused'));
    }
  }
  function poll() {
    fetch(document.body.getAttribute('data-live'), {cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d) {
          offset = d.now - Date.now() / 1000;
          if (d.form !== form) { location.reload(); return; }
          if (d.version !== version) { live.innerHTML = d.html; version = d.version;
            live.setAttribute('data-version', version); tick(); }
        }
        setTimeout(poll, 1000);
      }, function () { setTimeout(poll, 2000); });
  }
  setInterval(tick, 250); tick(); setTimeout(poll, 1000);
})();
"""


def _e(text: Any) -> str:
    return for_html(str(text))


def _page(title: str, body_class: str, language: str, header: str, live: str, version: str,
          forms: str, live_url: str, form_key: str) -> str:
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{_e(title)}</title><style>{_CSS}</style></head>'
            f'<body class="{body_class}" data-live="{_e(live_url)}" data-form="{_e(form_key)}">'
            f'<header>{header}</header><main id="live" data-version="{_e(version)}">{live}'
            f'</main><div class="forms">{forms}</div><script>{_SCRIPT}</script></body></html>')


def _refused(error: str, language: str) -> str:
    """A refused step: a lead in the page's language, then the one line that names the
    field (casekit's input errors are written in English, like a plan file's)."""
    return (f'<p class="error" role="alert"><strong>{_e(tt("refused", language))}</strong> '
            f'{_e(error)}</p>')


def _languages(language: str, path: str) -> str:
    links = []
    for code, name in (("en", "English"), ("tr", "Türkçe")):
        if code == language:
            links.append(f"<strong>{name}</strong>")
        else:
            links.append(f'<a href="{_e(path)}?lang={code}">{name}</a>')
    return " · ".join(links)


def _points(value: float, language: str) -> str:
    return number(value, language, 1)


def _sparkline(values: np.ndarray, upto: int, marks: tuple[float, ...] = ()) -> str:
    """The first ``upto`` hours of a series as a small line, with a grey line at each hour
    in ``marks`` (where a published inject changed the model)."""
    values = np.asarray(values, dtype=float)[:max(upto, 1)]
    if values.size < 2 or not np.all(np.isfinite(values)):
        return ""
    low, high = float(values.min()), float(values.max())
    span = high - low or 1.0
    x = np.linspace(0, 150, values.size)
    y = 32 - (values - low) / span * 28
    points = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(x, y))
    lines = "".join(f'<line x1="{150 * h / (values.size - 1):.1f}" y1="0" '
                    f'x2="{150 * h / (values.size - 1):.1f}" y2="36" stroke="#999" '
                    f'stroke-width="1.5" stroke-dasharray="3 2"/>'
                    for h in marks if 0 <= h < values.size)
    return (f'<svg class="spark" width="150" height="36" viewBox="0 0 150 36" '
            f'aria-hidden="true">{lines}<polyline fill="none" stroke="#17324d" '
            f'stroke-width="2" points="{points}"/></svg>')


def _marks(result: TeamResult) -> tuple[float, ...]:
    """The hours at which an inject in force in the team's run changed the model."""
    return tuple(sorted({float(i.hour) for i in result.scenario.injects
                         if i.scheduled and i.effect is not None}))


def _effect_line(session: Session, effect: Any, hour: float, language: str) -> str:
    """What an inject's effect does, for the facilitator (one text per effect type)."""
    if effect is None:
        return ""
    values = {"hour": f"{hour:g}"}
    for name, field in effect:
        if hasattr(field, "value"):
            values[name] = number(session.scenario.inject_comments(
                field.value, session.setup.customers), language, 0) if name == "comments" \
                else percent(field.value, language, 0)
    return f'<p class="effect">{_e(tt(f"effect_{effect.type}", language, **values))}</p>'


def _countdown(session: Session, language: str) -> str:
    state = session.state
    if state.phase != "open":
        return ""
    timer = state.timer
    deadline = timer.deadline or 0
    return (f'<span class="countdown" data-deadline="{deadline:.3f}" '
            f'data-remaining="{timer.left(time.time()):.1f}" '
            f'data-paused="{_e(tt("paused", language))}"></span>')


def _banner(session: Session, language: str) -> str:
    state = session.state
    info = state.round_info(state.round)
    phase = tt(f"phase_{state.phase}", language)
    counter = tt("round_of", language, n=state.round + 1, k=session.setup.rounds)
    span = tt("hours_span", language, start=f"{info.start:g}", end=f"{info.end:g}")
    return (f'<p class="banner">{_e(counter)} · {_e(span)} · {_e(phase)} '
            f'{_countdown(session, language)}</p>')


def _injects(session: Session, language: str, facilitator: bool = False) -> str:
    """The round's inject and the reserves added to it; the facilitator also reads what
    each changes in the model."""
    state = session.state
    if state.phase == "briefing":
        return f'<div class="card">{_e(tt("briefing", language))}</div>'
    info = state.round_info(state.round)
    effect = _effect_line(session, info.effect, info.start, language) if facilitator else ""
    out = [f'<div class="card inject"><h2>{_e(info.title.in_(language))}</h2>'
           f'<p>{_e(info.text.in_(language))}</p>{effect}</div>']
    for extra in info.extras:
        effect = _effect_line(session, extra.effect, max(float(extra.hour), info.start),
                              language) if facilitator else ""
        out.append(f'<div class="card inject extra"><h2>{_e(extra.title.in_(language))}</h2>'
                   f'<p>{_e(extra.text.in_(language))}</p>{effect}</div>')
    return "".join(out)


def _standing(session: Session, result: TeamResult, language: str) -> str:
    hour = result.hour
    upto = int(np.ceil(hour))
    rows = [f'<tr><th>{_e(tt("score_so_far", language))}</th>'
            f'<td class="num">{_points(result.score_so_far, language)}</td>'
            f'<td class="muted">{_e(tt("doing_nothing", language))}: '
            f'{_points(result.baseline_so_far, language)}</td></tr>']
    marks = _marks(result)
    rows += _series_rows(session, result, language, marks)
    note = f'<p class="muted">{_e(tt("marks_help", language))}</p>' if marks and upto else ""
    return (f'<div class="card"><h3>{_e(tt("where_you_stand", language, hour=f"{hour:g}"))}</h3>'
            f'<table>{"".join(rows)}</table>{note}</div>')


def _series_rows(session: Session, result: TeamResult, language: str,
                 marks: tuple[float, ...]) -> list[str]:
    """One table row per hourly series the kind declares: its label, its value at the hour
    reached and its line so far."""
    kind = session.kind
    upto = int(np.ceil(result.hour))
    series = kind.hourly_series(result.run, result.scenario)
    rows = []
    for spec in kind.series:
        values = series.get(spec.name)
        if values is None or upto == 0:
            continue
        now = float(np.asarray(values)[upto - 1])
        text = metric_value(spec.unit, now, language, session.scenario.currency)
        rows.append(f'<tr><th>{_e(spec.label.get(language, spec.label["en"]))}</th>'
                    f'<td class="num">{_e(text)}</td><td>{_sparkline(values, upto, marks)}'
                    f'</td></tr>')
    return rows


def describe(action: Any, language: str) -> str:
    """One action in the classroom's words, such as ``h1 · Facebook post → the public:
    acknowledge + apologise (human)``."""
    if action.staff is not None:
        staff = action.staff
        return tt("staff_line", language, at=f"{action.at:g}", agents=staff.agents,
                  channel=label("channel", staff.channel, language), hours=f"{staff.hours:g}")
    parts = " + ".join(label("part", p, language) for p in action.message)
    line = (f"h{action.at:g} · {label('channel', action.channel or '', language)} → "
            f"{label('audience', action.audience or '', language)}: {parts} "
            f"({label('tone', action.tone, language)})")
    if action.compensation:
        line += " · " + tt("each", language, amount=f"{action.compensation:g}")
    return line


def _decisions(decision: Decision | None, language: str, removable: bool = False) -> str:
    if decision is None or not decision.actions and decision.settings is None:
        return f'<p class="muted">{_e(tt("no_decision", language))}</p>'
    items = []
    for i, action in enumerate(decision.actions):
        remove = (f' <button name="remove" value="{i}">{_e(tt("remove", language))}</button>'
                  if removable else "")
        items.append(f"<li>{_e(describe(action, language))}{remove}</li>")
    if decision.settings is not None:
        items.append(f"<li>{_e(tt('settings_given', language))}</li>")
    by = f' <span class="muted">({_e(tt("entered_by_facilitator", language))})</span>' \
        if decision.by == "facilitator" else ""
    return f"<ul>{''.join(items)}</ul>{by}"


def _leaderboard(session: Session, language: str) -> str:
    ranking = session.ranking()
    rows = "".join(
        f'<tr><td class="num">{rank}</td><td>{_e(tt("team_n", language, n=r.team))}</td>'
        f'<td class="num">{_points(r.score_so_far, language)}</td>'
        f'<td class="num">{_points(r.score_so_far - r.baseline_so_far, language)}</td></tr>'
        for rank, r in enumerate(ranking, start=1))
    hour = ranking[0].hour if ranking else 0
    title = tt("leaderboard_at", language, hour=f"{hour:g}")
    return (f'<div class="card leaderboard"><h3>{_e(title)}</h3>'
            f'<table><tr><th>#</th><th>{_e(tt("team", language))}</th>'
            f'<th>{_e(tt("points", language))}</th><th>{_e(tt("vs_nothing", language))}</th>'
            f'</tr>{rows}</table></div>')


def _card(session: Session, result: TeamResult, language: str) -> str:
    """The consequence card after a lock: the points the round cost, then the feedback."""
    state = session.state
    if state.locked == 0:
        return ""
    notes = session.notes(result)[:4]
    items = "".join(f'<li class="{note.level}">{_e(note.text(language))}</li>' for note in notes)
    previous = session.results(state.locked - 1)[result.team]
    change = result.score_so_far - previous.score_so_far
    base_change = result.baseline_so_far - previous.baseline_so_far
    head = tt("card_head", language, n=state.locked, start=f"{previous.hour:g}",
              end=f"{result.hour:g}", points=_points(change, language),
              nothing=_points(base_change, language))
    return (f'<div class="card consequence"><h3>{_e(tt("consequences", language))}</h3>'
            f'<p>{_e(head)}</p><ul>{items}</ul></div>')


# -- the team page ---------------------------------------------------------------------------
def team_form_key(session: Session, team: int) -> str:
    state = session.state
    decision = state.decision(team, state.round)
    # the team's own decisions are in the form part: redraw it when they change (say, when
    # the facilitator enters them for the team)
    mine = f"{decision.at:.6f}" if decision else "-"
    return (f"{state.round}-{state.phase}-{int(state.accepting(time.time()))}-"
            f"{int(team in state.team_locked)}-{mine}")


def team_live(session: Session, team: int, language: str) -> str:
    state = session.state
    result = session.results()[team]
    parts = [_banner(session, language), _injects(session, language),
             _standing(session, result, language), _card(session, result, language)]
    if state.phase == "open" and (team in state.team_locked or
                                  not state.accepting(time.time())):
        # while the team may still decide, its decisions are listed in the form below
        parts.append(f'<div class="card"><h3>{_e(tt("your_decisions", language))}</h3>'
                     f'{_decisions(state.decision(team, state.round), language)}</div>')
    if state.leaderboard:
        parts.append(_leaderboard(session, language))
    if state.phase == "hotwash":
        parts.append(f'<div class="card">{_e(tt("hotwash_wait", language))}</div>')
    return "".join(parts)


def _action_forms(session: Session, language: str, xsrf: str, action: str,
                  team_field: str = "") -> str:
    """The forms that add one message, one staffing step, or actions written as YAML."""
    scenario = session.scenario
    state = session.state
    info = state.round_info(state.round)
    allowed = scenario.allowed
    words = scenario.vocabulary
    hour = (f'<label>{_e(tt("at_hour", language))} <input name="at" type="number" '
            f'step="0.25" min="{info.start:g}" max="{max(info.start, info.end - 0.25):g}" '
            f'value="{info.start:g}" required></label>')
    forms = []
    if allowed.channels:
        channels = "".join(f'<option value="{_e(c)}">{_e(label("channel", c, language))}'
                           f'</option>' for c in allowed.channels)
        audiences = "".join(f'<option value="{_e(a)}">{_e(label("audience", a, language))}'
                            f'</option>' for a in allowed.audiences)
        parts = "".join(f'<label><input type="checkbox" name="part" value="{_e(p)}"> '
                        f'{_e(label("part", p, language))}</label>'
                        for p in allowed.message_parts or ())
        tones = "".join(f'<option value="{_e(t)}">{_e(label("tone", t, language))}</option>'
                        for t in allowed.tones or ())
        forms.append(
            f'<form method="post" action="{action}" class="card"><h3>'
            f'{_e(tt("send_message", language))}</h3>{xsrf}{team_field}'
            f'<input type="hidden" name="op" value="message">{hour} '
            f'<label>{_e(tt("channel", language))} <select name="channel">{channels}</select>'
            f'</label> <label>{_e(tt("audience", language))} <select name="audience">'
            f'{audiences}</select></label><div class="parts">{parts}</div>'
            f'<label>{_e(tt("tone", language))} <select name="tone">{tones}</select></label> '
            f'<label>{_e(tt("compensation", language))} <input name="compensation" '
            f'type="number" min="0" step="1" value="0"></label> '
            f'<button type="submit">{_e(tt("add_message", language))}</button></form>')
        staffable = [c for c in words.staffable if c in allowed.channels]
        if staffable:
            options = "".join(f'<option value="{_e(c)}">{_e(label("channel", c, language))}'
                              f'</option>' for c in staffable)
            forms.append(
                f'<form method="post" action="{action}" class="card"><h3>'
                f'{_e(tt("add_staff_title", language))}</h3>{xsrf}{team_field}'
                f'<input type="hidden" name="op" value="staff">{hour} '
                f'<label>{_e(tt("channel", language))} <select name="channel">{options}'
                f'</select></label> <label>{_e(tt("agents", language))} <input name="agents" '
                f'type="number" min="1" max="10000" value="4"></label> '
                f'<label>{_e(tt("for_hours", language))} <input name="hours" type="number" '
                f'min="1" step="1" value="24"></label> '
                f'<button type="submit">{_e(tt("add_staff", language))}</button></form>')
    forms.append(
        f'<form method="post" action="{action}" class="card"><h3>{_e(tt("yaml_title", language))}'
        f'</h3><p class="muted">{_e(tt("yaml_help", language))}</p>{xsrf}{team_field}'
        f'<input type="hidden" name="op" value="yaml"><textarea name="yaml" rows="5" '
        f'cols="60" maxlength="20000"></textarea><br><button type="submit">'
        f'{_e(tt("add_yaml", language))}</button></form>')
    return "".join(forms)


def team_page(session: Session, team: int, language: str, xsrf: str,
              error: str | None = None) -> str:
    state = session.state
    header = (f'<strong>{_e(session.scenario.title.in_(language))}</strong>'
              f'<span>{_e(tt("team_n", language, n=team))}</span>'
              f'<span>{_languages(language, "/team")}</span>')
    forms = [_refused(error, language)] if error else []
    if state.phase == "open":
        if team in state.team_locked:
            forms.append(f'<p class="card">{_e(tt("team_locked", language))}</p>')
        elif not state.accepting(time.time()):
            forms.append(f'<p class="card">{_e(tt("time_up", language))}</p>')
        else:
            decision = state.decision(team, state.round)
            forms.append(
                f'<form method="post" action="/team/decide" class="card"><h3>'
                f'{_e(tt("your_decisions", language))}</h3>{xsrf}'
                f'<input type="hidden" name="op" value="remove">'
                f'{_decisions(decision, language, removable=True)}</form>')
            forms.append(_action_forms(session, language, xsrf, "/team/decide"))
    return _page(f"{tt('team_n', language, n=team)} · casekit", "team", language, header,
                 team_live(session, team, language), str(state.version), "".join(forms),
                 "/team/live", team_form_key(session, team))


# -- the facilitator page --------------------------------------------------------------------
def facilitator_form_key(session: Session) -> str:
    state = session.state
    return (f"{state.round}-{state.phase}-{int(state.timer.paused)}-{int(state.leaderboard)}-"
            f"{len(state.extras.get(state.round, ()))}-{sorted(state.team_locked)}-"
            f"{sorted(state.claims)}-{state.locked}")


def facilitator_live(session: Session, language: str) -> str:
    state = session.state
    results = session.results()
    cards = []
    for team in state.teams:
        result = results[team]
        badges = []
        badges.append(tt("joined", language) if team in state.claims
                      else tt("not_joined", language))
        if team in state.team_locked:
            badges.append(tt("locked", language))
        badge_html = " ".join(
            f'<span class="badge{" locked" if b == tt("locked", language) else ""}">{_e(b)}</span>'
            for b in badges)
        decision = state.decision(team, state.round) if state.phase == "open" else None
        shown = _decisions(decision, language) if state.phase == "open" else ""
        rows = "".join(_series_rows(session, result, language, _marks(result)))
        cards.append(f'<div class="card team-card" data-team="{team}"><h3>'
                     f'{_e(tt("team_n", language, n=team))} {badge_html}</h3>{shown}'
                     f'<p>{_e(tt("points", language))}: '
                     f'<strong>{_points(result.score_so_far, language)}</strong></p>'
                     f'<table class="series">{rows}</table></div>')
    marks = any(_marks(r) for r in results.values()) and session.hour_reached() > 0
    note = f'<p class="muted">{_e(tt("marks_help", language))}</p>' if marks else ""
    parts = [_banner(session, language), _injects(session, language, facilitator=True),
             f'<div class="grid">{"".join(cards)}</div>{note}']
    if state.leaderboard:
        parts.append(_leaderboard(session, language))
    if state.phase == "hotwash":
        parts.append(f'<div class="card"><a href="/hotwash.html?lang={language}">'
                     f'{_e(tt("hotwash_open", language))}</a> · <a href="/hotwash.csv">CSV</a>'
                     f'</div>')
    return "".join(parts)


def facilitator_page(session: Session, language: str, xsrf: str, join_url: str, qr_svg: str,
                     error: str | None = None) -> str:
    state = session.state
    flag = '<code class="flag">--lan</code>'    # never broken at its hyphens
    local = (f'<small class="local-only">'
             f'{_e(tt("local_only", language)).replace("--lan", flag)}</small>'
             if "//127.0.0.1:" in join_url or "//localhost:" in join_url else "")
    header = (f'<strong>{_e(session.scenario.title.in_(language))}</strong>'
              f'<span class="qr">{qr_svg}</span>'
              f'<span class="join">{_e(tt("join_at", language))}<br><strong class="join-url">'
              f'{_e(join_url)}</strong>{local}</span>'
              f'<span>{_languages(language, "/facilitator")}</span>')

    def button(op: str, text: str, **fields: Any) -> str:
        hidden = "".join(f'<input type="hidden" name="{k}" value="{_e(v)}">'
                         for k, v in fields.items())
        return (f'<form method="post" action="/facilitator/do" style="display:inline">{xsrf}'
                f'<input type="hidden" name="op" value="{op}">{hidden}'
                f'<button type="submit">{_e(text)}</button></form>')

    controls = []
    last = state.round + 1 >= session.setup.rounds
    if state.phase == "briefing":
        controls.append(button("publish", tt("publish_first", language)))
    if state.phase == "results":
        controls.append(button("publish", tt("publish_next", language)))
    if state.phase == "open":
        controls.append(button("lock", tt("lock_round", language)))
        if not last:
            controls.append(button("next", tt("publish_early", language)))
        controls.append(button("resume" if state.timer.paused else "pause",
                               tt("resume" if state.timer.paused else "pause", language)))
        controls.append(button("extend", tt("extend", language), seconds=120))
        controls.append(button("extend", tt("shorten", language), seconds=-60))
    if state.locked:
        controls.append(button("undo", tt("undo", language)))
    controls.append(button("leaderboard", tt("hide_board" if state.leaderboard else
                                            "show_board", language),
                           show="0" if state.leaderboard else "1"))
    forms = [_refused(error, language)] if error else []
    forms.append(f'<div class="card controls">{"".join(controls)}</div>')
    if state.phase == "open" and state.reserves:
        added = state.extras.get(state.round, ())
        items = "".join(
            f"<li>{_e(r.title.in_(language))} "
            + (f'<span class="muted">({_e(tt("added", language))})</span>' if i in added
               else button("reserve", tt("add_reserve", language), reserve=i)) + "</li>"
            for i, r in enumerate(state.reserves))
        forms.append(f'<div class="card"><h3>{_e(tt("reserve_title", language))}</h3>'
                     f'<ul>{items}</ul></div>')
    editable = state.round if state.phase in ("briefing", "open") else \
        (state.round + 1 if state.phase == "results" else None)
    if editable is not None and editable < session.setup.rounds:
        text = state.round_info(editable).text
        forms.append(
            f'<form method="post" action="/facilitator/do" class="card"><h3>'
            f'{_e(tt("edit_inject", language, n=editable + 1))}</h3>{xsrf}'
            f'<input type="hidden" name="op" value="edit"><input type="hidden" name="round" '
            f'value="{editable}"><label>English<br><textarea name="en" rows="3" cols="60" '
            f'maxlength="2000">{_e(text.en)}</textarea></label><br><label>Türkçe<br>'
            f'<textarea name="tr" rows="3" cols="60" maxlength="2000">{_e(text.tr)}'
            f'</textarea></label><br><button type="submit">{_e(tt("save", language))}</button>'
            f'</form>')
    teams = []
    for team in state.teams:
        lock = button("team_unlock" if team in state.team_locked else "team_lock",
                      tt("unlock_team" if team in state.team_locked else "lock_team", language),
                      team=team)
        release = button("release", tt("release", language), team=team) \
            if team in state.claims else ""
        teams.append(f"<li>{_e(tt('team_n', language, n=team))} {lock} {release}</li>")
    forms.append(f'<div class="card"><h3>{_e(tt("teams", language))}</h3><ul>{"".join(teams)}'
                 f'</ul></div>')
    if state.phase == "open":
        options = "".join(f'<option value="{t}">{_e(tt("team_n", language, n=t))}</option>'
                          for t in state.teams)
        field = (f'<label>{_e(tt("for_team", language))} <select name="team">{options}</select>'
                 f'</label> ')
        forms.append(f'<div class="card"><h3>{_e(tt("enter_for_team", language))}</h3>'
                     f'{_action_forms(session, language, xsrf, "/facilitator/decide", field)}'
                     f'</div>')
    return _page(f"{tt('facilitator', language)} · casekit", "facilitator", language, header,
                 facilitator_live(session, language), str(state.version), "".join(forms),
                 "/facilitator/live", facilitator_form_key(session))


# -- the join page ---------------------------------------------------------------------------
def join_page(session: Session, language: str, xsrf: str, error: str | None = None) -> str:
    state = session.state
    buttons = []
    for team in state.teams:
        taken = team in state.claims
        buttons.append(
            f'<form method="post" action="/join" style="display:inline">{xsrf}'
            f'<input type="hidden" name="team" value="{team}"><button type="submit"'
            f'{" disabled" if taken else ""}>{_e(tt("team_n", language, n=team))}'
            f'{" · " + _e(tt("taken", language)) if taken else ""}</button></form> ')
    body = (f'<div class="card"><h2>{_e(tt("join_title", language))}</h2>'
            f'<p>{_e(tt("join_help", language))}</p>{"".join(buttons)}</div>')
    if error:
        body = _refused(error, language) + body
    header = (f'<strong>{_e(session.scenario.title.in_(language))}</strong>'
              f'<span>{_languages(language, "/join")}</span>')
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>casekit</title><style>{_CSS}</style></head><body class="team">'
            f'<header>{header}</header><main>{body}</main></body></html>')


def error_page(message: str, language: str = "en") -> str:
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f'<title>casekit</title><style>{_CSS}</style></head><body class="team"><main>'
            f'<p class="error" role="alert">{_e(message)}</p><p><a href="/join">'
            f'{_e(tt("back_to_join", language))}</a></p></main></body></html>')


# -- the hot wash ----------------------------------------------------------------------------
def hot_wash_html(session: Session, language: str = "en") -> str:
    """The hot wash as one offline HTML file: each team's timeline of decisions and points,
    what each round's decisions bought, the final ranking and the discussion questions."""
    rows = session.hot_wash()
    state = session.state
    final = session.results(state.locked)
    ranking = sorted(final, key=lambda t: (-rows_final(rows, t), t))
    rank_rows = "".join(
        f'<tr><td class="num">{i}</td><td>{_e(tt("team_n", language, n=t))}</td>'
        f'<td class="num">{_points(rows_final(rows, t), language)}</td></tr>'
        for i, t in enumerate(ranking, start=1))
    teams = []
    for team in state.teams:
        body = []
        for row in (r for r in rows if r.team == team):
            info = state.round_info(row.round)
            decision = state.decision(team, row.round)
            actions = decision.actions if decision else ()
            decided = "<br>".join(
                f'{_e(describe(a, language))} <span class="muted">'
                f'({_e(tt("bought_alone", language, points=_points(b, language)))})</span>'
                for a, b in zip(actions, row.each_bought)) or \
                f'<span class="muted">{_e(tt("no_action", language))}</span>'
            by = f' <span class="muted">({_e(tt("entered_by_facilitator", language))})</span>' \
                if row.by == "facilitator" else ""
            body.append(f'<tr><td>{row.round + 1}</td><td>{row.start:g}–{row.end:g}</td>'
                        f'<td>{_e(info.title.in_(language))}</td><td>{decided}{by}</td>'
                        f'<td class="num">{_points(row.score_at_end, language)}</td>'
                        f'<td class="num">{_points(row.bought, language)}</td></tr>')
        result = final[team]
        points = session.kind.hourly_points(result.run, session.scenario)
        spark = _sparkline(np.cumsum(points), len(points))
        teams.append(
            f'<div class="card"><h2>{_e(tt("team_n", language, n=team))} {spark}</h2>'
            f'<table><tr><th>{_e(tt("round", language))}</th><th>{_e(tt("hours", language))}'
            f'</th><th>{_e(tt("inject", language))}</th><th>{_e(tt("decisions", language))}'
            f'</th><th>{_e(tt("points_at_end", language))}</th><th>'
            f'{_e(tt("bought", language))}</th></tr>{"".join(body)}</table></div>')
    questions = session.scenario.questions
    setup = session.setup
    setup_line = tt("seed_line", language, seed=setup.seed, teams=setup.teams,
                    customers=setup.customers)
    return (f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
            f'<title>{_e(tt("hotwash", language))} · {_e(session.scenario.title.in_(language))}'
            f'</title><style>{_CSS}</style></head><body class="team"><header><strong>'
            f'{_e(tt("hotwash", language))}: {_e(session.scenario.title.in_(language))}'
            f'</strong><span>{_e(setup_line)}</span>'
            f'</header><main><div class="card"><h2>{_e(tt("final_ranking", language))}</h2>'
            f'<p class="muted">{_e(tt("bought_help", language))}</p>'
            f'<table><tr><th>#</th><th>{_e(tt("team", language))}</th><th>'
            f'{_e(tt("final_score", language))}</th></tr>{rank_rows}</table></div>'
            f'{"".join(teams)}<div class="card"><h2>{_e(tt("questions", language))}</h2><ol>'
            f'<li>{_e(questions.A.in_(language))}</li><li>{_e(questions.B.in_(language))}</li>'
            f'<li>{_e(tt("question_bought", language))}</li></ol></div></main></body></html>')


def rows_final(rows: list[Any], team: int) -> float:
    return next((r.final_score for r in rows if r.team == team), float("nan"))


def hot_wash_csv(session: Session) -> str:
    """The hot wash as CSV: one row per team and round."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["team", "round", "start_hour", "end_hour", "inject", "decisions", "by",
                     "points_at_round_end", "bought", "final_score", "bought_each"])
    for row in session.hot_wash():
        writer.writerow([row.team, row.round + 1, f"{row.start:g}", f"{row.end:g}", row.inject,
                         " | ".join(row.decisions), row.by, f"{row.score_at_end:.4f}",
                         f"{row.bought:.4f}", f"{row.final_score:.4f}",
                         " | ".join(f"{b:.4f}" for b in row.each_bought)])
    return out.getvalue()


def live_json(version: str, form: str, html: str) -> str:
    return json.dumps({"version": version, "form": form, "html": html, "now": time.time()})
