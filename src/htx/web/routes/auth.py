"""Login and logout pages (đăng nhập)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from htx.services import UnitOfWork, accounts
from htx.services.security import new_csrf_token
from htx.web.deps import OptionalUser, SessionDep, client_ip
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
    result = accounts.log_in(UnitOfWork.over(session), username, password, client_ip(request))
    if result.limited:
        return render(request, "login.html", None, status_code=429, next=_safe_next(next), username=username,
                      error="Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 5 phút.")
    if result.user_id is None:
        return render(request, "login.html", None, status_code=401, next=_safe_next(next), username=username,
                      error="Tên đăng nhập hoặc mật khẩu không đúng.")
    request.state.session = {"uid": result.user_id, "csrf": new_csrf_token()}
    request.state.session_changed = True
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    accounts.log_out(UnitOfWork.over(session), actor(request, user))
    request.state.session = {"csrf": new_csrf_token()}
    request.state.session_changed = True
    return RedirectResponse("/login", status_code=303)
