"""SQLAlchemy mappings of the foundation: units, registry, documents, facts and findings.

Codes of administrative units are only meaningful with their era (``old`` before
1 July 2025, ``new`` after): new Bắc Ninh is 24, which was old Bắc Giang's code.
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

Era = String(3)
Code = String(10)


class AdminUnitRow(Base):
    """An administrative unit (đơn vị hành chính) of one era."""

    __tablename__ = "admin_unit"
    __table_args__ = (
        UniqueConstraint("era", "level", "code"),
        Index("ix_admin_unit_province", "era", "province_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    era: Mapped[str] = mapped_column(Era)
    level: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(Code)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[str] = mapped_column(Code)
    district_code: Mapped[str | None] = mapped_column(Code)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class UnitMappingRow(Base):
    """One row of the 2025 conversion: an old commune (whole or part) went into a new commune."""

    __tablename__ = "unit_mapping"
    __table_args__ = (Index("ix_unit_mapping_old", "old_code"), Index("ix_unit_mapping_new", "new_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    old_code: Mapped[str | None] = mapped_column(Code)
    old_province_code: Mapped[str | None] = mapped_column(Code)
    new_code: Mapped[str] = mapped_column(Code)
    new_province_code: Mapped[str] = mapped_column(Code)
    relation: Mapped[str] = mapped_column(String(10))
    note: Mapped[str | None] = mapped_column(String(200))


class Organisation(Base):
    """A collective-economy organisation: THT, HTX, LHHTX or QTDND."""

    __tablename__ = "organisation"
    __table_args__ = (
        Index("ix_organisation_place", "province_code", "kind", "sector"),
        Index("ix_organisation_old_place", "old_province_code", "kind", "sector"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(6))
    name: Mapped[str] = mapped_column(String(255))
    code: Mapped[str | None] = mapped_column(String(20), unique=True)
    tax_code: Mapped[str | None] = mapped_column(String(20))
    commune_code: Mapped[str | None] = mapped_column(Code)
    province_code: Mapped[str] = mapped_column(Code)
    old_commune_code: Mapped[str | None] = mapped_column(Code)
    old_province_code: Mapped[str | None] = mapped_column(Code)
    sector: Mapped[str] = mapped_column(String(20))
    founded_on: Mapped[date | None] = mapped_column(Date)
    charter_capital: Mapped[int | None] = mapped_column(BigInteger)
    members: Mapped[int | None] = mapped_column(Integer)
    workers: Mapped[int | None] = mapped_column(Integer)
    managers_higher: Mapped[int | None] = mapped_column(Integer)
    managers_vocational: Mapped[int | None] = mapped_column(Integer)
    managers_untrained: Mapped[int | None] = mapped_column(Integer)
    origin: Mapped[str] = mapped_column(String(12), default="user")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # optimistic locking (khóa lạc quan): every UPDATE says which version it read (migration 0040_security)
    version: Mapped[int] = mapped_column(Integer, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    events: Mapped[list[OrgEvent]] = relationship(
        back_populates="organisation", order_by="OrgEvent.on", foreign_keys="OrgEvent.organisation_id",
        cascade="all, delete-orphan",
    )
    intervals: Mapped[list[StatusInterval]] = relationship(cascade="all, delete-orphan")
    yearly: Mapped[list[OrgYear]] = relationship(cascade="all, delete-orphan")
    memberships: Mapped[list[AllianceMembership]] = relationship(cascade="all, delete-orphan")


class OrgEvent(Base):
    """A dated lifecycle event: founded, suspended, resumed, stopped, dissolved, merged."""

    __tablename__ = "org_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    on: Mapped[date] = mapped_column(Date)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)

    organisation: Mapped[Organisation] = relationship(back_populates="events", foreign_keys=[organisation_id])


class StatusInterval(Base):
    """Derived from events: the organisation had ``status`` from ``valid_from`` until before ``valid_to``."""

    __tablename__ = "org_status"
    __table_args__ = (Index("ix_org_status_when", "status", "valid_from", "valid_to"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(10))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class OrgYear(Base):
    """Yearly figures and classification (phân loại) of one organisation."""

    __tablename__ = "org_year"
    __table_args__ = (UniqueConstraint("organisation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    classification: Mapped[str | None] = mapped_column(String(10))
    revenue: Mapped[int | None] = mapped_column(BigInteger)
    profit: Mapped[int | None] = mapped_column(BigInteger)
    income_avg: Mapped[int | None] = mapped_column(BigInteger)


class AllianceMembership(Base):
    """Membership of the provincial Cooperative Alliance: official (chính thức) or associate (liên kết)."""

    __tablename__ = "alliance_membership"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    member_type: Mapped[str] = mapped_column(String(10))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)


class UnionMember(Base):
    """An LHHTX (liên hiệp HTX) and one of its member cooperatives."""

    __tablename__ = "union_member"
    __table_args__ = (UniqueConstraint("union_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    union_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    joined_on: Mapped[date | None] = mapped_column(Date)


class Document(Base):
    """A report that was read: its metadata, text and content hash (idempotent ingest)."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(60))
    place: Mapped[str | None] = mapped_column(String(120))
    issued: Mapped[str | None] = mapped_column(String(10))
    subject: Mapped[str | None] = mapped_column(Text)
    signer: Mapped[str | None] = mapped_column(String(120))
    province: Mapped[str | None] = mapped_column(String(120))
    period: Mapped[str | None] = mapped_column(String(10))
    place_era: Mapped[str | None] = mapped_column(Era)
    place_code: Mapped[str | None] = mapped_column(Code)
    text: Mapped[str] = mapped_column(Text)
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    facts: Mapped[list[FactRow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    findings: Mapped[list[FindingRow]] = relationship(back_populates="document", cascade="all, delete-orphan")


class FactRow(Base):
    """A stored fact (see ``htx.stats.facts.Fact``) with its place, time, source and review state."""

    __tablename__ = "fact"
    __table_args__ = (
        Index("ix_fact_lookup", "place_era", "place_level", "place_code", "indicator", "period"),
        Index("ix_fact_asof", "place_era", "place_level", "place_code", "indicator", "as_of"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator: Mapped[str] = mapped_column(String(40))
    dims: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dims_key: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(12), default="actual")
    value: Mapped[Decimal] = mapped_column(Numeric(24, 4))
    place_era: Mapped[str | None] = mapped_column(Era)
    place_level: Mapped[str | None] = mapped_column(String(10))
    place_code: Mapped[str | None] = mapped_column(Code)
    as_of: Mapped[date | None] = mapped_column(Date)
    period: Mapped[str | None] = mapped_column(String(10))
    source_kind: Mapped[str] = mapped_column(String(10))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    quote: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    entered_by: Mapped[str | None] = mapped_column(String(80))
    note: Mapped[str | None] = mapped_column(Text)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    review: Mapped[str] = mapped_column(String(10), default="accepted")
    reviewed_by: Mapped[str | None] = mapped_column(String(80))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    document: Mapped[Document | None] = relationship(back_populates="facts")


class FindingRow(Base):
    """A consistency finding (validate/) about a document's facts."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    place_era: Mapped[str | None] = mapped_column(Era)
    place_code: Mapped[str | None] = mapped_column(Code)
    period: Mapped[str | None] = mapped_column(String(10))
    rule: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    document: Mapped[Document | None] = relationship(back_populates="findings")
