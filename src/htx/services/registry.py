"""Registry use cases shared by the pages and the API: scoped search, create, edit, events, export, import.

The writing use cases (``create_organisation``, ``edit_organisation``, ``add_org_event``,
``import_organisations``) take a unit of work first, check, write, log and commit.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Protocol

import yaml
from pydantic import TypeAdapter
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from htx.access import (
    Forbidden,
    NotFound,
    Principal,
    can_access_org,
    can_access_place,
    require_editable,
    require_lifecycle_right,
)
from htx.db import registry_repo, web_queries
from htx.db.history_repo import EffectiveDateError
from htx.db.models import Organisation
from htx.geo.known import known_place
from htx.geo.places import PlaceNotFound, to_place
from htx.registry.importer import OrgRecord
from htx.registry.lifecycle import EVENT_KINDS, Event, LifecycleError
from htx.registry.orgform import OrgForm, org_dict, parse_date, validate
from htx.registry.places import resolve, resolve_records
from htx.registry.rules import future_error
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place
from htx.tabular import append_safe, csv_safe

# the events an officer records by hand (founding comes with the record, a merger with the import)
MANUAL_EVENTS = tuple(k for k in EVENT_KINDS if k not in ("founded", "merged"))


class Organisations(Protocol):
    """The organisations the registry use cases read and change (SQL: ``db.organisations_repo``)."""

    def get(self, org_id: int) -> Organisation | None: ...

    def by_code(self, code: str) -> Organisation | None: ...

    def update(self, org: Organisation, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]: ...


def scoped_filter(user: Principal, kind: str | None = None, status: str | None = None, sector: str | None = None,
                  place: str | None = None, text: str | None = None, classification: str | None = None,
                  on: date | None = None) -> registry_repo.Filter:
    """A search filter limited to what the user may see; :class:`Forbidden` for a place outside it."""
    p: Place | None = None
    if place:
        try:
            p = known_place(place)
        except PlaceNotFound:
            p = to_place(place, "new")
        if not can_access_place(user, p) and not (user.role == "coop"):
            raise Forbidden("Bạn không có quyền xem sổ đăng ký của địa bàn này.")
    if p is None and not user.is_admin:
        p = user.home_place
    f = registry_repo.Filter(kind=kind or None, status=status or None, sector=sector or None, place=p,
                             text=text or None, classification=classification or None, on=on)
    return f


def search(session: Session, user: Principal, f: registry_repo.Filter, limit: int, offset: int,
           ) -> tuple[int, list[tuple[Organisation, str | None]]]:
    if user.role == "coop":
        org = web_queries.organisation(session, user.organisation_id or -1)
        if org is None:
            return 0, []
        return 1, [(org, web_queries.org_status(session, org.id, f.on or date.today()))]
    return registry_repo.search(session, f, limit=limit, offset=offset)


def get_org(session: Session, user: Principal, org_id: int) -> Organisation:
    org = web_queries.organisation(session, org_id)
    if org is None:
        raise NotFound("Không tìm thấy tổ chức")
    if not can_access_org(user, org.province_code, org.commune_code, org.id):
        raise Forbidden("Tổ chức này không thuộc phạm vi của bạn.")
    return org


def create_org(session: Session, user: Principal, v: dict[str, Any]) -> Organisation:
    if user.role == "coop":
        raise Forbidden("Tài khoản hợp tác xã không được tạo tổ chức mới.")
    events = [Event("founded", v["founded_on"])]
    if v.get("status", "active") != "active":
        events.append(Event(v["status"], v["status_on"]))
    rec = OrgRecord(row=1, kind=v["kind"], name=v["name"], sector=v["sector"], era="new", code=v.get("code"),
                    tax_code=v.get("tax_code"), commune_code=v["commune_code"], founded_on=v["founded_on"],
                    events=events, charter_capital=v.get("charter_capital"), members=v.get("members"),
                    workers=v.get("workers"))
    (org,) = registry_repo.save_records(session, [rec], origin="user",
                                        resolve={"1": resolve("new", None, v["commune_code"])})
    return org


def check_update(orgs: Organisations, user: Principal, org: Organisation, form: OrgForm,
                 commune_given: bool) -> OrgForm:
    """Rules of an edit beyond the form itself (shared by the page and the API).

    An edit that names no commune keeps the organisation's own; the code stays unique.
    """
    if not commune_given:
        form.errors.pop("commune_code", None)
        form.values["commune_code"] = org.commune_code
    if form.ok and form.values.get("code"):
        other = orgs.by_code(form.values["code"])
        if other is not None and other.id != org.id:
            form.errors["code"] = CODE_TAKEN
    return form


def add_event(session: Session, org: Organisation, kind: str, on: date, today: date | None = None) -> None:
    """Record a lifecycle event; :class:`LifecycleError` when it cannot follow the current status or lies ahead."""
    if kind not in MANUAL_EVENTS:
        raise LifecycleError(f"sự kiện không hợp lệ: {kind}")
    ahead = future_error("Ngày của sự kiện", on, today)
    if ahead:
        raise LifecycleError(ahead)
    registry_repo.add_event(session, org, Event(kind, on))
    session.flush()


@cache
def export_columns() -> dict[str, str]:
    """Field → column title of the registry export (``web/data/export.yaml``), checked at load."""
    raw = yaml.safe_load((resources.files("htx.web") / "data" / "export.yaml").read_text("utf-8"))
    columns = TypeAdapter(dict[str, str]).validate_python(raw)
    unknown = set(columns) - {*org_dict(Organisation()), "status", "id", "old_province_code", "old_commune_code"}
    if unknown:
        raise ValueError(f"export.yaml: trường không có / unknown fields {sorted(unknown)}")
    return columns


def export_rows(rows: list[tuple[Organisation, str | None]]) -> list[list[Any]]:
    cols = export_columns()
    out: list[list[Any]] = [list(cols.values())]
    for org, status in rows:
        rec = {**org_dict(org), "status": status or ""}
        out.append([rec.get(c) if rec.get(c) is not None else "" for c in cols])
    return out


def to_csv(table: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf)
    for row in table:
        w.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else csv_safe(v) for v in row])
    return buf.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "So dang ky"
    for row in table:
        append_safe(ws, row)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in ws.columns:
        ws.column_dimensions[col[0].column_letter].width = max(10, min(45, max(len(str(c.value or "")) for c in col) + 2))
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def check_import_scope(user: Principal, records: list[OrgRecord]) -> list[tuple[int, str, str]]:
    """(row, column, message) for records outside the user's province or commune."""
    errors = []
    for r in records:
        commune, province, _, _ = resolve(r.era, r.province_code, r.commune_code)
        if not can_access_org(user, province, commune, None) or user.role == "coop":
            errors.append((r.row, "commune_code" if r.commune_code else "province_code",
                           "tổ chức ngoài phạm vi của bạn"))
    return errors


# --- the writing use cases ----------------------------------------------------------------

CODE_TAKEN = "Mã số này đã được dùng cho tổ chức khác"


def create_organisation(uow: UnitOfWork, actor: Actor, raw: dict[str, str]) -> tuple[OrgForm, Organisation | None]:
    """Check the form, add the organisation, log it and commit; (form with errors, None) when it is refused."""
    user = _user(actor)
    if user.role == "coop":
        raise Forbidden("Tài khoản hợp tác xã không được tạo tổ chức mới.")
    form = validate(raw, user, creating=True)
    if form.ok and form.values.get("code") and uow.organisations.by_code(form.values["code"]):
        form.errors["code"] = CODE_TAKEN
    if not form.ok:
        return form, None
    org = create_org(uow.session, user, form.values)
    log(uow, actor, "create", "organisation", org.id, None, org_dict(org))
    uow.commit()
    return form, org


class EditConflict(Exception):
    """Somebody saved the record since this form was opened (sửa đồng thời): nothing was written.

    ``saved`` holds the values now stored (the other user's), ``typed`` what this user submitted,
    ``version`` the version now stored (a form re-sent with it overwrites knowingly).
    """

    def __init__(self, org_id: int, version: int, saved: dict[str, str], typed: dict[str, str]):
        super().__init__(f"Tổ chức #{org_id} vừa được người khác sửa (phiên bản {version}).")
        self.org_id, self.version, self.saved, self.typed = org_id, version, saved, typed

    @property
    def differing(self) -> list[str]:
        """Fields where what is stored and what was typed differ."""
        return [k for k in self.typed if self.saved.get(k, "") != self.typed[k]]


EDIT_FIELDS = ("kind", "name", "code", "tax_code", "sector", "commune_code", "charter_capital", "members", "workers")


def _as_text(values: dict[str, Any]) -> dict[str, str]:
    return {k: ("" if v is None else str(v)) for k, v in values.items()}


def edit_organisation(uow: UnitOfWork, actor: Actor, org: Organisation, raw: dict[str, str],
                      expected_version: int | None = None) -> OrgForm:
    """Check the edited fields, apply what changed, log it and commit (nothing is written when refused).

    ``raw`` holds the submitted fields (absent ones keep their value). A cooperative may change
    only its own contact and figures (:func:`htx.access.require_editable`, :class:`Forbidden`).
    ``expected_version`` is the version the form was opened on: if somebody saved since,
    :class:`EditConflict` (checked before writing, and again by the UPDATE itself).
    """
    user = _user(actor)
    current = _as_text(org_dict(org))
    typed = {k: (v or "").strip() for k, v in raw.items() if k in EDIT_FIELDS}
    require_editable(user, current, typed)
    stored = org.version or 1
    if expected_version is not None and expected_version != stored:
        raise EditConflict(org.id, stored, {k: current.get(k, "") for k in typed}, typed)
    dated = {"effective_on": raw["effective_on"]} if raw.get("effective_on") else {}  # from when the edit holds
    form = validate({**current, **typed, **dated}, user, creating=False)
    form = check_update(uow.organisations, user, org, form, "commune_code" in typed)
    if not form.ok:
        return form
    try:
        old, new = uow.organisations.update(org, form.values)
    except LifecycleError as exc:
        uow.rollback()
        form.errors["status"] = str(exc)
        return form
    except StaleDataError:  # another transaction saved between our read and our UPDATE
        uow.rollback()
        fresh = uow.organisations.get(org.id)
        saved = _as_text(org_dict(fresh)) if fresh is not None else {}
        raise EditConflict(org.id, (fresh.version or 1) if fresh is not None else stored,
                           {k: saved.get(k, "") for k in typed}, typed) from None
    except EffectiveDateError as exc:
        uow.rollback()
        form.errors["effective_on"] = str(exc)
        return form
    if new:
        log(uow, actor, "update", "organisation", org.id, old, new,
            note=f"hiệu lực từ {form.values['effective_on']:%d/%m/%Y}" if form.values.get("effective_on") else None)
    uow.commit()
    return form


def add_org_event(uow: UnitOfWork, actor: Actor, org: Organisation, kind: str, on: str) -> str | None:
    """Record a lifecycle event written ``dd/mm/yyyy``; the Vietnamese reason when it is refused.

    Lifecycle events are officers' acts: a cooperative gets :class:`Forbidden`.
    """
    require_lifecycle_right(_user(actor))
    try:
        day = parse_date(on)
        add_event(uow.session, org, kind, day)
    except (ValueError, LifecycleError) as exc:
        uow.rollback()
        return str(exc)
    log(uow, actor, "event", "organisation", org.id, None, {"event": kind, "on": day})
    uow.commit()
    return None


def import_organisations(uow: UnitOfWork, actor: Actor, filename: str, records: list[OrgRecord]) -> tuple[list[tuple[int, str, str]], int]:
    """Store parsed rows, all or nothing: (errors as (row, column, message), organisations added)."""
    user = _user(actor)
    errors = check_import_scope(user, records)
    if not errors:
        errors = [(r.row, "code", f"mã {r.code} đã có trong sổ đăng ký") for r in records
                  if r.code and web_queries.organisation_by_code(uow.session, r.code)]
    if errors:
        return errors, 0
    orgs = registry_repo.save_records(uow.session, records, origin="user", resolve=resolve_records(records))
    log(uow, actor, "import", "organisation", None, None, {"file": filename, "ids": [o.id for o in orgs]},
        count=len(orgs))
    uow.commit()
    return [], len(orgs)


def _user(actor: Actor) -> Principal:
    if actor.user is None:
        raise Forbidden("Cần đăng nhập.")
    return actor.user
