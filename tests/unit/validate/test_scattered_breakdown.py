"""A total in one sentence and statuses in another are not a breakdown of it: a note, not a finding."""

from __future__ import annotations

from htx.ingest import extract_text


def test_statuses_in_a_later_sentence_are_not_parts_of_an_earlier_total() -> None:
    text = ("Đến ngày 30/6/2024, toàn tỉnh có 150 HTX và 03 liên hiệp HTX, tổng số thành viên đạt trên 9.000 "
            "người, vốn điều lệ bình quân mỗi HTX khoảng 1,2 tỷ đồng, doanh thu bình quân đạt 2,1 tỷ đồng. "
            "Hiện nay có 120 HTX, 03 liên hiệp HTX đang hoạt động; đang làm thủ tục giải thể 01 liên hiệp HTX.\n")
    found = extract_text(text)
    assert not [f for f in found.findings if f.rule == "parts_total"]


def test_a_breakdown_in_the_same_sentence_that_does_not_add_up_is_a_finding() -> None:
    text = "Đến ngày 30/6/2024, toàn tỉnh có 150 HTX, trong đó 130 HTX đang hoạt động và 40 HTX ngừng hoạt động.\n"
    found = extract_text(text)
    assert [f for f in found.findings if f.rule == "parts_total"]
