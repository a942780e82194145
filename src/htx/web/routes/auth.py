"""Login and logout pages (đăng nhập)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from htx.web.deps import OptionalUser, SessionDep, client_ip
from htx.web.routes import audit, render
from htx.web.security import check_login, new_csrf_token

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
    result = check_login(session, username, password, client_ip(request))
    if result.limited:
        session.commit()
        return render(request, "login.html", None, status_code=429, next=_safe_next(next), username=username,
                      error="Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 5 phút.")
    if result.user_id is None:
        session.commit()
        return render(request, "login.html", None, status_code=401, next=_safe_next(next), username=username,
                      error="Tên đăng nhập hoặc mật khẩu không đúng.")
    request.state.session = {"uid": result.user_id, "csrf": new_csrf_token()}
    request.state.session_changed = True
    from htx.db import users_repo
    from htx.web.deps import principal_of

    user = users_repo.get(session, result.user_id)
    assert user is not None
    audit(session, request, principal_of(user), "login", "user", user.id)
    session.commit()
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    if user is not None:
        audit(session, request, user, "logout", "user", user.id)
        session.commit()
    request.state.session = {"csrf": new_csrf_token()}
    request.state.session_changed = True
    return RedirectResponse("/login", status_code=303)
