"""Administration (quản trị): the audit log and user accounts (create, reset, deactivate, role, sessions)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from htx.access import ROLE_LABELS, ROLES
from htx.db import audit_repo, users_repo
from htx.services import UnitOfWork, accounts
from htx.web.deps import AdminUser, Id, SessionDep
from htx.web.routes import actor, render

router = APIRouter()
PAGE = 50


@router.get("/admin/audit")
def audit_log(request: Request, session: SessionDep, user: AdminUser, entity: str = "", who: str = "",
              page: int = 1) -> Response:
    page = max(page, 1)
    total, rows = audit_repo.browse(session, entity or None, who or None, PAGE, (page - 1) * PAGE)
    return render(request, "admin/audit.html", user, rows=rows, total=total, page=page,
                  pages=max(1, -(-total // PAGE)), entity=entity, who=who)


def _users_page(request: Request, session: SessionDep, user: AdminUser, error: str | None = None,
                status_code: int = 200) -> Response:
    now = datetime.now()
    users = users_repo.list_users(session)
    live = {u.id: len(users_repo.live_sessions(session, u.id, now)) for u in users}
    return render(request, "admin/users.html", user, status_code=status_code, users=users, roles=ROLES,
                  role_labels=ROLE_LABELS, error=error, live=live, done=request.query_params.get("done"))


@router.get("/admin/users")
def users_page(request: Request, session: SessionDep, user: AdminUser) -> Response:
    return _users_page(request, session, user)


@router.post("/admin/users")
def users_add(request: Request, session: SessionDep, user: AdminUser, username: Annotated[str, Form()],
              password: Annotated[str, Form()], role: Annotated[str, Form()], full_name: Annotated[str, Form()] = "",
              scope: Annotated[str, Form()] = "") -> Response:
    error = accounts.add_user(UnitOfWork.over(session), actor(request, user), username, password, role,
                              full_name, scope)
    if error:
        return _users_page(request, session, user, error, 422)
    return RedirectResponse("/admin/users?done=1", status_code=303)


def _after(request: Request, session: SessionDep, user: AdminUser, error: str | None) -> Response:
    if error:
        return _users_page(request, session, user, error, 422)
    return RedirectResponse("/admin/users?done=1", status_code=303)


@router.post("/admin/users/{user_id}/password")
def users_reset_password(request: Request, session: SessionDep, user: AdminUser, user_id: Id,
                         password: Annotated[str, Form()]) -> Response:
    error = accounts.reset_password(UnitOfWork.over(session), actor(request, user), user_id, password)
    request.app.state.basic_cache.clear()
    return _after(request, session, user, error)


@router.post("/admin/users/{user_id}/active")
def users_set_active(request: Request, session: SessionDep, user: AdminUser, user_id: Id,
                     active: Annotated[str, Form()]) -> Response:
    error = accounts.set_active(UnitOfWork.over(session), actor(request, user), user_id, active == "1")
    request.app.state.basic_cache.clear()
    return _after(request, session, user, error)


@router.post("/admin/users/{user_id}/role")
def users_change_role(request: Request, session: SessionDep, user: AdminUser, user_id: Id,
                      role: Annotated[str, Form()], scope: Annotated[str, Form()] = "") -> Response:
    error = accounts.change_role(UnitOfWork.over(session), actor(request, user), user_id, role, scope)
    return _after(request, session, user, error)


@router.post("/admin/users/{user_id}/sessions/revoke")
def users_revoke_sessions(request: Request, session: SessionDep, user: AdminUser, user_id: Id) -> Response:
    accounts.revoke_sessions(UnitOfWork.over(session), actor(request, user), user_id)
    return _after(request, session, user, None)
