"""Use cases of accounts (tài khoản): log in (rate-limited), log out, add a user."""

from __future__ import annotations

from htx.access import ROLES
from htx.db import audit_repo, users_repo
from htx.services.audit import Actor, log
from htx.services.security import LoginResult, check_login, hash_password
from htx.services.uow import UnitOfWork


def log_in(uow: UnitOfWork, username: str, password: str, ip: str, audit: bool = True) -> LoginResult:
    """Check the credentials under the rate limit and keep the outcome (failures count; a success is logged)."""
    result = check_login(uow.session, username, password, ip)
    user = users_repo.get(uow.session, result.user_id) if result.user_id is not None else None
    if user is not None and audit:
        audit_repo.record(uow.session, user.username, "login", "user", user.id, ip=ip)
    uow.commit()
    return result


def log_out(uow: UnitOfWork, actor: Actor) -> None:
    if actor.user is not None:
        log(uow, actor, "logout", "user", actor.user.id)
        uow.commit()


def add_user(uow: UnitOfWork, actor: Actor, username: str, password: str, role: str, full_name: str = "",
             scope: str = "") -> str | None:
    """Create a user; the Vietnamese reason when refused (nothing written then)."""
    username, scope = username.strip(), scope.strip()
    if not username or users_repo.get_by_username(uow.session, username):
        return "Tên đăng nhập trống hoặc đã có."
    if len(password) < 10:
        return "Mật khẩu cần ít nhất 10 ký tự."
    if role not in ROLES:
        return "Vai trò không hợp lệ."
    new = users_repo.add_user(uow.session, username, hash_password(password), role, full_name,
                              province_code=scope if role == "province" else None,
                              commune_code=scope if role == "commune" else None,
                              organisation_id=int(scope) if role == "coop" and scope.isdigit() else None)
    log(uow, actor, "create", "user", new.id, None, {"username": username, "role": role, "scope": scope})
    uow.commit()
    return None
