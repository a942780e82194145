"""Passwords (argon2) and their policy, session tokens, CSRF tokens, the login limiter and client addresses.

Sessions are server-side (``web_session``): the signed cookie carries a random token and the
CSRF token; the database keeps only the token's SHA-256, so revoking a row ends the session
everywhere a copy of the cookie went.

The login limiter (giới hạn đăng nhập) never locks an account: every failure makes the next
try from the same address, or at the same account, wait longer (2, 4, 8 … seconds, capped).
An address the user has already logged in from is not slowed by failures made elsewhere on
the account, so an attacker guessing an officer's password cannot keep the officer out.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
from collections.abc import Iterable
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

FAILURE_WINDOW = timedelta(minutes=15)  # failures older than this are forgotten
FREE_FAILURES = 3  # typos: the first three failures cost nothing
FIRST_DELAY = 2  # seconds after the fourth failure, doubling with each further one
ACCOUNT_MAX_DELAY = 300  # seconds: the longest wait failures on an account impose on unknown addresses
ADDRESS_MAX_DELAY = 900  # seconds: the longest wait an address imposes on itself
KNOWN_ADDRESS_DAYS = 90  # an address the user logged in from this recently is trusted by the account limit
MAX_FAILURES = FREE_FAILURES  # kept for callers of the former hard limit

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# --- password policy --------------------------------------------------------------------------

MIN_PASSWORD = 10
_TRIVIAL = ("0123456789", "1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "password",
            "matkhau")


def password_problem(password: str, username: str = "") -> str | None:
    """Why a password is refused (Vietnamese), or None: ≥ 10 characters, not trivial, not the user name."""
    if len(password) < MIN_PASSWORD:
        return f"Mật khẩu cần ít nhất {MIN_PASSWORD} ký tự."
    low = password.lower()
    if len(set(low)) < 4:
        return "Mật khẩu quá đơn giản (ít hơn 4 ký tự khác nhau, ví dụ aaaaaaaaaa)."
    if any(low in seq or low in seq[::-1] for seq in _TRIVIAL) or any(seq in low for seq in _TRIVIAL[:2] + _TRIVIAL[5:]):
        return "Mật khẩu quá dễ đoán (dãy phím, dãy số hoặc chữ 'password')."
    if username and username.strip().lower() in low:
        return "Mật khẩu không được chứa tên đăng nhập."
    return None


# --- cookies and tokens -----------------------------------------------------------------------

class SessionCodec:
    """Reads and writes the signed session cookie: ``{"sid": session token (logged in), "csrf": token}``."""

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


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def session_id(token: str) -> str:
    """What the database keeps of a session token (its SHA-256): a stolen table opens no session."""
    return hashlib.sha256(token.encode()).hexdigest()


def tokens_match(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))


# --- client address behind proxies ------------------------------------------------------------

def client_address(peer: str | None, forwarded_for: str | None, trusted: Iterable[str]) -> str:
    """The client's address: ``X-Forwarded-For`` is believed only when the peer is a configured proxy.

    Walking the header from the right, proxies we trust are skipped; the first other address is
    the client (anything the client wrote further left is ignored).
    """
    peer = peer or "-"
    networks = [ipaddress.ip_network(t.strip(), strict=False) for t in trusted if t.strip()]
    if not networks or not forwarded_for or not _in(peer, networks):
        return peer
    for hop in reversed([h.strip() for h in forwarded_for.split(",")]):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: trust only what we saw
        if not _in(hop, networks):
            return hop
    return peer


def _in(address: str, networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in n for n in networks)


# --- the login limiter ------------------------------------------------------------------------

def delay_after(failures: int, cap: int) -> int:
    """Seconds the next try waits after ``failures`` recent failures: 0, 0, 0, 2, 4, 8 … up to ``cap``."""
    if failures < FREE_FAILURES:
        return 0
    return int(min(FIRST_DELAY * 2 ** (failures - FREE_FAILURES), cap))


@dataclass
class LoginResult:
    user_id: int | None
    limited: bool = False
    retry_after: int = 0  # seconds, when limited
    reason: str = ""  # "address" or "account", when limited
    must_change_password: bool = False


def _wait(count: int, last: datetime | None, cap: int, now: datetime) -> int:
    if last is None:
        return 0
    remaining = (last + timedelta(seconds=delay_after(count, cap)) - now).total_seconds()
    return max(0, int(remaining + 0.999))


def login_wait(session: Session, username: str, ip: str, now: datetime) -> tuple[int, str]:
    """(seconds to wait, which limit) before a login of ``username`` from ``ip`` is even checked."""
    since = now - FAILURE_WINDOW
    wait_ip = _wait(*users_repo.failures(session, since, ip=ip), ADDRESS_MAX_DELAY, now)
    user = users_repo.get_by_username(session, username)
    if user is not None and users_repo.known_address(session, user.id, ip, now - timedelta(days=KNOWN_ADDRESS_DAYS)):
        counted = users_repo.failures(session, since, username=username, ip=ip)  # only this address's own tries
    else:
        counted = users_repo.failures(session, since, username=username)
    wait_account = _wait(*counted, ACCOUNT_MAX_DELAY, now)
    if wait_ip >= wait_account:
        return wait_ip, "address" if wait_ip else ""
    return wait_account, "account"


def check_login(session: Session, username: str, password: str, ip: str, now: datetime | None = None) -> LoginResult:
    """Verify credentials under the limiter (failures per account and per address, kept in the database)."""
    now = now or datetime.now()
    wait, reason = login_wait(session, username, ip, now)
    if wait:
        return LoginResult(None, limited=True, retry_after=wait, reason=reason)
    user = users_repo.get_by_username(session, username)
    if user is None or not user.active or not verify_password(user.password_hash, password):
        if user is None:  # same cost whether or not the user exists
            verify_password(_DUMMY_HASH, password)
        users_repo.record_failure(session, username, ip, now)
        return LoginResult(None)
    users_repo.clear_failures(session, username, ip)
    return LoginResult(user.id, must_change_password=user.must_change_password)


_DUMMY_HASH = hash_password("not-a-password")


class BasicCache:
    """Remembers recent successful HTTP Basic checks for a minute (argon2 is slow on purpose)."""

    def __init__(self, ttl: float = 60.0):
        self.ttl = ttl
        self._seen: dict[str, tuple[int, str, float]] = {}

    @staticmethod
    def _key(username: str, password: str) -> str:
        return hashlib.sha256(f"{username}\0{password}".encode()).hexdigest()

    def get(self, username: str, password: str) -> int | None:
        hit = self._seen.get(self._key(username, password))
        if hit and hit[2] > time.monotonic():
            return hit[0]
        return None

    def hash_of(self, username: str, password: str) -> str | None:
        """The password hash the remembered check was made against (a changed password misses)."""
        hit = self._seen.get(self._key(username, password))
        return hit[1] if hit and hit[2] > time.monotonic() else None

    def put(self, username: str, password: str, user_id: int, password_hash: str = "") -> None:
        self._seen[self._key(username, password)] = (user_id, password_hash, time.monotonic() + self.ttl)

    def clear(self) -> None:
        """Forget every remembered check (a password changed or a user was deactivated)."""
        self._seen.clear()
