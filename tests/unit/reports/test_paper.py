"""What an officer sees on paper: no internal code, no "Quý i", no all-zero chart, no "-0" tick, named files."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from htx.reports.charts import _tick, make_charts
from htx.reports.generate import file_stem, generate_report
from htx.reports.model import ReportPlace
from htx.reports.xlsx_writer import write_xlsx
from htx.stats.facts import Place

from .conftest import count, make_input


def _cells(path: Path) -> list[str]:
    return [str(c.value) for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row
            if c.value is not None]


def test_xlsx_has_no_internal_code_nor_lowercased_roman_numeral(tmp_path: Path) -> None:
    inp = make_input([count(10, flow="founded"), count(20, "plan", subject="tht", flow="founded"), count(58)],
                     period="2021-Q1")
    text = " ".join(_cells(write_xlsx(inp, tmp_path / "a.xlsx")))
    assert "Quý I/2021" in text and "Quý i" not in text
    assert "tht.count" not in text and "htx.count" not in text


def test_previous_period_columns_are_empty_when_unknown(tmp_path: Path) -> None:
    ws = load_workbook(write_xlsx(make_input([count(58)]), tmp_path / "b.xlsx"))["Biểu số 1"]
    assert ws["D6"].value == 58 and ws["E6"].value is None and ws["F6"].value is None


def test_no_chart_of_zeros_and_no_minus_zero_tick(tmp_path: Path) -> None:
    inp = make_input([count(0, flow="founded"), count(0, flow="dissolved")])
    assert make_charts(inp, tmp_path) == []
    assert _tick(-0.04) == "0" and _tick(-0.0) == "0" and _tick(1200) == "1.200"


def test_file_names_carry_place_and_period(tmp_path: Path) -> None:
    a, b = make_input([count(5)], period="2021-Q1"), make_input([count(7)], period="2021-Q1")
    a.place = ReportPlace("tỉnh Bắc Giang", "province", "old", Place("old", "province", "24"))
    b.place = ReportPlace("tỉnh Bắc Ninh", "province", "old", Place("old", "province", "27"))
    assert file_stem(a) == "bao-cao-tinh-24-cu-2021-Q1"
    paths = {**generate_report(a, tmp_path, ["xlsx"]), "other": generate_report(b, tmp_path, ["xlsx"])["xlsx"]}
    assert paths["xlsx"] != paths["other"] and paths["xlsx"].exists() and paths["other"].exists()


def _column_d(path: Path) -> dict[tuple[str, str], int | float]:
    """(sheet, label) → the value of the report period's column, SUM formulas evaluated."""
    out: dict[tuple[str, str], int | float] = {}
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows(min_row=5):
            label, value = row[1].value, row[3].value
            if isinstance(value, str) and value.startswith("=SUM("):
                first, last = value[5:-1].split(":")
                value = sum(ws[f"D{r}"].value or 0 for r in range(int(first[1:]), int(last[1:]) + 1))
            if label and isinstance(value, int | float):
                out[(ws.title, f"{row[0].row}:{label}")] = value
    return out


def test_xlsx_shows_the_same_figures_as_the_docx(tmp_path: Path) -> None:
    from htx.reports.narrative import render
    from htx.reports.sample import sample_input

    inp = sample_input()
    stated = {f.value for f in render(inp).stated if f.unit != "percent" and f.kind == "actual"
              and set(f.dims) <= {"status", "sector", "flow", "education", "member_type", "debt", "class", "work"}
              and len(f.dims) <= 1 and not f.indicator.endswith("_avg")}
    cells = _column_d(write_xlsx(inp, tmp_path / "same.xlsx"))
    printed = set(cells.values())
    assert stated and stated <= printed, f"in the DOCX, not in the XLSX: {sorted(stated - printed)}"
    current = {f.value for f in inp.current}
    assert printed <= current, f"in the XLSX, not a figure: {sorted(printed - current)}"
