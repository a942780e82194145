"""XLSX/JSON import of loans and entries (all or nothing, errors by sheet/row/column) and the CLI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from openpyxl import Workbook
from typer.testing import CliRunner

from htx.fund import EntryType
from htx.fund.cli import register
from htx.fund.importer import load_ledger
from htx.tabular import ImportErrors

LOAN_HEAD = ["Mã khoản vay", "Số hợp đồng", "Đơn vị vay", "Dự án", "Số tiền vay", "Lãi suất (%/năm)",
             "Ngày vay", "Thời hạn (tháng)", "Phương thức trả gốc"]
ENTRY_HEAD = ["Mã bút toán", "Ngày", "Loại", "Số hợp đồng", "Số tiền", "Chứng từ", "Nguồn vốn",
              "Đảo bút toán", "Hạn trả đầu mới", "Số kỳ mới", "Trả gốc mới"]


def _book(tmp_path: Path, entries: list[list[Any]], loans: list[list[Any]] | None = None) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Khoản vay"
    ws.append(LOAN_HEAD)
    for row in loans or [[1, "01/HĐ", "HTX Tân Yên", "nhà sơ chế", 120_000_000, "7,3", "10/01/2021", 12, "Hàng quý"],
                         [2, "02/HĐ", "HTX Lục Ngạn", "vải thiều", 50_000_000, 6.6, date(2021, 3, 15), 6, "Cuối kỳ"]]:
        ws.append(row)
    je = wb.create_sheet("Bút toán")
    je.append(ENTRY_HEAD)
    for row in entries:
        je.append(row)
    path = tmp_path / "quy.xlsx"
    wb.save(path)
    return path


GOOD = [
    [1, "01/01/2021", "Góp vốn", None, "500.000.000", "QĐ 1", "Ngân sách tỉnh"],
    [2, "10/01/2021", "Giải ngân", "01/HĐ", 120_000_000, "PC-01"],
    [3, "2021-03-15", "Giải ngân", "02/HĐ", 50_000_000, "PC-02"],
    [4, "20/04/2021", "Thu nợ gốc", "01/HĐ", 30_000_000, "PT-07"],
    [5, "21/04/2021", "Thu nợ gốc", "01/HĐ", 3_000_000, "PT-08"],
    [6, "22/04/2021", "Bút toán đảo", None, None, "ĐC-01", None, 5],
    [7, "01/05/2021", "Gia hạn nợ", "01/HĐ", None, "QĐ 9", None, None, "01/09/2021", 3, "Hàng quý"],
]


def test_workbook_builds_the_ledger(tmp_path: Path) -> None:
    ledger = load_ledger(_book(tmp_path, GOOD))
    assert [e.reverses for e in ledger.entries if e.type == EntryType.REVERSAL] == [5]
    assert ledger.capital(date(2021, 12, 31)) == 500_000_000
    b = ledger.balance(1, date(2021, 5, 1))
    assert (b.outstanding, b.status) == (90_000_000, "in_term")  # entry 5 was reversed
    assert ledger.loan(2).terms.first_due == date(2021, 9, 15)


def test_errors_name_sheet_row_and_column_and_nothing_is_imported(tmp_path: Path) -> None:
    bad = [*GOOD, [8, "31/02/2021", "Thu lãi", "01/HĐ", 1000], [9, "01/06/2021", "Thu gốc", "99/HĐ", 1000],
           [10, "01/06/2021", "Trả tiền", "01/HĐ", 1000]]
    with pytest.raises(ImportErrors) as info:
        load_ledger(_book(tmp_path, bad))
    errs = {(e.sheet, e.row, e.column) for e in info.value.errors}
    assert errs == {("Bút toán", 9, "Ngày"), ("Bút toán", 10, "Số hợp đồng"), ("Bút toán", 11, "Loại")}
    assert "sheet 'Bút toán', dòng/row 9, cột/column 'Ngày'" in str(info.value)


def test_ledger_rule_errors_point_at_the_row(tmp_path: Path) -> None:
    bad = [*GOOD, [8, "01/06/2021", "Thu nợ gốc", "02/HĐ", 60_000_000]]
    with pytest.raises(ImportErrors) as info:
        load_ledger(_book(tmp_path, bad))
    (err,) = info.value.errors
    assert (err.sheet, err.row, err.column) == ("Bút toán", 9, "Số tiền")
    assert "vượt dư nợ gốc" in err.message


def test_term_not_a_whole_number_of_instalments(tmp_path: Path) -> None:
    loans = [[1, "01/HĐ", "HTX", "", 1_000_000, 5, "01/01/2021", 7, "Hàng quý"]]
    with pytest.raises(ImportErrors) as info:
        load_ledger(_book(tmp_path, [], loans))
    (err,) = info.value.errors
    assert (err.sheet, err.row, err.column) == ("Khoản vay", 2, "Thời hạn (tháng)")


def test_unknown_sheet_column_and_missing_required(tmp_path: Path) -> None:
    path = _book(tmp_path, [])
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Khoản vay"].delete_cols(9)  # no "Phương thức trả gốc"
    wb["Bút toán"]["L1"] = "Màu sắc"
    wb.create_sheet("Ghi chép").append(["x"])
    wb.save(path)
    with pytest.raises(ImportErrors) as info:
        load_ledger(path)
    assert {(e.sheet, e.row, e.column) for e in info.value.errors} == {
        ("Khoản vay", 1, "repayment"), ("Bút toán", 1, "Màu sắc"), ("Ghi chép", 1, "-")}


def _json_file(tmp_path: Path) -> Path:
    data = {
        "loans": [{"id": 1, "contract_no": "01/HĐ", "borrower_name": "HTX A", "amount": 120_000_000,
                   "annual_rate": "7.3", "signed_on": "2021-01-10", "term_months": 12, "repayment": "quarterly"}],
        "entries": [{"id": 1, "date": "2021-01-01", "type": "capital_in", "amount": 200_000_000, "source": "provincial_budget"},
                    {"id": 2, "date": "2021-01-10", "type": "disbursement", "loan": "01/HĐ", "amount": 120_000_000},
                    {"id": 3, "date": "2021-02-01", "type": "interest", "loan": "01/HĐ", "amount": 528_000}],
    }
    path = tmp_path / "quy.json"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def test_cli_statement_json(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["fund", "statement", str(_json_file(tmp_path)), "--on", "11/04/2021", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert (out["outstanding"], out["overdue"], out["interest_paid"]) == (120_000_000, 120_000_000, 528_000)
    # 10/01 .. 11/04 inclusive = 22 + 28 + 31 + 11 = 92 days × 24.000
    assert out["loans"][0]["interest_accrued"] == 2_208_000
    facts = {(f["indicator"], json.dumps(f["dims"])): f["value"] for f in out["facts"]}
    assert facts[("fund.outstanding", '{"debt": "overdue"}')] == 120_000_000
    assert facts[("fund.interest_collected", "{}")] == 528_000
    assert facts[("fund.capital", "{}")] == 200_000_000


def test_cli_table_and_bad_file(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    ok = CliRunner().invoke(app, ["fund", "statement", str(_json_file(tmp_path)), "--on", "2021-04-11"])
    assert ok.exit_code == 0 and "Quá hạn" in ok.output and "120.000.000" in ok.output
    broken = tmp_path / "x.json"
    broken.write_text('{"entries": [{"id": 1, "date": "hôm qua", "type": "interest"}]}', "utf-8")
    bad = CliRunner().invoke(app, ["fund", "statement", str(broken), "--on", "2021-04-11"])
    assert bad.exit_code == 1
