"""Passwords (argon2), signed session cookies, CSRF tokens and the login rate limit."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from htx.db import users_repo

SESSION_COOKIE = "htx_session"
SESSION_MAX_AGE = 12 * 3600
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=5)

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class SessionCodec:
    """Reads and writes the signed session cookie: ``{"uid": user id or None, "csrf": token}``."""

    def __init__(self, secret: str):
        self.serializer = URLSafeTimedSerializer(secret, salt="htx-session")

    def load(self, cookie: str | None) -> dict[str, Any]:
        if not cookie:
            return {}
        try:
            data = self.serializer.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return {}
        return data if isinstance(data, dict) else {}

    def dump(self, data: dict[str, Any]) -> str:
        return self.serializer.dumps(data)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))


@dataclass
class LoginResult:
    user_id: int | None
    limited: bool = False


def check_login(session: Session, username: str, password: str, ip: str) -> LoginResult:
    """Verify credentials under the rate limit (failures per user and IP, kept in the database)."""
    now = datetime.now()
    if users_repo.recent_failures(session, username, ip, now - FAILURE_WINDOW) >= MAX_FAILURES:
        return LoginResult(None, limited=True)
    user = users_repo.get_by_username(session, username)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        if user is None:  # same cost whether or not the user exists
            verify_password(_DUMMY_HASH, password)
        users_repo.record_failure(session, username, ip, now)
        return LoginResult(None)
    users_repo.clear_failures(session, username, ip)
    return LoginResult(user.id)


_DUMMY_HASH = hash_password("not-a-password")


class BasicCache:
    """Remembers recent successful HTTP Basic checks for a minute (argon2 is slow on purpose)."""

    def __init__(self, ttl: float = 60.0):
        self.ttl = ttl
        self._seen: dict[str, tuple[int, float]] = {}

    @staticmethod
    def _key(username: str, password: str) -> str:
        return hashlib.sha256(f"{username}\0{password}".encode()).hexdigest()

    def get(self, username: str, password: str) -> int | None:
        hit = self._seen.get(self._key(username, password))
        if hit and hit[1] > time.monotonic():
            return hit[0]
        return None

    def put(self, username: str, password: str, user_id: int) -> None:
        self._seen[self._key(username, password)] = (user_id, time.monotonic() + self.ttl)
