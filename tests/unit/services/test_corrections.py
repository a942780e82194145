"""The value typed to correct a read figure: parsed and checked like typed entry."""

from __future__ import annotations

from decimal import Decimal

import pytest

from htx.services.documents import CorrectionError, corrected_value


@pytest.mark.parametrize(("text", "unit", "scale", "value"), [
    ("1.970.382 triệu đồng", "VND", "", 1_970_382_000_000),
    ("1.970.382", "VND", "triệu đồng", 1_970_382_000_000),
    ("7,5", "VND", "tỷ đồng", 7_500_000_000),
    ("17 tỷ 942 triệu đồng", "VND", "đồng", 17_942_000_000),  # the words typed win over the scale
    ("9.100", "person", "", 9100),
    ("65,23", "percent", "", Decimal("65.23")),
    ("12,5", "ha", "", Decimal("12.5")),
])
def test_accepted(text: str, unit: str, scale: str, value: Decimal) -> None:
    assert corrected_value(text, unit, scale) == value


@pytest.mark.parametrize(("text", "unit", "scale", "message"), [
    ("-5", "unit", "", "không được âm"),
    ("2,5", "unit", "", "số nguyên"),
    ("abc", "member", "", "không phải là số"),
    ("1.970.382", "VND", "", "Chọn đơn vị"),
    ("1.970.382", "VND", "triệu", "Chọn đơn vị"),
    ("nhiều tiền", "VND", "", "không phải là số tiền"),
    ("", "unit", "", "Nhập giá trị"),
])
def test_refused(text: str, unit: str, scale: str, message: str) -> None:
    with pytest.raises(CorrectionError, match=message):
        corrected_value(text, unit, scale)
