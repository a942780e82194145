"""SQLAlchemy mappings of the reporting workflow: one row per (dataset, period, unit) and its history.

``version`` grows with every change of the row; a change names the version it was made
from, so of two officers acting at once one wins and the other gets a conflict message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base


class WorkflowSubmission(Base):
    """A unit's filing of a dataset for a period (hồ sơ báo cáo) and where it stands."""

    __tablename__ = "workflow_submission"
    __table_args__ = (
        UniqueConstraint("dataset", "period", "unit_key"),
        Index("ix_workflow_submission_scope", "dataset", "period", "level", "province_code"),
        Index("ix_workflow_submission_unit", "unit_key", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(String(40))
    period: Mapped[str] = mapped_column(String(10))
    unit_key: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(String(10))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer, default=1)
    due_on: Mapped[date] = mapped_column(Date)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    on_time: Mapped[bool | None] = mapped_column(Boolean)
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    approved_by: Mapped[str | None] = mapped_column(String(80))
    first_approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    justification: Mapped[str | None] = mapped_column(Text)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    missing_note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(80))


class WorkflowEvent(Base):
    """One step in a filing's history: who did what, from which state to which, with what comment."""

    __tablename__ = "workflow_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("workflow_submission.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(12))
    from_state: Mapped[str] = mapped_column(String(12))
    to_state: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
