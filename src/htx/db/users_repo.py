"""Storage of web users, their server-side sessions and failed logins (the login limiter reads them back)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from htx.db.models_web import LoginAttempt, User, WebSession


def get_by_username(session: Session, username: str) -> User | None:
    """The user of a login name, whatever its case (names are unique case-insensitively)."""
    return session.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def add_user(session: Session, username: str, password_hash: str, role: str, full_name: str = "",
             province_code: str | None = None, commune_code: str | None = None,
             organisation_id: int | None = None, sample: bool = False, must_change_password: bool = False) -> User:
    user = User(username=username, password_hash=password_hash, role=role, full_name=full_name,
                province_code=province_code, commune_code=commune_code, organisation_id=organisation_id,
                sample=sample, active=True, must_change_password=must_change_password)
    session.add(user)
    session.flush()
    return user


def sample_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.sample.is_(True)).order_by(User.id)))


# --- failed logins ----------------------------------------------------------------------------

def record_failure(session: Session, username: str, ip: str, at: datetime) -> None:
    session.add(LoginAttempt(username=username.strip().lower()[:80], ip=ip, at=at))
    session.flush()


def failures(session: Session, since: datetime, username: str | None = None,
             ip: str | None = None) -> tuple[int, datetime | None]:
    """(count, time of the last) failed logins since ``since`` for a login name, an address, or both."""
    q = select(func.count(), func.max(LoginAttempt.at)).where(LoginAttempt.at >= since)
    if username is not None:
        q = q.where(LoginAttempt.username == username.strip().lower())
    if ip is not None:
        q = q.where(LoginAttempt.ip == ip)
    count, last = session.execute(q).one()
    return int(count or 0), last


def clear_failures(session: Session, username: str, ip: str) -> None:
    """A successful login forgets the failures of that name from that address (not the others')."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == username.strip().lower(),
                                               LoginAttempt.ip == ip))


# --- server-side sessions ---------------------------------------------------------------------

def open_session(session: Session, session_id: str, user_id: int, ip: str, user_agent: str, now: datetime,
                 expires: datetime) -> WebSession:
    row = WebSession(id=session_id, user_id=user_id, created_at=now, expires_at=expires, ip=ip,
                     user_agent=user_agent[:200])
    session.add(row)
    session.flush()
    return row


def prune_sessions(session: Session, user_id: int, before: datetime) -> None:
    """Forget a user's sessions that started before ``before`` (long ended; older than the known-address memory)."""
    session.execute(delete(WebSession).where(WebSession.user_id == user_id, WebSession.created_at < before))


def session_user(session: Session, session_id: str, now: datetime) -> User | None:
    """The active user of a live session (not revoked, not expired), else None."""
    q = (select(User).join(WebSession, WebSession.user_id == User.id)
         .where(WebSession.id == session_id, WebSession.revoked_at.is_(None), WebSession.expires_at > now,
                User.active.is_(True)))
    return session.scalar(q)


def revoke_session(session: Session, session_id: str, now: datetime) -> None:
    session.execute(update(WebSession).where(WebSession.id == session_id, WebSession.revoked_at.is_(None))
                    .values(revoked_at=now))


def revoke_user_sessions(session: Session, user_id: int, now: datetime, keep: str | None = None) -> int:
    """End every live session of a user (but ``keep``); how many were ended."""
    q = update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None),
                                 WebSession.expires_at > now)
    if keep is not None:
        q = q.where(WebSession.id != keep)
    result = session.execute(q.values(revoked_at=now))
    return int(getattr(result, "rowcount", 0) or 0)


def live_sessions(session: Session, user_id: int, now: datetime) -> list[WebSession]:
    q = (select(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None),
                                  WebSession.expires_at > now).order_by(WebSession.created_at.desc()))
    return list(session.scalars(q))


def known_address(session: Session, user_id: int, ip: str, since: datetime) -> bool:
    """Whether the user logged in successfully from ``ip`` since ``since`` (a session was opened from it)."""
    q = select(WebSession.id).where(WebSession.user_id == user_id, WebSession.ip == ip,
                                    WebSession.created_at >= since).limit(1)
    return session.scalar(q) is not None
