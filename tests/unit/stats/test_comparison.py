"""The one comparison rule: same kind of source, same units covered, a non-zero base."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from htx.stats.comparison import compare
from htx.stats.facts import Fact, Place, Source, SourceKind
from htx.stats.figures import REHOMED

PLACE = Place("new", "province", "24")


def _count(value: int, kind: SourceKind = "registry", note: str | None = None) -> Fact:
    return Fact("htx.count", value, "unit", {}, as_of=date(2025, 9, 30), place=PLACE,
                source=Source(kind=kind, note=note))


def test_registry_against_registry_is_a_change() -> None:
    c = compare(_count(110), _count(100), "kỳ trước")
    assert (c.change, c.missing, c.before_value) == (Decimal("10.0"), None, 100)


def test_a_report_against_the_registry_is_not_compared() -> None:
    c = compare(_count(830, "document"), _count(1), "kỳ trước")  # the "+82.900,0%" of the issue
    assert c.change is None and c.before_value is None
    assert c.missing == "Không so sánh: số liệu kỳ này do tỉnh báo cáo, kỳ trước tính từ sổ đăng ký"
    assert compare(_count(830, "document"), _count(800, "user"), "kỳ trước").change == Decimal("3.8")


def test_a_new_province_built_from_some_of_its_old_provinces_is_not_compared() -> None:
    partial = _count(300, "document", note=REHOMED + "24")
    c = compare(_count(500, "document"), partial, "cùng kỳ năm trước", ["24", "27"], {"27": "Tỉnh Bắc Ninh"})
    assert c.change is None and c.missing == "Không so sánh: số liệu cùng kỳ năm trước thiếu tỉnh cũ Tỉnh Bắc Ninh"
    whole = _count(400, "document", note=REHOMED + "24, 27")
    assert compare(_count(500, "document"), whole, "cùng kỳ năm trước", ["24", "27"]).change == Decimal("25.0")


def test_missing_sides_and_a_zero_base_are_said() -> None:
    assert compare(_count(5), None, "kỳ trước").missing == "Không so sánh: chưa có số liệu kỳ trước"
    assert compare(None, _count(5), "kỳ trước").missing == "Không so sánh: chưa có số liệu kỳ này"
    assert compare(_count(5), _count(0), "kỳ trước").missing == "Không so sánh: số liệu kỳ trước bằng 0"
