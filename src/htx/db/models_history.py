"""Effective-dated measures of an organisation (số liệu theo thời điểm hiệu lực).

A row holds the attributes that feed the statistics (members, workers, charter capital,
managers, sector) from ``valid_from`` until the next row of the same organisation. An organisation
without rows has had its current values (the ``organisation`` columns) all along; its first
edit records the values it had before (from :data:`BEGINNING`) and the new ones from the
edit's date, so a period's figures use the values in force at the period's end.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base

BEGINNING = date(1900, 1, 1)  # the first row of an organisation: the values it had before any dated edit


class OrgMeasure(Base):
    __tablename__ = "org_measure"
    __table_args__ = (UniqueConstraint("organisation_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    members: Mapped[int | None] = mapped_column(Integer)
    workers: Mapped[int | None] = mapped_column(Integer)
    charter_capital: Mapped[int | None] = mapped_column(BigInteger)
    managers_higher: Mapped[int | None] = mapped_column(Integer)
    managers_vocational: Mapped[int | None] = mapped_column(Integer)
    managers_untrained: Mapped[int | None] = mapped_column(Integer)
    sector: Mapped[str] = mapped_column(String(20))
    recorded_by: Mapped[str | None] = mapped_column(String(80))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
