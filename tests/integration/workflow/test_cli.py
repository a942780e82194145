"""``htx workflow``: status, submit, approve, reopen (role-checked as on the pages), completeness, due, calendar."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app
from htx.db import users_repo

from .helpers import COMMUNE, COMMUNE_KEY, PROVINCE

runner = CliRunner()


def _users(db: sessionmaker[Session]) -> None:
    with db() as s:
        users_repo.add_user(s, "xa", "-", "commune", province_code=PROVINCE, commune_code=COMMUNE)
        users_repo.add_user(s, "tinh", "-", "province", province_code=PROVINCE)
        users_repo.add_user(s, "quantri", "-", "admin")
        s.commit()


def _json(args: list[str]) -> object:
    out = runner.invoke(app, ["workflow", *args, "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def test_chain_from_the_command_line(cli_env: str, db: sessionmaker[Session]) -> None:
    _users(db)
    status = _json(["status", "--place", COMMUNE_KEY, "--period", "2025-H2", "--user", "xa"])
    assert isinstance(status, list) and status[0]["state"] == "owed" and status[0]["actions"] == ["submit"]
    sub = _json(["submit", "--dataset", "half_year", "--period", "2025-H2", "--place", COMMUNE_KEY, "--user", "xa"])
    assert isinstance(sub, dict) and sub["state"] == "submitted"
    refused = runner.invoke(app, ["workflow", "approve", str(sub["id"]), "--user", "xa"])
    assert refused.exit_code == 1 and "không có quyền" in refused.output
    assert _json(["approve", str(sub["id"]), "--user", "tinh"])["state"] == "approved"  # type: ignore[index]
    no_reason = runner.invoke(app, ["workflow", "reopen", str(sub["id"]), "--user", "quantri"])
    assert no_reason.exit_code == 1 and "Mở lại cần ghi lý do" in no_reason.output
    assert _json(["reopen", str(sub["id"]), "--user", "quantri", "--reason", "Sai số"])["state"] == "reopened"  # type: ignore[index]
    unknown = runner.invoke(app, ["workflow", "approve", str(sub["id"]), "--user", "khong-co"])
    assert unknown.exit_code == 1 and "Không có tài khoản" in unknown.output
    comp = _json(["completeness", "--dataset", "half_year", "--period", "2025-H2", "--province", PROVINCE])
    assert isinstance(comp, dict) and comp["total"]["submitted"] == 1
    table = runner.invoke(app, ["workflow", "completeness", "--dataset", "half_year", "--period", "2025-H2"])
    assert table.exit_code == 0 and "Toàn quốc" in table.output and "3.321" in table.output
    assert isinstance(_json(["due", "--user", "xa"]), list)
    cal = _json(["calendar"])
    assert isinstance(cal, dict) and [d["code"] for d in cal["datasets"]][0] == "annual_update"


REPORT = """LIÊN MINH HỢP TÁC XÃ TỈNH LẠNG SƠN
BÁO CÁO
Tình hình phát triển kinh tế tập thể 6 tháng cuối năm 2025

Tính đến ngày 31/12/2025, toàn tỉnh có 215 hợp tác xã, trong đó 190 hợp tác xã đang hoạt động.
"""


def test_import_refused_for_an_approved_period(cli_env: str, db: sessionmaker[Session], tmp_path) -> None:
    from sqlalchemy import func, select

    from htx.db.models import Document
    from htx.services import UnitOfWork
    from htx.services import workflow as wf

    _users(db)
    with UnitOfWork(db) as uow:
        sid = wf.submit(uow, wf.actor_of(uow, "tinh"), "half_year", "2025-H2", f"new:province:{PROVINCE}").id
        wf.decide(uow, wf.actor_of(uow, "quantri"), sid, "approve", text="Các xã chưa nộp")
    path = tmp_path / "bao-cao.txt"
    path.write_text(REPORT, "utf-8")
    out = runner.invoke(app, ["ingest", str(path)])
    assert out.exit_code == 1 and "đã được phê duyệt" in out.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0  # nothing half-written
    with UnitOfWork(db) as uow:
        wf.decide(uow, wf.actor_of(uow, "quantri"), sid, "reopen", text="Nhập báo cáo bổ sung")
    assert runner.invoke(app, ["ingest", str(path)]).exit_code == 0
