"""Storage of web users and failed logins (the login rate limit reads them back)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from htx.db.models_web import LoginAttempt, User


def get_by_username(session: Session, username: str) -> User | None:
    return session.scalar(select(User).where(User.username == username))


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.role, User.username)))


def add_user(session: Session, username: str, password_hash: str, role: str, full_name: str = "",
             province_code: str | None = None, commune_code: str | None = None,
             organisation_id: int | None = None, sample: bool = False) -> User:
    user = User(username=username, password_hash=password_hash, role=role, full_name=full_name,
                province_code=province_code, commune_code=commune_code, organisation_id=organisation_id,
                sample=sample, active=True)
    session.add(user)
    session.flush()
    return user


def sample_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(User.sample.is_(True)).order_by(User.id)))


def record_failure(session: Session, username: str, ip: str, at: datetime) -> None:
    session.add(LoginAttempt(username=username, ip=ip, at=at))
    session.flush()


def recent_failures(session: Session, username: str, ip: str, since: datetime) -> int:
    q = select(func.count()).where(LoginAttempt.username == username, LoginAttempt.ip == ip, LoginAttempt.at >= since)
    return int(session.scalar(q) or 0)


def clear_failures(session: Session, username: str, ip: str, older_than: timedelta | None = None) -> None:
    q = delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.ip == ip)
    if older_than is not None:
        q = q.where(LoginAttempt.at < datetime.now() - older_than)
    session.execute(q)
