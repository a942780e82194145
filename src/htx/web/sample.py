"""Sample users (tài khoản mẫu): one per role, for trying the application (``htx sample load``)."""

from __future__ import annotations

import logging
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from htx.access import ROLE_LABELS
from htx.db import users_repo
from htx.db.models import Organisation
from htx.web.security import hash_password, verify_password

log = logging.getLogger("uvicorn.error")


@cache
def sample_definitions() -> list[dict[str, Any]]:
    raw = yaml.safe_load((resources.files("htx.web") / "data" / "sample_users.yaml").read_text("utf-8"))
    return list(raw)


def _busiest_commune(session: Session, province: str) -> str | None:
    q = (select(Organisation.commune_code, func.count()).where(Organisation.province_code == province,
                                                               Organisation.commune_code.is_not(None))
         .group_by(Organisation.commune_code).order_by(func.count().desc(), Organisation.commune_code).limit(1))
    row = session.execute(q).first()
    return str(row[0]) if row else None


def _first_coop(session: Session, province: str, commune: str | None) -> Organisation | None:
    q = select(Organisation).where(Organisation.province_code == province, Organisation.kind == "HTX")
    if commune:
        q = q.where(Organisation.commune_code == commune)
    return session.scalar(q.order_by(Organisation.id).limit(1))


def ensure_sample_users(session: Session, must_change_password: bool = False) -> list[dict[str, Any]]:
    """Create the sample users that are missing; returns every definition with what it points at.

    ``must_change_password``: their printed passwords must be replaced at the first login
    (``htx sample load``, i.e. ``make run``, asks for it; test fixtures do not).
    """
    out = []
    for d in sample_definitions():
        info = dict(d)
        user = users_repo.get_by_username(session, d["username"])
        if user is None:
            commune = org_id = None
            if d.get("commune_of_province"):
                commune = _busiest_commune(session, d["commune_of_province"])
            if d.get("coop_of_province"):
                org = _first_coop(session, d["coop_of_province"], _busiest_commune(session, d["coop_of_province"]))
                org_id = org.id if org else None
            user = users_repo.add_user(session, d["username"], hash_password(d["password"]), d["role"],
                                       d.get("full_name", ""), province_code=d.get("province_code"),
                                       commune_code=commune, organisation_id=org_id, sample=True,
                                       must_change_password=must_change_password)
            info["created"] = True
        info["scope"] = user.province_code or user.commune_code or (f"HTX #{user.organisation_id}" if user.organisation_id else "toàn quốc")
        out.append(info)
    return out


def load_sample_users(console: Any) -> None:
    """Hook of ``htx sample load``: create the sample users and print their logins."""
    from rich.table import Table

    from htx.bootstrap import sessions
    from htx.db.engine import unit_of_work

    with unit_of_work(sessions()) as s:
        infos = ensure_sample_users(s, must_change_password=True)
    t = Table(title="Tài khoản mẫu / sample logins")
    for col in ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Phạm vi"):
        t.add_column(col)
    for i in infos:
        t.add_row(i["username"], i["password"], ROLE_LABELS.get(i["role"], i["role"]), i["scope"])
    console.print(t)


def sample_logins(factory: sessionmaker[Session]) -> list[tuple[str, str, str]]:
    """(username, password, role) of sample users that still have their sample password."""
    wanted = {d["username"]: d for d in sample_definitions()}
    out = []
    with factory() as s:
        for user in users_repo.sample_users(s):
            d = wanted.get(user.username)
            if d and user.active and verify_password(user.password_hash, d["password"]):
                out.append((user.username, d["password"], user.role))
    return out


def log_sample_logins(factory: sessionmaker[Session]) -> None:
    try:
        logins = sample_logins(factory)
    except Exception as exc:  # database not migrated yet: say so instead of failing to start
        log.warning("htx: chưa đọc được người dùng (%s); chạy `htx db upgrade`", type(exc).__name__)
        return
    if logins:
        text = ", ".join(f"{u} / {p} ({ROLE_LABELS.get(r, r)})" for u, p, r in logins)
        log.info("htx: tài khoản mẫu / sample logins: %s", text)
