"""Writes of the cooperative's self-report (tự báo cáo của HTX) and the confirmed classification.

A self-report sets an organisation's current figures (``Organisation``: members, workers,
managers by education, charter capital) and its figures of one year (``OrgYear``: revenue,
profit, average monthly income of a worker). Officers confirm the year's classification
(phân loại). The registry-derived statistics read these columns, so nothing else is stored.
Every function returns ``(old, new)`` of what changed, for the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from htx.db.models import Organisation, OrgYear
from htx.db.models_web import AuditEntry

ORG_FIELDS = ("members", "workers", "managers_higher", "managers_vocational", "managers_untrained",
              "charter_capital")
YEAR_FIELDS = ("revenue", "profit", "income_avg")
CLASSES = ("good", "fair", "average", "weak")
ACTIONS = ("self_report", "classify")

Changes = tuple[dict[str, Any], dict[str, Any]]


def year_row(session: Session, org_id: int, year: int) -> OrgYear | None:
    return session.scalar(select(OrgYear).where(OrgYear.organisation_id == org_id, OrgYear.year == year))


def years(session: Session, org_id: int) -> list[OrgYear]:
    """The organisation's yearly rows, newest first."""
    return list(session.scalars(select(OrgYear).where(OrgYear.organisation_id == org_id)
                                .order_by(OrgYear.year.desc())))


def _year_row_for_update(session: Session, org: Organisation, year: int) -> OrgYear:
    row = year_row(session, org.id, year)
    if row is None:
        row = OrgYear(organisation_id=org.id, year=year)
        session.add(row)
    return row


def _apply(target: Any, values: Mapping[str, Any], fields: tuple[str, ...],
           old: dict[str, Any], new: dict[str, Any]) -> None:
    for f in fields:
        if f in values and getattr(target, f) != values[f]:
            old[f], new[f] = getattr(target, f), values[f]
            setattr(target, f, values[f])


def save_self_report(session: Session, org: Organisation, year: int, values: Mapping[str, int | None]) -> Changes:
    """Store the figures of ``values`` (keys of ORG_FIELDS and YEAR_FIELDS) for ``org`` and ``year``."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    _apply(org, values, ORG_FIELDS, old, new)
    if any(f in values for f in YEAR_FIELDS):
        existing = year_row(session, org.id, year)
        wanted = {f: values[f] for f in YEAR_FIELDS if f in values}
        if existing is not None or any(v is not None for v in wanted.values()):
            _apply(_year_row_for_update(session, org, year), wanted, YEAR_FIELDS, old, new)
    session.flush()
    return old, new


def set_classification(session: Session, org: Organisation, year: int, classification: str | None) -> Changes:
    """Confirm (or clear, with None) the classification of ``org`` for ``year``."""
    if classification is not None and classification not in CLASSES:
        raise ValueError(f"unknown classification {classification!r}")
    existing = year_row(session, org.id, year)
    current = existing.classification if existing is not None else None
    if current == classification:
        return {}, {}
    row = existing if existing is not None else _year_row_for_update(session, org, year)
    row.classification = classification
    session.flush()
    return {"classification": current}, {"classification": classification}


def filings(session: Session, org_id: int, limit: int = 20) -> list[AuditEntry]:
    """Self-reports and classifications of the organisation in the audit log, newest first."""
    q = (select(AuditEntry)
         .where(AuditEntry.entity == "organisation", AuditEntry.entity_id == str(org_id),
                AuditEntry.action.in_(ACTIONS))
         .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit))
    return list(session.scalars(q))
