"""The workshop server: one Tornado process holds the session; every page reads it.

Routes::

    /join                 pick a team (one laptop per team; the claim is in the log)
    /team                 the team's page; /team/live its live part; POST /team/decide
    /facilitator?key=K    the projector page; /facilitator/live; POST /facilitator/do, /decide
    /hotwash.html, .csv   the hot wash (facilitator only)

A team's laptop holds a random token whose hash is in the session's log, so a team page
answers only the laptop that joined as that team, and only with that team's data (the
leaderboard once the facilitator shows it). The facilitator's page needs the key printed
when the server starts. Every form carries Tornado's XSRF token; every decision is checked
as a plan file would be (:mod:`casekit.workshop.rounds`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import socket
from typing import Any

from casekit.errors import InputError
from casekit.workshop import pages
from casekit.workshop.log import WorkshopError
from casekit.workshop.session import Session
from casekit.workshop.texts import tt

__all__ = ["make_app", "serve", "lan_address", "qr_svg"]

_TEAM_COOKIE = "casekit_team"
_FAC_COOKIE = "casekit_facilitator"
_LANG_COOKIE = "casekit_lang"


def qr_svg(url: str) -> str:
    """The address as an inline SVG QR code (segno; the 'workshop' extra)."""
    try:
        import segno
    except ImportError:  # pragma: no cover - the extra is installed with casekit[workshop]
        return ""
    return str(segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True))


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return str(s.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_app(session: Session, join_url: str) -> Any:
    """The Tornado application serving ``session``; ``join_url`` is what the QR code holds."""
    import tornado.web

    rendered: dict[tuple, str] = {}

    def once(key: tuple, render: Any) -> str:
        """A live part drawn once per state of the session (pages poll every second)."""
        key = key + (_version(session),)
        if key not in rendered:
            if len(rendered) > 200:
                rendered.clear()
            rendered[key] = render()
        return rendered[key]

    class Base(tornado.web.RequestHandler):
        def set_default_headers(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Frame-Options", "DENY")
            self.set_header("Referrer-Policy", "no-referrer")
            self.set_header("X-Content-Type-Options", "nosniff")

        @property
        def lang(self) -> str:
            asked = self.get_query_argument("lang", None)
            if asked in ("en", "tr"):
                # one cookie per page (/team, /facilitator, /join): switching the projector
                # to Turkish leaves a team page opened on the same laptop as it is
                page = "/" + self.request.path.strip("/").split("/")[0]
                self.set_cookie(_LANG_COOKIE, asked, httponly=True, samesite="Strict",
                                path=page)
                return asked
            cookie = self.get_cookie(_LANG_COOKIE)
            return cookie if cookie in ("en", "tr") else "en"

        def team(self) -> int | None:
            value = self.get_cookie(_TEAM_COOKIE) or ""
            number, _, token = value.partition(":")
            if not number.isdigit() or len(token) != 64:
                return None
            claim = session.state.claims.get(int(number))
            if claim is None or not hmac.compare_digest(claim, _hash(token)):
                return None
            return int(number)

        def facilitator(self) -> bool:
            key = self.get_cookie(_FAC_COOKIE) or ""
            return hmac.compare_digest(key.encode(), session.facilitator_key.encode())

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            self.finish(pages.error_page(f"{status_code} {self._reason}", "en"))

    class Root(Base):
        def get(self) -> None:
            self.redirect("/join")

    class Join(Base):
        def get(self) -> None:
            if self.team() is not None:
                self.redirect("/team")
                return
            self.write(pages.join_page(session, self.lang, self.xsrf_form_html()))

        def post(self) -> None:
            token = secrets.token_hex(32)
            try:
                team = _whole(self.get_body_argument("team", ""), "team")
                session.do("claim", {"team": team, "token": _hash(token)})
            except InputError as exc:
                self.set_status(400)
                self.write(pages.join_page(session, self.lang, self.xsrf_form_html(),
                                           str(exc)))
                return
            self.set_cookie(_TEAM_COOKIE, f"{team}:{token}", httponly=True, samesite="Strict",
                            expires_days=2)
            self.redirect(f"/team?lang={self.lang}")   # in the language the team chose

    class Team(Base):
        def get(self) -> None:
            team = self.team()
            if team is None:
                self.redirect("/join")
                return
            self.write(pages.team_page(session, team, self.lang, self.xsrf_form_html()))

    class TeamLive(Base):
        def get(self) -> None:
            team = self.team()
            if team is None:
                self.set_status(403)
                self.finish({"error": tt("not_your_team", self.lang)})
                return
            self.set_header("Content-Type", "application/json")
            lang = self.lang
            html = once(("team", team, lang), lambda: pages.team_live(session, team, lang))
            self.write(pages.live_json(_version(session), pages.team_form_key(session, team),
                                       html))

    class TeamDecide(Base):
        def post(self) -> None:
            team = self.team()
            if team is None:
                self.set_status(403)
                self.finish(pages.error_page(tt("not_your_team", self.lang), self.lang))
                return
            try:
                _decide(session, team, self, "team")
            except InputError as exc:
                self.set_status(400)
                self.write(pages.team_page(session, team, self.lang, self.xsrf_form_html(),
                                           str(exc)))
                return
            self.redirect("/team")

    class Facilitator(Base):
        def get(self) -> None:
            key = self.get_query_argument("key", None)
            if key is not None:
                if hmac.compare_digest(key.encode(), session.facilitator_key.encode()):
                    self.set_cookie(_FAC_COOKIE, key, httponly=True, samesite="Strict")
                    asked = self.get_query_argument("lang", None)   # kept past the key
                    self.redirect("/facilitator" + (f"?lang={asked}" if asked in ("en", "tr")
                                                    else ""))
                    return
            if not self.facilitator():
                self.set_status(403)
                self.write(pages.error_page(tt("wrong_key", self.lang), self.lang))
                return
            self.write(pages.facilitator_page(session, self.lang, self.xsrf_form_html(),
                                              join_url, qr_svg(join_url)))

    class FacilitatorOnly(Base):
        def prepare(self) -> None:
            if not self.facilitator():
                self.set_status(403)
                self.finish(pages.error_page(tt("wrong_key", self.lang), self.lang))

    class FacilitatorLive(FacilitatorOnly):
        def get(self) -> None:
            self.set_header("Content-Type", "application/json")
            lang = self.lang
            html = once(("facilitator", lang), lambda: pages.facilitator_live(session, lang))
            self.write(pages.live_json(_version(session), pages.facilitator_form_key(session),
                                       html))

    class FacilitatorDo(FacilitatorOnly):
        def post(self) -> None:
            try:
                _facilitate(session, self)
            except InputError as exc:
                self.set_status(400)
                self.write(pages.facilitator_page(session, self.lang, self.xsrf_form_html(),
                                                  join_url, qr_svg(join_url), str(exc)))
                return
            self.redirect("/facilitator")

    class FacilitatorDecide(FacilitatorOnly):
        def post(self) -> None:
            try:
                team = _whole(self.get_body_argument("team", ""), "team")
                _decide(session, team, self, "facilitator")
            except InputError as exc:
                self.set_status(400)
                self.write(pages.facilitator_page(session, self.lang, self.xsrf_form_html(),
                                                  join_url, qr_svg(join_url), str(exc)))
                return
            self.redirect("/facilitator")

    class HotWashHtml(FacilitatorOnly):
        def get(self) -> None:
            self.set_header("Content-Disposition", 'attachment; filename="hotwash.html"'
                            if self.get_query_argument("download", None) else "inline")
            self.write(pages.hot_wash_html(session, self.lang))

    class HotWashCsv(FacilitatorOnly):
        def get(self) -> None:
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="hotwash.csv"')
            self.write(pages.hot_wash_csv(session))

    return tornado.web.Application([
        (r"/", Root), (r"/join", Join), (r"/team", Team), (r"/team/live", TeamLive),
        (r"/team/decide", TeamDecide), (r"/facilitator", Facilitator),
        (r"/facilitator/live", FacilitatorLive), (r"/facilitator/do", FacilitatorDo),
        (r"/facilitator/decide", FacilitatorDecide), (r"/hotwash.html", HotWashHtml),
        (r"/hotwash.csv", HotWashCsv),
    ], xsrf_cookies=True, compress_response=True)


def _version(session: Session) -> str:
    import time
    return f"{session.state.version}-{int(session.state.accepting(time.time()))}"


def _whole(text: str, field: str) -> int:
    text = text.strip()
    if not text.lstrip("-").isdigit() or len(text) > 9:
        raise WorkshopError("form", field, "expected a whole number")
    return int(text)


def _number(text: str, field: str) -> float:
    import math
    try:
        value = float(text)
    except ValueError:
        raise WorkshopError("form", field, "expected a number") from None
    if not math.isfinite(value):
        raise WorkshopError("form", field, "expected a finite number")
    return value


def _decide(session: Session, team: int, handler: Any, by: str) -> None:
    """Turn one form into the team's new list of actions for the open round."""
    state = session.state
    arg = handler.get_body_argument
    decision = state.decision(team, state.round)
    actions = [a.model_dump(mode="json", exclude_none=True) for a in decision.actions] \
        if decision else []
    settings = decision.settings if decision else None
    op = arg("op", "")
    if op == "message":
        action: dict[str, Any] = {
            "at": _number(arg("at", ""), "at"), "channel": arg("channel", ""),
            "audience": arg("audience", ""), "message": handler.get_body_arguments("part"),
            "tone": arg("tone", "formal")}
        compensation = _number(arg("compensation", "0") or "0", "compensation")
        if compensation:
            action["compensation"] = compensation
        actions.append(action)
    elif op == "staff":
        actions.append({"at": _number(arg("at", ""), "at"), "staff": {
            "channel": arg("channel", ""), "agents": _whole(arg("agents", ""), "agents"),
            "hours": _number(arg("hours", ""), "hours")}})
    elif op == "yaml":
        from casekit.files import parse_mapping
        text = arg("yaml", "")
        if len(text) > 20_000:
            raise WorkshopError("decision", "yaml", "expected at most 20,000 characters")
        data = parse_mapping(text, "decision", WorkshopError)
        unknown = set(data) - {"actions", "settings"}
        if unknown:
            raise WorkshopError("decision", sorted(unknown)[0], "expected only actions: and "
                                "settings:")
        more = data.get("actions", [])
        if not isinstance(more, list):
            raise WorkshopError("decision", "actions", "expected a list of actions")
        actions.extend(more)
        if "settings" in data:
            settings = data["settings"]
    elif op == "remove":
        index = _whole(arg("remove", ""), "remove")
        if not 0 <= index < len(actions):
            raise WorkshopError("form", "remove", "no such action")
        actions.pop(index)
    elif op == "clear":
        actions, settings = [], None
    else:
        raise WorkshopError("form", "op", "expected message, staff, yaml, remove or clear")
    session.do("decide", {"team": team, "round": state.round, "actions": actions,
                          "settings": settings, "by": by})


def _facilitate(session: Session, handler: Any) -> None:
    arg = handler.get_body_argument
    op = arg("op", "")
    if op in ("publish", "lock", "undo", "pause", "resume"):
        session.do(op)
    elif op == "next":
        session.do("lock")
        session.do("publish")
    elif op == "extend":
        session.do("extend", {"seconds": _number(arg("seconds", ""), "seconds")})
    elif op == "leaderboard":
        session.do("leaderboard", {"show": arg("show", "0") == "1"})
    elif op == "reserve":
        session.do("add_reserve", {"reserve": _whole(arg("reserve", ""), "reserve")})
    elif op == "edit":
        session.do("edit_inject", {"round": _whole(arg("round", ""), "round"),
                                   "en": arg("en", "").strip(), "tr": arg("tr", "").strip()})
    elif op in ("team_lock", "team_unlock", "release"):
        session.do(op, {"team": _whole(arg("team", ""), "team")})
    else:
        raise WorkshopError("form", "op", "expected a facilitator action")
    if op in ("lock", "next", "undo"):
        session.results()   # compute now, so the pages that follow read it at once


def serve(session: Session, port: int = 8877, lan: bool = False,
          announce: Any = print) -> int:
    """Serve ``session`` until interrupted: on 127.0.0.1, or on the local network with
    ``lan``. Prints the facilitator's address (with its key) and the teams' address."""
    host = "0.0.0.0" if lan else "127.0.0.1"
    shown = lan_address() if lan else "127.0.0.1"
    join_url = f"http://{shown}:{port}/join"
    app = make_app(session, join_url)
    session.results()   # the baseline and the standing so far, before the first page asks

    async def main() -> None:
        try:
            app.listen(port, address=host)
        except OSError as exc:
            raise WorkshopError(f"port {port}", "--port", f"cannot listen ({exc.strerror or exc}); "
                                "expected a free port") from None
        announce(f"facilitator: http://{shown}:{port}/facilitator?key={session.facilitator_key}")
        announce(f"teams:       {join_url}")
        announce(f"session:     {session.log.path}")
        await asyncio.Event().wait()

    try:
        asyncio.run(main())
    finally:
        session.close()
    return 0
