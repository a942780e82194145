"""Programme categories, disbursement totals by year and cumulative, the report sentence, import."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from openpyxl import Workbook
from typer.testing import CliRunner

from htx.programs.cli import register
from htx.programs.support import (
    Disbursement,
    categories,
    cumulative,
    cumulative_by_year,
    parse_disbursements,
    sentence,
    totals_by_year,
)
from htx.tabular import ImportErrors


def _items() -> list[Disbursement]:
    """2020: HTX 1–5 × 30 triệu (150 triệu). 2021: HTX 6–12 × 40 triệu, HTX 6 again 20 triệu (300 triệu)."""
    items = [Disbursement(i, date(2020, 5, i), "founding", f"HTX {i}", 30_000_000, "NQ 24", "QĐ 100/QĐ-UBND", i)
             for i in range(1, 6)]
    items += [Disbursement(i, date(2021, 3, i), "ocop", f"HTX {i}", 40_000_000, "OCOP", "QĐ 200", i)
              for i in range(6, 13)]
    items.append(Disbursement(13, date(2021, 9, 1), "branding", "HTX 6", 20_000_000, "", "QĐ 300", 6))
    return items


def test_categories_are_data_with_vietnamese_labels() -> None:
    cats = categories()
    for code in ("founding", "training", "trade_promotion", "young_graduates", "ocop", "interest_subsidy",
                 "branding", "value_chain", "vietgap", "infrastructure", "digital"):
        assert cats[code].vi and cats[code].en
    assert cats["ocop"].vi == "Chương trình mỗi xã một sản phẩm (OCOP)"


def test_totals_by_year_and_cumulative() -> None:
    yearly = totals_by_year(_items())
    assert (yearly[2020].payments, yearly[2020].beneficiary_count, yearly[2020].amount) == (5, 5, 150_000_000)
    assert (yearly[2021].payments, yearly[2021].beneficiary_count, yearly[2021].amount) == (8, 7, 300_000_000)
    assert yearly[2021].by_category == {"branding": 20_000_000, "ocop": 280_000_000}
    running = cumulative_by_year(_items())
    assert (running[2021].beneficiary_count, running[2021].amount) == (12, 450_000_000)
    assert cumulative(_items(), through=date(2021, 3, 31)).amount == 150_000_000 + 7 * 40_000_000


def test_sentence() -> None:
    assert sentence(cumulative(_items())) == "đã hỗ trợ 12 HTX, tổng kinh phí 450 triệu đồng"
    assert sentence(totals_by_year(_items())[2020]) == "đã hỗ trợ 5 HTX, tổng kinh phí 150 triệu đồng"
    mixed = [*_items()[:2], Disbursement(50, date(2020, 1, 1), "training", "THT Đồng Tâm", 1_500_000, beneficiary_kind="tht"),
             Disbursement(51, date(2020, 1, 2), "young_graduates", "Nguyễn Văn A", 2_000_500, beneficiary_kind="person")]
    assert sentence(cumulative(mixed)) == "đã hỗ trợ 2 HTX, 1 THT và 1 người, tổng kinh phí 63.500.500 đồng"
    assert sentence(cumulative([])) == "chưa hỗ trợ đơn vị nào"


def test_bad_disbursements_refused() -> None:
    with pytest.raises(ValueError, match="category"):
        Disbursement(1, date(2021, 1, 1), "lottery", "HTX", 1)
    with pytest.raises(ValueError, match="whole number"):
        Disbursement(1, date(2021, 1, 1), "ocop", "HTX", 0)


def _book(tmp_path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Kinh phí hỗ trợ"
    ws.append(["STT", "Ngày", "Nội dung hỗ trợ", "Đơn vị được hỗ trợ", "Mã HTX", "Kinh phí", "Chương trình", "Số quyết định"])
    for r in rows:
        ws.append(r)
    path = tmp_path / "ho-tro.xlsx"
    wb.save(path)
    return path


def test_import_and_cli(tmp_path: Path) -> None:
    path = _book(tmp_path, [[1, "05/03/2021", "OCOP", "HTX Tân Yên", 7, "40.000.000", "OCOP 2021", "QĐ 12"],
                            [2, date(2021, 4, 1), "chuyển đổi số", "HTX Lục Ngạn", None, 25_000_000, "", "QĐ 13"]])
    items = parse_disbursements(path)
    assert [(d.category, d.amount, d.beneficiary_id) for d in items] == [("ocop", 40_000_000, 7), ("digital", 25_000_000, None)]
    app = typer.Typer()
    register(app)
    result = CliRunner().invoke(app, ["programs", "summary", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["2021"]["sentence"] == "đã hỗ trợ 2 HTX, tổng kinh phí 65 triệu đồng"


def test_import_is_all_or_nothing(tmp_path: Path) -> None:
    path = _book(tmp_path, [[1, "05/03/2021", "OCOP", "HTX A", None, 40_000_000],
                            [1, "xx", "xổ số", "HTX B", None, -5]])
    with pytest.raises(ImportErrors) as info:
        parse_disbursements(path)
    assert {(e.sheet, e.row, e.column) for e in info.value.errors} == {
        ("Kinh phí hỗ trợ", 3, "STT"), ("Kinh phí hỗ trợ", 3, "Ngày"), ("Kinh phí hỗ trợ", 3, "Nội dung hỗ trợ"),
        ("Kinh phí hỗ trợ", 3, "Kinh phí")}
