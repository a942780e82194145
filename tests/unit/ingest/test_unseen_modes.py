"""The failure modes seen on unseen reports (issue 14), in sentences of our own.

Each case lists every province-level fact the sentence states, so a guess the reader
should not make (a wrong dim, an inherited label, a number outside the vocabulary) fails
as surely as a miss. Facts are compared as the team's scorer compares them:
(indicator, dims, unit, kind, value).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from htx.ingest import extract_text
from htx.ingest.extract import extract_facts
from htx.stats.facts import Fact
from htx.stats.vocabulary import vocabulary

Key = tuple[str, tuple[tuple[str, str], ...], str, str, Decimal]


def key(indicator: str, value: Any, dims: dict[str, str] | None = None, kind: str = "actual",
        unit: str | None = None) -> Key:
    unit = unit or vocabulary().units_of(indicator)[0]
    return (indicator, tuple(sorted((dims or {}).items())), unit, kind, Decimal(str(value)))


def keys(facts: list[Fact]) -> set[Key]:
    return {(f.indicator, tuple(sorted(f.dims.items())), f.unit, f.kind, Decimal(str(f.value)))
            for f in facts if f.place is None}


CASES: list[tuple[str, str, list[Key]]] = [
    # 1. context inherited from the subject, a heading or a bullet
    ("1-subject", "Khối HTX nông nghiệp có 150 HTX với 12.000 thành viên.",
     [key("htx.count", 150, {"sector": "agriculture"}), key("htx.members", 12000, {"sector": "agriculture"})]),
    ("1-field", "Trong lĩnh vực công nghiệp có 40 HTX hoạt động với 900 thành viên.",
     [key("htx.count", 40, {"sector": "industry", "status": "active"}),
      key("htx.members", 900, {"sector": "industry"})]),
    ("1-average", "Doanh thu bình quân 1 HTX nông nghiệp đạt 1,8 tỷ đồng/năm.",
     [key("htx.revenue_avg", 1800000000, {"sector": "agriculture"})]),
    ("1-founded-members", "Năm nay có 12 HTX đăng ký mới với 140 thành viên, trong đó 10 HTX nông nghiệp.",
     [key("htx.count", 12, {"flow": "founded"}), key("htx.members", 140, {"flow": "founded"}),
      key("htx.count", 10, {"flow": "founded", "sector": "agriculture"})]),
    ("1-previous-total", "Cả tỉnh có 140 HTX đang hoạt động. Trong tổng số HTX có 120 HTX thuộc lĩnh vực nông nghiệp.",
     [key("htx.count", 140, {"status": "active"}), key("htx.count", 120, {"status": "active", "sector": "agriculture"})]),
    # 2. a qualifier shared by a list
    ("2-status-after", "Hiện nay có 96 HTX, 12 THT và 2 LHHTX đang hoạt động.",
     [key("htx.count", 96, {"status": "active"}), key("tht.count", 12, {"status": "active"}),
      key("lhhtx.count", 2, {"status": "active"})]),
    ("2-flow-before", "Trong năm thành lập mới 15 HTX; 2 LHHTX và 25 THT.",
     [key("htx.count", 15, {"flow": "founded"}), key("lhhtx.count", 2, {"flow": "founded"}),
      key("tht.count", 25, {"flow": "founded"})]),
    ("2-abbreviation", "Toàn tỉnh có 58 hợp tác xã (HTX) đang hoạt động.", [key("htx.count", 58, {"status": "active"})]),
    ("2-totals-listed", "Toàn tỉnh có 300 HTX, 4 quỹ tín dụng nhân dân và 120 tổ hợp tác.",
     [key("htx.count", 300), key("htx.count", 4, {"sector": "credit"}), key("tht.count", 120)]),
    ("2-new-total", "Có 20 HTX thành lập mới, gồm 15 HTX nông nghiệp, 5 HTX phi nông nghiệp; 9 HTX ngừng hoạt động.",
     [key("htx.count", 20, {"flow": "founded"}), key("htx.count", 15, {"flow": "founded", "sector": "agriculture"}),
      key("htx.count", 5, {"flow": "founded", "sector": "non_agriculture"}), key("htx.count", 9, {"status": "stopped"})]),
    # 3. class phrases are not the status
    ("3-effective", "Có 45 HTX hoạt động có hiệu quả, chiếm 30% tổng số HTX.",
     [key("htx.count", 45, {"class": "good_fair"}), key("htx.count", 30, {"class": "good_fair"}, unit="percent")]),
    ("3-active-effective", "Toàn huyện có 60 HTX đang hoạt động hiệu quả.", [key("htx.count", 60, {"class": "good_fair"})]),
    ("3-score", "Có 20 HTX hoạt động hiệu quả với tổng điểm đạt từ 80 điểm trở lên.", [key("htx.count", 20, {"class": "good"})]),
    # 5. an item whose label the reader does not know is dropped, not guessed
    ("5-no-company", "Trong năm giải thể 4 HTX, không có HTX nào chuyển sang mô hình công ty.",
     [key("htx.count", 4, {"flow": "dissolved"})]),
    ("5-profit", "Doanh thu bình quân 950 triệu đồng/HTX/năm; tổng lợi nhuận toàn khu vực 120 tỷ đồng.",
     [key("htx.revenue_avg", 950000000)]),
    ("5-typology", "Số HTX làm dịch vụ cung ứng vật tư chiếm khoảng 80% tổng số HTX đang hoạt động.", []),
    # 6. synonyms
    ("6-sectors", "Tổng số 479 HTX, trong đó 37 HTX công thương, 2 HTX xây dựng và 5 HTX dịch vụ khác.",
     [key("htx.count", 479), key("htx.count", 37, {"sector": "industry"}),
      key("htx.count", 2, {"sector": "construction"}), key("htx.count", 5, {"sector": "trade_services"})]),
    ("6-union-group", "Trong năm thành lập mới 14 tổ và 1 LH HTX; các HTX có 70 thành viên gia nhập mới.",
     [key("tht.count", 14, {"flow": "founded"}), key("lhhtx.count", 1, {"flow": "founded"}),
      key("htx.members", 70, {"flow": "joined"})]),
    ("6-not-stopped-yet", "Còn 30 HTX ngừng hoạt động nhưng chưa tiến hành giải thể.", [key("htx.count", 30, {"status": "stopped"})]),
    # 7. numbers outside the vocabulary
    ("7-rate", "Giai đoạn vừa qua trung bình 48 HTX mỗi năm được thành lập.", []),
    ("7-range", "Thu nhập của người lao động từ 3,2 đến 4,1 triệu đồng/người/tháng.", []),
    ("7-time", "Cập nhật lúc 09:15 ngày 03/04/2021.", []),
    ("7-special-control", "Có 2 quỹ tín dụng nhân dân thuộc diện kiểm soát đặc biệt.", []),
    ("7-change", "Số thành viên tăng 120 nghìn thành viên.", []),
    # 8. credit funds are not the support fund
    ("8-credit-fund", "Các quỹ tín dụng nhân dân có tổng nguồn vốn hoạt động 600 tỷ đồng.", []),
    ("8-debt-status", "Quỹ hỗ trợ phát triển HTX đang cho 40 HTX vay vốn, tổng dư nợ 12 tỷ đồng, trong đó dư nợ trong hạn "
     "của 36 HTX là 11 tỷ đồng, dư nợ quá hạn của 4 HTX là 1 tỷ đồng; lãi đã thu 300 triệu đồng.",
     [key("fund.borrowers", 40), key("fund.outstanding", 12000000000),
      key("fund.borrowers", 36, {"debt": "in_term"}), key("fund.outstanding", 11000000000, {"debt": "in_term"}),
      key("fund.borrowers", 4, {"debt": "overdue"}), key("fund.outstanding", 1000000000, {"debt": "overdue"}),
      key("fund.interest_collected", 300000000)]),
    ("8-borrowers-breakdown", "Số HTX được vay vốn từ Quỹ là 40 HTX, trong đó 32 HTX nông nghiệp, 8 HTX phi nông nghiệp.",
     [key("fund.borrowers", 40), key("fund.borrowers", 32, {"sector": "agriculture"}),
      key("fund.borrowers", 8, {"sector": "non_agriculture"})]),
    # 9. scale words on person counts
    ("9-scale", "Cả nước có khoảng 6,2 triệu thành viên HTX và 8,4 nghìn lao động thời vụ.",
     [key("htx.members", 6200000), key("htx.workers", 8400, {"work": "seasonal"})]),
    # 10. implied plan or whole
    ("10-attainment", "Ước đến cuối năm toàn tỉnh có 250 HTX, 3 LHHTX, đạt 101,2%.",
     [key("htx.count", 250), key("lhhtx.count", 3), key("htx.count", 101.2, kind="attainment", unit="percent")]),
    ("10-of", "Có 88/120 HTX hoạt động hiệu quả.", [key("htx.count", 88, {"class": "good_fair"}), key("htx.count", 120)]),
    ("10-actual-after-plan-word", "Số THT đạt 62% kế hoạch năm, trong đó thành lập mới 9 HTX.",
     [key("htx.count", 9, {"flow": "founded"})]),
    ("10-under-way", "Hiện có 2 LHHTX đang hoạt động; đang thực hiện giải thể 01 LH HTX theo kế hoạch năm 2022.",
     [key("lhhtx.count", 2, {"status": "active"}), key("lhhtx.count", 1, {"status": "stopped"})]),
    # 11. measure phrasing
    ("11-per-htx", "Tính bình quân, mỗi HTX có doanh thu 1,75 tỷ đồng/năm, lợi nhuận 0,2 tỷ đồng/năm.",
     [key("htx.revenue_avg", 1750000000), key("htx.profit_avg", 200000000)]),
    ("11-member-income", "Thu nhập bình quân của thành viên đạt 4 triệu đồng/tháng.", []),
    ("11-worker-income", "Thu nhập của người lao động đạt 5,5 triệu đồng/người/tháng.",
     [key("htx.income_avg", 5500000, {"per": "month"})]),
    ("11-both-incomes", "Thu nhập bình quân của thành viên, người lao động đạt 60 triệu đồng/người/năm.",
     [key("htx.income_avg", 60000000, {"per": "year"})]),
    ("11-heads-share", "Cán bộ quản lý có trình độ cao đẳng, đại học chiếm 40,5%.",
     [key("htx.managers", 40.5, {"education": "higher"}, unit="percent")]),
    ("11-regular-workers", "Các HTX có 20,5 nghìn lao động (7,5 nghìn lao động thường xuyên, 13 nghìn lao động thời vụ).",
     [key("htx.workers", 7500), key("htx.workers", 13000, {"work": "seasonal"})]),
    ("11-monthly-revenue", "Doanh thu bình quân ước đạt 70 triệu đồng/tháng/HTX.", []),
    ("11-no-fund", "Tỉnh có 1 liên minh HTX với 4 HTX thành viên, tổng vốn hoạt động là 7 tỷ đồng.",
     [key("alliance.members", 4)]),
    ("11-assets", "Các HTX có vốn điều lệ 900 tỷ đồng, tổng giá trị tài sản 1.400 tỷ đồng.",
     [key("htx.charter_capital", 900000000000)]),
    ("3-share-base", "Phấn đấu số HTX loại tốt, khá chiếm khoảng 40% tổng số HTX đang hoạt động.",
     [key("htx.count", 40, {"class": "good_fair"}, kind="plan", unit="percent")]),
    ("8-fund-name", "Quỹ hỗ trợ HTX có tổng vốn điều lệ 12,5 tỷ đồng.", [key("fund.capital", 12500000000)]),
    ("11-income-no-period", "Thu nhập bình quân của người lao động đạt 3,9 triệu đồng.", []),
    ("7-per-unit-rate", "Bình quân trên 1.250 hộ thành viên/HTX; toàn tỉnh có 12.000 hộ kinh doanh cá thể.", []),
    ("2-still-has", "Ngoài ra, còn có 2 Liên hiệp hợp tác xã và 140 tổ hợp tác trong lĩnh vực trồng trọt.",
     [key("lhhtx.count", 2), key("tht.count", 140, {"sector": "agriculture"})]),
    ("2-listed-after-semicolon", "Toàn tỉnh có trên 1.400 HTX với 41.600 thành viên; 3 liên hiệp HTX, trên 8.400 tổ hợp tác.",
     [key("htx.count", 1400), key("htx.members", 41600), key("lhhtx.count", 3), key("tht.count", 8400)]),
    ("12-ellipsis", "Các HTX làm dịch vụ nông nghiệp…Các HTX có tổng số vốn điều lệ 5.730 tỷ đồng.",
     [key("htx.charter_capital", 5730000000000)]),
    ("1-later-subject", "Trong năm có 3 LHHTX.\nTổng số hộ thành viên trên 9.000 hộ, bình quân 300 hộ thành viên/hợp tác xã.",
     [key("htx.members", 9000)]),
    ("1-founded-capital", "Đã thành lập mới 08/14 HTX gồm: HTX Đông Hòa, HTX Tân Phú, với 65 xã viên, vốn điều lệ 13,1 tỷ đồng, "
     "đạt 57% so với kế hoạch năm.",
     [key("htx.count", 8, {"flow": "founded"}), key("htx.count", 14, {"flow": "founded"}, kind="plan"),
      key("htx.members", 65, {"flow": "founded"}), key("htx.charter_capital", 13100000000, {"flow": "founded"}),
      key("htx.count", 57, {"flow": "founded"}, kind="attainment", unit="percent")]),
    ("5-service-share", "Có 95% HTX làm dịch vụ bảo vệ thực vật cho thành viên.", []),
    ("12-hard-wrap", "Trong năm đã vận động thành lập mới được 9 hợp tác xã bao gồm: HTX NN-DV Tân\nPhú, HTX Đông Hòa, với "
     "80 thành viên.", [key("htx.count", 9, {"flow": "founded"}), key("htx.members", 80, {"flow": "founded"})]),
    ("2-estimate-total", "Tính đến 30/6 toàn tỉnh có 300 HTX. Ước thực hiện cả năm là 303 HTX.",
     [key("htx.count", 300), key("htx.count", 303)]),
    # 12. text cut by flattening
    ("12-title-line", "Phát triển liên kết chuỗi\n\nToàn tỉnh có 300 HTX.", [key("htx.count", 300)]),
    ("12-page-break", "Quỹ hỗ trợ phát triển HTX: tính đến\n\n30/6/2023, dư nợ là 2.000 triệu đồng.",
     [key("fund.outstanding", 2000000000)]),
]


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_mode(name: str, text: str, expected: list[Key]) -> None:
    got = keys(extract_facts(text).facts)
    assert got == set(expected), (sorted(got - set(expected)), sorted(set(expected) - got))


def test_4_district_breakdowns_are_facts_of_those_districts() -> None:
    text = "Trong năm thành lập mới 7 HTX, trong đó: 5 HTX ở huyện Tân Lạc, 2 HTX ở huyện Mai Châu. Lạc Sơn 12 HTX."
    facts = extract_facts(text, period="2021", province="Hòa Bình").facts
    assert keys(facts) == {key("htx.count", 7, {"flow": "founded"})}
    placed = {(f.value, str(f.place)) for f in facts if f.place is not None}
    assert {v for v, _ in placed} == {5, 2, 12}
    assert all(p.startswith("old:district:") for _, p in placed)


def test_4_the_province_city_needs_its_type_word() -> None:
    facts = extract_facts("Hòa Bình: 512 HTX; thành phố Hòa Bình 53 HTX.", province="Hòa Bình").facts
    assert [(f.value, f.place is None) for f in facts if f.value == 53] == [(53, False)]


def test_14_approximate_and_dates() -> None:
    text = "Tính đến ngày 30/6/2023, toàn tỉnh có gần 500 HTX; trong năm thành lập mới khoảng 20 HTX."
    facts = extract_facts(text, period="2023").facts
    by_value = {f.value: f for f in facts}
    assert by_value[500].approximate and by_value[500].as_of is not None and by_value[500].as_of.isoformat() == "2023-06-30"
    assert by_value[20].approximate and by_value[20].period == "2023" and by_value[20].as_of is None


def test_14_a_rounded_headline_is_not_a_second_fact() -> None:
    text = "Cả tỉnh có gần 500 hợp tác xã\n\nĐến nay, toàn tỉnh có 479 hợp tác xã."
    assert keys(extract_text(text).facts) == {key("htx.count", 479)}


@pytest.mark.parametrize(("text", "day"), [
    ("Tính đến tháng 11/2023 toàn tỉnh có 763 HTX.", "2023-11-30"),
    ("Tính đến tháng 12/2023 toàn tỉnh có 763 HTX.", "2023-12-31"),
    ("Đến hết năm 2021, toàn tỉnh có 457 HTX.", "2021-12-31"),
])
def test_14_as_of_a_month_or_a_year(text: str, day: str) -> None:
    facts = extract_facts(text).facts
    assert [f.as_of.isoformat() if f.as_of else None for f in facts] == [day]
