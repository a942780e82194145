"""Storage of programme disbursements, activities and plan targets; their facts and plan attainment.

Records belong to the alliance of a place (era, level, code). :func:`figures` gives, for a
place and period, the activity facts (``training.*``, ``outreach.*``, units admitted) of every
book the place keeps — a book with no record at all gives no facts rather than zeros — and
the plan targets as ``plan`` facts. :func:`attainment_for` answers targets with actual figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from htx.db.facts_repo import dims_key
from htx.db.models_fund import (
    AwardRow,
    DisbursementRow,
    FairRow,
    MembershipChangeRow,
    OutreachRow,
    PlaceColumns,
    PlanTargetRow,
    TrainingRow,
)
from htx.programs.activities import (
    Award,
    Fair,
    MembershipChange,
    OutreachEvent,
    Training,
    joined_facts,
    outreach_facts,
    training_facts,
)
from htx.programs.support import Disbursement
from htx.stats.facts import Fact, Place, Source, exact
from htx.stats.periods import Period
from htx.stats.plans import Attainment, Target, attainments

R = TypeVar("R", bound=PlaceColumns)


def _at(place: Place) -> dict[str, str]:
    return {"place_era": place.era, "place_level": place.level, "place_code": place.code}


def _rows(session: Session, model: type[R], place: Place, start: dt.date | None = None,
          end: dt.date | None = None) -> list[R]:
    q = select(model).where(model.place_era == place.era, model.place_level == place.level,
                            model.place_code == place.code)
    date_col: Any = model.date  # type: ignore[attr-defined]
    if start is not None:
        q = q.where(date_col >= start)
    if end is not None:
        q = q.where(date_col <= end)
    return list(session.scalars(q.order_by(date_col, model.id)))  # type: ignore[attr-defined]


def _place(row: PlaceColumns) -> Place:
    return Place.checked(row.place_era, row.place_level, row.place_code)


# -- disbursements -------------------------------------------------------------------------
def disbursement_key(d: Disbursement) -> tuple[dt.date, str, str, int, str]:
    """What makes two payments the same payment (to refuse importing a file twice)."""
    return (d.date, d.category, " ".join(d.beneficiary_name.casefold().split()), d.amount, d.decision_no)


def existing_disbursement_keys(session: Session, place: Place) -> set[tuple[dt.date, str, str, int, str]]:
    return {disbursement_key(d) for d in disbursements(session, place)}


def add_disbursements(session: Session, place: Place, items: Iterable[Disbursement]) -> list[Disbursement]:
    """Store payments of the alliance of ``place`` (their ids are assigned by the database)."""
    rows = [DisbursementRow(**_at(place), date=d.date, category=d.category, beneficiary_name=d.beneficiary_name,
                            beneficiary_kind=d.beneficiary_kind, beneficiary_id=d.beneficiary_id, amount=d.amount,
                            programme=d.programme, decision_no=d.decision_no, area=d.place, created_by=d.created_by)
            for d in items]
    session.add_all(rows)
    session.flush()
    return [_disbursement(r) for r in rows]


def _disbursement(r: DisbursementRow) -> Disbursement:
    return Disbursement(r.id, r.date, r.category, r.beneficiary_name, r.amount, r.programme, r.decision_no,
                        r.beneficiary_id, r.beneficiary_kind, r.area, r.created_by)


def disbursements(session: Session, place: Place, start: dt.date | None = None,
                  end: dt.date | None = None) -> list[Disbursement]:
    return [_disbursement(r) for r in _rows(session, DisbursementRow, place, start, end)]


# -- activities ----------------------------------------------------------------------------
def add_training(session: Session, t: Training) -> Training:
    row = TrainingRow(**_at(t.place), date=t.date, title=t.title, topic=t.topic, participants=t.participants,
                      organiser=t.organiser)
    session.add(row)
    session.flush()
    return Training(row.id, t.date, t.place, t.title, t.topic, t.participants, t.organiser)


def add_outreach(session: Session, e: OutreachEvent) -> OutreachEvent:
    row = OutreachRow(**_at(e.place), date=e.date, title=e.title, participants=e.participants)
    session.add(row)
    session.flush()
    return OutreachEvent(row.id, e.date, e.place, e.title, e.participants)


def add_fair(session: Session, f: Fair) -> Fair:
    row = FairRow(**_at(f.place), date=f.date, name=f.name, cooperatives=f.cooperatives, products=f.products)
    session.add(row)
    session.flush()
    return Fair(row.id, f.date, f.place, f.name, f.cooperatives, f.products)


def add_award(session: Session, a: Award) -> Award:
    row = AwardRow(**_at(a.place), date=a.date, kind=a.kind, level=a.level, recipient_kind=a.recipient_kind,
                   recipient_name=a.recipient_name, recipient_id=a.recipient_id, decision_no=a.decision_no)
    session.add(row)
    session.flush()
    return Award(row.id, a.date, a.place, a.kind, a.level, a.recipient_kind, a.recipient_name, a.recipient_id,
                 a.decision_no)


def add_membership_change(session: Session, c: MembershipChange) -> MembershipChange:
    row = MembershipChangeRow(**_at(c.place), date=c.date, org_name=c.org_name, change=c.change,
                              member_type=c.member_type, org_kind=c.org_kind, org_id=c.org_id,
                              decision_no=c.decision_no)
    session.add(row)
    session.flush()
    return MembershipChange(row.id, c.date, c.place, c.org_name, c.change, c.member_type, c.org_kind, c.org_id,
                            c.decision_no)


def trainings(session: Session, place: Place, start: dt.date | None = None, end: dt.date | None = None) -> list[Training]:
    return [Training(r.id, r.date, _place(r), r.title, r.topic, r.participants, r.organiser)
            for r in _rows(session, TrainingRow, place, start, end)]


def outreach_events(session: Session, place: Place, start: dt.date | None = None,
                    end: dt.date | None = None) -> list[OutreachEvent]:
    return [OutreachEvent(r.id, r.date, _place(r), r.title, r.participants)
            for r in _rows(session, OutreachRow, place, start, end)]


def fairs(session: Session, place: Place, start: dt.date | None = None, end: dt.date | None = None) -> list[Fair]:
    return [Fair(r.id, r.date, _place(r), r.name, r.cooperatives, r.products)
            for r in _rows(session, FairRow, place, start, end)]


def awards(session: Session, place: Place, start: dt.date | None = None, end: dt.date | None = None) -> list[Award]:
    return [Award(r.id, r.date, _place(r), r.kind, r.level, r.recipient_kind, r.recipient_name, r.recipient_id,
                  r.decision_no) for r in _rows(session, AwardRow, place, start, end)]


def membership_changes(session: Session, place: Place, start: dt.date | None = None,
                       end: dt.date | None = None) -> list[MembershipChange]:
    return [MembershipChange(r.id, r.date, _place(r), r.org_name, r.change, r.member_type, r.org_kind, r.org_id,
                             r.decision_no) for r in _rows(session, MembershipChangeRow, place, start, end)]


def _keeps(session: Session, model: type[PlaceColumns], place: Place) -> bool:
    """Whether the place keeps this book at all (any record, any date)."""
    q = select(model.place_code).where(model.place_era == place.era, model.place_level == place.level,
                                       model.place_code == place.code).limit(1)
    return session.scalar(q) is not None


# -- plan targets --------------------------------------------------------------------------
def set_target(session: Session, target: Target, by: str = "") -> PlanTargetRow:
    """Store a target, replacing the value of the same place, period, indicator, dims and unit."""
    if target.place is None:
        raise ValueError(f"{target.indicator}: a stored target needs a place")
    dims = dict(target.dims)
    key = dims_key(dims)
    row = session.scalar(select(PlanTargetRow).where(
        *(getattr(PlanTargetRow, k) == v for k, v in _at(target.place).items()),
        PlanTargetRow.period == target.period, PlanTargetRow.indicator == target.indicator,
        PlanTargetRow.dims_key == key, PlanTargetRow.unit == target.unit))
    if row is None:
        row = PlanTargetRow(**_at(target.place), period=target.period, indicator=target.indicator, dims=dims,
                            dims_key=key, unit=target.unit, value=Decimal(target.value), entered_by=by)
        session.add(row)
    else:
        row.value, row.entered_by, row.updated_at = Decimal(target.value), by, dt.datetime.now()
    session.flush()
    return row


def _target(row: PlanTargetRow) -> Target:
    return Target.of(row.indicator, exact(row.value), row.unit, row.period, dict(row.dims or {}), _place(row),
                     Source(kind="user", user=row.entered_by or None, note="chỉ tiêu kế hoạch"))


def targets(session: Session, place: Place | None = None, periods: Sequence[str] | None = None) -> list[Target]:
    q = select(PlanTargetRow)
    if place is not None:
        q = q.where(*(getattr(PlanTargetRow, k) == v for k, v in _at(place).items()))
    if periods is not None:
        q = q.where(PlanTargetRow.period.in_(list(periods)))
    q = q.order_by(PlanTargetRow.place_era, PlanTargetRow.place_code, PlanTargetRow.period, PlanTargetRow.indicator,
                   PlanTargetRow.dims_key)
    return [_target(r) for r in session.scalars(q)]


def attainment_for(session: Session, place: Place, period: Period, actuals: Iterable[Fact]) -> list[Attainment]:
    """The place's targets for ``period`` with the matching actual among ``actuals`` and the percent."""
    return attainments(targets(session, place, [period.code]), actuals)


# -- figures -------------------------------------------------------------------------------
def figures(session: Session, place: Place, period: Period) -> list[Fact]:
    """Activity facts of the period for each book the place keeps, and its plan targets (kind plan)."""
    out: list[Fact] = []
    start, end = period.start, period.end
    if _keeps(session, TrainingRow, place):
        out += training_facts(trainings(session, place, start, end), period, place)
    if _keeps(session, OutreachRow, place):
        out += outreach_facts(outreach_events(session, place, start, end), period, place)
    if _keeps(session, MembershipChangeRow, place):
        out += joined_facts(membership_changes(session, place, start, end), period, place)
    out += [t.to_fact() for t in targets(session, place, [period.code])]
    return out


def places_kept(session: Session, era: str, level: str, periods: Sequence[Period] = ()) -> set[str]:
    """Codes of the places of ``era`` and ``level`` with activity records or plan targets (others give no facts).

    With ``periods``, only records dated within them and targets of them count.
    """
    out: set[str] = set()
    for model in (TrainingRow, OutreachRow, MembershipChangeRow):
        q = select(model.place_code).where(model.place_era == era, model.place_level == level)
        if periods:
            q = q.where(model.date >= min(p.start for p in periods), model.date <= max(p.end for p in periods))
        out |= set(session.scalars(q.distinct()))
    q = select(PlanTargetRow.place_code).where(PlanTargetRow.place_era == era, PlanTargetRow.place_level == level)
    if periods:
        q = q.where(PlanTargetRow.period.in_([p.code for p in periods]))
    return out | set(session.scalars(q.distinct()))
