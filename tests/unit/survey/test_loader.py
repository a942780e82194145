"""Questionnaire files: the shipped example loads; bad files give a Vietnamese error naming file and key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from htx.survey.loader import example, load_questionnaire
from htx.survey.model import SurveyError

from .helpers import SMALL, small


def test_example_is_marked_as_an_example_and_weights_add_up() -> None:
    q = example()
    assert q.example is True and "VÍ DỤ" in q.round.title
    assert sum(d.weight for d in q.dimensions) == Decimal(1)
    assert len({i.code for _, i in q.items}) == len(q.items) >= 10
    assert all(p.label for s in q.scales.values() for p in s.points)


def _error(text: str) -> str:
    with pytest.raises(SurveyError) as info:
        small(text)
    return str(info.value)


def test_duplicate_item_codes_are_refused() -> None:
    msg = _error(SMALL.replace("code: B1,", "code: A1,"))
    assert msg.startswith("thu.yaml:") and "dimensions[1].items[0].code" in msg and "'A1' bị trùng" in msg


def test_scale_without_labels_is_refused() -> None:
    text = SMALL.replace('{value: 3, label: "Bình thường"}', "{value: 3}")
    msg = _error(text)
    assert "thu.yaml: scales.s5.points[2].label: thiếu khóa bắt buộc" in msg


def test_missing_weight_is_refused() -> None:
    msg = _error(SMALL.replace("    weight: 0.4\n", ""))
    assert "thu.yaml: dimensions[1].weight: thiếu khóa bắt buộc" in msg


@pytest.mark.parametrize("weight", ["0.5", "0.3"])
def test_weights_not_summing_to_one_are_refused(weight: str) -> None:
    msg = _error(SMALL.replace("weight: 0.4", f"weight: {weight}"))
    assert "tổng trọng số các lĩnh vực phải bằng 1" in msg


def test_repeated_yaml_key_and_unknown_scale_are_refused() -> None:
    assert "khóa 's5' bị trùng" in _error(SMALL.replace("scales:\n", "scales:\n  s5: {points: [{value: 1, label: x}, {value: 2, label: y}]}\n"))
    assert "dimensions[0].items[1].scale" in _error(SMALL.replace("{code: A2, text: \"Câu A2\", scale: s5}",
                                                                  "{code: A2, text: \"Câu A2\", scale: s7}"))


def test_file_name_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "vong-2026.yaml"
    bad.write_text("round: [1, 2\n", "utf-8")
    with pytest.raises(SurveyError, match=r"^vong-2026\.yaml: không đọc được YAML"):
        load_questionnaire(bad)


def test_workbook_round_trip_and_errors_name_sheet_and_row() -> None:
    import io

    from openpyxl import load_workbook

    from htx.survey.loader import parse_file
    from htx.survey.workbook import to_workbook

    q = example()
    data = to_workbook(q)
    assert parse_file(data, "mau.xlsx") == q
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Câu hỏi"]
    ws.cell(row=3, column=2).value = ws.cell(row=2, column=2).value  # second item gets the first one's code
    wb["Thang đo"].cell(row=4, column=3).value = None  # a point without its label
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(SurveyError) as info:
        parse_file(buf.getvalue(), "sua.xlsx")
    msg = str(info.value)
    assert "sua.xlsx: sheet 'Thang đo', dòng 4 (scales.hai_long.points[2].label): thiếu khóa bắt buộc" in msg
    wb["Thang đo"].cell(row=4, column=3).value = "Bình thường"
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(SurveyError, match=r"sua\.xlsx: sheet 'Câu hỏi', dòng 3 \(dimensions\[0\]\.items\[1\]\.code\): mã câu hỏi 'CS1' bị trùng"):
        parse_file(buf.getvalue(), "sua.xlsx")
    del wb["Lĩnh vực"]
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(SurveyError, match="sua.xlsx: thiếu sheet 'Lĩnh vực'"):
        parse_file(buf.getvalue(), "sua.xlsx")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=100), min_size=2, max_size=2))
def test_weights_must_add_up_to_exactly_one(hundredths: list[int]) -> None:
    a, b = (Decimal(h) / 100 for h in hundredths)
    text = SMALL.replace("weight: 0.6", f"weight: {a}").replace("weight: 0.4", f"weight: {b}")
    if a + b == 1:
        assert sum(d.weight for d in small(text).dimensions) == 1
    else:
        assert "tổng trọng số các lĩnh vực phải bằng 1" in _error(text)
