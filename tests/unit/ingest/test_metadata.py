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
