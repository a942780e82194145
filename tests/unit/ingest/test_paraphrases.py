"""Sentences the seeds do not contain: other word orders, number formats, abbreviations, subjects."""

from __future__ import annotations

from typing import Any

import pytest

from htx.ingest import extract_text

from .helpers import describe, has_change, has_fact

F = dict[str, Any]


def fact(indicator: str, value: Any, dims: dict[str, str] | None = None, **kw: Any) -> F:
    return {"indicator": indicator, "value": value, "dims": dims or {}, **kw}


CASES: list[tuple[str, list[F]]] = [
    # THT
    ("Đến 31/12/2022, toàn tỉnh có 1.320 tổ hợp tác với 15.480 thành viên.",
     [fact("tht.count", 1320), fact("tht.members", 15480)]),
    ("Số THT đang hoạt động: 412 THT; số THT thành lập mới trong năm: 37 THT.",
     [fact("tht.count", 412, {"status": "active"}), fact("tht.count", 37, {"flow": "founded"})]),
    ("Trong năm, thành lập mới 37/50 THT, đạt 74% so với kế hoạch.",
     [fact("tht.count", 37, {"flow": "founded"}), fact("tht.count", 50, {"flow": "founded"}, kind="plan"),
      fact("tht.count", 74, {"flow": "founded"}, kind="attainment", unit="percent")]),
    ("Tổ hợp tác tạm ngừng hoạt động là 12 THT.", [fact("tht.count", 12, {"status": "suspended"})]),
    # HTX counts, other orders and abbreviations
    ("Toàn tỉnh Nghệ An hiện có 1.102 hợp tác xã, trong đó 980 hợp tác xã đang hoạt động.",
     [fact("htx.count", 1102), fact("htx.count", 980, {"status": "active"})]),
    ("Có 15 HTX ngừng hoạt động chờ giải thể và 6 HTX tạm ngừng hoạt động.",
     [fact("htx.count", 15, {"status": "stopped"}), fact("htx.count", 6, {"status": "suspended"})]),
    ("Tổng số HTX: 245 HTX, gồm: 180 HTX NN, 50 HTX phi NN và 15 QTDND.",
     [fact("htx.count", 245), fact("htx.count", 180, {"sector": "agriculture"}),
      fact("htx.count", 50, {"sector": "non_agriculture"}), fact("htx.count", 15, {"sector": "credit"})]),
    ("Lĩnh vực thương mại, dịch vụ có 22 HTX; lĩnh vực xây dựng có 9 HTX trên tổng số 300 HTX toàn tỉnh.",
     [fact("htx.count", 22, {"sector": "trade_services"}), fact("htx.count", 9, {"sector": "construction"})]),
    ("Số HTX giải thể trong năm là 8 HTX.", [fact("htx.count", 8, {"flow": "dissolved"})]),
    ("Trong 6 tháng đầu năm 2023 có 3 HTX sáp nhập.", [fact("htx.count", 3, {"flow": "merged"})]),
    ("Không có HTX thành lập mới trong quý.", [fact("htx.count", 0, {"flow": "founded"})]),
    # LHHTX
    ("Tổng số liên hiệp hợp tác xã là 7 LHHTX, vốn điều lệ 42,5 tỷ đồng, với 35 HTX thành viên.",
     [fact("lhhtx.count", 7), fact("lhhtx.charter_capital", 42500000000)]),
    ("Số LHHTX đang hoạt động là 4 liên hiệp.", [fact("lhhtx.count", 4, {"status": "active"})]),
    # members and workers
    ("Các HTX thu hút 96.105 thành viên, giải quyết việc làm cho 12.500 lao động thường xuyên và 3.200 lao động theo thời vụ.",
     [fact("htx.members", 96105), fact("htx.workers", 12500), fact("htx.workers", 3200, {"work": "seasonal"})]),
    ("Số thành viên HTX là 36.105 thành viên (thành viên chính thức 35.000, thành viên liên kết 1.105).",
     [fact("htx.members", 36105)]),
    ("Số lao động làm việc thường xuyên trong HTX là 8.750 người.", [fact("htx.workers", 8750)]),
    # capital
    ("Tổng vốn điều lệ của các HTX đạt 2.150 tỷ đồng.", [fact("htx.charter_capital", 2150000000000)]),
    ("Vốn điều lệ của HTX là 17 tỷ 942 triệu đồng.", [fact("htx.charter_capital", 17942000000)]),
    ("Tổng vốn góp của thành viên HTX là 412.296.737.000 đồng.", [fact("htx.charter_capital", 412296737000)]),
    ("Vốn điều lệ của các tổ hợp tác là 7,5 tỷ đồng.", [fact("tht.charter_capital", 7500000000)]),
    # averages
    ("Doanh thu bình quân của HTX đạt 1,61 tỷ đồng/HTX/năm, lợi nhuận bình quân 215 triệu đồng/HTX/năm.",
     [fact("htx.revenue_avg", 1610000000), fact("htx.profit_avg", 215000000)]),
    ("Thu nhập bình quân của lao động thường xuyên trong HTX là 5,2 triệu đồng/người/tháng.",
     [fact("htx.income_avg", 5200000, {"per": "month"})]),
    ("Bình quân doanh thu của tổ hợp tác: 2,5 triệu/THT/năm.", [fact("tht.revenue_avg", 2500000)]),
    ("Diện tích canh tác của các HTX nông nghiệp là 66.807,55 ha.",
     [fact("htx.area", "66807.55", {"sector": "agriculture"})]),
    # classes
    ("Kết quả phân loại: tốt 120 HTX (chiếm 25%); khá 200 HTX (41,7%); trung bình 100 HTX; yếu 60 HTX.",
     [fact("htx.count", 120, {"class": "good"}), fact("htx.count", 25, {"class": "good"}, unit="percent"),
      fact("htx.count", 200, {"class": "fair"}), fact("htx.count", "41.7", {"class": "fair"}, unit="percent"),
      fact("htx.count", 100, {"class": "average"}), fact("htx.count", 60, {"class": "weak"})]),
    ("Số HTX xếp loại khá, giỏi chiếm 62,5%; loại yếu kém chiếm 8%.",
     [fact("htx.count", "62.5", {"class": "good_fair"}, unit="percent"),
      fact("htx.count", 8, {"class": "weak"}, unit="percent")]),
    # managers by education
    ("Trình độ cán bộ quản lý HTX: đại học trở lên 312 người, trung cấp 410 người, chưa qua đào tạo 95 người.",
     [fact("htx.managers", 312, {"education": "higher"}), fact("htx.managers", 410, {"education": "vocational"}),
      fact("htx.managers", 95, {"education": "untrained"})]),
    # alliance
    ("Liên minh HTX tỉnh Hà Tĩnh có 268 đơn vị thành viên, trong đó 250 thành viên chính thức và 18 thành viên liên kết.",
     [fact("alliance.members", 268), fact("alliance.members", 250, {"member_type": "official"}),
      fact("alliance.members", 18, {"member_type": "associate"})]),
    ("Trong năm kết nạp 25 thành viên mới của Liên minh HTX tỉnh.",
     [fact("alliance.members", 25, {"flow": "joined"}, unit="unit")]),
    # fund
    ("Quỹ hỗ trợ phát triển HTX: vốn điều lệ của Quỹ là 50 tỷ đồng; dư nợ đến 30/6/2023 là 45.200 triệu đồng, "
     "trong đó nợ trong hạn 44.100 triệu đồng, nợ quá hạn 1.100 triệu đồng.",
     [fact("fund.capital", 50000000000), fact("fund.outstanding", 45200000000),
      fact("fund.outstanding", 44100000000, {"debt": "in_term"}),
      fact("fund.outstanding", 1100000000, {"debt": "overdue"})]),
    ("Quỹ đang cho 38 HTX vay vốn với 41 dự án, thu lãi 1.250 triệu đồng.",
     [fact("fund.projects", 41), fact("fund.interest_collected", 1250000000)]),
    # plans
    ("Phấn đấu trong năm 2024 thành lập mới 10 HTX và 25 THT.",
     [fact("htx.count", 10, {"flow": "founded"}, kind="plan"), fact("tht.count", 25, {"flow": "founded"}, kind="plan")]),
    ("Mục tiêu đến năm 2025 có 60% HTX xếp loại khá, tốt.",
     [fact("htx.count", 60, {"class": "good_fair"}, kind="plan", unit="percent")]),
    ("Số HTX thành lập mới là 8 HTX, bằng 50% so với kế hoạch.",
     [fact("htx.count", 8, {"flow": "founded"}),
      fact("htx.count", 50, {"flow": "founded"}, kind="attainment", unit="percent")]),
    ("KẾ HOẠCH NĂM 2024\nThành lập mới 15 HTX; thu hút thêm 300 thành viên.",
     [fact("htx.count", 15, {"flow": "founded"}, kind="plan"), fact("htx.members", 300, {"flow": "joined"}, kind="plan")]),
    # numbers without a unit noun after them
    ("Số thành viên HTX là 36.105; tổng số lao động của các HTX: 12.000. Số HTX đang vay: 47.",
     [fact("htx.members", 36105), fact("htx.workers", 12000), fact("fund.borrowers", 47)]),
    # the measure's own subject, not the closest counted noun
    ("Tính đến 31/12/2022, tỉnh Quảng Ninh có 527 HTX, 1.025 THT, tổng vốn điều lệ 1.500 tỷ đồng.",
     [fact("htx.count", 527), fact("tht.count", 1025), fact("htx.charter_capital", 1500000000000)]),
    ("Liên hiệp HTX: 12 LHHTX có 68 HTX thành viên, tổng vốn điều lệ 94 tỷ đồng.",
     [fact("lhhtx.members", 68, unit="member"), fact("lhhtx.charter_capital", 94000000000)]),
    ("Phấn đấu thành lập mới 45 HTX, 90 THT; 70% HTX hoạt động đạt loại khá, tốt trở lên.",
     [fact("tht.count", 90, {"flow": "founded"}, kind="plan"),
      fact("htx.count", 70, {"class": "good_fair"}, kind="plan", unit="percent")]),
    ("Trong 6 tháng kết nạp 12 thành viên mới, nâng tổng số thành viên của Liên minh HTX tỉnh lên 245 đơn vị.",
     [fact("alliance.members", 12, {"flow": "joined"}, unit="unit"), fact("alliance.members", 245)]),
    # one verb for a list, across a parenthesis
    ("Trong năm 2022, thành lập mới 98 HTX (tăng 15 HTX so với năm 2021), 210 THT và 2 LHHTX; giải thể 42 HTX.",
     [fact("htx.count", 98, {"flow": "founded"}), fact("tht.count", 210, {"flow": "founded"}),
      fact("lhhtx.count", 2, {"flow": "founded"}), fact("htx.count", 42, {"flow": "dissolved"})]),
    # shares and attainment belong to the number they follow, not to the parenthesis before them
    ("Toàn tỉnh thành lập mới 23 HTX (nông nghiệp 17 HTX, phi nông nghiệp 6 HTX), đạt 46% kế hoạch năm.",
     [fact("htx.count", 46, {"flow": "founded"}, kind="attainment", unit="percent"),
      fact("htx.count", 6, {"flow": "founded", "sector": "non_agriculture"})]),
    ("Trình độ cán bộ quản lý HTX: có 1.254 người có trình độ cao đẳng, đại học trở lên (chiếm 32,1%).",
     [fact("htx.managers", "32.1", {"education": "higher"}, unit="percent")]),
    # a "trong đó" breakdown ends where a clause names its own measure
    ("Quỹ hỗ trợ phát triển HTX: dư nợ 28.760 triệu đồng, trong đó nợ quá hạn 320 triệu đồng; "
     "lãi thu được 6 tháng đạt 612 triệu đồng.",
     [fact("fund.outstanding", 320000000, {"debt": "overdue"}), fact("fund.interest_collected", 612000000)]),
    # tables flattened from .docx
    ("1. Một số chỉ tiêu chủ yếu (tính đến 30/9/2024)\nSTT | Chỉ tiêu | Đơn vị tính | Số lượng\n"
     "1 | Tổng số hợp tác xã | HTX | 812\n- Đang hoạt động | HTX | 705\n"
     "4 | Tổng số thành viên HTX | Thành viên | 38.560\n6 | Tổng vốn điều lệ của HTX | Triệu đồng | 1.946.500\n"
     "8 | Thu nhập bình quân của lao động | Triệu đồng/người/tháng | 5,1\n"
     "Chỉ tiêu | Quý III/2024 | Lũy kế 9 tháng\nHTX thành lập mới | 14 | 38\nTHT thành lập mới | 22 | 61\n",
     [fact("htx.count", 812), fact("htx.count", 705, {"status": "active"}), fact("htx.members", 38560),
      fact("htx.charter_capital", 1946500000000), fact("htx.income_avg", 5100000, {"per": "month"}),
      fact("htx.count", 14, {"flow": "founded"}), fact("htx.count", 38, {"flow": "founded"}),
      fact("tht.count", 61, {"flow": "founded"})]),
    # numbers as words
    ("Số HTX giải thể: Không; số HTX tạm ngừng hoạt động: 05 HTX.",
     [fact("htx.count", 0, {"flow": "dissolved"}), fact("htx.count", 5, {"status": "suspended"})]),
]

NOT_FACTS = [
    "Thực hiện Nghị quyết số 24/2018/NQ-HĐND ngày 07/12/2018 và Kế hoạch 165/KH-UBND của UBND tỉnh.",
    "Hệ thống thông tin đã thu hút 126.835 lượt truy cập, liên hệ 0204.3854.123.",
    "Ngân hàng chính sách xã hội: dư nợ cho vay là 2.192 triệu đồng (đạt 100% kế hoạch).",
    "Quỹ quốc gia về việc làm đã cho vay 85 dự án với dư nợ 12 tỷ đồng.",
    "Lũy kế từ năm 2018 đến nay đã hỗ trợ thành lập mới 72 HTX.",
    "Có 02 HTX được tặng Cờ thi đua, 05 HTX được tặng Bằng khen của UBND tỉnh.",
    "Cán bộ công chức ủng hộ Quỹ vì người nghèo với số tiền 2,5 triệu đồng.",
    "Thu nhập của lao động từ 4,5 – 5,0 triệu đồng/người/tháng.",
    "Giai đoạn 2021-2025, tổ chức Đại hội lần thứ 2 tại 300m2 hội trường, ứng dụng công nghệ 4.0.",
    "Có 03 HTX bổ sung thông tin hoạt động.",
    "Vốn điều lệ bình quân đạt 2,1 tỷ đồng/HTX.",
    "Lũy kế từ khi thành lập, Quỹ hỗ trợ phát triển HTX đã cho vay 212 dự án với tổng số tiền 178 tỷ đồng.",
    "STT | Chỉ tiêu | Đơn vị tính | Số lượng\n1 | 2 | 3 | 4",
    "Từ năm 2019 đến nay, Liên minh HTX tỉnh đã hỗ trợ thành lập mới 72 HTX. Điện thoại: 0205.3812.345.",
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t[:40] for t, _ in CASES])
def test_paraphrase(text: str, expected: list[F]) -> None:
    ex = extract_text(text)
    for want in expected:
        assert has_fact(ex, want), f"{want} not in:\n{describe(ex)}"


@pytest.mark.parametrize("text", NOT_FACTS, ids=[t[:40] for t in NOT_FACTS])
def test_not_a_statistic(text: str) -> None:
    ex = extract_text(text)
    assert not [f for f in ex.facts if f.indicator.split(".")[0] in ("htx", "tht", "lhhtx", "alliance", "fund")], \
        describe(ex)


def test_comparisons_are_changes_not_facts() -> None:
    ex = extract_text("Số THT đang hoạt động là 120 THT, giảm 07 so với năm 2022; số HTX là 1.020 HTX, "
                      "tăng 5 HTX so với cùng kỳ.")
    assert has_change(ex, {"indicator": "tht.count", "delta": -7, "reference": "2022"}), describe(ex)
    assert has_change(ex, {"indicator": "htx.count", "delta": 5, "reference": "same_period_last_year"})
    assert {f.value for f in ex.facts} == {120, 1020}, describe(ex)


def test_relative_change_is_a_percent_change() -> None:
    ex = extract_text("Tổng vốn điều lệ của các HTX là 2.100 tỷ đồng, tăng 12% so với năm trước.")
    assert has_fact(ex, fact("htx.charter_capital", 2100000000000))
    assert ex.changes and ex.changes[0].relative and ex.changes[0].reference == "previous_year"


def test_quotes_are_spans_of_the_text() -> None:
    text = "Báo cáo nhanh.\nTổng số HTX: 830 HTX (765 HTX đang hoạt động), chiếm 100%."
    ex = extract_text(text)
    assert ex.facts
    for f in ex.facts:
        assert f.source is not None and f.source.start is not None and f.source.end is not None
        assert text[f.source.start:f.source.end] == f.source.quote
        assert "830" in f.source.quote or "765" in f.source.quote or "100" in f.source.quote


def test_breakdown_inherits_the_totals_dims() -> None:
    ex = extract_text("Tổng số liên hiệp HTX đang hoạt động: 05 liên hiệp HTX (04 liên hiệp HTX hoạt động "
                      "lĩnh vực NN; 01 liên hiệp HTX hoạt động lĩnh vực phi NN).")
    assert has_fact(ex, fact("lhhtx.count", 4, {"status": "active", "sector": "agriculture"})), describe(ex)
    assert has_fact(ex, fact("lhhtx.count", 1, {"status": "active", "sector": "non_agriculture"}))


@pytest.mark.parametrize("text", [
    "UBND tỉnh hỗ trợ 5 tỷ đồng cho 20 HTX xây dựng kho lạnh.",
    "Số HTX có lãi là 620 HTX; số HTX thua lỗ 35 HTX.",
    "Toàn tỉnh có 156 sản phẩm OCOP của 98 HTX đạt từ 3 sao trở lên.",
])
def test_subsets_outside_the_vocabulary_are_not_counts(text: str) -> None:
    assert not extract_text(text).facts, describe(extract_text(text))


def test_stock_at_a_date_without_total_word() -> None:
    ex = extract_text("Tính đến 31/12/2022, tỉnh Quảng Ninh có 527 HTX, 1.025 THT.")
    assert has_fact(ex, fact("htx.count", 527)) and has_fact(ex, fact("tht.count", 1025)), describe(ex)


def test_table_ordinals_are_not_facts() -> None:
    ex = extract_text("STT | Chỉ tiêu | Đơn vị tính | Số lượng\n3 | Số liên hiệp HTX | LHHTX | 6\n")
    assert [(f.indicator, f.value) for f in ex.facts] == [("lhhtx.count", 6)], describe(ex)


@pytest.mark.parametrize(("text", "day"), [
    ("Đến hết ngày 30/6/2023, toàn tỉnh có 402 HTX.", "2023-06-30"),
    ("Tính đến 31/12/2022, toàn tỉnh có 402 HTX.", "2022-12-31"),
    ("Tổng số HTX tại thời điểm 30/11/2022 là 46 HTX.", "2022-11-30"),
])
def test_as_of_phrasings(text: str, day: str) -> None:
    facts = extract_text(text).facts
    assert facts and str(facts[0].as_of) == day, describe(extract_text(text))
