"""Fund, programme and plan pages (Quỹ hỗ trợ phát triển HTX, chương trình hỗ trợ, kế hoạch) and their JSON API.

Pages: a fund's overview on a date (capital by source, loans with outstanding, in-term/overdue
and interest), a loan's journal (entries are never edited; "Đảo" posts a reversal), the form
to post an entry, programme disbursements and activities of a place, plan targets with their
attainment. JSON lives under ``/api/v1/fund``. Reading needs rights on the fund's place;
posting needs a province officer of that province or an administrator.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from htx.access import Forbidden, Principal, can_access_place, require_place
from htx.bootstrap import figures_on
from htx.db import activities_repo, fund_repo
from htx.db.models_fund import FundRow
from htx.fund.importer import label, labels
from htx.fund.ledger import Ledger
from htx.fund.model import EntryType, LedgerError, Loan
from htx.fund.statement import flow_facts, statement, stock_facts
from htx.geo.places import PlaceNotFound
from htx.programs.activities import award_summary, fair_summary
from htx.programs.support import categories, cumulative, phrases, sentence, totals
from htx.services import UnitOfWork
from htx.services import fund as fund_svc
from htx.services.fund import entry_json
from htx.stats.facts import Place
from htx.stats.periods import Period, PeriodError
from htx.tabular import to_date
from htx.web.deps import CurrentUser, Id, SessionDep
from htx.web.routes import actor, parse_place, render

router = APIRouter()
API = "/api/v1/fund"


# -- helpers -------------------------------------------------------------------------------
def can_post(user: Principal | None, place: Place) -> bool:
    """Admins, and province officers of the fund's province, post entries."""
    return user is not None and (user.is_admin or (user.role == "province" and can_access_place(user, place)))


def _fund(session: Session, user: Principal, fund_id: int) -> FundRow:
    try:
        fund = fund_repo.get_fund(session, fund_id)
    except fund_repo.FundNotFound:
        raise HTTPException(404, f"Không có Quỹ #{fund_id}") from None
    require_place(user, fund_repo.place_of(fund))
    return fund


def _loan(session: Session, user: Principal, fund_id: int, loan_id: int) -> tuple[FundRow, Ledger, Loan]:
    """The fund (access checked), its ledger and one of its loans, or 404."""
    fund = _fund(session, user, fund_id)
    ledger = fund_repo.load_ledger(session, fund.id)
    try:
        return fund, ledger, ledger.loan(loan_id)
    except LedgerError:
        raise HTTPException(404, f"Không có khoản vay #{loan_id} trong Quỹ này") from None


def _writable(session: Session, user: Principal, fund_id: int) -> FundRow:
    fund = _fund(session, user, fund_id)
    if not can_post(user, fund_repo.place_of(fund)):
        raise Forbidden("Chỉ cán bộ tỉnh của Liên minh HTX tỉnh này hoặc quản trị viên được ghi sổ Quỹ.")
    return fund


def _day(text: str | None) -> dt.date:
    if not text:
        return dt.date.today()
    try:
        return to_date(text)
    except ValueError:
        raise HTTPException(422, f"Ngày không hợp lệ: {text} (dd/mm/yyyy)") from None


def _place_param(user: Principal, text: str | None) -> Place:
    if text:
        try:
            place = parse_place(text)
        except PlaceNotFound as exc:
            raise HTTPException(422, str(exc)) from None
    else:
        home = user.home_place
        if home is None or home.level == "country":
            raise HTTPException(422, "Hãy chọn địa bàn (place=era:level:code).")
        place = home
    require_place(user, place)
    return place


def _period(text: str | None, default: Period) -> Period:
    if not text:
        return default
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from None


def _voided(ledger: Ledger) -> dict[int, int]:
    """Entry number → number of the reversal that voids it."""
    return {e.reverses: e.id for e in ledger.entries if e.type == EntryType.REVERSAL and e.reverses is not None}


def _fund_json(fund: FundRow) -> dict[str, Any]:
    return {"id": fund.id, "name": fund.name, "place": str(fund_repo.place_of(fund))}


def _choices() -> dict[str, list[tuple[str, str]]]:
    words = labels()
    return {table: [(code, spellings[0]) for code, spellings in words[table].items()]
            for table in ("entry_types", "sources", "actions", "repayments")}


# -- pages ---------------------------------------------------------------------------------
@router.get("/fund", include_in_schema=False)
def fund_list(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    funds = [f for f in fund_repo.list_funds(session) if can_access_place(user, fund_repo.place_of(f))]
    return render(request, "fund/list.html", user, funds=funds, place_of=fund_repo.place_of)


def _programmes(session: Session, place: Place, year: int) -> dict[str, Any]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    period = Period(year, "year")
    items = activities_repo.disbursements(session, place)
    this_year = [d for d in items if d.date.year == year]
    running = cumulative(items, end)
    return {"place": place, "year": year, "disbursements": this_year, "totals": totals(this_year),
            "cumulative": running, "sentence": sentence(running), "categories": categories(),
            "trainings": activities_repo.trainings(session, place, start, end),
            "outreach": activities_repo.outreach_events(session, place, start, end),
            "fairs": activities_repo.fairs(session, place, start, end),
            "fair_summary": fair_summary(activities_repo.fairs(session, place, start, end), period, place),
            "awards": award_summary(activities_repo.awards(session, place, start, end), period, place),
            "membership": activities_repo.membership_changes(session, place, start, end), "phrases": phrases()}


@router.get("/fund/programmes", include_in_schema=False)
def programmes_page(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
                    year: int | None = None) -> Response:
    p = _place_param(user, place)
    return render(request, "fund/programmes.html", user, **_programmes(session, p, year or dt.date.today().year))


def _plans(session: Session, place: Place, period: Period) -> list[Any]:
    actuals = figures_on(session).figures(place, period)
    return activities_repo.attainment_for(session, place, period, actuals)


@router.get("/fund/plans", include_in_schema=False)
def plans_page(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
               period: str | None = None) -> Response:
    p = _place_param(user, place)
    per = _period(period, Period(dt.date.today().year, "year"))
    rows = _plans(session, p, per)
    return render(request, "fund/plans.html", user, place=p, period=per, rows=rows, dict=dict)


@router.get("/fund/{fund_id}", include_in_schema=False)
def fund_overview(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id,
                  on: str | None = None) -> Response:
    fund = _fund(session, user, fund_id)
    day = _day(on)
    ledger = fund_repo.load_ledger(session, fund.id)
    st = statement(ledger, day)
    place = fund_repo.place_of(fund)
    year = Period(day.year, "year")
    facts = stock_facts(ledger, day, place) + flow_facts(ledger, year, place)
    voided = _voided(ledger)
    capital_entries = [e for e in ledger.entries if e.loan_id is None]
    return render(request, "fund/overview.html", user, fund=fund, place=place, day=day, st=st, ledger=ledger,
                  facts=facts, year=year, capital_entries=capital_entries, voided=voided, label=label,
                  can_post=can_post(user, place), posted=request.query_params.get("posted"))


@router.get("/fund/{fund_id}/loans/{loan_id}", include_in_schema=False)
def loan_detail(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id, loan_id: Id,
                on: str | None = None) -> Response:
    fund, ledger, loan = _loan(session, user, fund_id, loan_id)
    day = _day(on)
    journal = [e for e in ledger.entries if e.loan_id == loan_id]
    place = fund_repo.place_of(fund)
    return render(request, "fund/loan.html", user, fund=fund, loan=loan, balance=ledger.balance(loan_id, day), day=day,
                  journal=journal, voided=_voided(ledger), label=label, can_post=can_post(user, place),
                  today=dt.date.today(), posted=request.query_params.get("posted"),
                  error=request.query_params.get("error"))


def _post_page(request: Request, session: Session, user: Principal, fund: FundRow, values: dict[str, str],
               error: str | None, status_code: int = 200) -> Response:
    contracts = [r.contract_no for r in fund_repo.loan_rows(session, fund.id)]
    return render(request, "fund/post.html", user, status_code=status_code, fund=fund, values=values, error=error,
                  contracts=contracts, choices=_choices())


@router.get("/fund/{fund_id}/post", include_in_schema=False)
def post_form(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id, loan: str = "",
              type: str = "") -> Response:
    fund = _writable(session, user, fund_id)
    return _post_page(request, session, user, fund, {"loan": loan, "type": type,
                                                     "date": dt.date.today().strftime("%d/%m/%Y")}, None)


@router.post("/fund/{fund_id}/post", include_in_schema=False)
async def post_save(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id) -> Response:
    fund = _writable(session, user, fund_id)
    form = await request.form()
    values = {k: v.strip() for k, v in form.items() if isinstance(v, str) and k != "csrf_token"}
    try:
        e = fund_svc.post_entry_text(UnitOfWork.over(session), actor(request, user), fund.id, values)
    except (LedgerError, ValueError) as exc:
        return _post_page(request, session, user, fund, values, str(exc), status_code=422)
    target = f"/fund/{fund.id}/loans/{e.loan_id}" if e.loan_id is not None else f"/fund/{fund.id}"
    return RedirectResponse(f"{target}?posted={e.id}", status_code=303)


@router.post("/fund/{fund_id}/entries/{number}/reverse", include_in_schema=False)
async def reverse_entry(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id, number: Id) -> Response:
    fund = _writable(session, user, fund_id)
    form = await request.form()
    text = form.get("date")
    note = form.get("note")
    back = form.get("back")
    target = back if isinstance(back, str) and back.startswith("/fund/") else f"/fund/{fund.id}"
    try:
        day = to_date(text) if isinstance(text, str) and text.strip() else dt.date.today()
        e = fund_svc.reverse_entry(UnitOfWork.over(session), actor(request, user), fund.id, number, day,
                                   note=note if isinstance(note, str) else "")
    except (LedgerError, ValueError) as exc:
        session.rollback()
        from urllib.parse import quote

        return RedirectResponse(f"{target}?error={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"{target}?posted={e.id}", status_code=303)


# -- JSON API ------------------------------------------------------------------------------
class EntryIn(BaseModel):
    """An entry to post: ``type`` is a code (``principal``), a verb (``repay``) or a label (``Thu nợ gốc``)."""

    type: str
    date: dt.date
    loan: str | None = Field(None, description="Contract number (số hợp đồng)")
    amount: int | None = Field(None, ge=0, description="Whole đồng")
    source: str | None = None
    action: str | None = None
    reverses: int | None = None
    first_due: dt.date | None = None
    instalments: int | None = Field(None, ge=1)
    repayment: str | None = None
    reference: str = ""
    note: str = ""


@router.get(API, tags=["fund"])
def api_funds(session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    return [_fund_json(f) for f in fund_repo.list_funds(session) if can_access_place(user, fund_repo.place_of(f))]


@router.get(API + "/{fund_id}/statement", tags=["fund"])
def api_statement(session: SessionDep, user: CurrentUser, fund_id: Id, on: str | None = None,
                  period: str | None = None) -> dict[str, Any]:
    fund = _fund(session, user, fund_id)
    day = _day(on)
    per = _period(period, Period(day.year, "year"))
    ledger = fund_repo.load_ledger(session, fund.id)
    place = fund_repo.place_of(fund)
    out = statement(ledger, day).to_json(ledger)
    out["fund"] = _fund_json(fund)
    out["facts"] = [f.to_json() for f in stock_facts(ledger, day, place) + flow_facts(ledger, per, place)]
    return out


@router.get(API + "/{fund_id}/loans/{loan_id}", tags=["fund"])
def api_loan(session: SessionDep, user: CurrentUser, fund_id: Id, loan_id: Id, on: str | None = None) -> dict[str, Any]:
    fund, ledger, loan = _loan(session, user, fund_id, loan_id)
    b = ledger.balance(loan_id, _day(on))
    voided = _voided(ledger)
    return {"id": loan.id, "contract_no": loan.contract_no, "borrower": loan.borrower_name, "project": loan.project,
            "amount": loan.amount, "annual_rate": str(loan.annual_rate), "signed_on": loan.signed_on.isoformat(),
            "balance": {"on": b.on.isoformat(), "disbursed": b.disbursed, "repaid": b.repaid,
                        "outstanding": b.outstanding, "in_term": b.in_term, "overdue": b.overdue,
                        "arrears": b.arrears, "status": b.status, "interest_accrued": b.interest_accrued,
                        "interest_paid": b.interest_paid},
            "journal": [entry_json(e, voided.get(e.id)) for e in ledger.entries if e.loan_id == loan_id]}


@router.post(API + "/{fund_id}/entries", tags=["fund"], status_code=201)
def api_post(request: Request, session: SessionDep, user: CurrentUser, fund_id: Id,
             body: Annotated[EntryIn, Body()]) -> dict[str, Any]:
    fund = _writable(session, user, fund_id)
    try:
        e = fund_svc.post_entry(UnitOfWork.over(session), actor(request, user), fund.id, body.type, body.date,
                                contract=body.loan, amount=body.amount, source=body.source, action=body.action,
                                reverses=body.reverses, first_due=body.first_due, instalments=body.instalments,
                                repayment=body.repayment, reference=body.reference, note=body.note)
    except LedgerError as exc:
        raise HTTPException(422, str(exc)) from None
    return entry_json(e)


@router.get(API + "/programmes", tags=["fund"])
def api_programmes(session: SessionDep, user: CurrentUser, place: str | None = None,
                   year: int | None = None) -> dict[str, Any]:
    p = _place_param(user, place)
    data = _programmes(session, p, year or dt.date.today().year)
    t, c = data["totals"], data["cumulative"]
    return {"place": str(p), "year": data["year"],
            "year_totals": {"payments": t.payments, "amount": t.amount, "beneficiaries": t.beneficiaries,
                            "by_category": t.by_category},
            "cumulative": {"payments": c.payments, "amount": c.amount, "beneficiaries": c.beneficiaries,
                           "by_category": c.by_category},
            "sentence": data["sentence"],
            "trainings": len(data["trainings"]), "participants": sum(x.participants for x in data["trainings"]),
            "outreach_events": len(data["outreach"]), "fairs": data["fair_summary"], "awards": data["awards"]}


@router.get(API + "/plans", tags=["fund"])
def api_plans(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
              period: str | None = None) -> list[dict[str, Any]]:
    p = _place_param(user, place)
    per = _period(period, Period(dt.date.today().year, "year"))
    return [{"indicator": a.target.indicator, "dims": dict(a.target.dims), "unit": a.target.unit,
             "period": a.target.period, "plan": a.target.value, "actual": a.actual.value if a.actual else None,
             "percent": str(a.percent) if a.percent is not None else None}
            for a in _plans(session, p, per)]
