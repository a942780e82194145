"""Use cases of the reporting workflow (quy trình báo cáo): submit, return, approve, accept, reopen, and the edit lock.

Each function takes a :class:`UnitOfWork` first and commits its own transaction. A refused
action raises :class:`htx.workflow.TransitionError` (Vietnamese message) and writes nothing.
Every transition is kept twice: in the filing's history (``workflow_event``) and in the
audit log (``web_audit``, entity ``workflow``), which is also where figure edits are logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from htx.db import audit_repo, facts_repo, workflow_repo
from htx.db.models_workflow import WorkflowSubmission
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place
from htx.stats.periods import Period, PeriodError
from htx.workflow.calendar import Calendar, Dataset, default_calendar
from htx.workflow.states import (
    LOCKED,
    STATE_LABELS,
    TransitionError,
    children_gate,
    next_state,
    submission_gate,
)
from htx.workflow.units import Actor, ReportingUnit, org_unit, place_unit, relations


class Conflict(TransitionError):
    """Somebody else changed the filing first; nothing was written."""


class Locked(TransitionError):
    """The figures of this unit and period are approved; they change only after an audited reopen."""


@dataclass(frozen=True)
class Target:
    """A filing's address: dataset, period and unit."""

    dataset: Dataset
    period: Period
    unit: ReportingUnit


def _period(dataset: Dataset, code: str) -> Period:
    try:
        period = Period.parse(code)
    except PeriodError:
        raise TransitionError(f"Kỳ báo cáo không hợp lệ: {code!r} (ví dụ 2025, 2025-H1, 2025-Q3).") from None
    if not dataset.accepts(period):
        raise TransitionError(f"“{dataset.name}” được báo cáo theo kỳ {dataset.period}, không theo kỳ {code}.")
    return period


def resolve_unit(uow: UnitOfWork, key: str) -> ReportingUnit:
    """The unit of ``org:12`` or ``new:commune:00004``; :class:`TransitionError` when there is none."""
    if key.startswith("org:"):
        try:
            org = workflow_repo.org(uow.session, int(key[4:]))
        except ValueError:
            org = None
        if org is None:
            raise TransitionError(f"Không có tổ chức {key!r}.")
        return org_unit(org.id, org.name, org.province_code, org.commune_code, org.kind)
    try:
        place = Place.parse(key)
        return place_unit(place)
    except (ValueError, KeyError):
        raise TransitionError(f"Không có đơn vị báo cáo {key!r} (ví dụ new:commune:00004, new:province:20, org:12).") from None


def target(uow: UnitOfWork, dataset: str, period: str, unit_key: str, calendar: Calendar | None = None) -> Target:
    ds = (calendar or default_calendar()).dataset(dataset)
    per = _period(ds, period)
    unit = resolve_unit(uow, unit_key)
    step = ds.step(per, unit.level)
    if step is None or (unit.kind is not None and step.kinds and unit.kind not in step.kinds):
        raise TransitionError(f"{unit.name} không phải nộp “{ds.name}” kỳ {per.label_vi()}.")
    return Target(ds, per, unit)


def _check_version(row: WorkflowSubmission | None, expected: int | None) -> None:
    current = row.version if row is not None else 0
    if expected is not None and expected != current:
        raise _conflict(row)


def _conflict(row: WorkflowSubmission | None) -> Conflict:
    if row is None:
        return Conflict("Hồ sơ vừa được người khác tạo. Tải lại trang rồi thử lại; không có gì bị ghi.")
    when = row.updated_at.strftime("%d/%m/%Y %H:%M:%S") if row.updated_at else "?"
    return Conflict(f"Hồ sơ vừa được {row.updated_by or 'người khác'} thay đổi lúc {when} "
                    f"(trạng thái hiện tại: {STATE_LABELS.get(row.state, row.state)}). "
                    "Tải lại trang để xem thay đổi rồi thử lại; thao tác của bạn chưa được ghi.")


def _facts_findings(uow: UnitOfWork, unit: ReportingUnit, period: Period) -> list[dict[str, str]]:
    """Consistency findings on the unit's stored figures for the period, plus open findings kept from read reports."""
    place = unit.place
    if place is None:
        return []
    from htx.validate import check_facts

    facts = facts_repo.accepted_of(uow.session, [place], [period])[0]
    out = [{"rule": f.rule, "message": f.message, "origin": "checks"} for f in check_facts(facts).findings]
    return out + workflow_repo.open_findings(uow.session, place.era, place.code, period.code)


def submit(uow: UnitOfWork, actor: Actor, dataset: str, period: str, unit_key: str, *, justification: str | None = None,
           document_id: int | None = None, expected_version: int | None = None, now: datetime | None = None,
           calendar: Calendar | None = None) -> WorkflowSubmission:
    """A unit files a dataset for a period; open blocking findings need a justification (kept with them)."""
    cal = calendar or default_calendar()
    t = target(uow, dataset, period, unit_key, cal)
    now = now or datetime.now()
    s = uow.session
    row = workflow_repo.get(s, t.dataset.code, t.period.code, t.unit.key, for_update=True)
    _check_version(row, expected_version)
    state = row.state if row is not None else "owed"
    new_state = next_state("submit", state, relations(actor, t.unit))
    _check_document(uow, t, document_id)
    findings = _facts_findings(uow, t.unit, t.period)
    blocking = submission_gate(findings, cal.blocking_rules, justification)
    step = t.dataset.step(t.period, t.unit.level)
    assert step is not None
    due = step.due.on(t.period)
    values: dict[str, Any] = {
        "state": new_state, "submitted_at": now, "submitted_by": actor.username, "findings": findings,
        "justification": (justification or "").strip() or None, "document_id": document_id, "comment": None,
        "updated_at": now, "updated_by": actor.username}
    if row is None:
        row = WorkflowSubmission(dataset=t.dataset.code, period=t.period.code, unit_key=t.unit.key, level=t.unit.level,
                                 province_code=t.unit.province_code, commune_code=t.unit.commune_code,
                                 organisation_id=t.unit.organisation_id, due_on=due, version=1,
                                 on_time=now.date() <= due, **values)
        try:
            workflow_repo.insert(s, row)
        except IntegrityError:
            uow.rollback()
            raise _conflict(workflow_repo.get(s, t.dataset.code, t.period.code, t.unit.key)) from None
    else:
        if row.on_time is None:
            values["on_time"] = now.date() <= row.due_on
        _change(uow, row, values)
    _log(uow, actor, row, "submit", state, new_state, (justification or "").strip() or None,
         {"findings": len(findings), "blocking": len(blocking), "document_id": document_id})
    uow.commit()
    return row


def _check_document(uow: UnitOfWork, t: Target, document_id: int | None) -> None:
    """A filing may name the report it rests on: a read report of the same place (and period, when known)."""
    if document_id is None:
        return
    doc = workflow_repo.document(uow.session, document_id)
    place = t.unit.place
    if doc is None:
        raise TransitionError(f"Không có văn bản #{document_id}.")
    if place is None or (doc.place_era, doc.place_code) != (place.era, place.code):
        raise TransitionError(f"Văn bản #{document_id} không phải báo cáo của {t.unit.name}.")
    if doc.period and doc.period != t.period.code:
        raise TransitionError(f"Văn bản #{document_id} là báo cáo kỳ {doc.period}, không phải kỳ {t.period.code}.")


def _change(uow: UnitOfWork, row: WorkflowSubmission, values: dict[str, Any]) -> None:
    version = row.version
    try:
        workflow_repo.change(uow.session, row, version, values)
    except workflow_repo.StaleVersion:
        uow.rollback()
        raise _conflict(workflow_repo.by_id(uow.session, row.id)) from None


def _log(uow: UnitOfWork, actor: Actor, row: WorkflowSubmission, action: str, old: str, new: str, note: str | None,
         details: dict[str, Any] | None = None) -> None:
    workflow_repo.add_event(uow.session, row.id, actor.username, action, old, new, note, details)
    audit_repo.record(uow.session, actor.username, f"workflow:{action}", "workflow", row.id,
                      {"state": old}, {"state": new, "dataset": row.dataset, "period": row.period, "unit": row.unit_key},
                      note=note)


def _missing_children(uow: UnitOfWork, t: Target) -> list[str]:
    """Names of the units one level down (communes, or old districts) whose filing is not approved."""
    child = t.dataset.child_level(t.period, t.unit.level)
    place = t.unit.place
    if child not in ("commune", "district") or place is None:
        return []
    from htx.geo import gazetteer

    gaz = gazetteer()
    units = [u for u in gaz.children(gaz.unit(place.era, place.level, place.code)) if u.level == child]
    keys = [f"{u.era}:{u.level}:{u.code}" for u in units]
    filed = workflow_repo.of_units(uow.session, t.dataset.code, t.period.code, keys)
    return [u.name for u, k in zip(units, keys, strict=True) if k not in filed or filed[k].state not in LOCKED]


def decide(uow: UnitOfWork, actor: Actor, submission_id: int, action: str, *, text: str | None = None,
           expected_version: int | None = None, now: datetime | None = None,
           calendar: Calendar | None = None) -> WorkflowSubmission:
    """Return, approve, accept or reopen a filing. ``text``: the comment, reason or note of missing units.

    Approving a province's own report needs its communes approved, or ``text`` recording which
    are missing (kept as ``missing_note``). Reopening needs a reason.
    """
    if action == "submit":
        raise TransitionError("Dùng chức năng nộp báo cáo để nộp.")
    s = uow.session
    row = workflow_repo.by_id(s, submission_id)
    if row is None:
        raise TransitionError(f"Không có hồ sơ báo cáo #{submission_id}.")
    t = target(uow, row.dataset, row.period, row.unit_key, calendar)
    rel = relations(actor, t.unit)
    _check_version(row, expected_version)
    old = row.state
    new = next_state(action, old, rel, text)
    now = now or datetime.now()
    values: dict[str, Any] = {"state": new, "updated_at": now, "updated_by": actor.username}
    details: dict[str, Any] = {}
    if action == "approve":
        missing = _missing_children(uow, t)
        children_gate(missing, text)
        values.update(approved_at=now, approved_by=actor.username, missing_note=(text or None) if missing else None)
        if row.first_approved_at is None:
            values["first_approved_at"] = now
        details["missing"] = missing[:200]
    elif action in ("return", "reopen"):
        values["comment"] = (text or "").strip()
    _change(uow, row, values)
    _log(uow, actor, row, action, old, new, (text or "").strip() or None, details or None)
    uow.commit()
    return row


def _contains(outer: Period, period: str | None, as_of: date | None) -> bool:
    if period:
        try:
            inner = Period.parse(period)
        except PeriodError:
            inner = None
        if inner is not None:
            return outer.start <= inner.start and inner.end <= outer.end
    return as_of is not None and outer.start <= as_of <= outer.end


def assert_editable(uow: UnitOfWork, place: Place, period: str | None = None, as_of: date | None = None) -> None:
    """Refuse (:class:`Locked`) a change to the figures of ``place`` for ``period`` (or day ``as_of``) when approved.

    Hook this into every write path of figures (page, API, import) before writing, in the same
    transaction. It locks the unit's filings (``SELECT … FOR UPDATE`` on PostgreSQL), so an
    approval waits for the edit to commit; and it bumps the version of an open filing of that
    period, so an approver who opened the page before the edit gets a conflict, not a silent
    approval of figures they have not seen.
    """
    _assert_unit_editable(uow, str(place), lambda: place_unit(place).name if place.level != "country" else str(place),
                          period, as_of)


def assert_org_editable(uow: UnitOfWork, org_id: int, year: int) -> None:
    """:func:`assert_editable` for a cooperative's own yearly figures (self-report, classification)."""
    _assert_unit_editable(uow, f"org:{org_id}", lambda: resolve_unit(uow, f"org:{org_id}").name, str(year), None)


def _assert_unit_editable(uow: UnitOfWork, key: str, name: Any, period: str | None, as_of: date | None) -> None:
    s = uow.session
    for row in workflow_repo.of_unit(s, key, for_update=True):
        try:
            outer = Period.parse(row.period)
        except PeriodError:
            continue
        if not _contains(outer, period, as_of):
            continue
        if row.state in LOCKED:
            when = row.approved_at.strftime("%d/%m/%Y") if row.approved_at else "?"
            what = default_calendar().dataset(row.dataset).name if _known(row.dataset) else row.dataset
            raise Locked(f"Số liệu {name()} kỳ {outer.label_vi()} đã được phê duyệt ngày {when} ({what}); "
                         "muốn sửa cần cấp phê duyệt mở lại hồ sơ và ghi lý do.")
        if row.state in ("submitted", "reopened"):
            workflow_repo.change(s, row, row.version, {})


def _known(code: str) -> bool:
    return any(d.code == code for d in default_calendar().datasets)


def assert_rows_editable(uow: UnitOfWork, rows: list[Any]) -> None:
    """:func:`assert_editable` for stored fact rows (anything with place_era/level/code, period, as_of)."""
    seen: set[tuple[Any, ...]] = set()
    for r in rows:
        key = (r.place_era, r.place_level, r.place_code, r.period, r.as_of)
        if r.place_code is None or key in seen:
            continue
        seen.add(key)
        assert_editable(uow, Place(r.place_era, r.place_level, r.place_code), r.period, r.as_of)


@dataclass(frozen=True)
class AccountActor:
    """An active web account acting outside the web app (the CLI): same role and scope as on the pages."""

    username: str
    role: str
    province_code: str | None = None
    commune_code: str | None = None
    organisation_id: int | None = None


def actor_of(uow: UnitOfWork, username: str) -> AccountActor:
    """The active account ``username``; :class:`TransitionError` when there is none."""
    from htx.db import users_repo

    user = users_repo.get_by_username(uow.session, username)
    if user is None or not user.active:
        raise TransitionError(f"Không có tài khoản đang hoạt động tên {username!r}.")
    return AccountActor(user.username, user.role, user.province_code, user.commune_code, user.organisation_id)


def import_refusal(uow: UnitOfWork, rows: list[Any]) -> str | None:
    """For importers: why these just-stored fact rows may not enter the statistics (approved period), else None.

    Only rows stored as accepted count: proposed ones wait for review, which checks again.
    """
    try:
        assert_rows_editable(uow, [r for r in rows if getattr(r, "review", "accepted") == "accepted"])
    except Locked as exc:
        return str(exc)
    return None
