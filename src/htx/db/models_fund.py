"""SQLAlchemy mappings of the fund ledger, support programmes, activities and plan targets.

* ``fund`` — the cooperative development fund (Quỹ hỗ trợ phát triển HTX) of one alliance,
  identified by its place (era, level, code); ``fund_loan`` its loan contracts and
  ``fund_entry`` its journal (bút toán). The journal is append-only: the repository has no
  update or delete path and balances are never stored (they are folded by ``htx.fund.ledger``).
  An entry's ``number`` is its journal number within the fund (the domain ``Entry.id``); a
  reversal points at the number it voids.
* ``support_disbursement`` — programme support payments (kinh phí hỗ trợ);
* ``training``, ``outreach_event``, ``fair``, ``award``, ``membership_change`` — activities;
* ``plan_target`` — planned values (chỉ tiêu kế hoạch) of an indicator for a place and period.

Borrower and beneficiary ids refer to the registry when known but carry no foreign key: the
books are kept by the alliance and must not change when a registry record is merged or removed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base


class PlaceColumns:
    """The place a record belongs to: era (old/new), level and code of the administrative unit."""

    place_era: Mapped[str] = mapped_column(String(3))
    place_level: Mapped[str] = mapped_column(String(10))
    place_code: Mapped[str] = mapped_column(String(10))


class FundRow(PlaceColumns, Base):
    """One fund per province alliance (Quỹ hỗ trợ phát triển HTX của Liên minh HTX tỉnh)."""

    __tablename__ = "fund"
    __table_args__ = (UniqueConstraint("place_era", "place_level", "place_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class LoanRow(Base):
    """A loan contract of a fund (see ``htx.fund.model.Loan``); its schedule terms inline."""

    __tablename__ = "fund_loan"
    __table_args__ = (UniqueConstraint("fund_id", "contract_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("fund.id"), index=True)
    contract_no: Mapped[str] = mapped_column(String(60))
    borrower_name: Mapped[str] = mapped_column(String(255))
    borrower_id: Mapped[int | None] = mapped_column(Integer)
    project: Mapped[str] = mapped_column(String(255), default="")
    amount: Mapped[int] = mapped_column(BigInteger)
    annual_rate: Mapped[Decimal] = mapped_column(Numeric(7, 4))
    signed_on: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    first_due: Mapped[dt.date] = mapped_column(Date)
    instalments: Mapped[int] = mapped_column(Integer)
    frequency: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class EntryRow(Base):
    """One immutable journal line (see ``htx.fund.model.Entry``); never updated nor deleted."""

    __tablename__ = "fund_entry"
    __table_args__ = (
        UniqueConstraint("fund_id", "number"),
        ForeignKeyConstraint(["fund_id", "reverses"], ["fund_entry.fund_id", "fund_entry.number"]),
        Index("ix_fund_entry_loan", "loan_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    fund_id: Mapped[int] = mapped_column(ForeignKey("fund.id"))
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(20))
    amount: Mapped[int] = mapped_column(BigInteger, default=0)
    loan_id: Mapped[int | None] = mapped_column(ForeignKey("fund_loan.id"))
    source: Mapped[str | None] = mapped_column(String(40))
    new_method: Mapped[str | None] = mapped_column(String(20))
    new_first_due: Mapped[dt.date | None] = mapped_column(Date)
    new_instalments: Mapped[int | None] = mapped_column(Integer)
    new_frequency: Mapped[str | None] = mapped_column(String(10))
    action: Mapped[str | None] = mapped_column(String(20))
    reverses: Mapped[int | None] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(120), default="")
    created_by: Mapped[str] = mapped_column(String(80), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class DisbursementRow(PlaceColumns, Base):
    """A programme support payment (see ``htx.programs.support.Disbursement``) of the alliance of a place."""

    __tablename__ = "support_disbursement"
    __table_args__ = (Index("ix_support_disbursement_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(40))
    beneficiary_name: Mapped[str] = mapped_column(String(255))
    beneficiary_kind: Mapped[str] = mapped_column(String(10))
    beneficiary_id: Mapped[int | None] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(BigInteger)
    programme: Mapped[str] = mapped_column(String(255), default="")
    decision_no: Mapped[str] = mapped_column(String(80), default="")
    area: Mapped[str | None] = mapped_column(String(255))  # địa bàn as written in the file
    created_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())


class TrainingRow(PlaceColumns, Base):
    """A training class (lớp tập huấn, bồi dưỡng)."""

    __tablename__ = "training"
    __table_args__ = (Index("ix_training_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(255))
    topic: Mapped[str] = mapped_column(String(255), default="")
    participants: Mapped[int] = mapped_column(Integer)
    organiser: Mapped[str] = mapped_column(String(255), default="")


class OutreachRow(PlaceColumns, Base):
    """An awareness conference (hội nghị tuyên truyền)."""

    __tablename__ = "outreach_event"
    __table_args__ = (Index("ix_outreach_event_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    title: Mapped[str] = mapped_column(String(255))
    participants: Mapped[int] = mapped_column(Integer)


class FairRow(PlaceColumns, Base):
    """A trade fair or exhibition (hội chợ, triển lãm)."""

    __tablename__ = "fair"
    __table_args__ = (Index("ix_fair_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    name: Mapped[str] = mapped_column(String(255))
    cooperatives: Mapped[int] = mapped_column(Integer)
    products: Mapped[int] = mapped_column(Integer, default=0)


class AwardRow(PlaceColumns, Base):
    """An emulation flag, certificate or medal (khen thưởng)."""

    __tablename__ = "award"
    __table_args__ = (Index("ix_award_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(30))
    level: Mapped[str] = mapped_column(String(30))
    recipient_kind: Mapped[str] = mapped_column(String(12))
    recipient_name: Mapped[str] = mapped_column(String(255))
    recipient_id: Mapped[int | None] = mapped_column(Integer)
    decision_no: Mapped[str] = mapped_column(String(80), default="")


class MembershipChangeRow(PlaceColumns, Base):
    """A unit joining (kết nạp) or leaving the alliance."""

    __tablename__ = "membership_change"
    __table_args__ = (Index("ix_membership_change_place", "place_era", "place_level", "place_code", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    org_name: Mapped[str] = mapped_column(String(255))
    change: Mapped[str] = mapped_column(String(10))
    member_type: Mapped[str] = mapped_column(String(10))
    org_kind: Mapped[str] = mapped_column(String(10), default="htx")
    org_id: Mapped[int | None] = mapped_column(Integer)
    decision_no: Mapped[str] = mapped_column(String(80), default="")


class PlanTargetRow(PlaceColumns, Base):
    """A planned value (chỉ tiêu kế hoạch) of one indicator and dims for a place and period."""

    __tablename__ = "plan_target"
    __table_args__ = (
        UniqueConstraint("place_era", "place_level", "place_code", "period", "indicator", "dims_key", "unit"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period: Mapped[str] = mapped_column(String(10))
    indicator: Mapped[str] = mapped_column(String(40))
    dims: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dims_key: Mapped[str] = mapped_column(String(200), default="")
    unit: Mapped[str] = mapped_column(String(10))
    value: Mapped[Decimal] = mapped_column(Numeric(24, 4))
    entered_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.now())
