"""Resolving place names as written in reports."""

from __future__ import annotations

import pytest

from htx.geo import Gazetteer


def _first(
    gaz: Gazetteer, text: str, level: str | None = None, era: str | None = None
) -> tuple[str, str, str]:
    found = gaz.find(text, level=level, era=era)
    assert found, text
    return found[0].key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Bắc Giang", ("old", "province", "24")),
        ("bac giang", ("old", "province", "24")),
        ("tỉnh Kiên Giang", ("old", "province", "91")),
        ("tinh kien giang", ("old", "province", "91")),
        ("UBND huyện Triệu Sơn", ("old", "district", "397")),
        ("ubnd huyen trieu son", ("old", "district", "397")),
        ("TP Lạng Sơn", ("old", "district", "178")),
        ("Thanh Hoá", ("old", "province", "38")),
        ("Thanh Hóa", ("old", "province", "38")),
        ("thanh hoa", ("old", "province", "38")),
        ("Tp. Hồ Chí Minh", ("old", "province", "79")),
        ("HCM", ("old", "province", "79")),
        ("TP.HCM", ("old", "province", "79")),
        ("Q.1", ("old", "district", "760")),
        ("TX Sơn Tây", ("old", "district", "269")),
        ("Quan Sơn", ("old", "district", "387")),  # "Quan" is a name here, not "quận"
        ("Thừa Thiên Huế", ("old", "province", "46")),
        ("Đăk Lăk", ("old", "province", "66")),  # variant spelling
        ("Hoà Bình", ("old", "province", "17")),
    ],
)
def test_report_spellings(gaz: Gazetteer, text: str, key: tuple[str, str, str]) -> None:
    assert _first(gaz, text) == key


def test_both_eras(gaz: Gazetteer) -> None:
    keys = [u.key for u in gaz.find("Thanh Hoá", level="province")]
    assert keys == [("old", "province", "38"), ("new", "province", "38")]
    assert _first(gaz, "Thanh Hóa", era="new") == ("new", "province", "38")


def test_shared_name_returns_all(gaz: Gazetteer) -> None:
    found = gaz.find("xã Hợp Tiến", era="old", limit=None)
    assert len(found) >= 5
    assert {u.short_name for u in found} == {"Hợp Tiến"}
    assert len({u.province_code for u in found}) == len(found)


def test_context_after_comma(gaz: Gazetteer) -> None:
    found = gaz.find("xã Hợp Tiến, huyện Triệu Sơn", era="old")
    assert found[0].district_code == "397"


def test_exact_before_fuzzy(gaz: Gazetteer) -> None:
    found = gaz.find("Kiên Giang", limit=None)
    assert found[0].key == ("old", "province", "91")
    assert ("old", "commune", "19249") in [u.key for u in found]  # Kiến Giang, accents aside


def test_fuzzy_typo(gaz: Gazetteer) -> None:
    assert _first(gaz, "Thanh Hoaa", level="province") == ("old", "province", "38")
    assert gaz.find("zzzz qqqq") == []


def test_level_filter(gaz: Gazetteer) -> None:
    assert {u.level for u in gaz.find("Triệu Sơn", level="commune")} == {"commune"}


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Triệu Sơn", "38"),
        ("UBND huyện Triệu Sơn", "38"),
        ("Thanh Hoá", "38"),
        ("tỉnh Kiên Giang", "91"),
        ("Tp. HCM", "79"),
        ("Bắc Giang", "24"),
    ],
)
def test_find_province(gaz: Gazetteer, text: str, code: str) -> None:
    province = gaz.find_province(text)
    assert province is not None
    assert province.key == ("old", "province", code)


def test_find_province_ambiguous_or_unknown(gaz: Gazetteer) -> None:
    assert gaz.find_province("Châu Thành") is None  # a district in several provinces
    assert gaz.find_province("zzzz qqqq") is None
    new = gaz.find_province("Bắc Ninh", era="new")
    assert new is not None and new.key == ("new", "province", "24")
