"""Registry pages (sổ đăng ký): search with filters and paging, detail, create/edit, import, export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from htx.access import FIELD_LABELS, Principal, can_access_org
from htx.db import web_queries
from htx.geo import gazetteer
from htx.registry.importer import ImportErrors, parse_records
from htx.registry.lifecycle import KINDS
from htx.registry.orgform import STATUSES, OrgForm, org_dict
from htx.services import UnitOfWork
from htx.services import registry as svc
from htx.stats.vocabulary import vocabulary
from htx.web.deps import CurrentUser, Id, SessionDep
from htx.web.routes import actor, render

router = APIRouter()
PAGE = 25
CLASSES = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu"}


def _choices(user: Principal) -> dict[str, Any]:
    gaz = gazetteer()
    if user.role == "province" and user.province_code:
        communes = gaz.communes("new", user.province_code)
    elif user.role == "commune" and user.commune_code:
        u = gaz.get("new", "commune", user.commune_code)
        communes = [u] if u else []
    else:
        communes = []
    return {"kinds": KINDS, "sectors": vocabulary().dims["sector"], "statuses": STATUSES,
            "status_labels": vocabulary().dims["status"], "classes": CLASSES, "communes": communes,
            "provinces": gaz.provinces("new")}


def _query(request: Request) -> dict[str, Any]:
    keys = ("kind", "status", "sector", "place", "text", "classification")
    return {k: request.query_params.get(k, "") for k in keys}


@router.get("/registry")
def registry_list(request: Request, session: SessionDep, user: CurrentUser, page: int = 1) -> Response:
    q = _query(request)
    f = svc.scoped_filter(user, **q)
    page = max(page, 1)
    total, rows = svc.search(session, user, f, PAGE, (page - 1) * PAGE)
    qs = "&".join(f"{k}={v}" for k, v in q.items() if v)
    ctx = dict(rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE)), q=q, qs=qs, **_choices(user))
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return render(request, "registry/_results.html", user, **ctx)
    return render(request, "registry/list.html", user, **ctx)


@router.get("/registry/export.{fmt}")
def registry_export(request: Request, session: SessionDep, user: CurrentUser, fmt: str) -> Response:
    f = svc.scoped_filter(user, **_query(request))
    _, rows = svc.search(session, user, f, 100_000, 0)
    table = svc.export_rows(rows)
    if fmt == "csv":
        return Response(svc.to_csv(table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="so-dang-ky.csv"'})
    if fmt == "xlsx":
        return Response(svc.to_xlsx(table),
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="so-dang-ky.xlsx"'})
    from fastapi import HTTPException

    raise HTTPException(404, "Định dạng không hỗ trợ")


def _form_page(request: Request, user: Principal, form: OrgForm | None, org: Any = None, status_code: int = 200,
               version: str = "") -> Response:
    values = form.raw if form else ({k: ("" if v is None else str(v)) for k, v in org_dict(org).items()} if org else {})
    return render(request, "registry/form.html", user, status_code=status_code, org=org, values=values,
                  errors=form.errors if form else {}, version=version, **_choices(user))


@router.get("/registry/new")
def new_form(request: Request, user: CurrentUser) -> Response:
    if user.role == "coop":
        from htx.access import Forbidden

        raise Forbidden("Tài khoản hợp tác xã không được tạo tổ chức mới.")
    return _form_page(request, user, None)


async def _raw_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/registry/new")
async def create(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form, org = svc.create_organisation(UnitOfWork.over(session), actor(request, user), await _raw_form(request))
    if org is None:
        return _form_page(request, user, form, status_code=422)
    return RedirectResponse(f"/registry/{org.id}?saved=1", status_code=303)


@router.get("/registry/import")
def import_form(request: Request, user: CurrentUser) -> Response:
    return render(request, "registry/import.html", user, errors=[], imported=None, columns=svc.export_columns())


@router.post("/registry/import")
async def import_file(request: Request, session: SessionDep, user: CurrentUser,
                      file: Annotated[UploadFile, File()]) -> Response:
    name = Path(file.filename or "upload.csv").name
    suffix = Path(name).suffix.lower()
    errors: list[tuple[int, str, str]] = []
    records = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"import{suffix if suffix in ('.csv', '.xlsx', '.xlsm') else '.bin'}"
        path.write_bytes(await file.read())
        try:
            from htx.registry.places import place_check

            records = parse_records(path, place_check=place_check)
        except ImportErrors as exc:
            errors = [(e.row, e.column, e.message) for e in exc.errors]
    imported = 0
    if not errors:
        errors, imported = svc.import_organisations(UnitOfWork.over(session), actor(request, user), name, records)
    if errors:
        return render(request, "registry/import.html", user, status_code=422, errors=errors, imported=None,
                      filename=name, columns=svc.export_columns())
    return render(request, "registry/import.html", user, errors=[], imported=imported, filename=name,
                  columns=svc.export_columns())


@router.get("/registry/{org_id}")
def detail(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = svc.get_org(session, user, org_id)
    events, years = web_queries.org_history(session, org.id)
    from datetime import date

    from htx.db import audit_repo

    status = web_queries.org_status(session, org.id, date.today())
    _, changes = audit_repo.browse(session, entity="organisation", entity_id=str(org.id), limit=10)
    gaz = gazetteer()
    commune = gaz.get("new", "commune", org.commune_code) if org.commune_code else None
    old_commune = gaz.get("old", "commune", org.old_commune_code) if org.old_commune_code else None
    return render(request, "registry/detail.html", user, org=org, events=events, years=years, status=status,
                  changes=changes, commune=commune, old_commune=old_commune, classes=CLASSES,
                  status_labels=vocabulary().dims["status"], sectors=vocabulary().dims["sector"],
                  can_edit=can_access_org(user, org.province_code, org.commune_code, org.id))


@router.get("/registry/{org_id}/edit")
def edit_form(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = svc.get_org(session, user, org_id)
    return _form_page(request, user, None, org)


@router.post("/registry/{org_id}/edit")
async def edit(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = svc.get_org(session, user, org_id)
    raw = await _raw_form(request)
    version = raw.pop("version", "")
    try:
        form = svc.edit_organisation(UnitOfWork.over(session), actor(request, user), org, raw,
                                     expected_version=int(version) if version.isdigit() else None)
    except svc.EditConflict as conflict:
        return render(request, "registry/conflict.html", user, status_code=409, org=org, conflict=conflict,
                      labels=FIELD_LABELS)
    if not form.ok:
        return _form_page(request, user, form, org, status_code=422, version=version)
    return RedirectResponse(f"/registry/{org.id}?saved=1", status_code=303)


@router.post("/registry/{org_id}/events")
async def add_event(request: Request, session: SessionDep, user: CurrentUser, org_id: Id,
                    kind: Annotated[str, Form()], on: Annotated[str, Form()]) -> Response:
    org = svc.get_org(session, user, org_id)
    error = svc.add_org_event(UnitOfWork.over(session), actor(request, user), org, kind, on)
    if error:
        return RedirectResponse(f"/registry/{org_id}?event_error={error[:200]}", status_code=303)
    return RedirectResponse(f"/registry/{org_id}?saved=1", status_code=303)
