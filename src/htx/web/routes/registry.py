"""Registry pages (sổ đăng ký): search with filters and paging, detail, create/edit, import, export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from htx.db import registry_repo, web_queries
from htx.geo import gazetteer
from htx.registry.importer import ImportErrors, parse_records
from htx.registry.lifecycle import KINDS, LifecycleError
from htx.registry.places import resolve_records
from htx.stats.vocabulary import vocabulary
from htx.web import registry_service as svc
from htx.web.access import Principal, can_access_org
from htx.web.deps import CurrentUser, Id, SessionDep
from htx.web.orgform import STATUSES, OrgForm, org_dict, parse_date, validate
from htx.web.routes import audit, render

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


def _form_page(request: Request, user: Principal, form: OrgForm | None, org: Any = None, status_code: int = 200) -> Response:
    values = form.raw if form else ({k: ("" if v is None else str(v)) for k, v in org_dict(org).items()} if org else {})
    return render(request, "registry/form.html", user, status_code=status_code, org=org, values=values,
                  errors=form.errors if form else {}, **_choices(user))


@router.get("/registry/new")
def new_form(request: Request, user: CurrentUser) -> Response:
    if user.role == "coop":
        from htx.web.access import Forbidden

        raise Forbidden("Tài khoản hợp tác xã không được tạo tổ chức mới.")
    return _form_page(request, user, None)


async def _raw_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/registry/new")
async def create(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = validate(await _raw_form(request), user, creating=True)
    if form.ok and form.values.get("code") and web_queries.organisation_by_code(session, form.values["code"]):
        form.errors["code"] = "Mã số này đã được dùng cho tổ chức khác"
    if not form.ok:
        return _form_page(request, user, form, status_code=422)
    org = svc.create_org(session, user, form.values)
    audit(session, request, user, "create", "organisation", org.id, None, org_dict(org))
    session.commit()
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
    if not errors:
        errors = svc.check_import_scope(user, records)
    if not errors:
        codes = [r.code for r in records if r.code]
        for r in records:
            if r.code and web_queries.organisation_by_code(session, r.code):
                errors.append((r.row, "code", f"mã {r.code} đã có trong sổ đăng ký"))
        del codes
    if errors:
        return render(request, "registry/import.html", user, status_code=422, errors=errors, imported=None,
                      filename=name, columns=svc.export_columns())
    orgs = registry_repo.save_records(session, records, origin="user", resolve=resolve_records(records))
    audit(session, request, user, "import", "organisation", None, None,
          {"file": name, "ids": [o.id for o in orgs]}, count=len(orgs))
    session.commit()
    return render(request, "registry/import.html", user, errors=[], imported=len(orgs), filename=name,
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
    form = validate(await _raw_form(request), user, creating=False)
    form = svc.check_update(session, user, org, form, commune_given="commune_code" not in form.errors)
    if not form.ok:
        return _form_page(request, user, form, org, status_code=422)
    old, new = svc.update_org(session, org, form.values)
    if new:
        audit(session, request, user, "update", "organisation", org.id, old, new)
    session.commit()
    return RedirectResponse(f"/registry/{org.id}?saved=1", status_code=303)


@router.post("/registry/{org_id}/events")
async def add_event(request: Request, session: SessionDep, user: CurrentUser, org_id: Id,
                    kind: Annotated[str, Form()], on: Annotated[str, Form()]) -> Response:
    org = svc.get_org(session, user, org_id)
    try:
        day = parse_date(on)
        svc.add_event(session, org, kind, day)
    except (ValueError, LifecycleError) as exc:
        session.rollback()
        return RedirectResponse(f"/registry/{org_id}?event_error={str(exc)[:200]}", status_code=303)
    audit(session, request, user, "event", "organisation", org.id, None, {"event": kind, "on": day})
    session.commit()
    return RedirectResponse(f"/registry/{org_id}?saved=1", status_code=303)
