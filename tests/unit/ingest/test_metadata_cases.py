"""Metadata of unseen reports (issue 14, failure mode 13; issue 15, item 2), one paraphrase per case.

The texts are written for these tests; none is taken from a report.
"""

from __future__ import annotations

import pytest

from htx.ingest.metadata import read_metadata


def _news(tail: str, body: str = "Toàn tỉnh có 85 HTX đang hoạt động.") -> str:
    return f"Hợp tác xã vùng cao vươn lên\n\n{body}\n\nCác HTX tiếp tục mở rộng liên kết tiêu thụ.\n\n{tail}\n"


# ---- bylines: by place and shape, never by a list of surnames ----

@pytest.mark.parametrize(("tail", "signer"), [
    ("THANH HÀ", "THANH HÀ"),  # in capitals
    ("QUỲNH ANH", "QUỲNH ANH"),
    ("H.L", "H.L"),  # initials
    ("M.K.T", "M.K.T"),
    ("V.TUẤN", "V.TUẤN"),
    ("QA", "QA"),
    ("Thu Trang", "Thu Trang"),  # a pen name with no surname
    ("Bảo Ngọc", "Bảo Ngọc"),
    ("Hải Yến – Quốc Bảo", "Hải Yến – Quốc Bảo"),  # two names with a dash, as printed
    ("Tác giả: Trần Minh Khoa\n\nNguồn tin: Báo Nông thôn", "Trần Minh Khoa"),  # labelled, a source line after
    ("Người đưa tin: Vi Thị Mến", "Vi Thị Mến"),
    ("**Diệu Linh**\n\n,", "Diệu Linh"),  # bold, a stray comma after
    ("Hồng Nhung\n\nTin liên quan\n\nChia sẻ", "Hồng Nhung"),  # page furniture after the byline
    ("Khánh Linh - Trung tâm Khuyến nông", "Khánh Linh"),  # a name, a dash and where the author works
])
def test_byline(tail: str, signer: str) -> None:
    assert read_metadata(_news(tail)).signer == signer


@pytest.mark.parametrize("tail", [
    "Các HTX cần chủ động hơn trong tìm kiếm thị trường cho sản phẩm của thành viên.",
    "Hợp tác xã Nông nghiệp",  # a name of a cooperative is not a byline
    "KT. CHỦ TỊCH",
])
def test_no_byline_when_the_text_ends_otherwise(tail: str) -> None:
    assert read_metadata(_news(tail)).signer is None


def test_signer_above_the_recipients_of_an_official_letter() -> None:
    text = ("Số: 31/BC-UBND\n\nTây Ninh, ngày 04 tháng 01 năm 2025\n\nBÁO CÁO\nTình hình kinh tế tập thể năm 2024\n\n"
            "Toàn tỉnh có 120 HTX.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nĐỗ Thanh Tùng\n\nNơi nhận:\n- Bộ Tài chính;\n"
            "- Lưu: VT.\n")
    assert read_metadata(text).signer == "Đỗ Thanh Tùng"


def test_signer_of_a_legal_portal_header() -> None:
    text = ("Số hiệu: 44/KH-UBND Loại văn bản: Kế hoạch\nNơi ban hành: Tỉnh Gia Lai Người ký: Hồ Phước Thành\n"
            "Ngày ban hành: 10/02/2023\n\nSố: 44/KH-UBND\n\nGia Lai, ngày 10 tháng 02 năm 2023\n\nKẾ HOẠCH\n"
            "Phát triển kinh tế tập thể năm 2023\n\nI. KẾT QUẢ NĂM 2022\nToàn tỉnh có 300 HTX.\n")
    info = read_metadata(text)
    assert (info.number, info.signer, info.kind, info.period) == ("44/KH-UBND", "Hồ Phước Thành", "KẾ HOẠCH", "2022")


# ---- province ----

def test_province_only_in_the_portals_address() -> None:
    text = ("SOURCE: https://baoninhbinh.org.vn/kinh-te/htx-moi-1234.html\nTITLE: Thêm nhiều HTX kiểu mới\n\n"
            "Thêm nhiều HTX kiểu mới\n\nĐến nay, toàn tỉnh có 210 HTX đang hoạt động.\n\nLAN ANH\n")
    info = read_metadata(text)
    assert info.province == "Ninh Bình"
    assert info.subject == "Thêm nhiều HTX kiểu mới"  # the SOURCE line is not the headline


def test_the_text_wins_over_the_portals_address() -> None:
    text = ("SOURCE: http://lienminh.soctrang.gov.vn/tin/1\n\nĐại hội Liên minh HTX tỉnh Bạc Liêu\n\n"
            "Nhiệm kỳ qua, tỉnh Bạc Liêu thành lập mới 40 HTX; tỉnh Bạc Liêu hiện có 150 HTX.\n")
    assert read_metadata(text).province == "Bạc Liêu"


@pytest.mark.parametrize(("text", "province"), [
    ("Quảng Trị: Hợp tác xã chuyển mình\n\nHiện nay có 400 HTX đang hoạt động.\n", "Quảng Trị"),
    ("Kinh tế hợp tác khởi sắc\n\nNăm 2021, Tây Ninh thành lập mới 25 HTX.\n", "Tây Ninh"),
    ("Kinh tế hợp tác khởi sắc\n\nHTX Thành Công (huyện Yên Định) mở rộng sản xuất; toàn tỉnh Thanh Hóa có 900 HTX.\n",
     "Thanh Hóa"),
])
def test_province_written_without_tinh(text: str, province: str) -> None:
    assert read_metadata(text).province == province


def test_a_province_inside_a_cooperatives_name_is_not_the_province() -> None:
    text = "Mô hình liên kết hiệu quả\n\nHTX Nông nghiệp Lào Cai mở rộng vùng nguyên liệu; toàn tỉnh Sơn La có 800 HTX.\n"
    assert read_metadata(text).province == "Sơn La"


def test_national_text() -> None:
    text = ("Khu vực kinh tế tập thể tăng trưởng\n\nĐến cuối năm 2023, cả nước có 31.000 HTX và 90.000 tổ hợp tác. "
            "Một mô hình điển hình ở tỉnh Đồng Nai đã liên kết với doanh nghiệp.\n")
    assert read_metadata(text).province == "Việt Nam"


def test_a_provincial_text_comparing_with_the_country_stays_provincial() -> None:
    text = ("Kinh tế tập thể Hà Nam\n\nToàn tỉnh có 180 HTX, toàn tỉnh có 15 HTX thành lập mới; "
            "cả nước có 31.000 HTX.\n")
    assert read_metadata(text).province == "Hà Nam"


# ---- date: unlabelled publication stamps ----

@pytest.mark.parametrize(("stamp", "date"), [
    ("Thứ Ba, 14/05/2019", "2019-05-14"),
    ("09:15 03/04/2021", "2021-04-03"),
    ("(08:10 | 21/09/2022)", "2022-09-21"),
    ("Chủ nhật, 05/11/2023 - 07:30", "2023-11-05"),
    ("Cập nhật lúc 16:20, Thứ Tư, 11/10/2017 (GMT+7)", "2017-10-11"),
])
def test_publication_stamp(stamp: str, date: str) -> None:
    text = f"Hợp tác xã vùng cao vươn lên\n\n{stamp}\n\nNgày 2/3, Liên minh HTX tỉnh họp.\n"
    info = read_metadata(text)
    assert (info.kind, info.date) == ("news", date)


def test_a_date_inside_a_sentence_is_no_stamp() -> None:
    text = "Hợp tác xã vùng cao vươn lên\n\nNgày 16/7/2019, Liên minh HTX tỉnh tổ chức hội nghị.\n"
    assert read_metadata(text).date is None


# ---- number and kind ----

@pytest.mark.parametrize(("number_line", "number", "kind"), [
    ("Số: 15/KH-UBND", "15/KH-UBND", "KẾ HOẠCH"),
    ("Số: 208/BC-SKHĐT |", "208/BC-SKHĐT", "BÁO CÁO"),
    ("Số: 08 /BC-LM", "08/BC-LM", "BÁO CÁO"),
    ("Số:      /TTr-UBND", None, "TỜ TRÌNH"),
    ("Số: 71/UBND-KT", "71/UBND-KT", None),  # a letter's number names the office, not a kind
])
def test_kind_from_the_numbers_type_code(number_line: str, number: str | None, kind: str | None) -> None:
    text = f"{number_line}\n\nLong An, ngày 02 tháng 6 năm 2022\n\nPHÁT TRIỂN HỢP TÁC XÃ NĂM 2023\n\nThực hiện chỉ đạo.\n"
    info = read_metadata(text)
    assert (info.number, info.kind, info.place, info.date) == (number, kind, "Long An", "2022-06-02")
    assert info.subject == "PHÁT TRIỂN HỢP TÁC XÃ NĂM 2023"


def test_the_printed_heading_wins_over_the_type_code() -> None:
    text = "Số: 15/KH-UBND\n\nLong An, ngày 02 tháng 6 năm 2022\n\nBÁO CÁO TÓM TẮT\nTình hình quý I năm 2022\n"
    assert read_metadata(text).kind == "BÁO CÁO TÓM TẮT"


def test_place_and_date_broken_over_two_lines() -> None:
    text = "Số: 9/BC-UBND\n|\nĐồng Nai, ngày\n21 tháng 4 năm 2020\n|\nBÁO CÁO\nTình hình quý I năm 2020\n"
    info = read_metadata(text)
    assert (info.place, info.date, info.period) == ("Đồng Nai", "2020-04-21", "2020-Q1")


# ---- period: the results the report covers ----

def _report(subject: str, body: str = "Toàn tỉnh có 90 HTX.") -> str:
    return f"Số: 12/BC-LMHTX\n\nHà Nam, ngày 05 tháng 7 năm 2023\n\nBÁO CÁO\n{subject}\n\n{body}\n"


@pytest.mark.parametrize(("subject", "period"), [
    # the example: results before tasks, the year written once at the end
    ("Tình hình kinh tế tập thể 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm 2023", "2023-H1"),
    ("Kết quả hoạt động 6 tháng đầu năm,\nphương hướng nhiệm vụ 6 tháng cuối năm 2023", "2023-H1"),  # two lines
    ("KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I,\nTRIỂN KHAI NHIỆM VỤ QUÝ II\nNĂM 2023", "2023-Q1"),  # three lines in capitals
    ("Kết quả năm 2022, phương hướng năm 2023", "2022"),
    ("Kết quả thực hiện kế hoạch năm 2022 và kế hoạch năm 2023", "2022"),
    ("Sơ kết quý II và triển khai kế hoạch quý III năm 2023", "2023-Q2"),
])
def test_period_of_a_two_part_title(subject: str, period: str) -> None:
    assert read_metadata(_report(subject)).period == period


@pytest.mark.parametrize(("body", "period"), [
    ("Tính đến tháng 5/2023, toàn tỉnh có 140 HTX.", None),  # a stock date inside a month
    ("Theo Luật Hợp tác xã năm 2023, toàn tỉnh có 140 HTX.", None),  # a law's year
    ("Từ năm 2015 đến nay, toàn tỉnh thành lập mới 96 HTX.", None),  # the start of "từ năm X đến nay"
    ("Năm 2024, tỉnh phấn đấu thành lập mới 20 HTX.", None),  # a plan year
    ("Toàn tỉnh có 140 HTX, tăng 12 HTX so với năm 2021.", None),  # a comparison
    ("Có 25 HTX được xếp loại tốt trong kỳ đánh giá năm 2022.", None),  # a year after a figure
    ("Năm 2024, tỉnh phấn đấu thành lập mới 20 HTX. Tính đến hết năm 2022, toàn tỉnh có 140 HTX.", "2022"),
    ("Tính đến ngày 30/6/2023, toàn tỉnh có 140 HTX, thành lập mới 8 HTX.", "2023-H1"),
    ("Trong 6 tháng đầu năm, thành lập mới 8 HTX. Tính đến hết tháng 6/2023, toàn tỉnh có 140 HTX.", "2023-H1"),
    ("Riêng năm 2019, thu nhập của thành viên tăng.", None),  # an aside about a past year
])
def test_period_from_the_text(body: str, period: str | None) -> None:
    text = f"Hợp tác xã vùng cao vươn lên\n\n{body}\n"
    assert read_metadata(text).period == period


@pytest.mark.parametrize(("stamp", "body", "period"), [
    ("Thứ Hai, 21/09/2020", "Từ đầu năm đến nay, toàn tỉnh thành lập mới 4 HTX.", "2020"),
    ("Thứ Hai, 22/05/2017", "Chỉ tính riêng 4 tháng đầu năm, có 15 HTX đăng ký mới.", "2017"),
    ("10:05 14/10/2024", "Trong 9 tháng năm 2024, thành lập mới 30 HTX.", "2024"),
])
def test_year_to_date_is_the_year_of_the_text(stamp: str, body: str, period: str) -> None:
    text = f"Hợp tác xã vùng cao vươn lên\n\n{stamp}\n\n{body}\n"
    assert read_metadata(text).period == period


def test_year_to_date_without_any_year_has_no_period() -> None:
    assert read_metadata("Hợp tác xã vùng cao\n\nTừ đầu năm đến nay, thành lập mới 4 HTX.\n").period is None


def test_an_article_about_targets_only_takes_their_year() -> None:
    text = "Liên minh HTX tỉnh triển khai nhiệm vụ năm 2024\n\nNăm 2024, Liên minh HTX đặt mục tiêu thành lập 30 HTX.\n"
    assert read_metadata(text).period == "2024"


def test_a_plan_documents_period_is_the_year_its_results_cover() -> None:
    text = ("Số: 77/KH-UBND\n\nHải Dương, ngày 20 tháng 8 năm 2024\n\nKẾ HOẠCH\nPhát triển kinh tế tập thể năm 2025\n\n"
            "Thực hiện chỉ đạo, UBND tỉnh xây dựng Kế hoạch phát triển kinh tế tập thể năm 2025 như sau:\n\n"
            "I. ĐÁNH GIÁ TÌNH HÌNH NĂM 2024\n1. Về số lượng\n- Toàn tỉnh có 600 HTX.\n")
    info = read_metadata(text)
    assert (info.kind, info.period) == ("KẾ HOẠCH", "2024")


def test_a_heading_under_the_assessment_narrows_the_period() -> None:
    text = ("Số: 77/KH-UBND\n\nHải Dương, ngày 20 tháng 8 năm 2024\n\nKẾ HOẠCH\nPhát triển kinh tế tập thể năm 2025\n\n"
            "A. ĐÁNH GIÁ TÌNH\nHÌNH NĂM 2024\nI. Tình hình kinh\ntế tập thể 6 tháng đầu năm 2024\n"
            "Toàn tỉnh có 600 HTX, thành lập mới 12 HTX.\n")
    assert read_metadata(text).period == "2024-H1"


def test_a_persons_name_is_not_a_province() -> None:
    text = ("Kinh tế hợp tác khởi sắc\n\nÔng Nguyễn Hải Dương, Giám đốc HTX, cho biết: toàn tỉnh Tuyên Quang có 300 HTX.\n"
            "Theo ông Trần Thái Bình, các HTX cần liên kết.\n")
    assert read_metadata(text).province == "Tuyên Quang"


def test_the_provinces_alliance_names_the_province() -> None:
    text = "Kinh tế hợp tác khởi sắc\n\nNăm 2023, Liên minh HTX Quảng Nam giải ngân 15 tỷ đồng cho 40 HTX.\n"
    assert read_metadata(text).province == "Quảng Nam"


def test_a_province_against_the_whole_country_stays_provincial() -> None:
    text = "Kinh tế hợp tác khởi sắc\n\nCả nước có 31.000 HTX, trong đó tỉnh Hậu Giang hiện có 210 HTX.\n"
    assert read_metadata(text).province == "Hậu Giang"


def test_cooperatives_of_a_province_are_not_a_cooperatives_name() -> None:
    text = "HTX vùng cao Hà Giang vươn lên\n\nThứ Năm, 02/03/2023 | 10:00\n\nNăm 2022, toàn tỉnh thành lập mới 45 HTX.\n"
    info = read_metadata(text)
    assert (info.province, info.date, info.period) == ("Hà Giang", "2023-03-02", "2022")


@pytest.mark.parametrize(("date_line", "subject", "period"), [
    ("Hà Nam, ngày 10 tháng 01 năm 2024", "Tình hình kinh tế tập thể 6 tháng cuối năm", "2023-H2"),
    ("Hà Nam, ngày 12 tháng 01 năm 2024", "Kết quả công tác quý IV", "2023-Q4"),
    ("Hà Nam, ngày 17 tháng 3 năm 2024", "Kết quả công tác quý I", "2024-Q1"),
    ("Hà Nam, ngày 28 tháng 5 năm 2024", "Sơ kết 6 tháng đầu năm", "2024-H1"),
])
def test_a_title_without_year_takes_it_from_the_date(date_line: str, subject: str, period: str) -> None:
    text = f"Số: 3/BC-LMHTX\n\n{date_line}\n\nBÁO CÁO\n{subject}\n\nToàn tỉnh có 90 HTX.\n"
    assert read_metadata(text).period == period


@pytest.mark.parametrize(("tail", "signer"), [
    ("Tin, ảnh: Lê Minh", "Lê Minh"),
    ("Bài, ảnh: HOÀNG ANH", "HOÀNG ANH"),
    ("Quỳnh Chi\n\n(Theo Báo Lâm Đồng)", "Quỳnh Chi"),
    ("Quỳnh Chi\n\nẢnh: Hội nghị tổng kết năm", "Quỳnh Chi"),
])
def test_labelled_or_captioned_byline(tail: str, signer: str) -> None:
    assert read_metadata(_news(tail)).signer == signer


def test_flow_facts_inherit_the_results_period_of_a_two_part_title() -> None:
    from htx.ingest import extract_text

    text = _report("Tình hình kinh tế tập thể 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm 2023",
                   "Trong kỳ, toàn tỉnh thành lập mới 12 HTX.")
    founded = [f for f in extract_text(text).facts if f.dims.get("flow") == "founded" and f.kind == "actual"]
    assert founded and all(f.period == "2023-H1" for f in founded), founded


def test_a_headline_naming_the_province_after_a_byline_line() -> None:
    text = ("Đồng Nai: Kinh tế tập thể tăng trưởng ổn định\n(08:10 | 21/09/2022)\n"
            "Theo Liên minh HTX tỉnh, 8 tháng đầu năm 2022, toàn tỉnh thành lập mới 20 HTX.\nThanh Hải\n")
    info = read_metadata(text)
    assert (info.province, info.date, info.period, info.signer) == ("Đồng Nai", "2022-09-21", "2022", "Thanh Hải")


def test_a_printed_kind_heading_without_number_or_date_is_a_report_not_a_news_page() -> None:
    text = ("LIÊN MINH HTX TỈNH CAO BẰNG\nBÁO CÁO\nKết quả hoạt động kinh tế tập thể 6 tháng cuối năm 2024\n\n"
            "Đến ngày 31/12/2024 toàn tỉnh có 120 HTX.\n")
    info = read_metadata(text)
    assert (info.kind, info.period) == ("BÁO CÁO", "2024-H2")
    assert info.subject == "Kết quả hoạt động kinh tế tập thể 6 tháng cuối năm 2024"
