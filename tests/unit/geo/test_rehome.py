"""Successions across 1 July 2025 and moving figures between geographies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from htx.geo import Gazetteer


def _names(pairs: list) -> list[tuple[str, str]]:
    return [(u.name, rel) for u, rel in pairs]


def test_province_successors(gaz: Gazetteer) -> None:
    assert _names(gaz.successors(gaz.unit("old", "province", "24"))) == [("Tỉnh Bắc Ninh", "whole")]
    assert _names(gaz.successors(gaz.unit("old", "province", "91"))) == [("Tỉnh An Giang", "whole")]
    assert _names(gaz.predecessors(gaz.unit("new", "province", "24"))) == [
        ("Tỉnh Bắc Giang", "whole"),
        ("Tỉnh Bắc Ninh", "whole"),
    ]
    assert all(len(gaz.successors(p)) == 1 for p in gaz.provinces("old"))


def test_district_and_commune_successors(gaz: Gazetteer) -> None:
    trieu_son = gaz.unit("old", "district", "397")
    new = gaz.successors(trieu_son)
    assert len(new) >= 8 and all(u.era == "new" and u.level == "commune" for u, _ in new)
    hop_tien = gaz.unit("old", "commune", "15679")
    assert [(u.code, rel) for u, rel in gaz.successors(hop_tien)] == [("15682", "whole")]
    co_bi = gaz.unit("old", "commune", "00553")
    assert len(gaz.successors(co_bi)) == 4
    assert {rel for _, rel in gaz.successors(co_bi)} == {"partial"}


def test_island_district_became_special_zone(gaz: Gazetteer) -> None:
    zone = gaz.unit("new", "commune", "11948")
    assert zone.type == "đặc khu"
    assert [(u.key, rel) for u, rel in gaz.predecessors(zone)] == [
        (("old", "district", "318"), "whole")
    ]


def test_convert_both_ways(gaz: Gazetteer) -> None:
    new_code = gaz.convert("old", "15679")[0][0].code
    assert ("old", "commune", "15679") in [u.key for u, _ in gaz.convert("new", new_code)]
    with pytest.raises(ValueError):
        gaz.successors(gaz.unit("new", "province", "24"))


def test_whole_merge_is_exact(gaz: Gazetteer) -> None:
    out = gaz.rehome(
        {("old", "province", "24"): 10, ("old", "province", "27"): 5}, "new", "province"
    )
    assert list(out) == ["24"]
    assert out["24"].value == 15 and not out["24"].approximate
    assert out["24"].contributors == [("old", "province", "24"), ("old", "province", "27")]


def test_split_is_approximate(gaz: Gazetteer) -> None:
    co_bi = ("old", "commune", "00553")  # split between 4 new communes
    out = gaz.rehome({co_bi: Decimal("3.5")}, "new", "commune")
    [(code, value)] = out.items()
    assert value.approximate and value.value == Decimal("3.5")
    assert code in {u.code for u, _ in gaz.successors(gaz.unit(*co_bi))}
    # the same split inside one province is exact at province level
    province = gaz.rehome({co_bi: 3}, "new", "province")
    assert province["01"].value == 3 and not province["01"].approximate


def test_round_trip_unchanged_provinces(gaz: Gazetteer) -> None:
    unchanged = [
        p
        for p in gaz.provinces("old")
        if gaz.successors(p)[0][0].code == p.code
        and len(gaz.predecessors(gaz.successors(p)[0][0])) == 1
    ]
    assert len(unchanged) == 11  # e.g. Hà Nội, Thanh Hóa, Lạng Sơn
    values = {p.key: i + 1 for i, p in enumerate(unchanged)}
    new = gaz.rehome(values, "new", "province")
    back = gaz.rehome({("new", "province", c): v.value for c, v in new.items()}, "old", "province")
    assert {("old", "province", c): v.value for c, v in back.items()} == values
    assert not any(v.approximate for v in [*new.values(), *back.values()])


def test_round_trip_whole_merge_communes(gaz: Gazetteer) -> None:
    new_commune = gaz.unit("new", "commune", "15682")  # Xã Hợp Tiến (Thanh Hóa)
    olds = gaz.predecessors(new_commune)
    assert len(olds) > 1 and {rel for _, rel in olds} == {"whole"}
    values = {u.key: 10 * (i + 1) for i, (u, _) in enumerate(olds)}
    forward = gaz.rehome(values, "new", "commune")
    assert forward["15682"].value == sum(values.values()) and not forward["15682"].approximate
    back = gaz.rehome({("new", "commune", "15682"): forward["15682"].value}, "old", "district")
    assert list(back) == ["397"]
    assert back["397"].value == sum(values.values()) and not back["397"].approximate
    to_communes = gaz.rehome({("new", "commune", "15682"): 60}, "old", "commune")
    [(code, value)] = to_communes.items()
    assert value.approximate and code in {u.code for u, _ in olds}


def test_same_era_aggregation_and_errors(gaz: Gazetteer) -> None:
    out = gaz.rehome(
        {("old", "commune", "15679"): 2, ("old", "district", "397"): 3}, "old", "province"
    )
    assert out["38"].value == 5 and not out["38"].approximate
    with pytest.raises(ValueError, match="down"):
        gaz.rehome({("old", "province", "38"): 1}, "new", "commune")
    with pytest.raises(ValueError, match="level"):
        gaz.rehome({("old", "province", "38"): 1}, "new", "district")
    gone = next(u for u in gaz.communes("old") if not u.in_force_2025_06_30)
    with pytest.raises(ValueError, match="conversion"):
        gaz.rehome({gone.key: 1}, "new", "commune")


def test_totals_preserved(gaz: Gazetteer) -> None:
    values = {u.key: 1 for u in gaz.communes("old", "01") if u.in_force_2025_06_30}
    for level in ("commune", "province"):
        out = gaz.rehome(values, "new", level)
        assert sum(v.value for v in out.values()) == len(values)


def test_module_level_helpers() -> None:
    from htx.geo import convert, rehome

    assert [u.key for u, _ in convert("old", "91", level="province")] == [("new", "province", "91")]
    out = rehome({("old", "province", "91"): 7, ("old", "province", "89"): 1}, "new", "province")
    assert out["91"].value == 8 and not out["91"].approximate
