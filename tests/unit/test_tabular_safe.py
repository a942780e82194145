"""Exports never turn a user's text into a spreadsheet formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from htx.tabular import csv_safe, write_workbook


def test_csv_safe_prefixes_risky_text_only() -> None:
    assert csv_safe("=1+2") == "'=1+2" and csv_safe("@SUM(A1)") == "'@SUM(A1)" and csv_safe("-x") == "'-x"
    assert csv_safe("HTX Chè") == "HTX Chè" and csv_safe(-5) == -5 and csv_safe(None) is None


def test_workbook_text_stays_text(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "a.xlsx", {"Tên": [["Tên", "Số"], ["=cmd|'/c calc'!A0", 3]]})
    ws = load_workbook(path)["Tên"]
    assert ws["A2"].value == "=cmd|'/c calc'!A0" and ws["A2"].data_type == "s" and ws["B2"].value == 3
