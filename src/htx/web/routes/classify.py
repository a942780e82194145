"""Classification pages and API (phân loại, xếp loại, quy mô HTX): the sheet, its review, summaries, rule sets.

A cooperative fills and submits its self-scoring sheet; officers of its commune or province
(and admins) return it with a comment or confirm it; the confirmed grade becomes the year's
classification. Officers see the class and size summary of their place, who has not
submitted as the deadline nears, and download the compiled list. Admins load rule sets.
JSON endpoints live under ``/api/v1/classify``. Routes are thin: parse, check access, call one use case.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from htx.classify import GRADE_LABELS, SIZE_LABELS, SIZES
from htx.classify.rules import RuleSetError
from htx.geo.places import PlaceNotFound
from htx.services import UnitOfWork
from htx.services import classify as svc
from htx.services import classify_report as report
from htx.services import registry as registry_service
from htx.stats.facts import Place
from htx.web.access import Forbidden, Principal, require_place
from htx.web.deps import AdminUser, CurrentUser, Id, SessionDep
from htx.web.routes import parse_place, render

router = APIRouter()
API = "/api/v1/classify"
Year = Annotated[int | None, Query(ge=2000, le=2100, description="Năm xếp loại")]


def default_year(today: date | None = None) -> int:
    """The year being scored: this year from October (sheets are due in December), else last year."""
    t = today or date.today()
    return t.year if t.month >= 10 else t.year - 1


def _place(user: Principal, text: str | None) -> Place:
    if text:
        try:
            place = parse_place(text)
        except PlaceNotFound as exc:
            raise HTTPException(404, str(exc)) from None
    else:
        home = user.home_place
        if home is None:
            raise Forbidden("Tài khoản của bạn không gắn với địa bàn nào.")
        place = home
    require_place(user, place)
    return place


def _officer(user: Principal) -> None:
    if user.role == "coop":
        raise Forbidden("Chức năng này dành cho cán bộ xã, tỉnh và quản trị viên.")


# --- pages -----------------------------------------------------------------------------

@router.get("/classify", include_in_schema=False)
def overview(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
             year: Year = None) -> Response:
    if user.role == "coop":
        if not user.organisation_id:
            raise Forbidden("Tài khoản hợp tác xã chưa gắn với tổ chức nào.")
        return RedirectResponse(f"/classify/sheet/{user.organisation_id}", status_code=303)
    where = _place(user, place)
    y = year or default_year()
    uow = UnitOfWork.over(session)
    summary = report.summary(uow, where, y)
    today = date.today()
    deadlines = [(code, label, day, (day - today).days) for code, label, day in report.deadlines(y)]
    waiting, pending = report.pending(uow, where, y, limit=200)
    return render(request, "classify/overview.html", user, place=where, year=y, s=summary, waiting=waiting,
                  pending=pending, sheets=report.sheets_to_review(uow, where, y),
                  deadlines=deadlines, grades=GRADE_LABELS, sizes=SIZE_LABELS, size_codes=SIZES,
                  reasons=report.REASON_LABELS, statuses=svc.STATUS_LABELS)


def _sheet_page(request: Request, session: SessionDep, user: Principal, org_id: int, year: int,
                errors: dict[str, str] | None = None, typed: dict[str, Any] | None = None,
                message: str | None = None, status_code: int = 200) -> Response:
    view = svc.sheet_view(UnitOfWork.over(session), org_id, year)
    stored = dict(view.sheet.points or {}) if view.sheet else {}
    values = typed if typed is not None else {
        "points": stored if view.sheet else {code: str(p.points) for code, p in view.proposals.items()},
        "exclusions": list(view.sheet.exclusions or []) if view.sheet else list(view.automatic),
        "board_name": (view.sheet.board_name or "") if view.sheet else "",
        "controller_name": (view.sheet.controller_name or "") if view.sheet else "",
        "board_agreed": bool(view.sheet and view.sheet.board_agreed),
        "controller_agreed": bool(view.sheet and view.sheet.controller_agreed),
        "total_capital": "" if not view.sheet or view.sheet.total_capital is None else str(view.sheet.total_capital),
    }
    can_edit = user.role == "coop" and user.organisation_id == view.org.id and view.editable
    can_decide = user.role != "coop" and view.sheet is not None and view.sheet.status == "submitted"
    return render(request, "classify/sheet.html", user, status_code=status_code, view=view, year=year,
                  values=values, errors=errors or {}, can_edit=can_edit, can_decide=can_decide, message=message,
                  grades=GRADE_LABELS, statuses=svc.STATUS_LABELS, reasons=report.REASON_LABELS)


@router.get("/classify/sheet/{org_id}", include_in_schema=False)
def sheet_page(request: Request, session: SessionDep, user: CurrentUser, org_id: Id, year: Year = None) -> Response:
    registry_service.get_org(session, user, org_id)
    return _sheet_page(request, session, user, org_id, year or default_year())


def _money(text: str) -> int | None:
    from htx.web.routes.selfreport import parse_money

    return parse_money(text, "dong") if text.strip() else None


@router.post("/classify/sheet/{org_id}", include_in_schema=False)
async def save_sheet(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = registry_service.get_org(session, user, org_id)
    if user.role != "coop" or user.organisation_id != org.id:
        raise Forbidden("Chỉ tài khoản của chính hợp tác xã được chấm điểm và nộp bảng điểm.")
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    year = _form_year(raw)
    points = {k.removeprefix("p_"): v for k, v in raw.items() if k.startswith("p_")}
    typed: dict[str, Any] = {"points": points, "exclusions": [str(v) for v in form.getlist("exclusion")],
                             "board_name": raw.get("board_name", ""), "controller_name": raw.get("controller_name", ""),
                             "board_agreed": raw.get("board_agreed") == "1",
                             "controller_agreed": raw.get("controller_agreed") == "1",
                             "total_capital": raw.get("total_capital", "")}
    errors: dict[str, str] = {}
    try:
        capital = _money(typed["total_capital"])
    except ValueError as exc:
        errors["total_capital"], capital = f"Tổng nguồn vốn {exc}", None
    rule_set_id = int(raw["rule_set_id"]) if raw.get("rule_set_id", "").isdigit() else None
    data = svc.SheetInput(points=points, exclusions=typed["exclusions"], board_name=typed["board_name"],
                          controller_name=typed["controller_name"], board_agreed=typed["board_agreed"],
                          controller_agreed=typed["controller_agreed"], total_capital=capital, rule_set_id=rule_set_id)
    submit = raw.get("action") == "submit"
    if not errors:
        try:
            _, checked = svc.save_sheet(UnitOfWork.over(session), org.id, year, data, user.username, submit=submit)
            errors = checked.errors
        except svc.ClassifyError as exc:
            errors = {"sheet": str(exc)}
    if errors:
        return _sheet_page(request, session, user, org.id, year, errors=errors, typed=typed, status_code=422)
    done = "submitted" if submit else "saved"
    return RedirectResponse(f"/classify/sheet/{org.id}?year={year}&done={done}", status_code=303)


def _form_year(raw: dict[str, str]) -> int:
    text = raw.get("year", "")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise HTTPException(422, "Năm không hợp lệ")
    return int(text)


@router.post("/classify/sheet/{org_id}/decide", include_in_schema=False)
async def decide(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = registry_service.get_org(session, user, org_id)
    _officer(user)
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    year = _form_year(raw)
    current = svc.sheet_view(UnitOfWork.over(session), org.id, year).sheet
    if current is None:
        raise HTTPException(404, f"{org.name} chưa có bảng điểm năm {year}")
    version = int(raw["lock_version"]) if raw.get("lock_version", "").isdigit() else None
    uow = UnitOfWork.over(session)
    try:
        if raw.get("action") == "confirm":
            svc.confirm_sheet(uow, current.id, user.username, raw.get("comment"), expected_version=version)
        else:
            svc.return_sheet(uow, current.id, raw.get("comment", ""), user.username, expected_version=version)
    except svc.ClassifyError as exc:
        return _sheet_page(request, session, user, org.id, year, errors={"decide": str(exc)}, status_code=422)
    return RedirectResponse(f"/classify/sheet/{org.id}?year={year}&done={raw.get('action', 'return')}", status_code=303)


@router.get("/classify/sizes", include_in_schema=False)
def sizes_page(request: Request, session: SessionDep, user: CurrentUser, place: str | None = None,
               year: Year = None, size: str | None = None) -> Response:
    _officer(user)
    where = _place(user, place)
    y = year or default_year()
    chosen = size if size in (*SIZES, "unknown") else None
    rows = report.size_list(UnitOfWork.over(session), where, y, chosen)
    return render(request, "classify/sizes.html", user, place=where, year=y, rows=rows, size=chosen,
                  sizes=SIZE_LABELS, size_codes=SIZES)


@router.get("/classify/export.xlsx", include_in_schema=False)
def export(session: SessionDep, user: CurrentUser, place: str | None = None, year: Year = None) -> Response:
    _officer(user)
    where = _place(user, place)
    y = year or default_year()
    data = report.export_xlsx(UnitOfWork.over(session), where, y)
    name = f"xep-loai-htx-{where.code}-{y}.xlsx"
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/classify/rules", include_in_schema=False)
def rules_page(request: Request, session: SessionDep, user: CurrentUser, error: str | None = None) -> Response:
    _officer(user)
    rows = svc.list_rule_sets(UnitOfWork.over(session))
    return render(request, "classify/rules.html", user, rows=rows, error=error)


@router.post("/classify/rules", include_in_schema=False)
async def rules_upload(request: Request, session: SessionDep, user: AdminUser, file: UploadFile) -> Response:
    name = file.filename or "tệp tải lên"
    try:
        text = (await file.read(1_000_001)).decode("utf-8")
        if len(text) > 1_000_000:
            raise svc.ClassifyError(f"Tệp {name} quá lớn (tối đa 1 MB)")
        row, created = svc.load_rule_set(UnitOfWork.over(session), text, name, user.username)
    except (RuleSetError, svc.ClassifyError, UnicodeDecodeError) as exc:
        rows = svc.list_rule_sets(UnitOfWork.over(session))
        return render(request, "classify/rules.html", user, rows=rows, error=str(exc), status_code=422)
    return RedirectResponse(f"/classify/rules?loaded={row.code}-v{row.version}&created={int(created)}", status_code=303)


# --- JSON API --------------------------------------------------------------------------

@router.get(f"{API}/rules", summary="Rule sets of classification (every stored version)")
def api_rules(session: SessionDep, user: CurrentUser) -> list[dict[str, Any]]:
    return [{"id": r.id, "code": r.code, "version": r.version, "kind": r.kind, "title": r.title,
             "valid_from": r.valid_from.isoformat(), "valid_to": r.valid_to.isoformat() if r.valid_to else None,
             "body": r.body} for r in svc.list_rule_sets(UnitOfWork.over(session))]


@router.post(f"{API}/rules", status_code=201, summary="Load a new or corrected rule set (YAML text; admin)")
def api_load_rules(session: SessionDep, user: AdminUser,
                   text: Annotated[str, Body(embed=True, max_length=1_000_000)],
                   name: Annotated[str, Body(embed=True, max_length=200)] = "api.yaml") -> dict[str, Any]:
    try:
        row, created = svc.load_rule_set(UnitOfWork.over(session), text, name, user.username)
    except (RuleSetError, svc.ClassifyError) as exc:
        raise HTTPException(422, str(exc)) from None
    return {"id": row.id, "code": row.code, "version": row.version, "created": created}


@router.get(f"{API}/score", summary="A cooperative's scoring sheet for a year")
def api_score(session: SessionDep, user: CurrentUser, org: Annotated[int, Query(ge=1, le=2_147_483_647)],
              year: Annotated[int, Query(ge=2000, le=2100)]) -> dict[str, Any]:
    registry_service.get_org(session, user, org)
    try:
        return svc.sheet_out(svc.sheet_view(UnitOfWork.over(session), org, year))
    except svc.ClassifyError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get(f"{API}/summary", summary="Class and size summary of a place for a year")
def api_summary(session: SessionDep, user: CurrentUser, place: Annotated[str, Query(max_length=40)],
                year: Annotated[int, Query(ge=2000, le=2100)]) -> dict[str, Any]:
    return report.summary(UnitOfWork.over(session), _place(user, place), year).to_json()


@router.get(f"{API}/national", summary="Class and size summary of every province (admin)")
def api_national(session: SessionDep, user: AdminUser, year: Annotated[int, Query(ge=2000, le=2100)],
                 era: Annotated[str, Query(pattern="^(new|old)$")] = "new") -> list[dict[str, Any]]:
    return [p.to_json() for p in report.national(UnitOfWork.over(session), year, era)]
