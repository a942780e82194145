"""The one place resolver: every province and old district resolves to itself; no silent guess."""

from __future__ import annotations

import time

import pytest

from htx.geo import Gazetteer
from htx.geo.resolve import AmbiguousPlace, PlaceNotFound, resolve_place
from htx.stats.facts import COUNTRY, Place


def _key(place: Place) -> tuple[str, str, str]:
    return (place.era, place.level, place.code)


def test_every_province_of_both_eras_resolves_to_itself(gaz: Gazetteer) -> None:
    for era, period in (("old", "2021-Q1"), ("new", "2025-H2")):
        provinces = gaz.provinces(era)
        assert len(provinces) == (63 if era == "old" else 34)
        for unit in provinces:
            for text in (unit.name, unit.short_name, unit.name.lower()):
                assert _key(resolve_place(text, period=period)) == unit.key, text
                assert _key(resolve_place(text, era=era)) == unit.key, text


def test_every_old_district_resolves_to_itself_with_its_type_word(gaz: Gazetteer) -> None:
    districts = gaz.districts()
    assert len(districts) == 696
    for unit in districts:
        text = f"{unit.name}, {gaz.province_of(unit).name}"
        assert _key(resolve_place(text, era="old")) == unit.key, text
        assert _key(resolve_place(unit.name + ", " + gaz.province_of(unit).short_name)) == unit.key


@pytest.mark.parametrize(("text", "period", "key"), [
    ("Bắc Giang", "2021-Q1", ("old", "province", "24")),
    ("Hà Giang", "2021", ("old", "province", "02")),
    ("Quảng Nam", "2023-H1", ("old", "province", "49")),
    ("Hải Dương", "2022", ("old", "province", "30")),
    ("Bà Rịa - Vũng Tàu", "2021", ("old", "province", "77")),
    ("tỉnh Bà Rịa Vũng Tàu", "2021", ("old", "province", "77")),
    ("huyện Triệu Sơn", "2021", ("old", "district", "397")),
    ("UBND huyện Triệu Sơn", None, ("old", "district", "397")),
    ("Lạng Sơn", "2021", ("old", "province", "20")),
    ("Lạng Sơn", "2025-H2", ("new", "province", "20")),
    ("Lạng Sơn", None, ("new", "province", "20")),
    ("thanh hoa", "2020", ("old", "province", "38")),
    ("Phường Hải Dương", None, ("new", "commune", "10525")),
    ("xã Hợp Tiến, huyện Triệu Sơn", None, ("old", "commune", "15679")),
    ("Q.1", None, ("old", "district", "760")),
    ("24", "2021", ("old", "province", "24")),
    ("24", "2025-Q3", ("new", "province", "24")),
    ("new:province:24", None, ("new", "province", "24")),
])
def test_names_of_the_issue(text: str, period: str | None, key: tuple[str, str, str]) -> None:
    assert _key(resolve_place(text, period=period)) == key


def test_country() -> None:
    assert resolve_place("cả nước") == COUNTRY


def test_ambiguity_lists_the_candidates() -> None:
    with pytest.raises(AmbiguousPlace) as caught:
        resolve_place("xã Hợp Tiến", period="2021")
    assert len(caught.value.candidates) == 5
    assert "Huyện Triệu Sơn" in str(caught.value) and "Tỉnh Thái Nguyên" in str(caught.value)
    with pytest.raises(AmbiguousPlace):
        resolve_place("24")  # old Bắc Giang or new Bắc Ninh: the code alone does not say


def test_old_name_in_the_new_era_is_an_error_naming_the_successor() -> None:
    for kwargs in ({"era": "new"}, {"period": "2025-H2"}):
        with pytest.raises(PlaceNotFound) as caught:
            resolve_place("Bắc Giang", **kwargs)
        assert "Tỉnh Bắc Ninh" in str(caught.value)
    with pytest.raises(PlaceNotFound, match="Thành phố Hải Phòng"):
        resolve_place("Hải Dương", era="new")  # not the ward of the same name


def test_unknown_name_suggests_close_ones() -> None:
    with pytest.raises(PlaceNotFound, match="Tỉnh Thanh Hóa"):
        resolve_place("Thanh Hoaa")


def test_resolving_a_province_is_fast() -> None:
    resolve_place("Lạng Sơn")  # indexes built once
    start = time.perf_counter()
    for _ in range(100):
        resolve_place("Bắc Giang", period="2021-Q1")
    assert time.perf_counter() - start < 0.5
