"""Dashboards (bảng điều khiển) of the country, a province or a commune, the province list and the public page."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from htx.access import Forbidden, Principal, can_access_place, require_place
from htx.bootstrap import books, figures_on
from htx.db import web_queries
from htx.geo import fold, gazetteer
from htx.geo.model import before_reform
from htx.geo.places import PlaceNotFound, place_name
from htx.services import UnitOfWork, publishing
from htx.services import headlines as headlines_svc
from htx.services.workflow_status import report_notes
from htx.stats.facts import Fact, Place
from htx.stats.headlines import overview_definitions, total
from htx.stats.periods import Period, PeriodError
from htx.web import dashboard as dash
from htx.web.deps import CurrentUser, OptionalUser, SessionDep
from htx.web.routes import actor, parse_place, render, survey

router = APIRouter()


def period_or_default(code: str | None) -> Period:
    if code:
        try:
            return Period.parse(code)
        except PeriodError as exc:
            raise HTTPException(422, f"Kỳ báo cáo không hợp lệ: {code}") from exc
    return dash.default_period(date.today())


def period_choices(current: Period) -> list[Period]:
    """Quarters and years around the current one for the period picker."""
    today = dash.default_period(date.today())
    quarters = today.series(24)[::-1]
    years = [Period(y, "year") for y in range(today.year, 2017, -1)]
    out = quarters + years
    if current not in out:
        out.insert(0, current)
    return out


@router.get("/")
def index(request: Request, session: SessionDep, user: OptionalUser, era: str = "new",
          period: str | None = None) -> Response:
    if user is None:
        return RedirectResponse("/public", status_code=303)
    if era not in ("new", "old"):
        era = "new"
    per = period_or_default(period)
    figures = headlines_svc.province_headlines(UnitOfWork.over(session), books(), per, era)
    rows: list[dict[str, Any]] = []
    seen: list[dict[str, Fact | None]] = []
    for u in gazetteer().provinces(era):
        place = Place.checked(era, "province", u.code)
        allowed = can_access_place(user, place)
        mine = figures.get(u.code, {}) if allowed else {}
        if any(mine.values()):
            seen.append(mine)
        rows.append({"place": place, "name": u.name, "key": fold(u.short_name, accents=False), "allowed": allowed,
                     "facts": mine, "has_data": any(mine.values())})
    rows.sort(key=lambda r: (not r["allowed"], not r["has_data"], r["key"]))
    summary = {h.key: total(seen, h.key) for h in overview_definitions()}
    return render(request, "index.html", user, rows=rows, era=era, period=per, periods=period_choices(per),
                  summary=summary, provinces=len(seen), columns=overview_definitions())


def _related(place: Place) -> list[Place]:
    """The same territory in the other era (old provinces of a new one, or the new province of an old one)."""
    gaz = gazetteer()
    unit = gaz.get(place.era, place.level, place.code)
    if unit is None:
        return []
    pairs = gaz.predecessors(unit) if place.era == "new" else gaz.successors(unit)
    seen: list[Place] = []
    for u, _ in pairs:
        p = Place.checked(u.era, u.level, u.code)
        if u.level == place.level and p not in seen:
            seen.append(p)
    return seen[:12]


@router.get("/dashboard/{era}/{level}/{code}")
def dashboard_page(request: Request, session: SessionDep, user: CurrentUser, era: str, level: str, code: str,
                   period: str | None = None) -> Response:
    try:
        place = parse_place(f"{era}:{level}:{code}")
    except PlaceNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    require_place(user, place)
    per = period_or_default(period)
    fs = figures_on(session, request.app.state.figure_cache)
    b = dash.board(lambda periods: fs.figures_many(place, periods), per, place=place)
    provinces = [(place.era, place.code)] if place.level == "province" else None
    findings = web_queries.open_findings(session, provinces, per.code) if place.level != "commune" else []
    communes = gazetteer().communes(place.era, place.code) if place.level == "province" else []
    return render(request, "dashboard.html", user, place=place, title_name=place_name(place), period=per,
                  periods=period_choices(per), headlines=b.headlines, status_rows=b.statuses,
                  statuses=dash.config()["statuses"], attainment=b.attainment, chart=dash.chart_svg(b.periods, b.series),
                  findings=findings, related=_related(place), communes=communes,
                  stored=[f for f in b.now if f.source is not None and f.source.kind != "registry"],
                  workflow_notes=report_notes(UnitOfWork.over(session), place, per.code))  # changed after approval


def _publishable(user: Principal, era: str, level: str, code: str) -> Place:
    try:
        place = parse_place(f"{era}:{level}:{code}")
    except PlaceNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    require_place(user, place)
    if user.role not in ("admin", "province") or place.level == "country":
        raise Forbidden("Chỉ cán bộ tỉnh hoặc quản trị viên được công bố số liệu của một địa bàn.")
    return place


@router.get("/dashboard/{era}/{level}/{code}/publish")
def publish_preview(request: Request, session: SessionDep, user: CurrentUser, era: str, level: str, code: str,
                    period: str | None = None) -> Response:
    """What publishing would put on the public page, before it is done."""
    place = _publishable(user, era, level, code)
    preview = publishing.preview(UnitOfWork.over(session), place, period_or_default(period))
    return render(request, "publish.html", user, place=place, title_name=place_name(place), preview=preview,
                  message=request.query_params.get("message"), done=request.query_params.get("done"))


@router.post("/dashboard/{era}/{level}/{code}/publish")
def publish(request: Request, session: SessionDep, user: CurrentUser, era: str, level: str, code: str,
            period: Annotated[str, Form()]) -> Response:
    place = _publishable(user, era, level, code)
    per = period_or_default(period)
    n, why = publishing.publish(UnitOfWork.over(session), actor(request, user), place, per)
    back = f"/dashboard/{era}/{level}/{code}/publish?period={per.code}"
    if why is not None:
        return RedirectResponse(f"{back}&{urlencode({'message': why})}", status_code=303)
    return RedirectResponse(f"/dashboard/{era}/{level}/{code}?period={per.code}&published={n}", status_code=303)


@router.post("/dashboard/{era}/{level}/{code}/unpublish")
def unpublish(request: Request, session: SessionDep, user: CurrentUser, era: str, level: str, code: str,
              period: Annotated[str, Form()], note: Annotated[str, Form(max_length=500)] = "") -> Response:
    place = _publishable(user, era, level, code)
    per = period_or_default(period)
    n = publishing.unpublish(UnitOfWork.over(session), actor(request, user), place, per, note.strip())
    return RedirectResponse(f"/dashboard/{era}/{level}/{code}/publish?period={per.code}&done={n}", status_code=303)


@router.get("/public")
def public(request: Request, session: SessionDep, user: OptionalUser, period: str | None = None) -> Response:
    per = period_or_default(period)
    figures = headlines_svc.province_headlines(UnitOfWork.over(session), books(), per, "new", published_only=True)
    old_rows: list[dict[str, Any]] = []
    if before_reform(per.start):  # what old provinces published, under their own names
        old = headlines_svc.province_headlines(UnitOfWork.over(session), books(), per, "old", published_only=True)
        old_rows = _public_rows("old", old, only_with_data=True)
    return render(request, "public.html", user, rows=_public_rows("new", figures), old_rows=old_rows, period=per,
                  periods=period_choices(per), columns=overview_definitions(),
                  survey_index=survey.public_index(session))


def _public_rows(era: str, figures: dict[str, dict[str, Fact | None]], only_with_data: bool = False) -> list[dict[str, Any]]:
    gaz = gazetteer()
    rows: list[dict[str, Any]] = []
    for u in gaz.provinces(era):
        facts = figures.get(u.code, {})
        if only_with_data and not any(facts.values()):
            continue
        now = sorted({s.name for s, _ in gaz.successors(u) if s.level == "province"}) if era == "old" else []
        rows.append({"name": u.name, "code": u.code, "key": fold(u.short_name, accents=False), "facts": facts,
                     "has_data": any(facts.values()), "now": ", ".join(now)})
    rows.sort(key=lambda r: (not r["has_data"], r["key"]))
    return rows


def home_of(user: Principal) -> str:
    if user.role == "coop" and user.organisation_id:
        return f"/registry/{user.organisation_id}"
    place = user.home_place
    if place is None or place.level == "country":
        return "/"
    return f"/dashboard/{place.era}/{place.level}/{place.code}"


@router.get("/home")
def home(user: CurrentUser) -> Response:
    return RedirectResponse(home_of(user), status_code=303)
