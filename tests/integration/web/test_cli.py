"""``htx user add/list/passwd`` and the sample logins printed at start."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app


def test_user_commands_and_sample_logins(cli_env: str, sample: sessionmaker[Session]) -> None:
    from htx.web.sample import sample_logins

    runner = CliRunner()
    assert {u for u, _, _ in sample_logins(sample)} == {"admin", "langson", "bacninh", "xa", "htx"}
    r = runner.invoke(app, ["user", "add", "canbo", "--role", "province", "--province", "4",
                            "--password", "mat-khau-dai-1", "--full-name", "Cán bộ Cao Bằng"])
    assert r.exit_code == 0, r.output
    assert runner.invoke(app, ["user", "add", "canbo", "--role", "province", "--province", "4",
                               "--password", "mat-khau-dai-1"]).exit_code != 0
    assert runner.invoke(app, ["user", "add", "ngan", "--role", "admin", "--password", "ngan"]).exit_code != 0
    users = json.loads(runner.invoke(app, ["user", "list", "--json"]).stdout)
    assert {"username": "canbo", "role": "province", "province_code": "04"}.items() <= next(
        u for u in users if u["username"] == "canbo").items()
    r = runner.invoke(app, ["user", "passwd", "langson", "--password", "mat-khau-moi-2"])
    assert r.exit_code == 0, r.output
    assert "langson" not in {u for u, _, _ in sample_logins(sample)}  # no longer printed at start
