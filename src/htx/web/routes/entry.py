"""Data entry (nhập số liệu) for a place and period, like a statistics form: actual and plan per indicator."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel.numbers import NumberFormatError, parse_decimal
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from htx.db import facts_repo, web_queries
from htx.geo.places import PlaceNotFound
from htx.stats.facts import Fact, Place, Source, exact
from htx.web.access import Principal, require_place
from htx.web.checks import run_checks
from htx.web.deps import CurrentUser, SessionDep
from htx.web.routes import audit, parse_place, render
from htx.web.routes.dashboard import period_choices, period_or_default
from htx.web.routes.workflow import guard_place

router = APIRouter()


@cache
def form_config() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((resources.files("htx.web") / "data" / "entry_form.yaml").read_text("utf-8"))
    return data


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
          errors: dict[str, str], findings: list[dict[str, str]], saved: int | None, status_code: int = 200) -> Response:
    return render(request, "entry.html", user, status_code=status_code, place=place, period=period,
                  periods=period_choices(period), sections=form_config()["sections"], values=values, errors=errors,
                  findings=findings, saved=saved, row_key=row_key)


@router.get("/entry")
def entry_form(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
               period: str | None = None) -> Response:
    p = _place_for(user, place)
    require_place(user, p)
    per = period_or_default(period)
    return _page(request, user, p, per, _existing(session, p, per.code), {}, [], None)


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
                    d = parse_decimal(text.replace(" ", ""), locale="vi_VN", strict=False)
                except NumberFormatError:
                    errors[key] = "không phải số"
                    continue
                if d < 0 or (row["unit"] != "ha" and d != d.to_integral_value()):
                    errors[key] = "phải là số nguyên không âm"
                    continue
                stock = row.get("stock") and kind == "actual"
                facts.append(Fact(row["indicator"], exact(Decimal(d)), row["unit"], dict(row["dims"]), kind=kind,
                                  as_of=per.end if stock else None, period=None if stock else per.code, place=p,
                                  source=Source(kind="user", user=user.username)))
    findings = run_checks(facts, form_config()["sums"])
    if errors:
        return _page(request, user, p, per, values, errors, findings, None, status_code=422)
    guard_place(session, p, per.code)  # approved figures change only after an audited reopen (workflow)
    old_rows = web_queries.user_facts(session, p, per.code)
    old = {f"{r.kind}|{r.indicator}|{r.dims_key}": str(exact(r.value)) for r in old_rows}
    for r in old_rows:
        web_queries.delete_fact(session, r)
    session.flush()
    # stocks are stored with as_of; keep the period code too so the form finds them again
    rows = facts_repo.add_facts(session, facts, review="accepted")
    for r in rows:
        r.period = per.code
    new = {f"{r.kind}|{r.indicator}|{r.dims_key}": str(exact(r.value)) for r in rows}
    changed_old = {k: v for k, v in old.items() if new.get(k) != v}
    changed_new = {k: v for k, v in new.items() if old.get(k) != v}
    if changed_old or changed_new:
        audit(session, request, user, "entry", "facts", f"{p}@{per.code}", changed_old, changed_new, count=len(rows))
    session.commit()
    return _page(request, user, p, per, values, {}, findings, len(rows))
