"""Request dependencies: database session, current user, CSRF check, templates (``SessionDep``, ``CurrentUser``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Path, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from sqlalchemy.orm import Session, sessionmaker

from htx.access import Principal
from htx.db import users_repo
from htx.db.models_web import User
from htx.services import UnitOfWork, accounts
from htx.services.accounts import log_in
from htx.services.security import CSRF_FIELD, CSRF_HEADER, BasicCache, client_address, tokens_match
from htx.settings import Settings

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """No logged-in user: pages redirect to the login form, the API answers 401."""


class TooManyAttempts(Exception):
    """The login limiter asks this client to wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int = 60):
        super().__init__(retry_after)
        self.retry_after = retry_after


class PasswordChangeRequired(Exception):
    """The user logs in with a printed or reset password: pages lead to the change form, the API answers 403."""


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    with factory() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]


def principal_of(user: User) -> Principal:
    return Principal(id=user.id, username=user.username, role=user.role, full_name=user.full_name,
                     province_code=user.province_code, commune_code=user.commune_code,
                     organisation_id=user.organisation_id, must_change_password=user.must_change_password)


def client_ip(request: Request) -> str:
    """The client's address; ``X-Forwarded-For`` counts only from the proxies of ``HTX_TRUSTED_PROXIES``."""
    settings: Settings = request.app.state.settings
    peer = request.client.host if request.client else None
    return client_address(peer, request.headers.get("x-forwarded-for"), settings.proxies)


def verify_password_cached(password_hash: str, cache: BasicCache, username: str, password: str) -> bool:
    """Whether the remembered Basic check still holds: the password was not changed since."""
    return cache.hash_of(username, password) == password_hash


basic_scheme = HTTPBasic(auto_error=False, description="Tên đăng nhập và mật khẩu của htx")


def _basic_user(request: Request, session: Session, credentials: HTTPBasicCredentials | None) -> Principal | None:
    """The user of HTTP Basic credentials (parsed by FastAPI's ``HTTPBasic``), checked under the rate limit."""
    if credentials is None:
        return None
    username, password = credentials.username, credentials.password
    cache = request.app.state.basic_cache
    uid = cache.get(username, password)
    user = users_repo.get(session, uid) if uid is not None else None
    if user is None or not verify_password_cached(user.password_hash, cache, username, password):
        result = log_in(UnitOfWork.over(session), username, password, client_ip(request), audit=False)
        if result.limited:
            raise TooManyAttempts(result.retry_after)
        if result.user_id is None:
            raise LoginRequired()
        user = users_repo.get(session, result.user_id)
        if user is None:
            raise LoginRequired()
        cache.put(username, password, user.id, user.password_hash)
    if not user.active:
        raise LoginRequired()
    request.state.basic_auth = True
    return principal_of(user)


def optional_user(request: Request, session: SessionDep,
                  credentials: Annotated[HTTPBasicCredentials | None, Depends(basic_scheme)]) -> Principal | None:
    """The user of the session cookie or of HTTP Basic credentials, else None."""
    cached = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    principal = _basic_user(request, session, credentials)
    if principal is None:
        token = request.state.session.get("sid")
        user = accounts.session_user(UnitOfWork.over(session), token) if isinstance(token, str) else None
        principal = principal_of(user) if user is not None else None
    request.state.principal = principal
    return principal


# what a user who must change its password may still open
PASSWORD_CHANGE_PATHS = ("/account/password", "/logout", "/api/v1/me")


def current_user(request: Request, user: Annotated[Principal | None, Depends(optional_user)]) -> Principal:
    if user is None:
        raise LoginRequired()
    if user.must_change_password and request.url.path not in PASSWORD_CHANGE_PATHS:
        raise PasswordChangeRequired()
    return user


def admin_user(user: Annotated[Principal, Depends(current_user)]) -> Principal:
    if not user.is_admin:
        from htx.access import Forbidden

        raise Forbidden("Chỉ quản trị viên toàn quốc được dùng chức năng này.")
    return user


OptionalUser = Annotated[Principal | None, Depends(optional_user)]
CurrentUser = Annotated[Principal, Depends(current_user)]
AdminUser = Annotated[Principal, Depends(admin_user)]


async def csrf_protect(request: Request) -> None:
    """Every state-changing request made with the session cookie carries the session's CSRF token.

    The token comes in the ``X-CSRF-Token`` header (htmx sends it via ``hx-headers``) or the
    ``csrf_token`` form field. Requests authenticated by HTTP Basic carry no cookie and need none.
    """
    if request.method not in UNSAFE:
        return
    if request.headers.get("authorization", "").lower().startswith("basic "):
        return
    expected = request.state.session.get("csrf")
    given = request.headers.get(CSRF_HEADER)
    if not given and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not tokens_match(expected, given):
        raise HTTPException(status_code=403, detail="Phiên làm việc không hợp lệ (CSRF); hãy tải lại trang.")


def audit_ip(request: Request) -> str:
    return client_ip(request)


def context(request: Request, user: Principal | None, **extra: Any) -> dict[str, Any]:
    """What every page template receives."""
    return {"request": request, "user": user, "csrf_token": request.state.session.get("csrf", ""), **extra}

# A database id in a URL: bounded so a huge number is a 422, never a database overflow.
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


# Content-Security-Policy of every page: scripts and styles from this site only. Inline event
# attributes (onchange="this.form.submit()") are still allowed (script-src-attr) until the
# templates move them to app.js; inline <script> blocks and other sites' scripts are not.
CSP = ("default-src 'self'; script-src 'self'; script-src-attr 'unsafe-inline'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
# FastAPI's /docs and /redoc pages load Swagger UI / ReDoc from jsDelivr with an inline start-up script
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
            "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'")


def security_headers(path: str, https: bool) -> dict[str, str]:
    """Headers every response carries (CSP, Referrer-Policy, no sniffing, no framing; HSTS over HTTPS)."""
    headers = {"Content-Security-Policy": DOCS_CSP if path in ("/docs", "/redoc") else CSP,
               "Referrer-Policy": "strict-origin-when-cross-origin", "X-Content-Type-Options": "nosniff",
               "X-Frame-Options": "DENY"}
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers
