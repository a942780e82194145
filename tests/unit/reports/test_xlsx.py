"""The Excel annex: formulas for totals and changes, real number formats, frozen headers, gaps left empty."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from htx.reports.xlsx_writer import write_xlsx

from .conftest import count, make_input


def test_sheets_headers_and_frozen_panes(outputs: dict[str, Path]) -> None:
    wb = load_workbook(outputs["xlsx"])
    assert wb.sheetnames == ["Biểu số 1", "Biểu số 2"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "C5"
        assert ws["B4"].value == "Chỉ tiêu" and ws["D4"].value == "6 tháng đầu năm 2023"
        assert ws.column_dimensions["B"].width >= 40


def test_totals_are_sum_formulas_and_formats(outputs: dict[str, Path]) -> None:
    ws = load_workbook(outputs["xlsx"])["Biểu số 1"]
    assert ws["B6"].value == "Tổng số"
    assert ws["D6"].value == "=SUM(D7:D9)" and ws["D6"].number_format == "#,##0"
    assert ws["G7"].value == "=D7-E7" and ws["H7"].value == "=D7-F7"
    assert ws["J7"].number_format == "0.00%" and ws["J7"].value.startswith("=IF(")
    assert isinstance(ws["D7"].value, int)


def test_missing_figure_is_empty_with_a_note(tmp_path: Path) -> None:
    inp = make_input([count(58), count(50, status="active")], previous=[count(55)])
    ws = load_workbook(write_xlsx(inp, tmp_path / "a.xlsx"))["Biểu số 1"]
    total, active, suspended = ws[6], ws[7], ws[8]
    assert total[3].value == 58  # parts incomplete: the stated total, not a SUM
    assert active[3].value == 50 and active[4].value is None and active[4].comment is not None
    assert suspended[3].value is None and "Chưa có số liệu" in suspended[3].comment.text
    assert active[6].value is None  # no change without both figures
    assert total[6].value == "=D6-E6"


def test_plan_attainment_formula(tmp_path: Path) -> None:
    inp = make_input([count(10, flow="founded"), count(20, "plan", flow="founded")])
    ws = load_workbook(write_xlsx(inp, tmp_path / "p.xlsx"))["Biểu số 2"]
    rows = [r for r in ws.iter_rows() if r[1].value == "Thành lập mới (HTX)"]
    assert len(rows) == 1
    r = rows[0]
    assert (r[3].value, r[4].value) == (20, 10)
    assert r[5].value == f'=IF(D{r[5].row}=0,"",E{r[5].row}/D{r[5].row})' and r[5].number_format == "0.00%"
