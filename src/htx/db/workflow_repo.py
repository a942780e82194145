"""Storage of the reporting workflow: filings, their history, and the counts the completeness table needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from htx.db.models import Organisation, StatusInterval
from htx.db.models_web import AuditEntry, User
from htx.db.models_workflow import WorkflowEvent, WorkflowSubmission


class StaleVersion(Exception):
    """The row changed since the caller read it (another officer acted first)."""


def get(session: Session, dataset: str, period: str, unit_key: str, *, for_update: bool = False) -> WorkflowSubmission | None:
    q = select(WorkflowSubmission).where(WorkflowSubmission.dataset == dataset, WorkflowSubmission.period == period,
                                         WorkflowSubmission.unit_key == unit_key)
    if for_update:
        q = q.with_for_update()
    return session.scalars(q).first()


def by_id(session: Session, submission_id: int) -> WorkflowSubmission | None:
    return session.get(WorkflowSubmission, submission_id)


def of_unit(session: Session, unit_key: str, *, for_update: bool = False) -> list[WorkflowSubmission]:
    """Every filing of one unit (any dataset and period)."""
    q = select(WorkflowSubmission).where(WorkflowSubmission.unit_key == unit_key).order_by(WorkflowSubmission.id)
    if for_update:
        q = q.with_for_update()
    return list(session.scalars(q))


def of_units(session: Session, dataset: str, period: str, unit_keys: Sequence[str]) -> dict[str, WorkflowSubmission]:
    out: dict[str, WorkflowSubmission] = {}
    for i in range(0, len(unit_keys), 900):
        q = select(WorkflowSubmission).where(WorkflowSubmission.dataset == dataset, WorkflowSubmission.period == period,
                                             WorkflowSubmission.unit_key.in_(unit_keys[i:i + 900]))
        out.update({s.unit_key: s for s in session.scalars(q)})
    return out


def filed_states(session: Session, dataset: str, period: str, level: str,
                 province_code: str | None = None) -> list[tuple[str, str, str, bool | None]]:
    """(unit key, province, state, on time) of every filing of a level, in one province or everywhere."""
    q = select(WorkflowSubmission.unit_key, WorkflowSubmission.province_code, WorkflowSubmission.state,
               WorkflowSubmission.on_time).where(WorkflowSubmission.dataset == dataset,
                                                 WorkflowSubmission.period == period, WorkflowSubmission.level == level)
    if province_code is not None:
        q = q.where(WorkflowSubmission.province_code == province_code)
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(q)]


def insert(session: Session, row: WorkflowSubmission) -> WorkflowSubmission:
    session.add(row)
    session.flush()
    return row


def change(session: Session, row: WorkflowSubmission, expected_version: int, values: dict[str, Any]) -> None:
    """Write ``values`` only if the row is still at ``expected_version`` (optimistic lock); bump the version.

    The ``UPDATE … WHERE version = :expected`` waits for a concurrent writer's transaction and
    then matches no row, which is how the loser of two simultaneous actions finds out.
    """
    result = session.execute(
        update(WorkflowSubmission)
        .where(WorkflowSubmission.id == row.id, WorkflowSubmission.version == expected_version)
        .values(**values, version=expected_version + 1)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise StaleVersion()
    session.refresh(row)


def add_event(session: Session, submission_id: int, user: str | None, action: str, from_state: str, to_state: str,
              note: str | None = None, details: dict[str, Any] | None = None) -> WorkflowEvent:
    ev = WorkflowEvent(submission_id=submission_id, at=datetime.now(), username=user, action=action,
                       from_state=from_state, to_state=to_state, note=note, details=details)
    session.add(ev)
    session.flush()
    return ev


def events(session: Session, submission_id: int) -> list[WorkflowEvent]:
    return list(session.scalars(select(WorkflowEvent).where(WorkflowEvent.submission_id == submission_id)
                                .order_by(WorkflowEvent.at, WorkflowEvent.id)))


def fact_audit(session: Session, entity_ids: Iterable[str], since: datetime | None = None) -> list[AuditEntry]:
    """Audit entries of figure edits (entity ``facts``) of the given place@period keys, oldest first."""
    q = select(AuditEntry).where(AuditEntry.entity == "facts", AuditEntry.entity_id.in_(list(entity_ids)))
    if since is not None:
        q = q.where(AuditEntry.at >= since)
    return list(session.scalars(q.order_by(AuditEntry.at, AuditEntry.id)))


def active_orgs(session: Session, kinds: Sequence[str], day: date, province_code: str | None = None,
                commune_code: str | None = None) -> list[tuple[int, str, str, str | None]]:
    """(id, name, province, commune) of organisations of ``kinds`` active on ``day``."""
    q = (select(Organisation.id, Organisation.name, Organisation.province_code, Organisation.commune_code)
         .join(StatusInterval, StatusInterval.organisation_id == Organisation.id)
         .where(Organisation.kind.in_(list(kinds)), StatusInterval.status == "active",
                StatusInterval.valid_from <= day,
                or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day)))
    if province_code is not None:
        q = q.where(Organisation.province_code == province_code)
    if commune_code is not None:
        q = q.where(Organisation.commune_code == commune_code)
    return [(r[0], r[1], r[2], r[3]) for r in session.execute(q.order_by(Organisation.name, Organisation.id))]


def active_org_counts(session: Session, kinds: Sequence[str], day: date) -> dict[str, int]:
    """New province → number of organisations of ``kinds`` active on ``day`` (a month end).

    From the registry's monthly summary (the sum of the monthly changes up to ``day``) when it
    is fresh; from the status intervals otherwise (the same number, slower at national scale).
    """
    from htx.db import summary_repo
    from htx.db.models_summary import SummaryStatus

    if not summary_repo.is_stale(session) and (day + timedelta(days=1)).day == 1:
        q = (select(SummaryStatus.province_code, func.sum(SummaryStatus.n))
             .where(SummaryStatus.era == "new", SummaryStatus.kind.in_(list(kinds)), SummaryStatus.status == "active",
                    SummaryStatus.month <= summary_repo.month_index(day))
             .group_by(SummaryStatus.province_code))
        return {r[0]: int(r[1]) for r in session.execute(q) if r[1]}
    q = (select(Organisation.province_code, func.count(func.distinct(Organisation.id)))
         .join(StatusInterval, StatusInterval.organisation_id == Organisation.id)
         .where(Organisation.kind.in_(list(kinds)), StatusInterval.status == "active",
                StatusInterval.valid_from <= day,
                or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day))
         .group_by(Organisation.province_code))
    return {r[0]: int(r[1]) for r in session.execute(q)}


def document(session: Session, document_id: int) -> Any:
    from htx.db.models import Document

    return session.get(Document, document_id)


def documents_of(session: Session, era: str, code: str, period: str) -> list[Any]:
    """Read reports of a place for a period (or with no period found), newest first."""
    from htx.db.models import Document

    q = select(Document).where(Document.place_era == era, Document.place_code == code,
                               or_(Document.period == period, Document.period.is_(None)))
    return list(session.scalars(q.order_by(Document.id.desc()).limit(50)))


def org(session: Session, org_id: int) -> Organisation | None:
    return session.get(Organisation, org_id)


def contacts(session: Session, role: str, codes: Sequence[str]) -> dict[str, list[str]]:
    """Place code → names (and login) of the active officers of ``role`` there: who to call about a missing report."""
    col = User.commune_code if role == "commune" else User.province_code
    q = select(col, User.full_name, User.username).where(User.role == role, User.active.is_(True), col.in_(list(codes)))
    out: dict[str, list[str]] = {}
    for code, name, login in session.execute(q):
        if code is None:
            continue
        out.setdefault(code, []).append(f"{name} ({login})" if name else login)
    return out


def org_contacts(session: Session, org_ids: Sequence[int]) -> dict[int, list[str]]:
    q = select(User.organisation_id, User.full_name, User.username).where(
        User.role == "coop", User.active.is_(True), User.organisation_id.in_(list(org_ids)))
    out: dict[int, list[str]] = {}
    for oid, name, login in session.execute(q):
        if oid is None:
            continue
        out.setdefault(oid, []).append(f"{name} ({login})" if name else login)
    return out


def due_between(session: Session, unit_keys: Sequence[str], start: date, end: date) -> list[WorkflowSubmission]:
    if not unit_keys:
        return []
    q = select(WorkflowSubmission).where(WorkflowSubmission.unit_key.in_(list(unit_keys)),
                                         and_(WorkflowSubmission.due_on >= start, WorkflowSubmission.due_on <= end))
    return list(session.scalars(q))


def open_findings(session: Session, era: str, code: str, period: str) -> list[dict[str, str]]:
    """Open stored findings (from read reports) about a place and period, as rule + message."""
    from htx.db.models import FindingRow

    q = select(FindingRow.rule, FindingRow.message).where(FindingRow.place_era == era, FindingRow.place_code == code,
                                                          FindingRow.period == period, FindingRow.status == "open")
    return [{"rule": r[0], "message": r[1], "origin": "stored"} for r in session.execute(q)]


def org_filing_counts(session: Session, dataset: str, period: str, kinds: Sequence[str],
                      day: date) -> list[tuple[str, str, bool | None, int]]:
    """(province, state, on time, number) of filings by organisations active on ``day``.

    Starts from the filings (one period's, by index) and checks each organisation's status
    interval on ``day`` by its index, rather than listing every active organisation. The kind
    is not checked here: ``services.workflow.target`` lets only the kinds a step names file.
    """
    q = (select(WorkflowSubmission.province_code, WorkflowSubmission.state, WorkflowSubmission.on_time,
                func.count())
         .join(StatusInterval, StatusInterval.organisation_id == WorkflowSubmission.organisation_id)
         .where(WorkflowSubmission.dataset == dataset, WorkflowSubmission.period == period,
                WorkflowSubmission.level == "coop", StatusInterval.status == "active", StatusInterval.valid_from <= day,
                or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day))
         .group_by(WorkflowSubmission.province_code, WorkflowSubmission.state, WorkflowSubmission.on_time))
    return [(r[0], r[1], r[2], int(r[3])) for r in session.execute(q)]


def awaiting(session: Session, levels_states: Sequence[tuple[str, str]], province_code: str | None = None,
             commune_code: str | None = None, limit: int = 200) -> list[WorkflowSubmission]:
    """Filings at (level, state) pairs in a scope, oldest first: what waits for someone's decision."""
    if not levels_states:
        return []
    q = select(WorkflowSubmission).where(or_(*[(WorkflowSubmission.level == lv) & (WorkflowSubmission.state == st)
                                               for lv, st in levels_states]))
    if province_code is not None:
        q = q.where(WorkflowSubmission.province_code == province_code)
    if commune_code is not None:
        q = q.where(WorkflowSubmission.commune_code == commune_code)
    return list(session.scalars(q.order_by(WorkflowSubmission.updated_at, WorkflowSubmission.id).limit(limit)))
