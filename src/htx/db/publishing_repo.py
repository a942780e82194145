"""Storage of publishing (công bố): the accepted facts of a place and period, published or not."""

from __future__ import annotations

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from htx.db.models import FactRow
from htx.stats.facts import Place
from htx.stats.periods import Period


def _of(place: Place, period: Period) -> ColumnElement[bool]:
    """Accepted facts kept under ``place`` for ``period`` (its code, or an as-of date inside it)."""
    return and_(FactRow.place_era == place.era, FactRow.place_level == place.level, FactRow.place_code == place.code,
                FactRow.review == "accepted",
                or_(FactRow.period == period.code, and_(FactRow.as_of >= period.start, FactRow.as_of <= period.end)))


def rows(session: Session, place: Place, period: Period) -> list[FactRow]:
    """The accepted facts of the place and period, published or not, in a stable order."""
    return list(session.scalars(select(FactRow).where(_of(place, period))
                                .order_by(FactRow.indicator, FactRow.dims_key, FactRow.kind, FactRow.id)))


def set_published(session: Session, place: Place, period: Period, published: bool) -> list[int]:
    """Mark the facts of the place and period (un)published; the ids of the rows changed."""
    cond = and_(_of(place, period), FactRow.published.is_(not published))
    ids = list(session.scalars(select(FactRow.id).where(cond).order_by(FactRow.id)))
    if ids:
        session.execute(update(FactRow).where(FactRow.id.in_(ids)).values(published=published))
        session.flush()
    return ids
