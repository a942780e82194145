"""Login, logout and one's own password (đăng nhập, đăng xuất, đổi mật khẩu)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from htx.services import UnitOfWork, accounts
from htx.services.security import new_csrf_token
from htx.web.deps import CurrentUser, OptionalUser, SessionDep, client_ip
from htx.web.routes import actor, render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    return render(request, "login.html", user, next=_safe_next(next), error=None, username="")


@router.post("/login")
def login(request: Request, session: SessionDep, username: Annotated[str, Form()],
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    username = username.strip()
    result = accounts.log_in(UnitOfWork.over(session), username, password, client_ip(request),
                             user_agent=request.headers.get("user-agent", ""), open_session=True)
    if result.limited:
        page = render(request, "login.html", None, status_code=429, next=_safe_next(next), username=username,
                      error=f"Đăng nhập sai nhiều lần. Vui lòng chờ {result.retry_after} giây rồi thử lại.")
        page.headers["Retry-After"] = str(result.retry_after)
        return page
    if result.user_id is None or result.token is None:
        return render(request, "login.html", None, status_code=401, next=_safe_next(next), username=username,
                      error="Tên đăng nhập hoặc mật khẩu không đúng.")
    # a new session id at every login: a cookie planted before the login is worth nothing after it
    request.state.session = {"sid": result.token, "csrf": new_csrf_token()}
    request.state.session_changed = True
    target = "/account/password" if result.must_change_password else _safe_next(next)
    return RedirectResponse(target, status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    token = request.state.session.get("sid")
    accounts.log_out(UnitOfWork.over(session), actor(request, user), token if isinstance(token, str) else None)
    request.state.session = {"csrf": new_csrf_token()}
    request.state.session_changed = True
    return RedirectResponse("/login", status_code=303)


@router.get("/account/password")
def password_form(request: Request, user: CurrentUser) -> Response:
    return render(request, "account/password.html", user, error=None, done=request.query_params.get("done"))


@router.post("/account/password")
def change_password(request: Request, session: SessionDep, user: CurrentUser, current: Annotated[str, Form()],
                    new: Annotated[str, Form()], repeat: Annotated[str, Form()]) -> Response:
    token = request.state.session.get("sid")
    error = accounts.change_own_password(UnitOfWork.over(session), actor(request, user), current, new, repeat,
                                         keep_token=token if isinstance(token, str) else None)
    if error:
        return render(request, "account/password.html", user, status_code=422, error=error, done=None)
    return RedirectResponse("/account/password?done=1", status_code=303)
