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
from htx.services import UnitOfWork
from htx.services.accounts import log_in
from htx.services.security import CSRF_FIELD, CSRF_HEADER, tokens_match
from htx.settings import Settings

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


class LoginRequired(Exception):
    """No logged-in user: pages redirect to the login form, the API answers 401."""


class TooManyAttempts(Exception):
    """The login rate limit was hit."""


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
                     organisation_id=user.organisation_id)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "-"


basic_scheme = HTTPBasic(auto_error=False, description="Tên đăng nhập và mật khẩu của htx")


def _basic_user(request: Request, session: Session, credentials: HTTPBasicCredentials | None) -> Principal | None:
    """The user of HTTP Basic credentials (parsed by FastAPI's ``HTTPBasic``), checked under the rate limit."""
    if credentials is None:
        return None
    username, password = credentials.username, credentials.password
    cache = request.app.state.basic_cache
    uid = cache.get(username, password)
    if uid is None:
        result = log_in(UnitOfWork.over(session), username, password, client_ip(request), audit=False)
        if result.limited:
            raise TooManyAttempts()
        if result.user_id is None:
            raise LoginRequired()
        uid = result.user_id
        cache.put(username, password, uid)
    user = users_repo.get(session, uid)
    if user is None or not user.active:
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
        uid = request.state.session.get("uid")
        user = users_repo.get(session, uid) if isinstance(uid, int) else None
        principal = principal_of(user) if user is not None and user.active else None
    request.state.principal = principal
    return principal


def current_user(user: Annotated[Principal | None, Depends(optional_user)]) -> Principal:
    if user is None:
        raise LoginRequired()
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
