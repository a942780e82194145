"""``htx user add/list/passwd``: manage web users from the command line (administrators)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    user_app = typer.Typer(help="Người dùng ứng dụng web / web users.", no_args_is_help=True)
    app.add_typer(user_app, name="user")

    @user_app.command("add")
    def add(username: Annotated[str, typer.Argument(help="Login name.")],
            role: Annotated[str, typer.Option(help="admin, province, commune or coop.")] = "province",
            province: Annotated[str | None, typer.Option(help="New-era province code (role province).")] = None,
            commune: Annotated[str | None, typer.Option(help="New-era commune code (role commune).")] = None,
            organisation: Annotated[int | None, typer.Option(help="Organisation id (role coop).")] = None,
            full_name: Annotated[str, typer.Option(help="Full name.")] = "",
            password: Annotated[str | None, typer.Option(help="Password (asked when omitted).")] = None) -> None:
        """Create a user."""
        from rich.console import Console

        from htx.access import ROLES
        from htx.bootstrap import sessions
        from htx.services import UnitOfWork, accounts
        from htx.services.audit import Actor

        console = Console()
        if role not in ROLES:
            raise typer.BadParameter(f"role must be one of {', '.join(ROLES)}")
        if role == "province" and not province or role == "commune" and not commune or role == "coop" and not organisation:
            raise typer.BadParameter("this role needs its scope (--province, --commune or --organisation)")
        pw = password or typer.prompt("Mật khẩu / password", hide_input=True, confirmation_prompt=True)
        scope = {"province": province, "commune": commune, "coop": str(organisation or "")}.get(role) or ""
        # the same checks as the admin page: password policy, case-insensitive names, existing scope
        with UnitOfWork(sessions()) as uow:
            error = accounts.add_user(uow, Actor("cli"), username, pw, role, full_name, scope)
        if error:
            raise typer.BadParameter(error)
        console.print(f"[green]Đã tạo người dùng / created[/] {username} ({role})")

    @user_app.command("list")
    def list_(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
        """List users."""
        import json
        import sys

        from rich.console import Console
        from rich.table import Table

        from htx.bootstrap import sessions
        from htx.db import users_repo

        with sessions()() as s:
            users = [{"username": u.username, "role": u.role, "full_name": u.full_name,
                      "province_code": u.province_code, "commune_code": u.commune_code,
                      "organisation_id": u.organisation_id, "active": u.active, "sample": u.sample}
                     for u in users_repo.list_users(s)]
        if as_json:
            sys.stdout.write(json.dumps(users, ensure_ascii=False) + "\n")
            return
        t = Table(title=f"{len(users)} người dùng / users")
        for col in ("username", "role", "full_name", "province_code", "commune_code", "organisation_id"):
            t.add_column(col)
        for u in users:
            t.add_row(*[str(u[c] or "") for c in ("username", "role", "full_name", "province_code", "commune_code",
                                                   "organisation_id")])
        Console().print(t)

    @user_app.command("passwd")
    def passwd(username: Annotated[str, typer.Argument(help="Login name.")],
               password: Annotated[str | None, typer.Option(help="New password (asked when omitted).")] = None) -> None:
        """Set a user's password."""
        from datetime import datetime

        from rich.console import Console

        from htx.bootstrap import sessions
        from htx.db import audit_repo, users_repo
        from htx.db.engine import unit_of_work
        from htx.services.security import password_problem
        from htx.web.security import hash_password

        pw = password or typer.prompt("Mật khẩu mới / new password", hide_input=True, confirmation_prompt=True)
        problem = password_problem(pw, username)
        if problem:
            raise typer.BadParameter(problem)
        with unit_of_work(sessions()) as s:
            u = users_repo.get_by_username(s, username)
            if u is None:
                raise typer.BadParameter(f"no user {username}")
            u.password_hash = hash_password(pw)
            u.must_change_password = False
            ended = users_repo.revoke_user_sessions(s, u.id, datetime.now())  # a new password ends old sessions
            audit_repo.record(s, "cli", "passwd", "user", u.id, None, {"sessions_ended": ended})
        Console().print(f"[green]Đã đổi mật khẩu / password changed[/] {username}")
