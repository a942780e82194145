"""Administration (quản trị): the audit log and user accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from htx.access import ROLE_LABELS, ROLES
from htx.db import audit_repo, users_repo
from htx.services import UnitOfWork, accounts
from htx.web.deps import AdminUser, SessionDep
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


@router.get("/admin/users")
def users_page(request: Request, session: SessionDep, user: AdminUser) -> Response:
    return render(request, "admin/users.html", user, users=users_repo.list_users(session), roles=ROLES,
                  role_labels=ROLE_LABELS, error=None)


@router.post("/admin/users")
def users_add(request: Request, session: SessionDep, user: AdminUser, username: Annotated[str, Form()],
              password: Annotated[str, Form()], role: Annotated[str, Form()], full_name: Annotated[str, Form()] = "",
              scope: Annotated[str, Form()] = "") -> Response:
    error = accounts.add_user(UnitOfWork.over(session), actor(request, user), username, password, role,
                              full_name, scope)
    if error:
        return render(request, "admin/users.html", user, status_code=422, users=users_repo.list_users(session),
                      roles=ROLES, role_labels=ROLE_LABELS, error=error)
    return RedirectResponse("/admin/users", status_code=303)
