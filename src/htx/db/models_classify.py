"""Storage of classification (phân loại HTX): loaded rule sets, scoring sheets and their history.

A rule set is stored once per (code, version) with its validated body; a sheet points to the
exact version it was scored under, so loading a corrected rule set never changes a result
already confirmed. ``lock_version`` makes two officers deciding the same sheet at once fail
cleanly instead of overwriting each other.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from htx.db.base import Base


class ClassifyRuleSetRow(Base):
    """A loaded rule set (bộ quy tắc) of one version: its validated YAML as JSON."""

    __tablename__ = "classify_rule_set"
    __table_args__ = (UniqueConstraint("code", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(8))
    title: Mapped[str] = mapped_column(String(255))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_by: Mapped[str | None] = mapped_column(String(80))
    loaded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ScoreSheetRow(Base):
    """A cooperative's self-scoring sheet (bảng tự chấm điểm) for a year, and its review state."""

    __tablename__ = "classify_sheet"
    __table_args__ = (
        UniqueConstraint("organisation_id", "year"),
        Index("ix_classify_sheet_year_status", "year", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("classify_rule_set.id"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    points: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    exclusions: Mapped[list[str]] = mapped_column(JSON, default=list)
    total: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    grade: Mapped[str | None] = mapped_column(String(10))
    total_capital: Mapped[int | None] = mapped_column(BigInteger)
    board_name: Mapped[str | None] = mapped_column(String(120))
    controller_name: Mapped[str | None] = mapped_column(String(120))
    board_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    controller_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    lock_version: Mapped[int] = mapped_column(Integer, default=1)

    rule_set: Mapped[ClassifyRuleSetRow] = relationship()
    events: Mapped[list[SheetEventRow]] = relationship(order_by="SheetEventRow.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": lock_version}


class SheetEventRow(Base):
    """One step of a sheet's history: saved, submitted, returned (with the officer's comment), confirmed."""

    __tablename__ = "classify_sheet_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("classify_sheet.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    username: Mapped[str | None] = mapped_column(String(80))
    at: Mapped[datetime] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    total: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    grade: Mapped[str | None] = mapped_column(String(10))
