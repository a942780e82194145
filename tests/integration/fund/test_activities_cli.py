"""``htx programs import-activities`` on SQLite and PostgreSQL: the figures see the activities; bad files store nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.bootstrap import figure_service
from htx.cli import app
from htx.db.models_fund import AwardRow, FairRow, MembershipChangeRow, OutreachRow, TrainingRow
from htx.stats.facts import Place
from htx.stats.periods import Period
from htx.tabular import write_workbook

runner = CliRunner()
BG = Place("old", "province", "24")
PLACE = ["--place", "old:province:24"]
MODELS = (TrainingRow, OutreachRow, FairRow, AwardRow, MembershipChangeRow)
TRAIN_HEAD = ["Ngày", "Chủ đề", "Số lớp", "Số học viên", "Địa điểm"]
MEET_HEAD = ["Ngày", "Tên hội nghị", "Số người tham dự"]
FAIR_HEAD = ["Ngày", "Tên hội chợ", "Số gian hàng", "Số sản phẩm"]
AWARD_HEAD = ["Ngày", "Hình thức khen thưởng", "Cấp khen thưởng", "Tập thể, cá nhân được khen", "Tập thể/cá nhân"]
MEMBER_HEAD = ["Ngày", "Tên đơn vị", "Mã đơn vị", "Loại đơn vị", "Kết nạp/ra khỏi", "Loại thành viên"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "hoat-dong.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


def _sheets(participants: object = 45) -> dict[str, list[list[Any]]]:
    return {
        "Tập huấn": [TRAIN_HEAD, ["10/01/2021", "Kế toán HTX", None, participants, "Tân Yên"],
                     ["05/03/2021", "Quản trị HTX", 2, 61, None],
                     ["02/04/2021", "Chuyển đổi số", 1, 30, None]],  # second quarter
        "Hội nghị": [MEET_HEAD, ["05/02/2021", "Tuyên truyền Luật HTX", 120],
                     ["20/03/2021", "Hội nghị sơ kết", 80]],
        "Hội chợ": [FAIR_HEAD, ["08/03/2021", "Hội chợ OCOP", 25, 80]],
        "Khen thưởng": [AWARD_HEAD, ["09/03/2021", "Bằng khen", "UBND tỉnh", "HTX Lục Ngạn", "tập thể"]],
        "Kết nạp thành viên": [MEMBER_HEAD, ["01/02/2021", "HTX Lục Ngạn", None, "HTX", "kết nạp", "chính thức"],
                               ["01/03/2021", "THT Đồng Tâm", None, "THT", "kết nạp", "liên kết"]],
    }


def stored(db: sessionmaker[Session]) -> list[int]:
    with db() as s:
        return [s.scalar(select(func.count()).select_from(m)) or 0 for m in MODELS]


def test_import_activities_gives_the_figures(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    path = workbook(tmp_path, _sheets())
    result = runner.invoke(app, ["programs", "import-activities", str(path), *PLACE, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"trainings": 4, "outreach": 2, "fairs": 1, "awards": 1, "membership": 2}
    assert stored(db) == [4, 2, 1, 1, 2]
    facts = figure_service(db).figures(BG, Period.parse("2021-Q1"))
    got = {(f.indicator, tuple(sorted(f.dims.items()))): f.value for f in facts
           if f.source is not None and f.source.kind == "activity"}
    assert got[("training.classes", ())] == 3
    assert got[("training.participants", ())] == 45 + 61
    assert got[("outreach.events", ())] == 2 and got[("outreach.participants", ())] == 200
    assert got[("alliance.members", (("flow", "joined"),))] == 2
    assert got[("htx.count", (("flow", "joined"),))] == 1
    q2 = {f.indicator: f.value for f in figure_service(db).figures(BG, Period.parse("2021-Q2"))
          if f.source is not None and f.source.kind == "activity"}
    assert (q2["training.classes"], q2["training.participants"]) == (1, 30)
    # the same workbook again is refused, naming the rows already imported; nothing more is stored
    again = runner.invoke(app, ["programs", "import-activities", str(path), *PLACE])
    assert again.exit_code == 1
    assert "already imported" in again.output and "Tập huấn" in again.output
    assert stored(db) == [4, 2, 1, 1, 2]
    text = runner.invoke(app, ["programs", "import-activities", str(workbook(tmp_path, {
        "Hội nghị": [MEET_HEAD, ["06/05/2021", "Hội nghị mới", 40]]}, "them.xlsx")), *PLACE])
    assert text.exit_code == 0, text.output
    assert "Hội nghị: 1" in text.output


def test_a_bad_file_writes_nothing(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    sheets = _sheets(participants="bốn mươi")  # one bad cell; every other row is fine
    result = runner.invoke(app, ["programs", "import-activities", str(workbook(tmp_path, sheets)), *PLACE])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "sheet 'Tập huấn', dòng/row 2, cột/column 'Số học viên'" in out and "nothing imported" in out
    assert stored(db) == [0, 0, 0, 0, 0]
    # one bad row in the last sheet alone also leaves every other sheet unstored
    sheets = _sheets()
    sheets["Kết nạp thành viên"].append(["02/03/2021", None, None, "HTX", "kết nạp", "chính thức"])
    assert runner.invoke(app, ["programs", "import-activities", str(workbook(tmp_path, sheets, "b.xlsx")),
                                *PLACE]).exit_code == 1
    assert stored(db) == [0, 0, 0, 0, 0]
    assert not [f for f in figure_service(db).figures(BG, Period.parse("2021-Q1"))
                if f.source is not None and f.source.kind == "activity"]
