"""``htx fund``, ``htx programs`` and ``htx plan`` against the database, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app
from htx.db.models_fund import DisbursementRow, EntryRow, LoanRow

runner = CliRunner()
PLACE = ["--place", "old:province:24"]
LOAN_HEAD = ["Mã khoản vay", "Số hợp đồng", "Đơn vị vay", "Dự án", "Số tiền vay", "Lãi suất (%/năm)",
             "Ngày vay", "Thời hạn (tháng)", "Phương thức trả gốc"]
ENTRY_HEAD = ["Mã bút toán", "Ngày", "Loại", "Số hợp đồng", "Số tiền", "Chứng từ", "Nguồn vốn", "Đảo bút toán"]
LOANS = [[1, "01/HĐ", "HTX Tân Yên", "nhà sơ chế", 120_000_000, "7,3", "10/01/2021", 12, "Hàng quý"],
         [2, "02/HĐ", "HTX Lục Ngạn", "vải thiều", 50_000_000, 6.6, "15/03/2021", 6, "Cuối kỳ"]]
ENTRIES = [[1, "01/01/2021", "Góp vốn", None, "500.000.000", "QĐ 1", "Ngân sách tỉnh"],
           [2, "10/01/2021", "Giải ngân", "01/HĐ", 120_000_000, "PC-01"],
           [3, "15/03/2021", "Giải ngân", "02/HĐ", 50_000_000, "PC-02"],
           [4, "20/04/2021", "Thu nợ gốc", "01/HĐ", 30_000_000, "PT-07"],
           [5, "21/04/2021", "Thu nợ gốc", "01/HĐ", 3_000_000, "PT-08"],
           [6, "22/04/2021", "Bút toán đảo", None, None, "ĐC-01", None, 5]]


def book(tmp_path: Path, entries: list[list[Any]], loans: list[list[Any]] | None = None, name: str = "quy.xlsx") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Khoản vay"
    for row in [LOAN_HEAD, *(LOANS if loans is None else loans)]:
        ws.append(row)
    je = wb.create_sheet("Bút toán")
    for row in [ENTRY_HEAD, *entries]:
        je.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def ok(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.output


def counts(db: sessionmaker[Session]) -> tuple[int, int]:
    with db() as s:
        return (s.scalar(select(func.count()).select_from(LoanRow)) or 0,
                s.scalar(select(func.count()).select_from(EntryRow)) or 0)


def test_create_import_post_and_statement(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    ok(["fund", "create", *PLACE])
    assert runner.invoke(app, ["fund", "create", *PLACE]).exit_code == 1  # one fund per place
    assert json.loads(ok(["fund", "import", str(book(tmp_path, ENTRIES)), *PLACE, "--json"])) == {"loans": 2, "entries": 6}
    posted = json.loads(ok(["fund", "post", "interest", *PLACE, "--date", "30/04/2021", "--loan", "01/HĐ",
                            "--amount", "1.000.000", "--reference", "PT-09", "--json"]))
    assert (posted["number"], posted["type"]) == (7, "interest")
    out = json.loads(ok(["fund", "statement", *PLACE, "--on", "30/04/2021", "--json"]))
    assert (out["capital"], out["outstanding"], out["interest_paid"]) == (500_000_000, 140_000_000, 1_000_000)
    facts = {(f["indicator"], json.dumps(f["dims"])): f for f in out["facts"]}
    assert facts[("fund.outstanding", "{}")]["place"] == "old:province:24"
    loans = json.loads(ok(["fund", "loan", "list", *PLACE, "--on", "2021-04-30", "--json"]))
    assert [(x["contract_no"], x["outstanding"]) for x in loans] == [("01/HĐ", 90_000_000), ("02/HĐ", 50_000_000)]
    table = ok(["fund", "loan", "list", *PLACE, "--on", "2021-04-30"])
    assert "90.000.000" in table and "Trong hạn" in table
    # reverse the interest entry by its journal number: a new row, balances without it
    ok(["fund", "post", "reverse", *PLACE, "--date", "01/05/2021", "--reverses", "7"])
    assert json.loads(ok(["fund", "statement", *PLACE, "--on", "01/05/2021", "--json"]))["interest_paid"] == 0
    assert counts(db) == (2, 8)


def test_refused_post_names_the_rule(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    ok(["fund", "create", *PLACE])
    ok(["fund", "import", str(book(tmp_path, ENTRIES)), *PLACE])
    bad = runner.invoke(app, ["fund", "post", "repay", *PLACE, "--date", "01/06/2021", "--loan", "02/HĐ",
                              "--amount", "60000000"])
    assert bad.exit_code == 1 and "vượt dư nợ" in bad.output and "50.000.000 đồng" in bad.output
    assert counts(db) == (2, 6)


def test_import_errors_name_sheet_row_column_and_write_nothing(cli_env: str, db: sessionmaker[Session],
                                                               tmp_path: Path) -> None:
    ok(["fund", "create", *PLACE])
    bad = [*ENTRIES, [7, "31/02/2021", "Thu lãi", "01/HĐ", 1000], [8, "01/06/2021", "Thu gốc", "99/HĐ", 1000]]
    result = runner.invoke(app, ["fund", "import", str(book(tmp_path, bad)), *PLACE])
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "sheet 'Bút toán', dòng/row 8, cột/column 'Ngày'" in text
    assert "sheet 'Bút toán', dòng/row 9, cột/column 'Số hợp đồng'" in text
    assert counts(db) == (0, 0)
    # a file valid on its own but clashing with what the fund holds: also nothing written
    ok(["fund", "import", str(book(tmp_path, ENTRIES)), *PLACE])
    again = book(tmp_path, [[1, "01/07/2021", "Giải ngân", "03/HĐ", 10_000_000]],
                 [[1, "03/HĐ", "HTX Mới", "", 10_000_000, 6.6, "15/06/2021", 6, "Cuối kỳ"],
                  [2, "02/HĐ", "HTX Lục Ngạn", "", 50_000_000, 6.6, "15/03/2021", 6, "Cuối kỳ"]], "lai.xlsx")
    result = runner.invoke(app, ["fund", "import", str(again), *PLACE])
    assert result.exit_code == 1
    assert "sheet 'Khoản vay', dòng/row 3, cột/column 'Số hợp đồng'" in " ".join(result.output.split())
    assert counts(db) == (2, 6)


def test_statement_without_fund_or_with_both_sources(cli_env: str) -> None:
    result = runner.invoke(app, ["fund", "statement", *PLACE, "--on", "01/01/2021"])
    assert result.exit_code == 1 and "htx fund create" in result.output
    assert runner.invoke(app, ["fund", "statement", "--on", "01/01/2021"]).exit_code == 2


def _support_book(tmp_path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kinh phí hỗ trợ"
    ws.append(["STT", "Ngày", "Nội dung hỗ trợ", "Đơn vị được hỗ trợ", "Kinh phí", "Loại đơn vị"])
    for row in [[1, "10/03/2021", "Thành lập mới", "HTX Tân Yên", "30.000.000", "HTX"],
                [2, "10/05/2021", "Thành lập mới", "HTX Lục Ngạn", 30_000_000, "HTX"],
                [3, "10/02/2022", "Thành lập mới", "HTX Tân Yên", 20_000_000, "HTX"]]:
        ws.append(row)
    path = tmp_path / "hotro.xlsx"
    wb.save(path)
    return path


def test_programmes_import_and_summary(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    path = _support_book(tmp_path)
    assert json.loads(ok(["programs", "import", str(path), *PLACE, "--json"])) == {"imported": 3, "amount": 80_000_000}
    dup = runner.invoke(app, ["programs", "import", str(path), *PLACE])
    assert dup.exit_code == 1 and "already imported" in dup.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(DisbursementRow)) == 3
    out = json.loads(ok(["programs", "summary", *PLACE, "--json"]))
    assert out["2021"]["year"]["amount"] == 60_000_000 and out["2022"]["cumulative"]["amount"] == 80_000_000
    assert out["2022"]["sentence"] == "đã hỗ trợ 2 HTX, tổng kinh phí 80 triệu đồng"
    only = json.loads(ok(["programs", "summary", *PLACE, "--year", "2021", "--json"]))
    assert list(only) == ["2021"] and only["2021"]["cumulative"]["payments"] == 2
    assert "Lũy kế: đã hỗ trợ 2 HTX, tổng kinh phí 80 triệu đồng." in ok(["programs", "summary", *PLACE])


def test_plan_set_and_list_with_attainment(cli_env: str, tmp_path: Path) -> None:
    ok(["fund", "create", *PLACE])
    ok(["fund", "import", str(book(tmp_path, ENTRIES)), *PLACE])
    ok(["plan", "set", *PLACE, "--period", "2021", "--indicator", "fund.outstanding", "--value", "200.000.000"])
    ok(["plan", "set", *PLACE, "--period", "2021", "--indicator", "fund.outstanding", "--value", "280.000.000"])
    ok(["plan", "set", *PLACE, "--period", "2021", "--indicator", "training.classes", "--value", "4"])
    rows = json.loads(ok(["plan", "list", *PLACE, "--json"]))
    by = {r["indicator"]: r for r in rows}
    assert len(rows) == 2  # setting again replaces
    # outstanding at 31/12/2021: 01/HĐ 90 triệu (quarterly, overdue counts too) + 02/HĐ 50 triệu = 140 triệu
    assert (by["fund.outstanding"]["plan"], by["fund.outstanding"]["actual"]) == (280_000_000, 140_000_000)
    assert by["fund.outstanding"]["percent"] == "50.00"
    assert by["training.classes"]["actual"] is None  # no training book kept: no actual, no percent
    assert "50,00%" in ok(["plan", "list", *PLACE])
    bad = runner.invoke(app, ["plan", "set", *PLACE, "--period", "2021", "--indicator", "fund.nothing", "--value", "1"])
    assert bad.exit_code == 2
