"""Scoring of a round: a hand computation on a fixed example, missing answers, validity, ranks."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from htx.survey.scoring import COUNTRY, Form, check_form, compute

from .helpers import small


def _forms() -> list[Form]:
    return [
        Form(1, "01", "c1", {"A1": 5, "A2": 4, "B1": 3}),
        Form(2, "01", "c1", {"A1": 3, "A2": "KB", "B1": 4}),
        Form(3, "01", "c2", {"A1": 4, "B1": 5}),  # A2 required and blank: incomplete, excluded
        Form(4, "01", "c2", {"A1": 2, "A2": 2, "B1": 5}),
        Form(5, "02", "c9", {"A1": 5, "A2": 5, "B1": 5}),  # alone: below the minimum of 2
    ]


def test_scores_equal_a_hand_computation() -> None:
    result = compute(small(), _forms(), {"01": 4, "02": 3})
    p1 = next(p for p in result["provinces"] if p["place"] == "01")
    assert (p1["submitted"], p1["valid"], p1["incomplete"], p1["invalid"]) == (4, 3, 1, 0)
    assert p1["response_rate"] == Decimal("100.00")
    a, b = p1["dimensions"]
    items = {i["code"]: i for i in a["items"] + b["items"]}
    # A1: 5, 3, 2 → mean 10/3 → (10/3 − 1)/4 × 100 = 58,333…; satisfied 1 of 3
    assert items["A1"]["score"] == Decimal("58.33") and items["A1"]["satisfied"] == Decimal("33.33")
    # A2: 4, 2 (KB left out) → mean 3 → 50; satisfied 1 of 2
    assert items["A2"]["score"] == Decimal("50.00") and items["A2"]["missing"] == 1
    # B1: 3, 4, 5 → 75; satisfied 2 of 3. B2: nobody answered → no score
    assert items["B1"]["score"] == Decimal("75.00") and items["B1"]["satisfied"] == Decimal("66.67")
    assert items["B2"]["score"] is None
    # A = (175/3 + 50)/2 = 325/6; index = 0,6 × 325/6 + 0,4 × 75 = 62,5
    assert a["score"] == Decimal("54.17") and b["score"] == Decimal("75.00")
    assert p1["index"] == Decimal("62.50")
    # satisfied: A = (100/3 + 50)/2 = 125/3, B = 200/3 → 0,6 × 125/3 + 0,4 × 200/3 = 51,666…
    assert p1["satisfied_index"] == Decimal("51.67")
    assert a["weakest"] == ["A2", "A1"]


def test_below_minimum_gets_no_index() -> None:
    result = compute(small(), _forms(), {"01": 4, "02": 3})
    p2 = next(p for p in result["provinces"] if p["place"] == "02")
    assert p2["index"] is None and p2["dimensions"] == [] and "chưa đủ phiếu" in p2["note"]
    assert p2["response_rate"] == Decimal("33.33")
    assert p2["rank"] is None and p2["band"] is None
    country = result["country"]
    assert country["place"] == COUNTRY and country["valid"] == 4 and country["frame"] == 7


def test_form_validity() -> None:
    q = small()
    assert check_form(q, {"A1": 1, "A2": "KB", "B1": 5})[0] == "valid"
    status, problems = check_form(q, {"A1": 1, "B1": 5})
    assert status == "incomplete" and problems == ["A2: câu hỏi bắt buộc chưa trả lời"]
    assert check_form(q, {"A1": 6, "A2": 1, "B1": 1})[0] == "invalid"
    assert check_form(q, {"A1": 1, "A2": 1, "B1": 1, "Z9": 3})[0] == "invalid"
    assert check_form(q, {"A1": "XX", "A2": 1, "B1": 1})[0] == "invalid"
    assert check_form(q, {"A1": True, "A2": 1, "B1": 1})[0] == "invalid"


answers = st.integers(min_value=1, max_value=5)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(answers, answers, answers), min_size=2, max_size=12), st.integers(0, 5))
def test_missing_answers_never_count_as_zeros(base: list[tuple[int, int, int]], extra: int) -> None:
    """Adding forms whose optional item says 'không biết' changes no score of that item or the index."""
    q = small()
    forms = [Form(i, "01", None, {"A1": a, "A2": b, "B1": c, "B2": c}) for i, (a, b, c) in enumerate(base)]
    before = compute(q, forms, {"01": 100})["provinces"][0]
    more = forms + [Form(1000 + i, "01", None, {"A1": "KB", "A2": "KB", "B1": "KB", "B2": "KB"}) for i in range(extra)]
    after = compute(q, more, {"01": 100})["provinces"][0]
    assert after["valid"] == before["valid"] + extra
    assert after["index"] == before["index"] and after["dimensions"][1] == {
        **before["dimensions"][1],
        "items": [{**i, "missing": i["missing"] + extra} for i in before["dimensions"][1]["items"]]}


def test_ranks_bands_and_change() -> None:
    q = small()
    forms = []
    for p, value in (("01", 5), ("02", 4), ("03", 4), ("04", 2), ("05", 1)):
        forms += [Form(int(p) * 10 + k, p, None, {"A1": value, "A2": value, "B1": value}) for k in range(2)]
    previous = {"01": Decimal("90.00"), "02": None, "03": Decimal("80.00")}
    result = compute(q, forms, {p: 2 for p in ("01", "02", "03", "04", "05")}, previous)
    by = {p["place"]: p for p in result["provinces"]}
    assert [by[p]["rank"] for p in ("01", "02", "03", "04", "05")] == [1, 2, 2, 4, 5]
    assert by["01"]["band"] == 1 and by["05"]["band"] == 4
    assert by["01"]["change"] == Decimal("10.00")  # 100 − 90
    assert by["03"]["change"] == Decimal("-5.00")  # 75 − 80
    assert by["02"]["change"] is None and by["02"]["change_note"]
    unrelated = compute(q, forms, {"01": 2}, None, "không so sánh được")
    assert all(p["change"] is None and p["change_note"] == "không so sánh được" for p in unrelated["provinces"])
