"""Reporting workflow pages and API (quy trình báo cáo): obligations, submit, approve/return/accept/reopen, completeness, reminders.

Thin: parse, call one use case of ``htx.services.workflow`` / ``workflow_status``, render.
``guard_place`` / ``guard_rows`` are the one-line hooks the figure write paths (entry page,
fact review API, report import) call before writing: approved figures answer 409 with the
reason in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from htx.services import UnitOfWork
from htx.services import workflow as wf
from htx.services import workflow_status as ws
from htx.stats.facts import Place
from htx.stats.periods import Period, PeriodError
from htx.web.deps import CurrentUser, Id, SessionDep
from htx.web.routes import render
from htx.workflow.calendar import LEVEL_LABELS, PERIOD_KINDS, CalendarError, default_calendar
from htx.workflow.states import ACTION_LABELS, STATE_LABELS, NotAllowed, TransitionError

router = APIRouter()
API = "/api/v1/workflow"
UnitKey = Annotated[str, Query(max_length=40, pattern=r"^(org:\d{1,9}|(old|new):(commune|district|province):\d{1,5})$")]
PeriodCode = Annotated[str, Query(max_length=10, pattern=r"^\d{4}(-(H[12]|Q[1-4]))?$")]
DatasetCode = Annotated[str, Query(max_length=40, pattern=r"^[a-z][a-z0-9_]{1,39}$")]
Level = Annotated[str | None, Query(pattern="^(coop|district|commune|province)$")]
ProvinceCode = Annotated[str | None, Query(max_length=2, pattern=r"^\d{2}$")]


def status_code(exc: Exception) -> int:
    if isinstance(exc, NotAllowed):
        return 403
    if isinstance(exc, wf.Conflict | wf.Locked):
        return 409
    return 422


def _fail(exc: Exception) -> HTTPException:
    return HTTPException(status_code(exc), str(exc))


def guard_place(session: Session, place: Place, period: str | None = None, as_of: date | None = None) -> None:
    """Hook for figure write paths: 409 when the figures of ``place`` and ``period`` are approved."""
    try:
        wf.assert_editable(UnitOfWork.over(session), place, period, as_of)
    except wf.Locked as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from None


def guard_org(session: Session, org_id: int, year: int) -> None:
    """Hook for a cooperative's yearly figures (self-report, classification): 409 when that year is approved."""
    try:
        wf.assert_org_editable(UnitOfWork.over(session), org_id, year)
    except wf.Locked as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from None


def guard_rows(session: Session, rows: Sequence[Any]) -> None:
    """Hook for stored fact rows (review, import): 409 when any of them belongs to an approved period."""
    try:
        wf.assert_rows_editable(UnitOfWork.over(session), list(rows))
    except wf.Locked as exc:
        session.rollback()
        raise HTTPException(409, str(exc)) from None


def _default_period() -> str:
    today = date.today()
    return f"{today.year - 1}-H2" if today.month <= 6 else f"{today.year}-H1"


def _period_choices(current: str) -> list[str]:
    today = date.today()
    out = [str(y) for y in (today.year, today.year - 1)]
    out += [f"{y}-H{h}" for y in (today.year, today.year - 1) for h in (2, 1)]
    out += [f"{y}-Q{q}" for y in (today.year, today.year - 1) for q in (4, 3, 2, 1)]
    return out if current in out else [current, *out]


def _page(request: Request, name: str, user: Any, status: int = 200, **extra: Any) -> Response:
    return render(request, name, user, status_code=status, state_labels=STATE_LABELS, action_labels=ACTION_LABELS,
                  level_labels=LEVEL_LABELS, period_kinds=PERIOD_KINDS, calendar=default_calendar(), **extra)


# ---------------------------------------------------------------- pages


@router.get("/workflow", include_in_schema=False)
def overview(request: Request, session: SessionDep, user: CurrentUser, period: str | None = None) -> Response:
    uow = UnitOfWork.over(session)
    code = period or _default_period()
    own: list[ws.Obligation] = []
    try:
        Period.parse(code)
        for key in ws.home_units(user):
            own += ws.obligations(uow, user, key, code)
    except (TransitionError, PeriodError) as exc:
        raise HTTPException(422, str(exc)) from None
    return _page(request, "workflow/overview.html", user, period=code, periods=_period_choices(code), own=own,
                 awaiting=ws.awaiting(uow, user), due=ws.due_soon(uow, user))


@router.get("/workflow/unit", include_in_schema=False)
def unit_page(request: Request, session: SessionDep, user: CurrentUser, unit: UnitKey, period: PeriodCode) -> Response:
    uow = UnitOfWork.over(session)
    try:
        rows = ws.obligations(uow, user, unit, period)
        u = wf.resolve_unit(uow, unit)
    except TransitionError as exc:
        raise _fail(exc) from None
    if not any(o.actions for o in rows) and not wf.relations(user, u):
        raise HTTPException(403, "Bạn không có quyền với báo cáo của đơn vị này.")
    return _page(request, "workflow/unit.html", user, unit=u, period=period, periods=_period_choices(period), rows=rows,
                 documents=ws.documents_for(uow, unit, period))


@router.post("/workflow/submit", include_in_schema=False)
def submit_page(request: Request, session: SessionDep, user: CurrentUser, dataset: Annotated[str, Form(max_length=40)],
                period: Annotated[str, Form(max_length=10)], unit: Annotated[str, Form(max_length=40)],
                justification: Annotated[str, Form(max_length=4000)] = "",
                document_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
                version: Annotated[int | None, Form()] = None) -> Response:
    uow = UnitOfWork.over(session)
    try:
        row = wf.submit(uow, user, dataset, period, unit, justification=justification or None,
                        document_id=document_id, expected_version=version)
    except (TransitionError, CalendarError) as exc:
        uow.rollback()
        try:
            rows = ws.obligations(uow, user, unit, period)
            u = wf.resolve_unit(uow, unit)
        except (TransitionError, PeriodError):
            raise _fail(exc) from None
        return _page(request, "workflow/unit.html", user, status_code(exc), unit=u, period=period,
                     periods=_period_choices(period), rows=rows, error=str(exc), failed=dataset,
                     justification=justification, documents=ws.documents_for(uow, unit, period))
    return RedirectResponse(f"/workflow/filings/{row.id}?done=submit", status_code=303)


@router.get("/workflow/filings/{submission_id}", include_in_schema=False)
def filing_page(request: Request, session: SessionDep, user: CurrentUser, submission_id: Id,
                done: Annotated[str | None, Query(pattern="^(submit|return|approve|accept|reopen)$")] = None) -> Response:
    return _filing(request, session, user, submission_id, done)


def _filing(request: Request, session: Session, user: Any, submission_id: int, done: str | None = None,
            error: str | None = None, status: int = 200) -> Response:
    uow = UnitOfWork.over(session)
    try:
        row, unit, actions = ws.filing(uow, user, submission_id)
        events, edits = ws.history(uow, user, submission_id)
    except TransitionError as exc:
        raise _fail(exc) from None
    return _page(request, "workflow/filing.html", user, status, row=row, unit=unit, actions=actions, events=events,
                 edits=edits, dataset=default_calendar().dataset(row.dataset), period=Period.parse(row.period),
                 done=done, error=error)


@router.post("/workflow/filings/{submission_id}/{action}", include_in_schema=False)
def decide_page(request: Request, session: SessionDep, user: CurrentUser, submission_id: Id, action: str,
                text: Annotated[str, Form(max_length=4000)] = "", version: Annotated[int | None, Form()] = None) -> Response:
    uow = UnitOfWork.over(session)
    try:
        wf.decide(uow, user, submission_id, action, text=text or None, expected_version=version)
    except TransitionError as exc:
        uow.rollback()
        return _filing(request, session, user, submission_id, error=str(exc), status=status_code(exc))
    return RedirectResponse(f"/workflow/filings/{submission_id}?done={action}", status_code=303)


@router.get("/workflow/completeness", include_in_schema=False)
def completeness_page(request: Request, session: SessionDep, user: CurrentUser, dataset: str = "half_year",
                      period: str | None = None, province: ProvinceCode = None, level: Level = None) -> Response:
    if user.role not in ("admin", "province"):
        raise HTTPException(403, "Bảng mức độ đầy đủ dành cho cán bộ tỉnh và quản trị viên.")
    if user.role == "province":
        province = user.province_code
    code = period or _default_period()
    try:
        table = ws.completeness(UnitOfWork.over(session), dataset, code, province, level)
    except (TransitionError, CalendarError, PeriodError) as exc:
        raise _fail(exc) from None
    return _page(request, "workflow/completeness.html", user, table=table, period=code,
                 periods=_period_choices(code), province=province)


@router.get("/workflow/due", include_in_schema=False)
def due_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    uow = UnitOfWork.over(session)
    return _page(request, "workflow/due.html", user, due=ws.due_soon(uow, user), awaiting=ws.awaiting(uow, user),
                 today=date.today())


# ---------------------------------------------------------------- API


class SubmitIn(BaseModel):
    dataset: str = Field(max_length=40, pattern=r"^[a-z][a-z0-9_]{1,39}$")
    period: str = Field(max_length=10, pattern=r"^\d{4}(-(H[12]|Q[1-4]))?$")
    unit: str = Field(max_length=40, pattern=r"^(org:\d{1,9}|(old|new):(commune|district|province):\d{1,5})$")
    justification: str | None = Field(default=None, max_length=4000)
    document_id: int | None = Field(default=None, ge=1, le=2_147_483_647, description="The read report it rests on")
    version: int | None = Field(default=None, ge=0, le=2_147_483_647)


class DecideIn(BaseModel):
    text: str | None = Field(default=None, max_length=4000, description="Comment (return), reason (reopen), missing units (approve)")
    version: int | None = Field(default=None, ge=0, le=2_147_483_647)


ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "Cần đăng nhập"}, 403: {"description": "Không có quyền"},
                                           409: {"description": "Xung đột / đã khóa"}, 422: {"description": "Không hợp lệ"}}


def _filing_json(row: Any) -> dict[str, Any]:
    return {"id": row.id, "dataset": row.dataset, "period": row.period, "unit": row.unit_key, "level": row.level,
            "state": row.state, "state_label": STATE_LABELS[row.state], "version": row.version,
            "due": row.due_on.isoformat(), "on_time": row.on_time,
            "submitted_at": row.submitted_at.isoformat() if row.submitted_at else None, "submitted_by": row.submitted_by,
            "approved_at": row.approved_at.isoformat() if row.approved_at else None, "approved_by": row.approved_by,
            "comment": row.comment, "justification": row.justification, "findings": row.findings,
            "missing_note": row.missing_note, "document_id": row.document_id}


@router.get(API + "/status", tags=["workflow"], responses=ERRORS, summary="Reports a unit owes for a period")
def api_status(session: SessionDep, user: CurrentUser, unit: UnitKey, period: PeriodCode) -> list[dict[str, Any]]:
    uow = UnitOfWork.over(session)
    try:
        if not wf.relations(user, wf.resolve_unit(uow, unit)):
            raise NotAllowed("Bạn không có quyền với báo cáo của đơn vị này.")
        return [o.to_json() for o in ws.obligations(uow, user, unit, period)]
    except TransitionError as exc:
        raise _fail(exc) from None


@router.post(API + "/submit", tags=["workflow"], responses=ERRORS, status_code=201, summary="Submit a dataset")
def api_submit(session: SessionDep, user: CurrentUser, body: SubmitIn) -> dict[str, Any]:
    try:
        row = wf.submit(UnitOfWork.over(session), user, body.dataset, body.period, body.unit,
                        justification=body.justification, document_id=body.document_id,
                        expected_version=body.version)
    except (TransitionError, CalendarError) as exc:
        raise _fail(exc) from None
    return _filing_json(row)


@router.get(API + "/filings/{submission_id}", tags=["workflow"], responses=ERRORS, summary="A filing and its history")
def api_filing(session: SessionDep, user: CurrentUser, submission_id: Id) -> dict[str, Any]:
    uow = UnitOfWork.over(session)
    try:
        row, _, actions = ws.filing(uow, user, submission_id)
        events, edits = ws.history(uow, user, submission_id)
    except TransitionError as exc:
        raise _fail(exc) from None
    return {**_filing_json(row), "actions": actions,
            "events": [{"at": e.at.isoformat(), "user": e.username, "action": e.action, "from": e.from_state,
                        "to": e.to_state, "note": e.note} for e in events],
            "edits_after_approval": [a.to_json() for a in edits]}


@router.post(API + "/filings/{submission_id}/{action}", tags=["workflow"], responses=ERRORS,
             summary="Return, approve, accept or reopen a filing")
def api_decide(session: SessionDep, user: CurrentUser, submission_id: Id,
               action: Annotated[str, Path(pattern="^(return|approve|accept|reopen)$")],
               body: DecideIn | None = None) -> dict[str, Any]:
    body = body or DecideIn()
    try:
        row = wf.decide(UnitOfWork.over(session), user, submission_id, action, text=body.text,
                        expected_version=body.version)
    except TransitionError as exc:
        raise _fail(exc) from None
    return _filing_json(row)


@router.get(API + "/completeness", tags=["workflow"], responses=ERRORS, summary="Completeness and timeliness")
def api_completeness(session: SessionDep, user: CurrentUser, dataset: DatasetCode, period: PeriodCode,
                     province: ProvinceCode = None, level: Level = None) -> dict[str, Any]:
    if user.role not in ("admin", "province"):
        raise HTTPException(403, "Bảng mức độ đầy đủ dành cho cán bộ tỉnh và quản trị viên.")
    if user.role == "province" and province not in (None, user.province_code):
        raise HTTPException(403, "Bạn chỉ xem được tỉnh của mình.")
    try:
        return ws.completeness(UnitOfWork.over(session), dataset, period, province or (
            user.province_code if user.role == "province" else None), level).to_json()
    except (TransitionError, CalendarError, PeriodError) as exc:
        raise _fail(exc) from None


@router.get(API + "/due", tags=["workflow"], responses=ERRORS, summary="What the user's units must file in the next 7 days")
def api_due(session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    return [o.to_json() for o in ws.due_soon(UnitOfWork.over(session), user)]
