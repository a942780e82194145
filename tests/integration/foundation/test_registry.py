"""Registry on both databases: import all-or-nothing, status on a date, foundings in a period."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from typer.testing import CliRunner

from htx.cli import app
from htx.db import registry_repo
from htx.db.engine import unit_of_work
from htx.db.models import Organisation, UnionMember
from htx.registry.lifecycle import Event
from htx.stats.facts import Place

HEADER = ["Loại hình", "Tên", "Mã số HTX", "Mã tỉnh", "Mã xã", "Lĩnh vực", "Ngày thành lập",
          "Trạng thái", "Ngày trạng thái", "Vốn điều lệ", "Thành viên", "Xếp loại", "Năm xếp loại",
          "Thành viên Liên minh", "Mã LHHTX"]
# Lạng Sơn (new 20): communes 06238? use real codes from the gazetteer below
runner = CliRunner()


def _communes() -> list[str]:
    from htx.geo import gazetteer

    return [u.code for u in gazetteer().communes("new", "20")[:3]]


def _rows() -> list[list[object]]:
    c = _communes()
    return [
        ["HTX", "HTX Chè Tân Tiến", "H001", "20", c[0], "nông nghiệp", "15/03/2019", "đang hoạt động", "", "1.500.000.000", 12, "khá", 2022, "chính thức", "L01"],
        ["HTX", "HTX Vận tải Hữu Nghị", "H002", "20", c[1], "vận tải", "02/01/2023", "tạm ngừng", "01/06/2023", 300000000, 8, "", "", "", ""],
        ["THT", "THT Rau an toàn", "T001", "20", c[2], "nông nghiệp", "10/02/2023", "", "", "", 9, "", "", "", ""],
        ["LHHTX", "Liên hiệp HTX Xứ Lạng", "L01", "20", c[0], "nông nghiệp", "01/01/2020", "", "", 5000000000, 4, "", "", "liên kết", ""],
        ["HTX", "HTX Môi trường cũ", "H003", "20", c[1], "môi trường", "01/01/2015", "giải thể", "30/04/2023", "", 7, "", "", "", ""],
    ]


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_then_queries(cli_env: str, db, tmp_path: Path) -> None:
    result = runner.invoke(app, ["registry", "import", str(_write_xlsx(tmp_path / "ok.xlsx", _rows()))])
    assert result.exit_code == 0, result.output
    lang_son = Place("new", "province", "20")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 5
        # "how many HTX were active in province P on 30/06/2023, by sector" is one query
        rows = registry_repo.counts_by_status(s, lang_son, date(2023, 6, 30))
        by = {(k, st, sec): n for k, st, sec, n in rows}
        assert by[("HTX", "active", "agriculture")] == 1
        assert by[("HTX", "suspended", "transport")] == 1
        assert ("HTX", "active", "environment") not in by  # dissolved on 30/04/2023
        assert by[("HTX", "dissolved", "environment")] == 1
        # founded in 2023-H1: the transport HTX and the THT
        flows = registry_repo.flows(s, lang_son, date(2023, 1, 1), date(2023, 6, 30))
        founded = {(k, sec): n for k, ev, sec, n in flows if ev == "founded"}
        assert founded == {("HTX", "transport"): 1, ("THT", "agriculture"): 1}
        union = s.scalar(select(Organisation).where(Organisation.code == "L01"))
        members = s.scalars(select(UnionMember.member_id).where(UnionMember.union_id == union.id)).all()
        assert len(members) == 1
        # the old geography is known too
        h1 = s.scalar(select(Organisation).where(Organisation.code == "H001"))
        assert h1.old_province_code == "20"


def test_bad_row_writes_nothing_and_names_it(cli_env: str, db, tmp_path: Path) -> None:
    rows = _rows()
    rows[2][9] = "nhiều tiền"  # row 4 of the sheet, column "Vốn điều lệ"
    result = runner.invoke(app, ["registry", "import", str(_write_xlsx(tmp_path / "bad.xlsx", rows))])
    assert result.exit_code == 1
    assert "dòng/row 4" in result.output and "Vốn điều lệ" in result.output and "bad.xlsx" in result.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_unknown_commune_and_impossible_history(cli_env: str, db, tmp_path: Path) -> None:
    rows = _rows()
    rows[0][4] = "99999"
    rows[1][6], rows[1][8] = "01/01/2023", "01/01/2020"  # suspended before founded
    result = runner.invoke(app, ["registry", "import", str(_write_xlsx(tmp_path / "bad2.xlsx", rows))])
    assert result.exit_code == 1
    assert "dòng/row 2" in result.output and "99999" in result.output
    assert "dòng/row 3" in result.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Organisation)) == 0


def test_events_recompute_intervals(db) -> None:
    with unit_of_work(db) as s:
        org = Organisation(kind="HTX", name="HTX A", sector="agriculture", province_code="20")
        registry_repo.set_events(s, org, [Event("founded", date(2020, 1, 1))])
        s.add(org)
        s.flush()
        registry_repo.add_event(s, org, Event("suspended", date(2022, 5, 1)))
        registry_repo.add_event(s, org, Event("resumed", date(2023, 5, 1)))
    with db() as s:
        p = Place("new", "province", "20")
        status = lambda d: {st for _, st, _, _ in registry_repo.counts_by_status(s, p, d)}  # noqa: E731
        assert status(date(2021, 1, 1)) == {"active"}
        assert status(date(2022, 12, 31)) == {"suspended"}
        assert status(date(2023, 5, 1)) == {"active"}
        assert status(date(2019, 12, 31)) == set()


@pytest.mark.parametrize("bad", ["x.txt"])
def test_import_refuses_unknown_format(cli_env: str, tmp_path: Path, bad: str) -> None:
    f = tmp_path / bad
    f.write_text("kind,name\n")
    result = runner.invoke(app, ["registry", "import", str(f)])
    assert result.exit_code == 1 and "x.txt" in result.output
