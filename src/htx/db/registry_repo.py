"""Registry storage and the aggregate queries that turn the registry into figures."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from htx.db import history_repo
from htx.db.models import (
    AllianceMembership,
    Organisation,
    OrgEvent,
    OrgYear,
    StatusInterval,
    UnionMember,
)
from htx.registry.importer import OrgRecord
from htx.registry.lifecycle import Event, intervals
from htx.stats.facts import Place


def place_filter(place: Place) -> list:
    """Conditions on ``Organisation`` selecting the organisations of a place (either era)."""
    if place.level == "country":
        return []
    if place.era == "new":
        col = Organisation.province_code if place.level == "province" else Organisation.commune_code
    else:
        col = Organisation.old_province_code if place.level == "province" else Organisation.old_commune_code
    return [col == place.code]


def set_events(session: Session, org: Organisation, events: Sequence[Event]) -> None:
    """Replace an organisation's events and recompute its status intervals (validated)."""
    ivs = intervals(events)
    org.events = [OrgEvent(kind=e.kind, on=e.on) for e in events]
    org.intervals = [StatusInterval(status=i.status, valid_from=i.valid_from, valid_to=i.valid_to) for i in ivs]
    if org.founded_on is None and events:
        org.founded_on = min(e.on for e in events if e.kind == "founded")


def add_event(session: Session, org: Organisation, event: Event, merged_into: Organisation | None = None) -> None:
    """Append one event (e.g. a dissolution) and recompute intervals."""
    events = [Event(e.kind, e.on) for e in org.events] + [event]
    ivs = intervals(events)
    org.events.append(OrgEvent(kind=event.kind, on=event.on, merged_into_id=merged_into.id if merged_into else None))
    org.intervals = [StatusInterval(status=i.status, valid_from=i.valid_from, valid_to=i.valid_to) for i in ivs]


def save_records(session: Session, records: Iterable[OrgRecord], origin: str = "user",
                 resolve: dict[str, tuple[str | None, str, str | None, str | None]] | None = None) -> list[Organisation]:
    """Insert imported records. ``resolve`` maps row keys to (commune, province, old commune, old province)."""
    orgs: list[Organisation] = []
    by_code: dict[str, Organisation] = {}
    for r in records:
        commune, province, old_commune, old_province = (resolve or {}).get(
            str(r.row), (r.commune_code, r.province_code or "", None, None)
        )
        org = Organisation(
            kind=r.kind, name=r.name, code=r.code, tax_code=r.tax_code, sector=r.sector,
            commune_code=commune, province_code=province, old_commune_code=old_commune,
            old_province_code=old_province, founded_on=r.founded_on, charter_capital=r.charter_capital,
            members=r.members, workers=r.workers, managers_higher=r.managers_higher,
            managers_vocational=r.managers_vocational, managers_untrained=r.managers_untrained, origin=origin,
        )
        set_events(session, org, r.events)
        if r.classification and r.classification_year:
            org.yearly = [OrgYear(year=r.classification_year, classification=r.classification,
                                  revenue=r.revenue, profit=r.profit)]
        if r.alliance_member:
            org.memberships = [AllianceMembership(member_type=r.alliance_member,
                                                  joined_on=r.alliance_joined_on or r.founded_on or date(2000, 1, 1))]
        session.add(org)
        orgs.append(org)
        if r.code:
            by_code[r.code] = org
    session.flush()
    for r, org in zip(records if isinstance(records, list) else list(records), orgs, strict=False):
        if r.union_code:
            union = by_code.get(r.union_code) or session.scalar(select(Organisation).where(Organisation.code == r.union_code))
            if union is not None:
                session.add(UnionMember(union_id=union.id, member_id=org.id))
    return orgs


@dataclass(frozen=True)
class Filter:
    """Registry search filters (all optional)."""

    kind: str | None = None
    status: str | None = None
    sector: str | None = None
    place: Place | None = None
    text: str | None = None
    classification: str | None = None
    on: date | None = None


def status_subquery(day: date):
    return (
        select(StatusInterval.organisation_id, StatusInterval.status)
        .where(StatusInterval.valid_from <= day, or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day))
        .subquery()
    )


def search(session: Session, f: Filter, limit: int = 50, offset: int = 0) -> tuple[int, list[tuple[Organisation, str | None]]]:
    """Organisations matching ``f`` with their status on ``f.on`` (default today): (total, page)."""
    st = status_subquery(f.on or date.today())
    q: Select = select(Organisation, st.c.status).outerjoin(st, st.c.organisation_id == Organisation.id)
    conds = []
    if f.kind:
        conds.append(Organisation.kind == f.kind)
    if f.sector:
        conds.append(Organisation.sector == f.sector)
    if f.status:
        conds.append(st.c.status == f.status)
    if f.place:
        conds.extend(place_filter(f.place))
    if f.text:
        like = f"%{f.text}%"
        conds.append(or_(Organisation.name.ilike(like), Organisation.code.ilike(like)))
    if f.classification:
        latest = select(OrgYear.organisation_id).where(OrgYear.classification == f.classification)
        conds.append(Organisation.id.in_(latest))
    if conds:
        q = q.where(and_(*conds))
    total = session.scalar(select(func.count()).select_from(q.subquery())) or 0
    rows = session.execute(q.order_by(Organisation.name, Organisation.id).limit(limit).offset(offset)).all()
    return total, [(r[0], r[1]) for r in rows]


# --- aggregates ------------------------------------------------------------------------

def counts_by_status(session: Session, place: Place, day: date) -> list[tuple[str, str, str, int]]:
    """(kind, status, sector, count) of organisations existing on ``day`` (one query)."""
    st = status_subquery(day)
    v, attrs = history_repo.in_force(day)  # the sector in force on ``day``
    sector = attrs["sector"]
    q = (
        select(Organisation.kind, st.c.status, sector, func.count())
        .join(st, st.c.organisation_id == Organisation.id)
        .outerjoin(v, v.c.organisation_id == Organisation.id)
        .where(*place_filter(place))
        .group_by(Organisation.kind, st.c.status, sector)
    )
    return [(k, s, sec, int(n)) for k, s, sec, n in session.execute(q)]


def flows(session: Session, place: Place, start: date, end: date) -> list[tuple[str, str, str, int]]:
    """(kind, event kind, sector, count) of founding/dissolution/merger events in [start, end]."""
    q = (
        select(Organisation.kind, OrgEvent.kind, Organisation.sector, func.count())
        .join(OrgEvent, OrgEvent.organisation_id == Organisation.id)
        .where(OrgEvent.on >= start, OrgEvent.on <= end, OrgEvent.kind.in_(("founded", "dissolved", "merged")),
               *place_filter(place))
        .group_by(Organisation.kind, OrgEvent.kind, Organisation.sector)
    )
    return [(k, e, s, int(n)) for k, e, s, n in session.execute(q)]


def sums_active(session: Session, place: Place, day: date) -> list[tuple[str, dict[str, int | None]]]:
    """Per kind: sums of members, workers, capital, managers (in force on ``day``) over organisations not dissolved then."""
    st = status_subquery(day)
    v, attrs = history_repo.in_force(day)  # the values in force on ``day``, not today's
    cols = {m: attrs[m] for m in history_repo.MEASURES}
    q = (
        select(Organisation.kind, *[func.sum(c) for c in cols.values()], *[func.count(c) for c in cols.values()])
        .join(st, st.c.organisation_id == Organisation.id)
        .outerjoin(v, v.c.organisation_id == Organisation.id)
        .where(st.c.status != "dissolved", *place_filter(place))
        .group_by(Organisation.kind)
    )
    out: list[tuple[str, dict[str, int | None]]] = []
    n = len(cols)
    for row in session.execute(q):
        values: list[Any] = list(row)
        sums = {name: (int(values[1 + i]) if values[1 + n + i] else None) for i, name in enumerate(cols)}
        out.append((values[0], sums))
    return out


def classification_counts(session: Session, place: Place, year: int) -> list[tuple[str, str | None, int]]:
    """(kind, class, count) of the yearly classification."""
    q = (
        select(Organisation.kind, OrgYear.classification, func.count())
        .join(OrgYear, OrgYear.organisation_id == Organisation.id)
        .where(OrgYear.year == year, OrgYear.classification.is_not(None), *place_filter(place))
        .group_by(Organisation.kind, OrgYear.classification)
    )
    return [(k, c, int(n)) for k, c, n in session.execute(q)]


def yearly_averages(session: Session, place: Place, year: int) -> list[tuple[str, int | None, int | None, int]]:
    """(kind, total revenue, total profit, organisations reporting) for one year."""
    q = (
        select(Organisation.kind, func.sum(OrgYear.revenue), func.sum(OrgYear.profit),
               func.count(OrgYear.revenue))
        .join(OrgYear, OrgYear.organisation_id == Organisation.id)
        .where(OrgYear.year == year, *place_filter(place))
        .group_by(Organisation.kind)
    )
    return [(k, int(r) if r is not None else None, int(p) if p is not None else None, int(n)) for k, r, p, n in session.execute(q)]


def alliance_counts(session: Session, place: Place, day: date) -> list[tuple[str, int]]:
    """(member_type, count) of alliance members on ``day``."""
    q = (
        select(AllianceMembership.member_type, func.count())
        .join(Organisation, Organisation.id == AllianceMembership.organisation_id)
        .where(AllianceMembership.joined_on <= day,
               or_(AllianceMembership.left_on.is_(None), AllianceMembership.left_on > day), *place_filter(place))
        .group_by(AllianceMembership.member_type)
    )
    return [(t, int(n)) for t, n in session.execute(q)]


def province_totals(session: Session, era: str, day: date) -> dict[str, dict[str, int]]:
    """Per province: organisations by kind existing (not dissolved) on ``day`` and active ones."""
    st = status_subquery(day)
    col = Organisation.province_code if era == "new" else Organisation.old_province_code
    q = (
        select(col, Organisation.kind, func.count(), func.sum(case((st.c.status == "active", 1), else_=0)))
        .join(st, st.c.organisation_id == Organisation.id)
        .where(st.c.status != "dissolved")
        .group_by(col, Organisation.kind)
    )
    out: dict[str, dict[str, int]] = {}
    for code, kind, n, active in session.execute(q):
        d = out.setdefault(code, {})
        d[kind] = int(n)
        d[f"{kind}_active"] = int(active or 0)
    return out
