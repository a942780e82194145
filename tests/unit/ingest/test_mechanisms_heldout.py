"""Paraphrases for the mechanisms fixed after the held-out corpus round (reports of 2023–2025).

Each mechanism gets sentences worded unlike the corpus reports: what must be read and what
must not become a fact.
"""

from __future__ import annotations

from typing import Any

import pytest

from htx.ingest import extract_text
from htx.ingest.scope import document_scope

from .helpers import describe, has_fact

F = dict[str, Any]


def fact(indicator: str, value: Any, dims: dict[str, str] | None = None, **kw: Any) -> F:
    return {"indicator": indicator, "value": value, "dims": dims or {}, **kw}


def _values(text: str, prefix: str) -> set[float]:
    return {float(f.value) for f in extract_text(text).facts if f.indicator.startswith(prefix)}


# -- ranges "từ 4,5 – 5,0 triệu" are no value ---------------------------------------------
@pytest.mark.parametrize("text", [
    "Thu nhập bình quân của người lao động thường xuyên trong HTX từ 4,5 – 5,0 triệu đồng/người/tháng.",
    "Thu nhập bình quân của lao động trong HTX từ 5,5 - 6 triệu đồng/người/tháng.",
    "Thu nhập bình quân của thành viên khoảng 60 – 72 triệu đồng/người/năm.",
])
def test_a_range_gives_no_income(text: str) -> None:
    assert not _values(text, "htx.income_avg"), describe(extract_text(text))


# -- "12 tỷ 350 triệu đồng" is one amount --------------------------------------------------
@pytest.mark.parametrize(("text", "value"), [
    ("Tổng vốn điều lệ của các HTX là 12 tỷ 350 triệu đồng.", 12350000000),
    ("Vốn điều lệ của các HTX đạt 3 tỷ 5 triệu đồng.", 3005000000),
])
def test_a_compound_amount_is_one_fact(text: str, value: int) -> None:
    assert _values(text, "htx.charter_capital") == {value}, describe(extract_text(text))


# -- a number spelled out in parentheses: "07 (bảy) HTX" -------------------------------------
@pytest.mark.parametrize(("text", "want"), [
    ("Trên địa bàn phường hiện có 07 (bảy) HTX.", fact("htx.count", 7)),
    ("Toàn xã có 12 (mười hai) hợp tác xã đang hoạt động.", fact("htx.count", 12, {"status": "active"})),
    ("Trong năm thành lập mới 02 (hai) HTX.", fact("htx.count", 2, {"flow": "founded"})),
])
def test_a_spelled_out_number_keeps_its_noun(text: str, want: F) -> None:
    ex = extract_text(text)
    assert has_fact(ex, want), describe(ex)


# -- workers who are members: no dim of the vocabulary, so no fact -------------------------
@pytest.mark.parametrize("text", [
    "Số lao động: 6.240 người, trong đó lao động là thành viên 4.870 người.",
    "Tổng số lao động thường xuyên trong HTX 5.320 người, trong đó lao động là thành viên HTX 3.910 người.",
])
def test_workers_who_are_members_are_not_members(text: str) -> None:
    ex = extract_text(text)
    assert not [f for f in ex.facts if f.indicator == "htx.members"], describe(ex)
    assert len(_values(text, "htx.workers")) == 1, describe(ex)


# -- heads counted with "người" and no subject in the sentence are the cooperatives' --------
def test_members_and_workers_without_a_subject() -> None:
    ex = extract_text("2. Thành viên, lao động\nTổng số thành viên 19.870 người, lao động 3.645 người.\n")
    assert has_fact(ex, fact("htx.members", 19870)), describe(ex)
    assert has_fact(ex, fact("htx.workers", 3645)), describe(ex)


# -- a numbered heading names the subject of its bullets -----------------------------------
@pytest.mark.parametrize(("text", "want"), [
    ("2. Liên hiệp hợp tác xã\n- Số LHHTX: 04 LHHTX;\n- Số HTX thành viên: 19 HTX.\n", fact("lhhtx.members", 19)),
    ("3. Tổ hợp tác\n- Số THT: 1.256 THT;\n- Số tổ viên: 13.870 tổ viên.\n", fact("tht.members", 13870)),
    ("1. Hợp tác xã\n- Số thành viên: 27.930 thành viên;\n- Vốn điều lệ: 1.128,4 tỷ đồng.\n",
     fact("htx.charter_capital", 1128400000000)),
])
def test_section_heading_gives_the_subject(text: str, want: F) -> None:
    ex = extract_text(text)
    assert has_fact(ex, want), describe(ex)


# -- an agency's name in the letterhead opens no plan part ---------------------------------
@pytest.mark.parametrize("agency", ["SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"])
def test_agency_name_is_not_a_plan_heading(agency: str) -> None:
    text = f"UBND TỈNH QUẢNG TRỊ\n{agency}\n\nBÁO CÁO TÓM TẮT\nTình hình quý I\n\n- Số HTX: 486 HTX;\n"
    ex = extract_text(text)
    assert has_fact(ex, fact("htx.count", 486)), describe(ex)


# -- "đang làm thủ tục giải thể" is a status, not a dissolution ----------------------------
def test_winding_up_is_stopped() -> None:
    ex = extract_text("Toàn tỉnh có 267 HTX, trong đó 19 HTX tạm ngừng hoạt động và 7 HTX đang làm thủ tục giải thể.")
    assert has_fact(ex, fact("htx.count", 7, {"status": "stopped"})), describe(ex)
    assert not [f for f in ex.facts if f.dims.get("flow") == "dissolved"], describe(ex)


# -- a change whose reference leads the sentence -------------------------------------------
@pytest.mark.parametrize("text", [
    "Toàn tỉnh có 267 HTX. So với năm 2022, tổng số HTX tăng 13 HTX, tăng 5,1%.",
    "Toàn tỉnh có 267 HTX. So với cùng kỳ, số HTX giảm 4 HTX.",
])
def test_change_with_leading_reference_is_no_fact(text: str) -> None:
    ex = extract_text(text)
    assert _values(text, "htx.count") == {267}, describe(ex)
    assert ex.changes, describe(ex)


# -- loans of banks are not the fund's ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Có 26 HTX được vay vốn tín dụng ưu đãi với dư nợ 37,2 tỷ đồng qua Ngân hàng Nông nghiệp và Phát triển nông thôn.",
    "Các ngân hàng thương mại đang cho 31 HTX vay vốn, dư nợ 52 tỷ đồng.",
])
def test_bank_loans_are_not_fund_figures(text: str) -> None:
    assert not _values(text, "fund."), describe(extract_text(text))


def test_surplus_is_not_interest() -> None:
    text = "Tổng số lãi thu được trong năm 2024 là 2.480 triệu đồng; chênh lệch thu chi 1.120 triệu đồng."
    assert _values(text, "fund.interest_collected") == {2480000000}, describe(extract_text(text))


# -- "hoạt động hiệu quả, đạt loại khá, tốt" ------------------------------------------------
def test_effective_with_class_named_is_good_fair() -> None:
    ex = extract_text("Như vậy có 120 HTX hoạt động hiệu quả, đạt loại khá, tốt (chiếm 64,2%).")
    assert has_fact(ex, fact("htx.count", 120, {"class": "good_fair"})), describe(ex)
    assert has_fact(ex, fact("htx.count", 64.2, {"class": "good_fair"}, unit="percent")), describe(ex)


# -- the sector of the whole report ---------------------------------------------------------
@pytest.mark.parametrize(("title", "scope"), [
    ("Tình hình hoạt động của hợp tác xã nông nghiệp 6 tháng đầu năm 2024", {"sector": "agriculture"}),
    ("Báo cáo kết quả phát triển HTX nông nghiệp năm 2023", {"sector": "agriculture"}),
    ("Tình hình phát triển kinh tế tập thể, hợp tác xã năm 2022", {}),
    ("Tình hình hoạt động của hợp tác xã, tổ hợp tác trên địa bàn huyện năm 2022", {}),
    ("Kết quả hỗ trợ hợp tác xã lĩnh vực nông nghiệp và phi nông nghiệp", {}),
    (None, {}),
])
def test_document_scope(title: str | None, scope: dict[str, str]) -> None:
    assert document_scope(title) == scope


def test_scope_reaches_facts_that_name_no_sector() -> None:
    text = ("Số: 12/BC-SNN\n\nAn Giang, ngày 28 tháng 6 năm 2024\n\nBÁO CÁO\n"
            "Tình hình hoạt động của hợp tác xã nông nghiệp 6 tháng đầu năm 2024\n\n"
            "Các HTX có tổng số 24.760 thành viên; lãi bình quân 145 triệu đồng/HTX. Toàn tỉnh có 368 tổ hợp tác.\n")
    ex = extract_text(text)
    assert has_fact(ex, fact("htx.members", 24760, {"sector": "agriculture"})), describe(ex)
    assert has_fact(ex, fact("htx.profit_avg", 145000000, {"sector": "agriculture"})), describe(ex)
    assert has_fact(ex, fact("tht.count", 368)), describe(ex)
