"""Paraphrased cases (our own words) of every rule and of the traps that made the old checks cry wolf.

Each fact is placed in a small paraphrased text so that its quote and offsets are real.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from htx.stats.facts import Fact, Place, Source
from htx.validate import CheckReport, Finding, check_facts

MID = date(2022, 6, 30)
END = date(2022, 12, 31)


class Text:
    """A paraphrase and the facts read from it, each quoting its own words."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.facts: list[Fact] = []

    def fact(self, quote: str, indicator: str, value: int | str, unit: str = "unit", kind: str = "actual",
             as_of: date | None = MID, period: str | None = None, approximate: bool = False,
             place: Place | None = None, dims: dict[str, str] | None = None) -> Text:
        start = self.text.index(quote)
        v = Decimal(value) if isinstance(value, str) else value
        self.facts.append(Fact(indicator, v, unit, dims or {}, kind=kind, as_of=as_of, period=period, place=place,
                               approximate=approximate,
                               source=Source("document", quote=quote, start=start, end=start + len(quote))))
        return self

    def check(self, headline: Sequence[tuple[int, int]] = ()) -> CheckReport:
        return check_facts(self.facts, headline=headline)


def rules(items: list[Finding]) -> list[str]:
    return [x.rule for x in items]


def test_share_and_count_of_siblings_against_the_total() -> None:
    t = (Text("Toàn tỉnh có 300 HTX; 97% HTX đang hoạt động, 40 HTX ngừng hoạt động.")
         .fact("300 HTX", "htx.count", 300).fact("97% HTX đang hoạt động", "htx.count", 97, "percent", dims={"status": "active"})
         .fact("40 HTX ngừng hoạt động", "htx.count", 40, dims={"status": "stopped"}))
    report = t.check()
    assert rules(report.findings) == ["shares_counts_total"] and report.notes == []
    assert "97% × 300" in report.findings[0].message and "khác tổng số 300" in report.findings[0].message
    ok = (Text("Toàn tỉnh có 300 HTX; 86% HTX đang hoạt động, 40 HTX ngừng hoạt động.")
          .fact("300 HTX", "htx.count", 300).fact("86% HTX đang hoạt động", "htx.count", 86, "percent", dims={"status": "active"})
          .fact("40 HTX ngừng hoạt động", "htx.count", 40, dims={"status": "stopped"}))
    assert ok.check().findings == []  # 86% of 300 = 258; 258 + 40 ≤ 300


def test_a_sub_sector_is_not_a_sibling_of_agriculture() -> None:
    t = (Text("Có 500 HTX, gồm 320 HTX nông nghiệp và 180 HTX phi nông nghiệp, trong đó 60 HTX vận tải.")
         .fact("500 HTX", "htx.count", 500).fact("320 HTX nông nghiệp", "htx.count", 320, dims={"sector": "agriculture"})
         .fact("180 HTX phi nông nghiệp", "htx.count", 180, dims={"sector": "non_agriculture"})
         .fact("60 HTX vận tải", "htx.count", 60, dims={"sector": "transport"}))
    assert t.check().findings == []


def test_a_sub_sector_share_may_be_a_share_of_non_agriculture() -> None:
    t = (Text("Có 500 HTX, 200 HTX phi nông nghiệp, trong đó 50 HTX vận tải, chiếm 25%.")
         .fact("500 HTX", "htx.count", 500).fact("200 HTX phi nông nghiệp", "htx.count", 200,
                                                dims={"sector": "non_agriculture"})
         .fact("50 HTX vận tải", "htx.count", 50, dims={"sector": "transport"})
         .fact("chiếm 25%", "htx.count", 25, "percent", dims={"sector": "transport"}))
    assert t.check().findings == []
    over = (Text("Có 90 HTX phi nông nghiệp, trong đó 60 HTX vận tải và 45 HTX xây dựng.")
            .fact("90 HTX phi nông nghiệp", "htx.count", 90, dims={"sector": "non_agriculture"})
            .fact("60 HTX vận tải", "htx.count", 60, dims={"sector": "transport"})
            .fact("45 HTX xây dựng", "htx.count", 45, dims={"sector": "construction"}))
    assert [x.message for x in over.check().findings] == [
        "Số lượng hợp tác xã (phi nông nghiệp): 60 + 45 = 105, khác tổng số 90"]


def test_shares_of_a_sub_whole_are_not_added_to_shares_of_the_whole() -> None:
    t = (Text("HTX nông nghiệp chiếm 65%, phi nông nghiệp chiếm 35%; trong đó vận tải chiếm 40%, "
              "công nghiệp chiếm 30%. Khá, tốt chiếm 50%, trong đó tốt chiếm 60%.")
         .fact("nông nghiệp chiếm 65%", "htx.count", 65, "percent", dims={"sector": "agriculture"})
         .fact("phi nông nghiệp chiếm 35%", "htx.count", 35, "percent", dims={"sector": "non_agriculture"})
         .fact("vận tải chiếm 40%", "htx.count", 40, "percent", dims={"sector": "transport"})
         .fact("công nghiệp chiếm 30%", "htx.count", 30, "percent", dims={"sector": "industry"})
         .fact("Khá, tốt chiếm 50%", "htx.count", 50, "percent", dims={"class": "good_fair"})
         .fact("tốt chiếm 60%", "htx.count", 60, "percent", dims={"class": "good"}))
    report = t.check()
    assert report.findings == [] and report.notes == []


def test_credit_funds_may_be_inside_the_total_or_beside_it() -> None:
    beside = (Text("Có 412 HTX (300 nông nghiệp, 112 phi nông nghiệp) và 5 quỹ tín dụng nhân dân.")
              .fact("412 HTX", "htx.count", 412).fact("300 nông nghiệp", "htx.count", 300, dims={"sector": "agriculture"})
              .fact("112 phi nông nghiệp", "htx.count", 112, dims={"sector": "non_agriculture"})
              .fact("5 quỹ tín dụng nhân dân", "htx.count", 5, dims={"sector": "credit"}))
    assert beside.check().findings == []
    wrong = (Text("Có 1.000 HTX gồm: 700 nông nghiệp, 290 phi nông nghiệp, 11 quỹ tín dụng nhân dân.")
             .fact("1.000 HTX", "htx.count", 1000).fact("700 nông nghiệp", "htx.count", 700, dims={"sector": "agriculture"})
             .fact("290 phi nông nghiệp", "htx.count", 290, dims={"sector": "non_agriculture"})
             .fact("11 quỹ tín dụng nhân dân", "htx.count", 11, dims={"sector": "credit"}))
    assert [x.message for x in wrong.check().findings] == [
        "Số lượng hợp tác xã: 700 + 290 + 11 = 1.001, khác tổng số 1.000"]


def test_a_complete_partition_falls_short_but_an_incomplete_one_may() -> None:
    short = (Text("Tổng cộng 200 HTX: nông nghiệp 120 HTX, phi nông nghiệp 70 HTX.")
             .fact("200 HTX", "htx.count", 200).fact("nông nghiệp 120 HTX", "htx.count", 120, dims={"sector": "agriculture"})
             .fact("phi nông nghiệp 70 HTX", "htx.count", 70, dims={"sector": "non_agriculture"}))
    assert rules(short.check().findings) == ["parts_total"]
    unknown_rest = (Text("Tổng cộng 200 HTX, 150 HTX đang hoạt động, 30 HTX ngừng hoạt động.")
                    .fact("200 HTX", "htx.count", 200).fact("150 HTX đang hoạt động", "htx.count", 150, dims={"status": "active"})
                    .fact("30 HTX ngừng hoạt động", "htx.count", 30, dims={"status": "stopped"}))
    assert unknown_rest.check().findings == []  # the other 20 may be suspended


def test_dissolved_is_outside_the_status_total() -> None:
    t = (Text("Có 800 HTX: 760 đang hoạt động, 40 ngừng hoạt động (trong năm 7 HTX giải thể).")
         .fact("800 HTX", "htx.count", 800).fact("760 đang hoạt động", "htx.count", 760, dims={"status": "active"})
         .fact("40 ngừng hoạt động", "htx.count", 40, dims={"status": "stopped"})
         .fact("7 HTX giải thể", "htx.count", 7, dims={"status": "dissolved"}))
    assert t.check().findings == []


def test_seasonal_workers_are_not_part_of_regular_workers() -> None:
    t = (Text("HTX thu hút 6.000 lao động thường xuyên và 9.000 lao động thời vụ.")
         .fact("6.000 lao động", "htx.workers", 6000, "person")
         .fact("9.000 lao động thời vụ", "htx.workers", 9000, "person", dims={"work": "seasonal"}))
    assert t.check().findings == [] and t.check().notes == []


def test_averages_are_never_summed() -> None:
    t = (Text("Doanh thu bình quân 900 triệu đồng/HTX; HTX nông nghiệp 1,2 tỷ, phi nông nghiệp 2 tỷ.")
         .fact("900 triệu đồng", "htx.revenue_avg", 900_000_000, "VND")
         .fact("1,2 tỷ", "htx.revenue_avg", 1_200_000_000, "VND", dims={"sector": "agriculture"})
         .fact("2 tỷ", "htx.revenue_avg", 2_000_000_000, "VND", dims={"sector": "non_agriculture"}))
    assert t.check().findings == []


def test_a_rounded_headline_restated_in_the_body_is_not_a_conflict() -> None:
    text = "Gần 600 hợp tác xã đóng góp cho kinh tế tỉnh\nHiện toàn tỉnh có 587 HTX đang phát triển."
    t = (Text(text).fact("Gần 600 hợp tác xã", "htx.count", 600, approximate=True)
         .fact("587 HTX", "htx.count", 587))
    report = t.check(headline=[(0, text.index("\n"))])
    assert report.findings == [] and report.notes == []
    unmarked = Text(text).fact("600 hợp tác xã", "htx.count", 600).fact("587 HTX", "htx.count", 587)
    assert unmarked.check(headline=[(0, text.index("\n"))]).findings == []  # a round headline figure


def test_a_headline_contradicting_its_body_is_flagged() -> None:
    text = "Huyện Đông: 63 HTX làm ăn hiệu quả\nĐến nay toàn huyện có 36 HTX hoạt động hiệu quả."
    t = (Text(text).fact("63 HTX", "htx.count", 63, dims={"class": "good_fair"})
         .fact("36 HTX hoạt động hiệu quả", "htx.count", 36, dims={"class": "good_fair"}))
    report = t.check(headline=[(0, text.index("\n"))])
    assert [x.message for x in report.findings] == ["Số lượng hợp tác xã (khá, tốt): tiêu đề ghi 63, nội dung ghi 36"]
    assert report.notes == []
    assert t.check().findings == []  # without knowing the headline: only a note
    assert rules(t.check().notes) == ["conflict"]


def test_approximate_values_get_tolerance() -> None:
    t = (Text("Toàn tỉnh có trên 1.500 HTX, trong đó trên 900 HTX nông nghiệp, chiếm gần 62%.")
         .fact("trên 1.500 HTX", "htx.count", 1500, approximate=True)
         .fact("trên 900 HTX nông nghiệp", "htx.count", 900, approximate=True, dims={"sector": "agriculture"})
         .fact("chiếm gần 62%", "htx.count", 62, "percent", approximate=True, dims={"sector": "agriculture"}))
    assert t.check().findings == []


def test_a_share_is_checked_against_the_total_of_its_own_date() -> None:
    t = (Text("Đến 30/6 có 150 HTX. Ước cuối năm có 160 HTX, trong đó 48 HTX khá, tốt, chiếm 30% tổng số HTX.")
         .fact("150 HTX", "htx.count", 150)
         .fact("160 HTX", "htx.count", 160, as_of=END)
         .fact("48 HTX khá, tốt", "htx.count", 48, as_of=END, dims={"class": "good_fair"})
         .fact("chiếm 30%", "htx.count", 30, "percent", as_of=END, dims={"class": "good_fair"}))
    report = t.check()
    assert report.findings == [] and report.notes == []  # 48/160 = 30%; 150 is another date


def test_undated_figures_of_a_document_with_two_dates_are_only_notes() -> None:
    t = (Text("Có 120 HTX giữa năm; ước cuối năm 125 HTX. Có 3 liên hiệp HTX, 3 đang hoạt động, 1 đang giải thể.")
         .fact("120 HTX", "htx.count", 120, as_of=None).fact("125 HTX", "htx.count", 125, as_of=None)
         .fact("3 liên hiệp HTX", "lhhtx.count", 3, as_of=None)
         .fact("3 đang hoạt động", "lhhtx.count", 3, as_of=None, dims={"status": "active"})
         .fact("1 đang giải thể", "lhhtx.count", 1, as_of=None, dims={"status": "stopped"}))
    report = t.check()
    assert report.findings == [] and "parts_total" in rules(report.notes)


def test_a_plan_with_other_dims_or_another_period_is_not_paired_with_an_attainment() -> None:
    t = (Text("6 tháng thành lập mới 30 HTX, đạt 150% kế hoạch; dự kiến năm nay có 45 HTX nông nghiệp thành lập mới.")
         .fact("30 HTX", "htx.count", 30, as_of=None, period="2022-H1", dims={"flow": "founded"})
         .fact("150% kế hoạch", "htx.count", 150, "percent", "attainment", as_of=None, period="2022-H1", dims={"flow": "founded"})
         .fact("45 HTX nông nghiệp", "htx.count", 45, kind="plan", as_of=None, period="2022",
               dims={"flow": "founded", "sector": "agriculture"}))
    assert t.check().findings == [] and t.check().notes == []


def test_a_share_stated_far_from_its_count_is_only_a_note() -> None:
    filler = " Các HTX tích cực tham gia chuỗi liên kết sản xuất và tiêu thụ sản phẩm." * 4
    t = (Text("Toàn tỉnh có 400 HTX, 40 HTX vận tải." + filler + " Cán bộ trình độ cao chiếm 35%.")
         .fact("400 HTX", "htx.count", 400).fact("40 HTX vận tải", "htx.count", 40, dims={"sector": "transport"})
         .fact("chiếm 35%", "htx.count", 35, "percent", dims={"sector": "transport"}))
    report = t.check()
    assert report.findings == [] and rules(report.notes) == ["percent"]


def test_a_total_and_parts_stated_far_apart_are_only_a_note() -> None:
    filler = " Nhiều HTX đã đổi mới phương thức hoạt động, mở rộng liên kết với doanh nghiệp." * 9
    t = (Text("Toàn tỉnh có 310 HTX." + filler + " Trong số đó, 200 HTX nông nghiệp, 100 HTX phi nông nghiệp.")
         .fact("310 HTX", "htx.count", 310)
         .fact("200 HTX nông nghiệp", "htx.count", 200, dims={"sector": "agriculture"})
         .fact("100 HTX phi nông nghiệp", "htx.count", 100, dims={"sector": "non_agriculture"}))
    report = t.check()
    assert report.findings == [] and rules(report.notes) == ["parts_total"]


def test_facts_of_a_district_are_not_added_to_the_province() -> None:
    district = Place("old", "district", "123")
    t = (Text("Toàn tỉnh 90 HTX; huyện A có 50 HTX đang hoạt động, 45 HTX ngừng hoạt động.")
         .fact("90 HTX", "htx.count", 90)
         .fact("50 HTX đang hoạt động", "htx.count", 50, place=district, dims={"status": "active"})
         .fact("45 HTX ngừng hoạt động", "htx.count", 45, place=district, dims={"status": "stopped"}))
    assert t.check().findings == []


def test_good_fair_is_good_plus_fair() -> None:
    t = (Text("Xếp loại khá, tốt 40 HTX, trong đó tốt 15 HTX, khá 20 HTX.")
         .fact("khá, tốt 40 HTX", "htx.count", 40, dims={"class": "good_fair"})
         .fact("tốt 15 HTX", "htx.count", 15, dims={"class": "good"})
         .fact("khá 20 HTX", "htx.count", 20, dims={"class": "fair"}))
    assert rules(t.check().findings) == ["parts_total"]


def test_a_share_above_100_percent() -> None:
    t = Text("Tỷ lệ HTX đang hoạt động đạt 104%.").fact("104%", "htx.count", 104, "percent", dims={"status": "active"})
    assert rules(t.check().findings) == ["percent_range"]


def test_money_rounded_in_the_text_gets_its_rounding() -> None:
    t = (Text("Dư nợ 7,8 tỷ đồng, trong hạn 1,4 tỷ đồng, quá hạn 6,3 tỷ đồng.")
         .fact("7,8 tỷ đồng", "fund.outstanding", 7_800_000_000, "VND")
         .fact("1,4 tỷ đồng", "fund.outstanding", 1_400_000_000, "VND", dims={"debt": "in_term"})
         .fact("6,3 tỷ đồng", "fund.outstanding", 6_300_000_000, "VND", dims={"debt": "overdue"}))
    assert t.check().findings == []  # 7,7 and 7,8 agree within the rounding of one decimal
    typed = [Fact(f.indicator, f.value, f.unit, f.dims, as_of=MID, source=Source("user", user="a"))
             for f in t.facts]
    assert rules(check_facts(typed).findings) == ["parts_total"]  # typed figures are exact
