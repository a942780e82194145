"""SQLAlchemy mappings of the web application: users, login attempts and the audit log.

A user (người dùng) has one role: ``admin`` (quản trị toàn quốc), ``province`` (cán bộ tỉnh),
``commune`` (cán bộ xã) or ``coop`` (hợp tác xã); the scope columns say which place or
organisation the role covers. Places are new-era codes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from htx.db.base import Base


class User(Base):
    """A person who logs in: credentials, role and scope."""

    __tablename__ = "web_user"
    # user names are unique whatever their case (``Langson`` and ``langson`` are one account)
    __table_args__ = (Index("uq_web_user_username_lower", func.lower(text("username")), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(160), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    province_code: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(String(10))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # a printed (sample) or admin-reset password must be replaced at the next login
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class LoginAttempt(Base):
    """A failed login, kept so the rate limit survives restarts."""

    __tablename__ = "web_login_attempt"
    __table_args__ = (Index("ix_web_login_attempt_key", "username", "ip", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime)


class WebSession(Base):
    """A server-side login session (phiên đăng nhập): the cookie carries only a random token whose hash is the id.

    Logging out, an admin's revocation, a password change or deactivation set ``revoked_at``; a
    copied cookie then stops working. Kept after revocation: the addresses a user logged in from
    are what the login limiter trusts.
    """

    __tablename__ = "web_session"
    __table_args__ = (Index("ix_web_session_user", "user_id", "revoked_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("web_user.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    ip: Mapped[str] = mapped_column(String(64))
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class AuditEntry(Base):
    """One change (nhật ký thay đổi): who, when, what entity, old → new values as JSON."""

    __tablename__ = "web_audit"
    __table_args__ = (Index("ix_web_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str | None] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(40))
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    count: Mapped[int] = mapped_column(Integer, default=1)
