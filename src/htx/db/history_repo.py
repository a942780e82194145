"""Effective-dated measures (``org_measure``): record an edit from its date, read the values in force on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, null, select
from sqlalchemy.orm import Session

from htx.db.models import Organisation
from htx.db.models_history import BEGINNING, OrgMeasure

MEASURES = ("members", "workers", "charter_capital", "managers_higher", "managers_vocational", "managers_untrained")
ATTRIBUTES = (*MEASURES, "sector")  # what a row records: the measures (summed) and the sector (grouped by)


class EffectiveDateError(ValueError):
    """An edit dated before a value already recorded (Vietnamese message)."""


def measures_of(org: Any) -> dict[str, Any]:
    """The effective-dated attributes of an organisation (measures and sector)."""
    return {m: getattr(org, m) for m in ATTRIBUTES}


def record(session: Session, org: Organisation, before: dict[str, Any], effective: date, by: str | None) -> None:
    """Record that ``org``'s measures (now set on it) hold from ``effective``; ``before``: the values until then.

    An organisation's first dated edit also records ``before`` from :data:`BEGINNING`. An edit
    dated before the last recorded date is refused (:class:`EffectiveDateError`): it would have
    to rewrite the later values too.
    """
    rows = list(session.scalars(select(OrgMeasure).where(OrgMeasure.organisation_id == org.id)
                                .order_by(OrgMeasure.valid_from)))
    if rows and effective < rows[-1].valid_from:
        raise EffectiveDateError(f"Ngày hiệu lực phải từ {rows[-1].valid_from:%d/%m/%Y} trở đi: số liệu của tổ chức "
                                 "đã được ghi nhận có hiệu lực từ ngày đó")
    if not rows:
        session.add(OrgMeasure(organisation_id=org.id, valid_from=BEGINNING, recorded_by=by, **before))
    now = measures_of(org)
    if rows and rows[-1].valid_from == effective:
        for m, v in now.items():
            setattr(rows[-1], m, v)
        rows[-1].recorded_by = by
    else:
        session.add(OrgMeasure(organisation_id=org.id, valid_from=effective, recorded_by=by, **now))
    session.flush()


def in_force(day: date) -> tuple[Any, dict[str, Any]]:
    """A subquery of the recorded attributes in force on ``day`` and, per attribute, its SQL value then.

    Outer-join the subquery on ``organisation_id``: organisations without recorded values keep
    their current columns (they had them all along).
    """
    latest = (select(OrgMeasure.organisation_id, func.max(OrgMeasure.valid_from).label("vf"))
              .where(OrgMeasure.valid_from <= day).group_by(OrgMeasure.organisation_id).subquery())
    cols = [getattr(OrgMeasure, m) for m in ATTRIBUTES]
    v = (select(OrgMeasure.organisation_id, *cols)
         .join(latest, and_(OrgMeasure.organisation_id == latest.c.organisation_id, OrgMeasure.valid_from == latest.c.vf))
         .subquery())
    values = {m: case((v.c.organisation_id.is_(None), getattr(Organisation, m)), else_=v.c[m]) for m in ATTRIBUTES}
    return v, values


def versions(*where: Any) -> Any:
    """The organisations' measures as intervals ``[v_from, v_to)`` (None: open), for the summary tables.

    Organisations without recorded values give one open interval of their current columns.
    ``where``: conditions on ``Organisation`` (e.g. the provinces being rebuilt), so that only
    their rows are computed.
    """
    nxt = func.lead(OrgMeasure.valid_from).over(partition_by=OrgMeasure.organisation_id, order_by=OrgMeasure.valid_from)
    recorded = (select(OrgMeasure.organisation_id.label("organisation_id"), OrgMeasure.valid_from.label("v_from"),
                       nxt.label("v_to"), *[getattr(OrgMeasure, m).label(m) for m in ATTRIBUTES])
                .join(Organisation, Organisation.id == OrgMeasure.organisation_id).where(*where))
    plain = (select(Organisation.id.label("organisation_id"), cast(null(), Date).label("v_from"),
                    cast(null(), Date).label("v_to"),
                    *[getattr(Organisation, m).label(m) for m in ATTRIBUTES])
             .where(*where, ~select(OrgMeasure.id).where(OrgMeasure.organisation_id == Organisation.id).exists()))
    return recorded.union_all(plain).subquery()
