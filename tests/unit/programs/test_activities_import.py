"""The activities workbook: five sheets parsed into records, bad cells named by sheet/row/column, the template."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from htx.programs.activities import training_facts
from htx.programs.activities_import import parse_activities, record_key, template_headers
from htx.programs.cli import register
from htx.stats.facts import Place
from htx.stats.periods import Period
from htx.tabular import ImportErrors, write_workbook

BG = Place("old", "province", "24")
TRAIN_HEAD = ["Ngày", "Chủ đề", "Số lớp", "Số học viên", "Địa điểm"]
MEET_HEAD = ["Ngày", "Tên hội nghị", "Số người tham dự"]
FAIR_HEAD = ["Ngày", "Tên hội chợ", "Số gian hàng", "Số sản phẩm"]
AWARD_HEAD = ["Ngày", "Hình thức khen thưởng", "Cấp khen thưởng", "Tập thể, cá nhân được khen", "Tập thể/cá nhân"]
MEMBER_HEAD = ["Ngày", "Tên đơn vị", "Mã đơn vị", "Loại đơn vị", "Kết nạp/ra khỏi", "Loại thành viên"]


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]]], name: str = "hoat-dong.xlsx") -> Path:
    return write_workbook(tmp_path / name, sheets)


def good(tmp_path: Path) -> Path:
    return workbook(tmp_path, {
        "Tập huấn": [TRAIN_HEAD, ["10/01/2021", "Kế toán HTX", None, 45, "Tân Yên"],
                     [date(2021, 3, 5), "Quản trị HTX", 3, "100", None]],
        "Hội nghị": [MEET_HEAD, ["05/02/2021", "Tuyên truyền Luật HTX", "1.200"]],
        "Hội chợ": [FAIR_HEAD, ["08/03/2021", "Hội chợ OCOP Bắc Giang", 25, None]],
        "Khen thưởng": [AWARD_HEAD, ["09/03/2021", "Bằng khen", "UBND tỉnh", "HTX Chè Bản Long", "tập thể"],
                        ["09/03/2021", "Kỷ niệm chương", "Liên minh HTX Việt Nam", "Nguyễn Văn A", "cá nhân"]],
        "Kết nạp thành viên": [MEMBER_HEAD, ["01/02/2021", "HTX Lục Ngạn", 17, "HTX", "Kết nạp", "chính thức"],
                               ["01/03/2021", "THT Đồng Tâm", None, "tổ hợp tác", "ra khỏi", "liên kết"]],
    })


def test_good_workbook_gives_every_record(tmp_path: Path) -> None:
    book = parse_activities(good(tmp_path), BG)
    assert book.counts() == {"trainings": 4, "outreach": 1, "fairs": 1, "awards": 2, "membership": 2}
    first = book.trainings[0]
    assert (first.id, first.date, first.place, first.title, first.topic, first.participants) == (
        2, date(2021, 1, 10), BG, "Kế toán HTX (Tân Yên)", "Kế toán HTX", 45)
    # a row of 3 classes is 3 records sharing its 100 participants
    split = book.trainings[1:]
    assert [(t.id, t.title, t.participants) for t in split] == [
        (3, "Quản trị HTX – lớp 1/3", 34), (3, "Quản trị HTX – lớp 2/3", 33), (3, "Quản trị HTX – lớp 3/3", 33)]
    got = {f.indicator: f.value for f in training_facts(book.trainings, Period.parse("2021-Q1"), BG)}
    assert got == {"training.classes": 4, "training.participants": 145}
    assert (book.outreach[0].title, book.outreach[0].participants) == ("Tuyên truyền Luật HTX", 1200)
    assert (book.fairs[0].cooperatives, book.fairs[0].products) == (25, 0)
    assert [(a.kind, a.level, a.recipient_kind) for a in book.awards] == [
        ("certificate_of_merit", "province", "collective"),
        ("commemorative_medal", "central_alliance", "individual")]
    assert [(m.org_name, m.org_id, m.org_kind, m.change, m.member_type) for m in book.membership] == [
        ("HTX Lục Ngạn", 17, "htx", "joined", "official"), ("THT Đồng Tâm", None, "tht", "left", "associate")]
    # the same activity read back from the database (another id) has the same key
    assert record_key(book.fairs[0]) == record_key(replace(book.fairs[0], id=99))
    assert record_key(book.fairs[0]) != record_key(replace(book.fairs[0], cooperatives=26))


def test_missing_sheets_are_empty_books(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Hội nghị": [MEET_HEAD, ["05/02/2021", "Hội nghị", 50]]})
    assert parse_activities(path, BG).counts() == {"trainings": 0, "outreach": 1, "fairs": 0, "awards": 0,
                                                   "membership": 0}


def test_bad_cells_are_named_by_sheet_row_and_column(tmp_path: Path) -> None:
    path = workbook(tmp_path, {
        "Tập huấn": [TRAIN_HEAD, ["10/01/2021", "Kế toán", 1, 45, None],
                     ["32/01/2021", None, 0, "nhiều", None]],
        "Hội nghị": [MEET_HEAD, ["05/02/2021", "Luật HTX", -3]],
        "Hội chợ": [FAIR_HEAD, ["08/03/2021", "Hội chợ", 2.5, None]],
        "Khen thưởng": [AWARD_HEAD, ["09/03/2021", "Huân chương", "xã", "HTX A", "nhóm"]],
        "Kết nạp thành viên": [MEMBER_HEAD, ["01/02/2021", "HTX B", "mười", "công ty", "chuyển", None]],
    })
    with pytest.raises(ImportErrors) as info:
        parse_activities(path, BG)
    assert {(e.sheet, e.row, e.column) for e in info.value.errors} == {
        ("Tập huấn", 3, "Ngày"), ("Tập huấn", 3, "Chủ đề"), ("Tập huấn", 3, "Số lớp"), ("Tập huấn", 3, "Số học viên"),
        ("Hội nghị", 2, "Số người tham dự"),
        ("Hội chợ", 2, "Số gian hàng"),
        ("Khen thưởng", 2, "Hình thức khen thưởng"), ("Khen thưởng", 2, "Cấp khen thưởng"),
        ("Khen thưởng", 2, "Tập thể/cá nhân"),
        ("Kết nạp thành viên", 2, "Mã đơn vị"), ("Kết nạp thành viên", 2, "Loại đơn vị"),
        ("Kết nạp thành viên", 2, "Kết nạp/ra khỏi"), ("Kết nạp thành viên", 2, "Loại thành viên")}
    assert "sheet 'Tập huấn', dòng/row 3, cột/column 'Chủ đề'" in str(info.value)


def test_unknown_sheet_column_and_missing_required_column(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Tập huấn": [["Ngày", "Chủ đề", "Ghi chú lạ"], ["10/01/2021", "Kế toán"]],
                               "Sổ khác": [["A"], [1]]})
    with pytest.raises(ImportErrors) as info:
        parse_activities(path, BG)
    assert {(e.sheet, e.column) for e in info.value.errors} == {
        ("Tập huấn", "Ghi chú lạ"), ("Tập huấn", "participants"), ("Sổ khác", "-")}


def test_template_has_every_sheet_and_parses_empty(tmp_path: Path) -> None:
    app = typer.Typer()
    register(app)
    out = tmp_path / "mau.xlsx"
    result = CliRunner().invoke(app, ["programs", "activities-template", str(out)])
    assert result.exit_code == 0, result.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["Tập huấn", "Hội nghị", "Hội chợ", "Khen thưởng", "Kết nạp thành viên"]
    for title, header in template_headers().items():
        assert [c.value for c in wb[title][1]] == header
    assert sum(parse_activities(out, BG).counts().values()) == 0
    again = CliRunner().invoke(app, ["programs", "activities-template", str(out)])
    assert again.exit_code == 2  # no silent overwrite
    # the template filled in by an officer imports
    ws = wb["Hội nghị"]
    ws.append(["05/02/2021", "Hội nghị Luật HTX", 80])
    wb.save(out)
    assert parse_activities(out, BG).counts()["outreach"] == 1
