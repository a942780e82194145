"""Fact storage: write facts with their source, read them back as :class:`htx.stats.facts.Fact`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from htx.db.models import FactRow
from htx.stats.facts import Fact, Place, Source, exact
from htx.stats.periods import Period


def dims_key(dims: dict[str, str]) -> str:
    return ";".join(f"{k}={v}" for k, v in sorted(dims.items()))


def to_row(fact: Fact, review: str = "accepted", published: bool = False) -> FactRow:
    src = fact.source or Source(kind="user")
    place = fact.place
    return FactRow(
        indicator=fact.indicator, dims=dict(fact.dims), dims_key=dims_key(fact.dims), unit=fact.unit,
        kind=fact.kind, value=Decimal(fact.value), place_era=place.era if place else None,
        place_level=place.level if place else None, place_code=place.code if place else None,
        as_of=fact.as_of, period=fact.period, source_kind=src.kind, document_id=src.document_id,
        quote=src.quote, start=src.start, end=src.end, entered_by=src.user, note=src.note,
        approximate=fact.approximate, review=review, published=published,
        reviewed_by=src.user if review == "accepted" and src.kind == "user" else None,
        reviewed_at=datetime.now() if review == "accepted" else None,
    )


def from_row(row: Any) -> Fact:
    """The fact of a ``FactRow`` (or of a plain row of the ``fact`` table's columns)."""
    place = Place(row.place_era, row.place_level, row.place_code) if row.place_code else None
    src = Source(kind=row.source_kind, document_id=row.document_id, quote=row.quote, start=row.start,
                 end=row.end, user=row.reviewed_by or row.entered_by, note=row.note)
    return Fact(row.indicator, exact(row.value), row.unit, dict(row.dims or {}), kind=row.kind, as_of=row.as_of,
                period=row.period, place=place, source=src, approximate=row.approximate)


def add_facts(session: Session, facts: Iterable[Fact], review: str = "accepted", published: bool = False) -> list[FactRow]:
    rows = [to_row(f, review, published) for f in facts]
    session.add_all(rows)
    session.flush()
    return rows


def accepted_of(session: Session, places: Sequence[Place], periods: Sequence[Period],
                published_only: bool = False) -> list[list[Fact]]:
    """For each period, the accepted facts of the places (one query for all), in stored order.

    A fact belongs to a period when its period code is the period's or its as-of date falls
    inside it.
    """
    if not places or not periods:
        return [[] for _ in periods]
    by_kind: dict[tuple[str, str], list[str]] = {}
    for place in places:
        by_kind.setdefault((place.era, place.level), []).append(place.code)
    q = select(FactRow).where(
        or_(*[(FactRow.place_era == era) & (FactRow.place_level == level) & FactRow.place_code.in_(codes)
              for (era, level), codes in by_kind.items()]),
        FactRow.review == "accepted",
        or_(FactRow.period.in_([p.code for p in periods]),
            *[(FactRow.as_of >= p.start) & (FactRow.as_of <= p.end) for p in periods]),
    )
    if published_only:
        q = q.where(FactRow.published.is_(True))
    out: list[list[Fact]] = [[] for _ in periods]
    # plain rows, not ORM objects: the columns are all from_row reads, at a third of the cost
    for row in session.execute(q.with_only_columns(*FactRow.__table__.c).order_by(FactRow.id)):
        fact = from_row(row)
        for period, facts in zip(periods, out, strict=True):
            if row.period == period.code or (row.as_of is not None and period.start <= row.as_of <= period.end):
                facts.append(fact)
    return out
