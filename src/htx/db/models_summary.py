"""Summary tables (bảng tổng hợp) of the registry for fast national figures: monthly deltas per province.

Every figure the registry gives on a period's last day (always a month end) is a sum of
monthly changes: a status interval adds 1 (and its members, workers, capital, managers) in
the month it starts and removes them in the month it ends; so the count on a month end is
the sum of the deltas of the months up to it. Flows are counted per month, yearly figures
per year. Rows are kept per era and province (``old`` uses the organisation's old province).

Database triggers (migration ``0003_summary``) mark the provinces touched by any write to
the registry in ``summary_dirty``; readers rebuild those provinces before reading, so the
summary is never stale.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base

Era = String(3)
Code = String(10)


class SummaryDirty(Base):
    """A province whose summary rows must be rebuilt (written by triggers)."""

    __tablename__ = "summary_dirty"

    era: Mapped[str] = mapped_column(Era, primary_key=True)
    province_code: Mapped[str] = mapped_column(Code, primary_key=True)


class SummaryStatus(Base):
    """Monthly change of organisations by status and sector, with the sums ``sums_active`` needs."""

    __tablename__ = "summary_status"
    __table_args__ = (Index("ix_summary_status_place", "era", "province_code", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(Era)
    province_code: Mapped[str] = mapped_column(Code)
    kind: Mapped[str] = mapped_column(String(6))
    status: Mapped[str] = mapped_column(String(10))
    sector: Mapped[str] = mapped_column(String(20))
    month: Mapped[int] = mapped_column(Integer)  # year × 12 + month − 1
    n: Mapped[int] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(BigInteger)
    members_n: Mapped[int] = mapped_column(Integer)
    workers: Mapped[int] = mapped_column(BigInteger)
    workers_n: Mapped[int] = mapped_column(Integer)
    charter_capital: Mapped[int] = mapped_column(BigInteger)
    charter_capital_n: Mapped[int] = mapped_column(Integer)
    managers_higher: Mapped[int] = mapped_column(BigInteger)
    managers_higher_n: Mapped[int] = mapped_column(Integer)
    managers_vocational: Mapped[int] = mapped_column(BigInteger)
    managers_vocational_n: Mapped[int] = mapped_column(Integer)
    managers_untrained: Mapped[int] = mapped_column(BigInteger)
    managers_untrained_n: Mapped[int] = mapped_column(Integer)


class SummaryFlow(Base):
    """Foundings, dissolutions and mergers per month."""

    __tablename__ = "summary_flow"
    __table_args__ = (Index("ix_summary_flow_place", "era", "province_code", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(Era)
    province_code: Mapped[str] = mapped_column(Code)
    kind: Mapped[str] = mapped_column(String(6))
    event: Mapped[str] = mapped_column(String(12))
    sector: Mapped[str] = mapped_column(String(20))
    month: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)


class SummaryYear(Base):
    """Yearly classification counts and revenue/profit totals."""

    __tablename__ = "summary_year"
    __table_args__ = (Index("ix_summary_year_place", "era", "province_code", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(Era)
    province_code: Mapped[str] = mapped_column(Code)
    kind: Mapped[str] = mapped_column(String(6))
    year: Mapped[int] = mapped_column(Integer)
    classification: Mapped[str | None] = mapped_column(String(10))
    n: Mapped[int] = mapped_column(Integer)
    revenue: Mapped[int] = mapped_column(BigInteger)
    revenue_n: Mapped[int] = mapped_column(Integer)
    profit: Mapped[int] = mapped_column(BigInteger)
    profit_n: Mapped[int] = mapped_column(Integer)


class SummaryAlliance(Base):
    """Monthly change of alliance members by member type."""

    __tablename__ = "summary_alliance"
    __table_args__ = (Index("ix_summary_alliance_place", "era", "province_code", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(Era)
    province_code: Mapped[str] = mapped_column(Code)
    member_type: Mapped[str] = mapped_column(String(10))
    month: Mapped[int] = mapped_column(Integer)
    n: Mapped[int] = mapped_column(Integer)
