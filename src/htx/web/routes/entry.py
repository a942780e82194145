"""Data entry (nhập số liệu) for a place and period, like a statistics form: actual and plan per indicator."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from htx.access import Principal, require_place
from htx.db import web_queries
from htx.geo.places import PlaceNotFound
from htx.services import UnitOfWork
from htx.services import facts as facts_svc
from htx.stats.facts import Fact, Place, Source, exact
from htx.tabular import parse_number
from htx.validate import CheckReport, check_facts
from htx.web import config as web_config
from htx.web.deps import CurrentUser, SessionDep
from htx.web.routes import actor, parse_place, render
from htx.web.routes.dashboard import period_choices, period_or_default
from htx.web.routes.workflow import guard_place

router = APIRouter()


def form_config() -> dict[str, Any]:
    """``entry_form.yaml``, validated at load (``htx.web.config``)."""
    return web_config.entry_form()


def row_key(row: dict[str, Any], kind: str) -> str:
    dims = ",".join(f"{k}={v}" for k, v in sorted(row["dims"].items()))
    return f"{kind}|{row['indicator']}|{dims}"


def _place_for(user: Principal, text: str | None) -> Place:
    if not text:
        place = user.home_place
        if place is None or place.level == "country":
            place = Place("new", "province", "20") if user.is_admin else None
        if place is None:
            raise HTTPException(403, "Tài khoản này không nhập số liệu địa bàn.")
        return place
    try:
        return parse_place(text)
    except PlaceNotFound as exc:
        raise HTTPException(422, str(exc)) from None


def _existing(session: Any, place: Place, period: str) -> dict[str, str]:
    from htx.formatting import format_number

    out = {}
    for row in web_queries.user_facts(session, place, period):
        dims = ",".join(f"{k}={v}" for k, v in sorted((row.dims or {}).items()))
        out[f"{row.kind}|{row.indicator}|{dims}"] = format_number(exact(row.value))
    return out


def _page(request: Request, user: Principal, place: Place, period: Any, values: dict[str, str],
          errors: dict[str, str], checks: CheckReport, saved: int | None, status_code: int = 200) -> Response:
    return render(request, "entry.html", user, status_code=status_code, place=place, period=period,
                  periods=period_choices(period), sections=form_config()["sections"], values=values, errors=errors,
                  findings=checks.findings, notes=checks.notes, saved=saved, row_key=row_key)


@router.get("/entry")
def entry_form(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
               period: str | None = None) -> Response:
    p = _place_for(user, place)
    require_place(user, p)
    per = period_or_default(period)
    return _page(request, user, p, per, _existing(session, p, per.code), {}, CheckReport(), None)


@router.post("/entry")
async def entry_save(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    p = _place_for(user, raw.get("place"))
    require_place(user, p)
    per = period_or_default(raw.get("period"))
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    facts: list[Fact] = []
    for section in form_config()["sections"]:
        for row in section["rows"]:
            for kind in ("actual", "plan"):
                key = row_key(row, kind)
                text = raw.get(key, "").strip()
                values[key] = text
                if not text:
                    continue
                try:
                    d = parse_number(text)
                except ValueError:
                    errors[key] = "không phải số"
                    continue
                if d < 0 or (row["unit"] != "ha" and d != d.to_integral_value()):
                    errors[key] = "phải là số nguyên không âm"
                    continue
                stock = row.get("stock") and kind == "actual"
                facts.append(Fact(row["indicator"], exact(Decimal(d)), row["unit"], dict(row["dims"]), kind=kind,
                                  as_of=per.end if stock else None, period=None if stock else per.code, place=p,
                                  source=Source(kind="user", user=user.username)))
    checks = check_facts(facts)
    if errors:
        return _page(request, user, p, per, values, errors, checks, None, status_code=422)
    guard_place(session, p, per.code)  # approved figures change only after an audited reopen (workflow)
    saved = facts_svc.save_entry(UnitOfWork.over(session), actor(request, user), p, per, facts)
    return _page(request, user, p, per, values, {}, checks, saved)
