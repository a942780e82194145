"""Pure aggregation: shares over the graded, no invented zero, completeness wording, year-on-year, facts."""

from __future__ import annotations

from decimal import Decimal

from htx.classify.size import SizeResult
from htx.classify.summary import (
    change,
    completeness_sentence,
    grade_row,
    share,
    size_facts,
    summarise_grades,
    summarise_sizes,
)
from htx.stats.facts import Place

PLACE = Place("new", "province", "20")


def test_shares_are_over_the_graded_and_rounded_half_up() -> None:
    rows = [grade_row(None, "HTX", False, "good", None, None, None, 28), grade_row(None, "HTX", False, "fair", None, None, None, 61),
            grade_row(None, "HTX", False, "average", None, None, None, 40), grade_row(None, "HTX", False, "weak", None, None, None, 12),
            grade_row(None, "QTDND", False, None, None, None, None, 9), grade_row(None, "HTX", True, None, None, None, None, 37),
            grade_row(None, "HTX", False, None, "submitted", None, None, 3)]
    s = summarise_grades(rows)
    assert (s.total, s.graded, s.unrated_total, s.missing) == (190, 141, 46, 3)
    assert s.share("good") == Decimal("19.86") and s.good_fair_share == Decimal("63.12")
    assert completeness_sentence(s, {"under_12_months": "dưới 12 tháng", "credit_fund": "QTDND"}) == (
        "141/190 HTX đã được xếp loại; 46 không xếp loại (37 dưới 12 tháng, 9 QTDND); 3 chưa có kết quả")
    assert dict(s.sheets) == {"submitted": 3}
    assert share(1, 8) == Decimal("12.50") and share(1, 3) == Decimal("33.33") and share(2, 3) == Decimal("66.67")


def test_a_confirmed_sheet_wins_and_exclusions_are_kept() -> None:
    assert grade_row(1, "HTX", True, "good", "confirmed", "unrated", ["stopped_over_3_months"]).grade == "unrated"
    assert grade_row(1, "HTX", False, "good", "confirmed", "weak", ["sanction"]).reasons == ("sanction",)
    assert grade_row(1, "HTX", False, "fair", "returned", None, None).grade == "fair"  # typed class while in review


def test_nothing_graded_gives_no_share_and_no_comparison() -> None:
    empty = summarise_grades([])
    assert empty.share("good") is None and empty.good_fair_share is None
    this = summarise_grades([grade_row(None, "HTX", False, "good", None, None, None, 5)])
    assert change(this, empty) == {"good": None, "fair": None, "average": None, "weak": None}
    last = summarise_grades([grade_row(None, "HTX", False, "fair", None, None, None, 2)])
    assert change(this, last) == {"good": 5, "fair": -2, "average": 0, "weak": 0}


def test_size_facts_count_only_determined_sizes() -> None:
    s = summarise_sizes([(SizeResult("small", "agriculture"), 4), (SizeResult("micro", "agriculture"), 6),
                         (SizeResult(None, "finance", "chưa có ngưỡng"), 3)])
    assert (s.total, s.determined, s.share("small")) == (13, 10, Decimal("40.00"))
    facts = {f.dims["size"]: f.value for f in size_facts(s, PLACE, 2025)}
    assert facts == {"large": 0, "medium": 0, "small": 4, "micro": 6}
    assert size_facts(summarise_sizes([(SizeResult(None, None, "thiếu số thành viên"), 2)]), PLACE, 2025) == []
