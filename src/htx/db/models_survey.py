"""SQLAlchemy mappings of the satisfaction survey (khảo sát Chỉ số hài lòng cấp tỉnh của HTX).

* ``survey_round`` — a round: its validated questionnaire (JSON, with the file's name and
  hash), dates, status (``draft`` → ``open`` → ``closed`` → ``published``) and scoring method.
* ``survey_frame`` — the sampling frame fixed when the round opens: one row per cooperative
  with its place and contact, copied from the registry then (a snapshot: later registry changes
  or deletions do not alter a round, hence no foreign key to ``organisation``).
* ``survey_response`` — one form per cooperative per round (unique), draft or submitted, online
  or paper; ``version`` guards concurrent saves.
* ``survey_result`` — the published result of a round, frozen as computed (JSON).
"""

from __future__ import annotations

import datetime as dt
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
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base


class SurveyRoundRow(Base):
    """A survey round and its questionnaire."""

    __tablename__ = "survey_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(255))
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    example: Mapped[bool] = mapped_column(Boolean, default=False)
    questionnaire: Mapped[dict[str, Any]] = mapped_column(JSON)
    source_name: Mapped[str] = mapped_column(String(255))
    source_hash: Mapped[str] = mapped_column(String(64))
    method_version: Mapped[str] = mapped_column(String(10))
    loaded_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    opened_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    published_by: Mapped[str | None] = mapped_column(String(80))


class SurveyFrameRow(Base):
    """A cooperative of a round's sampling frame, as the registry showed it when the round opened."""

    __tablename__ = "survey_frame"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id"),
        Index("ix_survey_frame_place", "round_id", "province_code", "commune_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(255))
    province_code: Mapped[str] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(String(10))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(120))
    zalo: Mapped[str | None] = mapped_column(String(40))


class SurveyResponseRow(Base):
    """One cooperative's form in a round: draft until submitted, then read-only."""

    __tablename__ = "survey_response"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id"),
        Index("ix_survey_response_place", "round_id", "status", "province_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(Integer)
    province_code: Mapped[str] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    mode: Mapped[str] = mapped_column(String(10), default="online")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    comments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    validity: Mapped[str | None] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer, default=1)
    entered_by: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class SurveyResultRow(Base):
    """The published result of a round, frozen (recomputing never overwrites it)."""

    __tablename__ = "survey_result"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("survey_round.id", ondelete="CASCADE"), unique=True)
    method_version: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)
