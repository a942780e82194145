"""Passwords, login checks, session cookies and CSRF live in :mod:`htx.services.security`; re-exported."""

from htx.services.security import (
    CSRF_FIELD,
    CSRF_HEADER,
    FAILURE_WINDOW,
    MAX_FAILURES,
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    BasicCache,
    LoginResult,
    SessionCodec,
    check_login,
    hash_password,
    new_csrf_token,
    tokens_match,
    verify_password,
)

__all__ = ["CSRF_FIELD", "CSRF_HEADER", "FAILURE_WINDOW", "MAX_FAILURES", "SESSION_COOKIE", "SESSION_MAX_AGE",
           "BasicCache", "LoginResult", "SessionCodec", "check_login", "hash_password", "new_csrf_token",
           "tokens_match", "verify_password"]
