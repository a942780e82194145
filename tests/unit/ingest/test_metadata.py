"""Document metadata: number, place and date, kind, subject, signer, province, period."""

from __future__ import annotations

import pytest

from htx.ingest.metadata import read_metadata

DISTRICT = """Số: /BC-UBND

Quỳnh Lưu, ngày     tháng 7 năm 2023

BÁO CÁO
Tình hình phát triển kinh tế tập thể 6 tháng đầu năm 2023

Thực hiện Công văn của UBND tỉnh Nghệ An, UBND huyện Quỳnh Lưu báo cáo như sau:
Toàn huyện có 61 HTX.

CHỦ TỊCH

Trần Văn Hải
"""

NEWS = """Hợp tác xã Hà Tĩnh tăng trưởng mạnh năm 2022

Theo Liên minh HTX tỉnh Hà Tĩnh, toàn tỉnh có 720 HTX, tăng 30 HTX so với năm trước.

Toàn cảnh hội nghị

Lê Thị Hoa - Liên minh HTX tỉnh
"""


def test_district_report() -> None:
    info = read_metadata(DISTRICT)
    assert info.number is None
    assert info.place == "Quỳnh Lưu"
    assert info.date == "2023-07"
    assert info.kind == "BÁO CÁO"
    assert info.subject == "Tình hình phát triển kinh tế tập thể 6 tháng đầu năm 2023"
    assert info.signer == "Trần Văn Hải"
    assert info.province == "Nghệ An"
    assert info.period == "2023-H1"


def test_news_article() -> None:
    info = read_metadata(NEWS)
    assert info.kind == "news"
    assert info.subject == "Hợp tác xã Hà Tĩnh tăng trưởng mạnh năm 2022"
    assert info.signer == "Lê Thị Hoa"
    assert info.province == "Hà Tĩnh"
    assert info.period == "2022"
    assert info.number is None and info.date is None


@pytest.mark.parametrize(("subject", "period"), [
    ("Kết quả công tác Quý I/2021", "2021-Q1"),
    ("Tình hình kinh tế tập thể quý III năm 2022", "2022-Q3"),
    ("Kết quả thực hiện nhiệm vụ năm 2020 và kế hoạch năm 2021", "2020"),
    ("Báo cáo số liệu HTX đến hết ngày 30/6/2023", "2023-H1"),
    ("Tình hình hoạt động tháng 3/2021", "2021-03"),
    ("Kế hoạch phát triển kinh tế tập thể năm 2024", None),
])
def test_period_from_subject(subject: str, period: str | None) -> None:
    text = f"Số: 12/BC-UBND\n\nHà Nam, ngày 05 tháng 7 năm 2023\n\nBÁO CÁO\n{subject}\n\nNội dung.\n"
    info = read_metadata(text)
    assert info.subject == subject
    assert info.number == "12/BC-UBND"
    assert info.date == "2023-07-05"
    assert info.period == period


DOCX_HEADER = """LIÊN MINH HTX TỈNH ĐẮK LẮK
Số: 125/BC-LMHTX | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Đắk Lắk, ngày 05 tháng 10 năm 2024
BÁO CÁO
Tình hình kinh tế tập thể Quý III/2024
Toàn tỉnh có 812 HTX.
- Lưu: VT. | KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Trương Công Thái
"""


def test_docx_header_row_cells() -> None:
    info = read_metadata(DOCX_HEADER)
    assert info.number == "125/BC-LMHTX"
    assert (info.place, info.date, info.kind) == ("Đắk Lắk", "2024-10-05", "BÁO CÁO")
    assert info.period == "2024-Q3"
    assert info.signer == "Trương Công Thái"
    assert info.province == "Đắk Lắk"  # the upper-case header is not how the text writes the name


def test_province_in_normal_case_from_an_upper_case_header() -> None:
    text = "UBND TỈNH NGHỆ AN\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ\n\nBÁO CÁO\nTình hình năm 2022\n\nToàn tỉnh NGHỆ AN có 12 HTX.\n"
    assert read_metadata(text).province == "Nghệ An"
    text += "Sở Kế hoạch và Đầu tư tỉnh Nghệ An báo cáo.\n"
    assert read_metadata(text).province == "Nghệ An"


def test_news_publication_date_and_a_period_without_code() -> None:
    text = ("Kinh tế tập thể thành phố Cần Thơ khởi sắc trong 9 tháng đầu năm 2023\n\nNgày đăng: 12/10/2023\n\n"
            "Tính đến cuối tháng 9/2023, toàn thành phố có 298 HTX đang hoạt động.\n\nLê Hoàng Vũ\n")
    info = read_metadata(text)
    assert (info.kind, info.date, info.province, info.signer) == ("news", "2023-10-12", "Cần Thơ", "Lê Hoàng Vũ")
    # year to date is the year (spec: "từ đầu năm đến nay" in a text dated within the year; corpus gold 13, 32)
    assert info.period == "2023"


@pytest.mark.parametrize(("subject", "period"), [
    ("Tình hình kinh tế tập thể 6 tháng đầu năm 2023", "2023-H1"),
    ("Tình hình kinh tế tập thể 3 tháng đầu năm 2024", "2024-Q1"),
    ("Tình hình kinh tế tập thể 9 tháng đầu năm 2024", "2024"),  # year to date: the year, never "2024-09"
])
def test_months_of_the_year(subject: str, period: str | None) -> None:
    text = f"Số: 12/BC-UBND\n\nHà Nam, ngày 05 tháng 10 năm 2024\n\nBÁO CÁO\n{subject}\n\nNăm 2024 có 5 HTX.\n"
    assert read_metadata(text).period == period
