"""Use cases of accounts (tài khoản): log in (limited), log out, sessions, add and manage users, passwords.

Every change to an account is in the audit log; so are failed logins and delayed tries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from htx.access import ROLES, Forbidden
from htx.db import users_repo
from htx.db.models_web import User
from htx.geo import gazetteer
from htx.services.audit import Actor, log
from htx.services.security import (
    KNOWN_ADDRESS_DAYS,
    SESSION_MAX_AGE,
    LoginResult,
    check_login,
    hash_password,
    new_session_token,
    password_problem,
    session_id,
    verify_password,
)
from htx.services.uow import UnitOfWork


@dataclass
class Login(LoginResult):
    token: str | None = None  # the new session's token (goes into the cookie), when a session was opened


def log_in(uow: UnitOfWork, username: str, password: str, ip: str, audit: bool = True, user_agent: str = "",
           open_session: bool = False) -> Login:
    """Check the credentials under the limiter; log failures and delays; open a server-side session if asked."""
    now = datetime.now()
    result = check_login(uow.session, username, password, ip, now)
    out = Login(**vars(result))
    name = username.strip()[:80]
    if result.limited:
        uow.audit(name, "login_delayed", "user", None, ip=ip,
                  note=f"chờ {result.retry_after} giây (giới hạn theo {'địa chỉ' if result.reason == 'address' else 'tài khoản'})")
    elif result.user_id is None:
        uow.audit(name, "login_failed", "user", None, ip=ip)
    else:
        user = users_repo.get(uow.session, result.user_id)
        assert user is not None
        if open_session:
            users_repo.prune_sessions(uow.session, user.id, now - timedelta(days=KNOWN_ADDRESS_DAYS))
            out.token = new_session_token()
            users_repo.open_session(uow.session, session_id(out.token), user.id, ip, user_agent, now,
                                    now + timedelta(seconds=SESSION_MAX_AGE))
        if audit:
            uow.audit(user.username, "login", "user", user.id, ip=ip)
    uow.commit()
    return out


def session_user(uow: UnitOfWork, token: str) -> User | None:
    """The active user of a live session token, else None."""
    return users_repo.session_user(uow.session, session_id(token), datetime.now())


def log_out(uow: UnitOfWork, actor: Actor, token: str | None = None) -> None:
    """End the session (a copy of the cookie stops working too)."""
    if token:
        users_repo.revoke_session(uow.session, session_id(token), datetime.now())
    if actor.user is not None:
        log(uow, actor, "logout", "user", actor.user.id)
    uow.commit()


# --- administration -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Scope:
    """The place or organisation a role covers (the user's scope columns)."""

    province_code: str | None = None
    commune_code: str | None = None
    organisation_id: int | None = None


def scope_problem(uow: UnitOfWork, role: str, scope: str) -> tuple[str | None, Scope]:
    """(Vietnamese reason, empty scope) for a scope that does not fit the role, else (None, the scope)."""
    scope = scope.strip()
    if role not in ROLES:
        return "Vai trò không hợp lệ.", Scope()
    gaz = gazetteer()
    if role == "province":
        code = scope.zfill(2) if scope.isdigit() else scope
        if not scope or gaz.get("new", "province", code) is None:
            return f"Mã tỉnh '{scope}' không có trong danh mục 34 tỉnh, thành phố mới.", Scope()
        return None, Scope(province_code=code)
    if role == "commune":
        code = scope.zfill(5) if scope.isdigit() else scope
        if not scope or gaz.get("new", "commune", code) is None:
            return f"Mã xã '{scope}' không có trong danh mục xã, phường mới.", Scope()
        return None, Scope(commune_code=code)
    if role == "coop":
        if not scope.isdigit() or len(scope) > 9 or uow.organisations.get(int(scope)) is None:
            return f"Không có tổ chức số '{scope}' trong sổ đăng ký.", Scope()
        return None, Scope(organisation_id=int(scope))
    return None, Scope()


def add_user(uow: UnitOfWork, actor: Actor, username: str, password: str, role: str, full_name: str = "",
             scope: str = "") -> str | None:
    """Create a user; the Vietnamese reason when refused (nothing written then)."""
    username = username.strip()
    if not username or len(username) > 80 or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
        return "Tên đăng nhập trống, quá dài hoặc có ký tự không hợp lệ (chỉ chữ, số, . - _)."
    if users_repo.get_by_username(uow.session, username):
        return f"Tên đăng nhập '{username}' đã có (không phân biệt chữ hoa, chữ thường)."
    problem = password_problem(password, username)
    if problem:
        return problem
    problem, where = scope_problem(uow, role, scope)
    if problem:
        return problem
    new = users_repo.add_user(uow.session, username, hash_password(password), role, full_name.strip()[:160],
                              province_code=where.province_code, commune_code=where.commune_code,
                              organisation_id=where.organisation_id)
    log(uow, actor, "create", "user", new.id, None, {"username": username, "role": role, "scope": scope.strip()})
    uow.commit()
    return None


def _target(uow: UnitOfWork, actor: Actor, user_id: int) -> User:
    if actor.user is None or not actor.user.is_admin:
        raise Forbidden("Chỉ quản trị viên toàn quốc được quản lý tài khoản.")
    user = users_repo.get(uow.session, user_id)
    if user is None:
        from htx.access import NotFound

        raise NotFound(f"Không có người dùng số {user_id}.")
    return user


def reset_password(uow: UnitOfWork, actor: Actor, user_id: int, password: str) -> str | None:
    """An admin sets a temporary password: the user must change it at the next login; its sessions end."""
    user = _target(uow, actor, user_id)
    problem = password_problem(password, user.username)
    if problem:
        return problem
    user.password_hash = hash_password(password)
    user.must_change_password = True
    ended = users_repo.revoke_user_sessions(uow.session, user.id, datetime.now())
    log(uow, actor, "reset_password", "user", user.id, None, {"sessions_ended": ended})
    uow.commit()
    return None


def set_active(uow: UnitOfWork, actor: Actor, user_id: int, active: bool) -> str | None:
    """Deactivate (its sessions end at once) or reactivate an account; an admin cannot deactivate itself."""
    user = _target(uow, actor, user_id)
    if not active and actor.user is not None and user.id == actor.user.id:
        return "Không thể tự khóa tài khoản của chính mình."
    if user.active == active:
        return None
    user.active = active
    ended = users_repo.revoke_user_sessions(uow.session, user.id, datetime.now()) if not active else 0
    log(uow, actor, "activate" if active else "deactivate", "user", user.id, {"active": not active},
        {"active": active, "sessions_ended": ended})
    uow.commit()
    return None


def change_role(uow: UnitOfWork, actor: Actor, user_id: int, role: str, scope: str) -> str | None:
    """Give a user another role and scope (checked like a new user's); its sessions end."""
    user = _target(uow, actor, user_id)
    if actor.user is not None and user.id == actor.user.id and role != "admin":
        return "Không thể tự bỏ quyền quản trị của chính mình."
    problem, where = scope_problem(uow, role, scope)
    if problem:
        return problem
    old = {"role": user.role, "province_code": user.province_code, "commune_code": user.commune_code,
           "organisation_id": user.organisation_id}
    user.role = role
    user.province_code, user.commune_code = where.province_code, where.commune_code
    user.organisation_id = where.organisation_id
    new = {"role": role, "province_code": where.province_code, "commune_code": where.commune_code,
           "organisation_id": where.organisation_id}
    ended = users_repo.revoke_user_sessions(uow.session, user.id, datetime.now())
    log(uow, actor, "change_role", "user", user.id, old, {**new, "sessions_ended": ended})
    uow.commit()
    return None


def revoke_sessions(uow: UnitOfWork, actor: Actor, user_id: int) -> int:
    """End every live session of a user (an admin's act): how many."""
    user = _target(uow, actor, user_id)
    ended = users_repo.revoke_user_sessions(uow.session, user.id, datetime.now())
    log(uow, actor, "revoke_sessions", "user", user.id, None, {"sessions_ended": ended})
    uow.commit()
    return ended


def change_own_password(uow: UnitOfWork, actor: Actor, current: str, new: str, repeat: str,
                        keep_token: str | None = None) -> str | None:
    """A user replaces its password (the current one is asked again); its other sessions end."""
    if actor.user is None:
        raise Forbidden("Cần đăng nhập.")
    user = users_repo.get(uow.session, actor.user.id)
    if user is None or not verify_password(user.password_hash, current):
        return "Mật khẩu hiện tại không đúng."
    if new != repeat:
        return "Hai lần nhập mật khẩu mới không khớp."
    if verify_password(user.password_hash, new):
        return "Mật khẩu mới phải khác mật khẩu cũ."
    problem = password_problem(new, user.username)
    if problem:
        return problem
    user.password_hash = hash_password(new)
    user.must_change_password = False
    ended = users_repo.revoke_user_sessions(uow.session, user.id, datetime.now(),
                                            keep=session_id(keep_token) if keep_token else None)
    log(uow, actor, "change_password", "user", user.id, None, {"other_sessions_ended": ended})
    uow.commit()
    return None
