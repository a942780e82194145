"""The JSON API (``/api/v1``): registry, places, figures, documents and facts, findings, audit.

Authentication: the session cookie of the pages (with the CSRF header on writes) or HTTP Basic.
The same access rules as the pages apply.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from htx.access import province_scope, require_place
from htx.bootstrap import books, figures_on
from htx.db import audit_repo, web_queries
from htx.db.models import Document, FactRow, FindingRow, Organisation
from htx.formatting import format_percent, format_quantity
from htx.geo import gazetteer
from htx.geo.places import PlaceNotFound, place_name
from htx.services import UnitOfWork
from htx.services import documents as docs
from htx.services import registry as svc
from htx.services.headlines import province_headlines
from htx.stats.facts import Fact, Place, exact
from htx.stats.headlines import overview_definitions
from htx.stats.periods import Period, PeriodError
from htx.stats.vocabulary import vocabulary
from htx.web import dashboard as dash
from htx.web.deps import AdminUser, CurrentUser, Id, SessionDep
from htx.web.routes import actor, parse_place
from htx.web.routes.dashboard import period_or_default
from htx.web.routes.documents import doc_place, get_document, require_writable
from htx.web.routes.workflow import guard_rows
from htx.web.schemas import (
    AttainmentOut,
    AuditOut,
    DashboardOut,
    DocumentDetail,
    DocumentOut,
    FactOut,
    FiguresOut,
    FindingOut,
    HeadlineOut,
    Kind,
    OrgDetail,
    OrgIn,
    OrgOut,
    OrgPage,
    OrgPatch,
    PlaceOut,
    PublicFigure,
    ReviewIn,
    SeriesOut,
    Status,
    StatusRowOut,
    Text,
    UserOut,
)

router = APIRouter(tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {401: {"description": "Cần đăng nhập"}, 403: {"description": "Không có quyền"}}


def _place(text: str) -> Place:
    try:
        return parse_place(text)
    except PlaceNotFound as exc:
        raise HTTPException(422, str(exc)) from None


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise HTTPException(422, str(exc)) from None


def org_out(org: Organisation, status: str | None) -> OrgOut:
    return OrgOut(id=org.id, kind=org.kind, name=org.name, code=org.code, tax_code=org.tax_code, sector=org.sector,
                  status=status, province_code=org.province_code, commune_code=org.commune_code,
                  old_province_code=org.old_province_code, old_commune_code=org.old_commune_code,
                  founded_on=org.founded_on, charter_capital=org.charter_capital, members=org.members,
                  workers=org.workers, origin=org.origin)


def _label(indicator: str, dims: dict[str, str]) -> str:
    try:
        return vocabulary().label(indicator, dims)
    except (KeyError, ValueError):
        return indicator


def fact_out(f: Fact) -> FactOut:
    v = exact(f.value)
    src = f.source
    return FactOut(indicator=f.indicator, label=_label(f.indicator, f.dims), dims=dict(f.dims), unit=f.unit,
                   value=v if isinstance(v, int) else float(v), value_text=format_quantity(v, f.unit), kind=f.kind,
                   as_of=f.as_of, period=f.period, place=str(f.place) if f.place else None,
                   source=src.kind if src else None, approximate=f.approximate,
                   quote=src.quote if src else None, start=src.start if src else None, end=src.end if src else None)


def row_out(r: FactRow) -> FactOut:
    v = exact(r.value)
    return FactOut(id=r.id, indicator=r.indicator, label=_label(r.indicator, dict(r.dims or {})), dims=dict(r.dims or {}),
                   unit=r.unit, value=v if isinstance(v, int) else float(v), value_text=format_quantity(v, r.unit),
                   kind=r.kind, as_of=r.as_of, period=r.period,
                   place=f"{r.place_era}:{r.place_level}:{r.place_code}" if r.place_code else None,
                   source=r.source_kind, approximate=r.approximate, quote=r.quote, start=r.start, end=r.end,
                   review=r.review, reviewed_by=r.reviewed_by, published=r.published)


def finding_out(x: FindingRow) -> FindingOut:
    return FindingOut(id=x.id, document_id=x.document_id,
                      place=f"{x.place_era}:province:{x.place_code}" if x.place_code else None, period=x.period,
                      rule=x.rule, message=x.message, status=x.status, details=dict(x.details or {}))


def doc_out(d: Document, proposed: int, accepted: int) -> DocumentOut:
    p = doc_place(d)
    return DocumentOut(id=d.id, filename=d.filename, kind=d.kind, number=d.number, subject=d.subject,
                       province=d.province, period=d.period, place=str(p) if p else None, uploaded_by=d.uploaded_by,
                       proposed=proposed, accepted=accepted)


@router.get("/me", response_model=UserOut, responses=ERRORS, summary="The logged-in user")
def me(user: CurrentUser) -> UserOut:
    return UserOut(username=user.username, full_name=user.full_name, role=user.role, role_label=user.role_label,
                   province_code=user.province_code, commune_code=user.commune_code,
                   organisation_id=user.organisation_id)


@router.get("/organisations", response_model=OrgPage, responses=ERRORS, summary="Search the registry")
def organisations(session: SessionDep, user: CurrentUser, kind: Kind | None = None, status: Status | None = None,
                  sector: Annotated[Text | None, Query(max_length=20)] = None,
                  place: Annotated[Text | None, Query(max_length=40, description="e.g. new:province:20")] = None,
                  text: Annotated[Text | None, Query(max_length=100)] = None,
                  classification: Annotated[Text | None, Query(max_length=10)] = None,
                  on: date | None = None, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                  offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> OrgPage:
    try:
        f = svc.scoped_filter(user, kind, status, sector, place, text, classification, on)
    except PlaceNotFound as exc:
        raise HTTPException(422, str(exc)) from None
    total, rows = svc.search(session, user, f, limit, offset)
    return OrgPage(total=total, limit=limit, offset=offset, items=[org_out(o, s) for o, s in rows])


@router.post("/organisations", response_model=OrgOut, status_code=201,
             responses={**ERRORS, 422: {"description": "Dữ liệu không hợp lệ"}}, summary="Add an organisation")
def create_organisation(request: Request, session: SessionDep, user: CurrentUser, body: OrgIn) -> Any:
    raw = {k: ("" if v is None else (v.isoformat() if isinstance(v, date) else str(v))) for k, v in body.model_dump().items()}
    form, org = svc.create_organisation(UnitOfWork.over(session), actor(request, user), raw)
    if org is None:
        return JSONResponse({"detail": form.errors}, status_code=422)
    return org_out(org, web_queries.org_status(session, org.id, date.today()))


@router.get("/organisations/{org_id}", response_model=OrgDetail, responses={**ERRORS, 404: {"description": "Không có"}},
            summary="One organisation with its history")
def organisation(response: Response, session: SessionDep, user: CurrentUser, org_id: Id) -> OrgDetail:
    org = svc.get_org(session, user, org_id)
    response.headers["ETag"] = _etag(org)
    events, years = web_queries.org_history(session, org.id)
    base = org_out(org, web_queries.org_status(session, org.id, date.today()))
    return OrgDetail(**base.model_dump(), events=[{"kind": e.kind, "on": e.on} for e in events],
                     years=[{"year": y.year, "classification": y.classification, "revenue": y.revenue,
                             "profit": y.profit} for y in years])


def _etag(org: Any) -> str:
    return f'"{org.version or 1}"'


def _if_match(request: Request) -> int | None:
    """The version named by ``If-Match`` (``"3"`` or ``W/"3"``); None when absent or ``*``; 412 when unreadable."""
    value = request.headers.get("if-match", "").strip()
    if not value or value == "*":
        return None
    tag = value.removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise HTTPException(412, "If-Match không hợp lệ: dùng ETag nhận được khi đọc tổ chức, ví dụ \"3\"")
    return int(tag)


@router.patch("/organisations/{org_id}", response_model=OrgOut,
              responses={**ERRORS, 404: {"description": "Không có"}, 422: {"description": "Dữ liệu không hợp lệ"},
                         412: {"description": "Phiên bản cũ (If-Match): người khác đã sửa"}},
              summary="Change an organisation (send the ETag back in If-Match)")
def update_organisation(request: Request, response: Response, session: SessionDep, user: CurrentUser, org_id: Id,
                        body: OrgPatch) -> Any:
    org = svc.get_org(session, user, org_id)
    changes = {k: ("" if v is None else str(v)) for k, v in body.model_dump(exclude_unset=True).items()}
    try:
        form = svc.edit_organisation(UnitOfWork.over(session), actor(request, user), org, changes,
                                     expected_version=_if_match(request))
    except svc.EditConflict as conflict:
        return JSONResponse({"detail": str(conflict), "version": conflict.version, "saved": conflict.saved,
                             "typed": conflict.typed}, status_code=412, headers={"ETag": f'"{conflict.version}"'})
    if not form.ok:
        return JSONResponse({"detail": form.errors}, status_code=422)
    response.headers["ETag"] = _etag(org)
    return org_out(org, web_queries.org_status(session, org.id, date.today()))


@router.get("/places", response_model=list[PlaceOut], summary="Administrative units (old or new era)")
def places(era: Annotated[str, Query(pattern="^(old|new)$")] = "new",
           level: Annotated[str, Query(pattern="^(province|commune)$")] = "province",
           province: Annotated[str | None, Query(pattern="^[0-9]{1,2}$")] = None) -> list[PlaceOut]:
    gaz = gazetteer()
    if level == "province":
        units = gaz.provinces(era)
    elif province:
        units = gaz.communes(era, province.zfill(2))
    else:
        raise HTTPException(422, "Cần mã tỉnh (province) để liệt kê xã")
    return [PlaceOut(place=f"{u.era}:{u.level}:{u.code}", era=u.era, level=u.level, code=u.code, name=u.name,
                     province_code=u.province_code) for u in units]


@router.get("/figures", response_model=FiguresOut, responses=ERRORS, summary="Figures of a place and period")
def figures(request: Request, session: SessionDep, user: CurrentUser,
            place: Annotated[Text, Query(max_length=40, description="e.g. new:province:20")],
            period: Annotated[Text, Query(max_length=10, description="2021, 2021-H1, 2021-Q1 or 2021-03")]) -> Response:
    p, per = _place(place), _period(period)
    require_place(user, p)

    def body() -> bytes:
        facts = figures_on(session, request.app.state.figure_cache).figures(p, per)
        facts.sort(key=lambda f: (f.indicator, sorted(f.dims.items()), f.unit, f.kind))
        out = FiguresOut(place=str(p), place_name=place_name(p), period=per.code, period_label=per.label_vi(),
                         facts=[fact_out(f) for f in facts])
        return out.model_dump_json().encode("utf-8")

    # The serialised answer is cached with the figures (same lifetime, emptied by any write):
    # a dashboard polled by many officers costs one computation per change.
    cache = request.app.state.figure_cache
    content = cache.get(("api/figures", str(p), per.code), body) if cache is not None else body()
    return Response(content=content, media_type="application/json")


@router.get("/dashboard", response_model=DashboardOut, responses=ERRORS,
            summary="The dashboard of a place and period: headlines with comparisons, statuses, attainment, series")
def dashboard(request: Request, session: SessionDep, user: CurrentUser,
              place: Annotated[Text, Query(max_length=40, description="e.g. new:province:20")],
              period: Annotated[Text, Query(max_length=10, description="2021, 2021-H1, 2021-Q1 or 2021-03")]) -> Response:
    p, per = _place(place), _period(period)
    require_place(user, p)

    def body() -> bytes:
        fs = figures_on(session, request.app.state.figure_cache)
        b = dash.board(lambda periods: fs.figures_many(p, periods), per, place=p)
        statuses = dash.config()["statuses"]
        out = DashboardOut(
            place=str(p), place_name=place_name(p), period=per.code, period_label=per.label_vi(),
            headlines=[HeadlineOut(label=h.label, unit=h.unit, value=_num(h.value), value_text=_qty(h.value, h.unit),
                                   previous=_num(h.previous), last_year=_num(h.last_year),
                                   vs_previous=_num(h.vs_previous), vs_previous_text=_pct(h.vs_previous, 1),
                                   vs_last_year=_num(h.vs_last_year), vs_last_year_text=_pct(h.vs_last_year, 1),
                                   vs_previous_missing=h.to_previous.missing, vs_last_year_missing=h.to_last_year.missing,
                                   partial=h.partial,
                                   source=h.source, approximate=h.approximate) for h in b.headlines],
            statuses=[StatusRowOut(label=r["label"], total=r["total"], by_status=dict(zip(statuses, r["cells"], strict=True)))
                      for r in b.statuses],
            attainment=[AttainmentOut(indicator=a.indicator, label=_label(a.indicator, a.dims), dims=a.dims, unit=a.unit,
                                      actual=_num(a.actual), plan=_num(a.plan), percent=_num(a.percent),
                                      percent_text=_pct(a.percent, 2)) for a in b.attainment],
            series_periods=[q.code for q in b.periods],
            series=[SeriesOut(label=label, values=[_num(v) for v in values]) for label, _, values in b.series])
        return out.model_dump_json().encode("utf-8")

    cache = request.app.state.figure_cache
    content = cache.get(("api/dashboard", str(p), per.code), body) if cache is not None else body()
    return Response(content=content, media_type="application/json")


def _num(v: int | Decimal | None) -> int | float | None:
    return None if v is None else (v if isinstance(v, int) else float(v))


def _qty(v: int | Decimal | None, unit: str) -> str:
    return "chưa có số liệu" if v is None else format_quantity(v, unit)


def _pct(v: Decimal | None, decimals: int) -> str:
    return "—" if v is None else format_percent(v, decimals)


@router.get("/documents", response_model=list[DocumentOut], responses=ERRORS, summary="Documents that were read")
def documents(session: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 50,
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[DocumentOut]:
    _, rows = web_queries.documents(session, province_scope(user), user.username, limit, offset)
    return [doc_out(d, p, a) for d, p, a in rows]


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses={**ERRORS, 404: {"description": "Không có"}},
            summary="A document with its facts and findings")
def document(session: SessionDep, user: CurrentUser, doc_id: Id) -> DocumentDetail:
    doc = get_document(session, user, doc_id)
    facts = web_queries.document_facts(session, doc.id)
    return DocumentDetail(document=doc_out(doc, sum(f.review == "proposed" for f in facts),
                                           sum(f.review == "accepted" for f in facts)),
                          text=doc.text, facts=[row_out(f) for f in facts],
                          findings=[finding_out(x) for x in web_queries.document_findings(session, doc.id)])


@router.post("/facts/{fact_id}/review", response_model=FactOut,
             responses={**ERRORS, 404: {"description": "Không có"}, 422: {"description": "Không hợp lệ"}},
             summary="Accept, correct or reject a proposed fact")
def review(request: Request, session: SessionDep, user: CurrentUser, fact_id: Id, body: ReviewIn) -> Any:
    row = session.get(FactRow, fact_id)
    if row is None or row.document_id is None:
        raise HTTPException(404, "Không tìm thấy số liệu")
    doc = get_document(session, user, row.document_id)
    require_writable(user, doc)
    guard_rows(session, [row])  # approved figures change only after an audited reopen (workflow)
    if body.decision == "corrected" and body.value is None:
        return JSONResponse({"detail": "Sửa số liệu cần giá trị mới (value)"}, status_code=422)
    value = Decimal(str(body.value)) if body.value is not None else None
    try:
        docs.review_fact(UnitOfWork.over(session), actor(request, user), row, body.decision, value)
    except ValueError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=422)
    return row_out(row)


@router.get("/findings", response_model=list[FindingOut], responses=ERRORS, summary="Findings (open by default)")
def findings(session: SessionDep, user: CurrentUser,
             status: Annotated[str, Query(pattern="^(open|all)$")] = "open",
             period: Annotated[Text | None, Query(max_length=10)] = None,
             limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[FindingOut]:
    scope = province_scope(user)
    if status == "open":
        rows = web_queries.open_findings(session, scope, period, limit)
    else:
        rows = web_queries.all_findings(session, scope, period, limit)
    return [finding_out(x) for x in rows]


@router.get("/public/figures", response_model=list[PublicFigure], summary="Published headline figures (no login)")
def public_figures(session: SessionDep,
                   period: Annotated[Text | None, Query(max_length=10)] = None) -> list[PublicFigure]:
    """The public page's figures (``services.headlines``, published only) for a period (default: the dashboard's)."""
    gaz = gazetteer()
    labels = {h.key: h.label for h in overview_definitions()}
    out = []
    figures = province_headlines(UnitOfWork.over(session), books(), period_or_default(period), "new", published_only=True)
    for code, facts in sorted(figures.items()):
        unit = gaz.get("new", "province", code)
        for key, f in facts.items():
            if f is None:
                continue
            v = exact(f.value)
            out.append(PublicFigure(province_code=code, province=unit.name if unit else code, indicator=f.indicator,
                                    label=labels[key], value=v if isinstance(v, int) else float(v),
                                    value_text=format_quantity(v, f.unit), as_of=f.as_of, period=f.period))
    return out


@router.get("/audit", response_model=list[AuditOut], responses=ERRORS, summary="The audit log (administrators)")
def audit_log(session: SessionDep, user: AdminUser, entity: Annotated[Text | None, Query(max_length=40)] = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 100,
              offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[AuditOut]:
    _, rows = audit_repo.browse(session, entity, None, limit, offset)
    return [AuditOut(id=r.id, at=r.at, username=r.username, action=r.action, entity=r.entity, entity_id=r.entity_id,
                     old=r.old, new=r.new) for r in rows]
