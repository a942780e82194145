"""Text helpers for place names."""

from __future__ import annotations

import unicodedata

import pytest

from htx.geo import Gazetteer
from htx.geo.text import (
    clean,
    collapse_spaces,
    fold,
    has_diacritics,
    normalize_tone,
    strip_diacritics,
)


@pytest.mark.parametrize(
    ("old_style", "new_style"),
    [
        ("Thanh Hoá", "Thanh Hóa"),
        ("Hoà Bình", "Hòa Bình"),
        ("Thuỷ", "Thủy"),
        ("khoẻ", "khỏe"),
        ("Uỷ ban", "Ủy ban"),
    ],
)
def test_tone_placement(old_style: str, new_style: str) -> None:
    assert normalize_tone(old_style) == new_style
    assert fold(old_style) == fold(new_style)


@pytest.mark.parametrize("word", ["Quý", "Quảng", "Hoàng", "thuyền", "Toán", "Quỳnh"])
def test_tone_left_alone(word: str) -> None:
    assert normalize_tone(word) == word


def test_strip_diacritics() -> None:
    assert strip_diacritics("Đắk Lắk") == "Dak Lak"
    assert strip_diacritics("đường") == "duong"
    assert has_diacritics("Sơn") and not has_diacritics("Son")


def test_clean_and_fold() -> None:
    decomposed = unicodedata.normalize("NFD", "Huyện  Vũng Liêm ")
    assert clean(decomposed) == "Huyện Vũng Liêm"
    assert collapse_spaces(" a \n b\t") == "a b"
    assert fold("Tp. Hồ Chí Minh") == "tp hồ chí minh"
    assert fold("THANH HOÁ", accents=False) == "thanh hoa"


def test_fast_paths_agree_with_the_unicode_reference(gaz: Gazetteer) -> None:
    """The translation table and the tone shortcut give what full decomposition gives, on every name."""
    from htx.geo import text as T

    for unit in gaz:
        for name in (unit.name, unit.short_name, unit.name.upper()):
            assert T.strip_diacritics(name) == T._slow_strip(name), name
            decomposed = unicodedata.normalize("NFD", name)
            assert T.normalize_tone(name) == T.nfc(T._NEW_STYLE_TONE.sub(r"\1\3\2", decomposed)), name
