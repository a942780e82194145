"""Sentences from facts: computed percents, changes, plans, and the wording of missing data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from htx.reports.narrative import environment, f_pct, layout, render
from htx.stats.facts import Fact

from .conftest import count, make_input

SEED = [
    count(830), count(765, status="active"), count(22, status="suspended"), count(43, status="stopped"),
    count(541, sector="agriculture"), count(269, sector="non_agriculture"), count(20, sector="credit"),
    # a stated share that disagrees with the counts: the writer must not copy it
    Fact("htx.count", Decimal("65.23"), "percent", {"sector": "agriculture"}),
]


def test_total_sentence_in_the_style_of_the_seeds() -> None:
    text = render(make_input(SEED)).text()
    assert ("Tổng số HTX: 830 HTX (765 HTX đang hoạt động, 22 HTX tạm ngừng hoạt động và 43 HTX "
            "ngừng hoạt động chờ giải thể), trong đó: lĩnh vực nông nghiệp, lâm nghiệp, thủy sản là "
            "541 HTX (chiếm 65,18%)") in text


def test_percents_are_computed_from_counts_not_copied() -> None:
    n = render(make_input(SEED))
    assert "65,23" not in n.text()
    assert "(chiếm 32,41%)" in n.text() and "(chiếm 2,41%)" in n.text()
    stated = {(f.indicator, tuple(f.dims.items()), f.unit): f.value for f in n.stated}
    assert stated[("htx.count", (("sector", "agriculture"),), "percent")] == Decimal("65.18")


def test_changes_against_last_year_and_previous_quarter() -> None:
    inp = make_input([count(830), count(765, status="active")],
                     previous=[count(837), count(765, status="active")],
                     last_year=[count(825)])
    text = render(inp).text()
    assert "Tổng số HTX là 830 HTX, tăng 05 HTX so với cùng kỳ năm trước, giảm 07 HTX so với Quý I/2023." in text
    assert "Số HTX đang hoạt động là 765 HTX, không thay đổi so với Quý I/2023." in text


def test_yearly_report_compares_with_the_previous_year_once() -> None:
    inp = make_input([count(120, subject="tht", status="active")], previous=[count(127, subject="tht", status="active")],
                     last_year=[count(127, subject="tht", status="active")], period="2023")
    assert "Số THT đang hoạt động là 120 THT, giảm 07 THT so với năm 2022." in render(inp).text()


def test_plan_attainment_is_computed() -> None:
    inp = make_input([count(10, flow="founded"), count(20, "plan", flow="founded")])
    n = render(inp)
    assert "thành lập mới 10/20 HTX, đạt 50% so với kế hoạch" in n.text()
    assert any(f.kind == "attainment" and f.value == 50 for f in n.stated)


def test_plan_without_actual_gives_the_plan_only() -> None:
    text = render(make_input([count(20, "plan", flow="founded"), count(5)])).text()
    assert "kế hoạch thành lập mới 20 HTX." in text and "chưa có số liệu" not in text


def test_no_data_at_all_says_missing_once_per_section_and_invents_nothing() -> None:
    n = render(make_input([]))
    text = n.text()
    assert n.stated == []
    assert " 0 HTX" not in text and "0%" not in text and ": không" not in text
    assert text.lower().count("chưa có số liệu") <= len(layout()["sections"])
    assert "Chưa có số liệu về kết quả thực hiện kế hoạch của tỉnh Lạng Sơn Quý II/2023." in text


def test_missing_single_figure_is_left_out_of_the_sentence() -> None:
    inp = make_input([count(58), Fact("htx.members", 1200, "member", {})])
    text = render(inp).text()
    assert "Số thành viên tham gia HTX là 1.200 thành viên." in text
    assert "vốn điều lệ" not in text.lower() and "chưa có số liệu" not in text


def test_money_and_flows() -> None:
    inp = make_input([count(58), Fact("htx.charter_capital", 1_970_382_000_000, "VND", {}),
                      count(12, flow="founded"), count(6, flow="founded", sector="agriculture"),
                      count(0, flow="dissolved")])
    text = render(inp).text()
    assert "Tổng vốn điều lệ của các HTX là 1.970.382 triệu đồng" in text
    assert ("có 12 HTX được thành lập mới (trong đó: lĩnh vực nông nghiệp, lâm nghiệp, thủy sản 6 HTX); "
            "không có HTX giải thể.") in text


def test_notes_are_printed() -> None:
    note = "Một số số liệu là ước tính do chia tách xã."
    assert note in render(make_input([count(5)], notes=[note])).text()


@pytest.mark.parametrize(("value", "text"), [(Decimal("65.18"), "65,18%"), (Decimal("50.00"), "50%"),
                                             (Decimal("46.60"), "46,6%"), (100, "100%")])
def test_percent_filter(value: Decimal, text: str) -> None:
    assert f_pct(value) == text


def test_layout_names_only_existing_macros() -> None:
    module = environment().get_template("sentences.vi.j2").module
    words = layout()
    names = [words["intro"], words["closing"]]
    for section in words["sections"]:
        names += [section["lead"]] if section.get("lead") else []
        for part in section["parts"]:
            names += part["paragraphs"]
    missing = [n for n in names if not hasattr(module, n)]
    assert not missing, f"report.vi.yaml names macros sentences.vi.j2 lacks: {missing}"


def test_part_two_targets_and_placeholders_officers_fill() -> None:
    inp = make_input([count(5)], period="2023-H1")
    inp.targets = [count(14, "plan", flow="founded")]
    text = render(inp).text()
    assert "Chỉ tiêu phấn đấu 6 tháng cuối năm 2023: thành lập mới 14 HTX." in text
    for title in ("ĐÁNH GIÁ CHUNG", "Hạn chế", "Nguyên nhân", "KIẾN NGHỊ, ĐỀ XUẤT"):
        assert title in text
    assert text.count("[Cán bộ soạn thảo bổ sung:") == 5
