"""The packaged administrative-unit data: counts, label fixes and spot checks of PROFILE.md."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from htx.geo import Gazetteer
from htx.geo.tables import conversion_tables, name_tables


def test_counts(gaz: Gazetteer) -> None:
    counts = gaz.counts()
    assert counts["old_provinces"] == 63
    assert counts["new_provinces"] == 34
    assert counts["old_districts"] == 696
    assert counts["new_communes"] == 3321
    assert counts["new_communes_by_type"] == {"xã": 2621, "phường": 687, "đặc khu": 13}
    # 10,033 old codes in the conversion file + 2 whose codes were transposed there
    assert counts["old_communes_in_force_2025_06_30"] == 10_035
    assert counts["old_communes_in_pre_2025_file"] == 10_051
    assert counts["old_communes"] == 10_061  # + 10 codes only in the conversion file
    # PROFILE counts 441 split codes; two of them (01615, 02485) are code transpositions
    assert counts["split_old_communes"] == 439
    assert counts["mapping_rows"] == 10_571
    assert counts["mapping_rows_whole"] == 9_602
    assert counts["mapping_rows_partial"] == 969
    assert counts["mapping_rows_without_old_code"] == 6


def test_old_pre_2025_file_types(gaz: Gazetteer) -> None:
    pre = [u for u in gaz.communes("old") if gaz.in_pre_file(u)]
    assert len(pre) == 10_051
    gone = [u for u in gaz.communes("old") if not u.in_force_2025_06_30]
    assert len(gone) == 26
    assert all(u.valid_to is None and gaz.successors(u) == [] for u in gone)


def test_eras_and_dates(gaz: Gazetteer) -> None:
    for unit in gaz:
        assert unit.era in ("old", "new")
        assert len(unit.code) == {"province": 2, "district": 3, "commune": 5}[unit.level]
        if unit.era == "new":
            assert unit.level != "district" and unit.district_code is None
            assert unit.valid_from == date(2025, 7, 1) and unit.valid_to is None
            assert not unit.in_force_2025_06_30
        elif unit.in_force_2025_06_30:
            assert unit.valid_to == date(2025, 6, 30)
        assert unit.name.endswith(unit.short_name)
        assert "  " not in unit.name and unit.name == unit.name.strip()
        assert gaz.get(unit.era, "province", unit.province_code) is not None


def test_codes_are_reused_across_eras(gaz: Gazetteer) -> None:
    assert gaz.unit("old", "province", "24").short_name == "Bắc Giang"
    assert gaz.unit("new", "province", "24").short_name == "Bắc Ninh"
    assert gaz.unit("new", "province", "91").short_name == "An Giang"
    pre_file = {u.code for u in gaz.communes("old") if gaz.in_pre_file(u)}
    assert sum(1 for u in gaz.communes("new") if u.code in pre_file) == 3310  # as PROFILE.md
    in_force = {u.code for u in gaz.communes("old") if u.in_force_2025_06_30}
    assert sum(1 for u in gaz.communes("new") if u.code in in_force) == 3316


def test_unit_types(gaz: Gazetteer) -> None:
    types = Counter((u.era, u.level, u.type) for u in gaz if u.level != "commune")
    assert types[("old", "province", "thành phố trung ương")] == 5 + 1  # Huế since 2025
    assert types[("new", "province", "thành phố trung ương")] == 6
    assert gaz.unit("old", "district", "769").type == "thành phố thuộc thành phố trung ương"
    assert gaz.unit("old", "district", "380").type == "thành phố thuộc tỉnh"
    assert gaz.unit("old", "district", "123").name == "Thị xã Mộc Châu"  # became a town in 2025
    thanh_hoa = gaz.unit("new", "province", "38")
    assert (thanh_hoa.name, thanh_hoa.short_name, thanh_hoa.type) == (
        "Tỉnh Thanh Hóa",
        "Thanh Hóa",
        "tỉnh",
    )
    assert gaz.unit("old", "district", "760").short_name == "Quận 1"


def test_label_fixes(gaz: Gazetteer) -> None:
    assert gaz.unit("old", "commune", "00553").name == "Xã Cổ Bi"
    assert {r.old_name for r in gaz.successions if r.old_code == "00553"} == {"Xã Cổ Bi"}
    long_an = gaz.unit("old", "commune", "27691")
    assert long_an.province_code == "80"
    assert {r.old_province_code for r in gaz.successions if r.old_code == "27691"} == {"80"}
    kien_giang = gaz.unit("old", "commune", "30781")
    assert kien_giang.province_code == "91"
    con_co = [r for r in gaz.successions if r.old_district_code == "471"]
    assert [r.old_province_code for r in con_co] == ["45"]
    assert gaz.unit("old", "district", "471").province_code == "45"
    assert gaz.unit("new", "commune", "24496").name == "Xã Ea Kly"
    # transposed codes: Mỹ Hưng is 01651, Phú Thịnh 02482, each merged whole
    assert [(u.code, rel) for u, rel in gaz.convert("old", "01651")] == [("01648", "whole")]
    assert [(u.code, rel) for u, rel in gaz.convert("old", "01615")] == [("01636", "whole")]
    assert gaz.unit("old", "commune", "02482").in_force_2025_06_30


def test_rows_without_old_code(gaz: Gazetteer) -> None:
    rows = [r for r in gaz.successions if r.old_code is None]
    assert len(rows) == 6
    assert Counter(r.note_kind for r in rows) == {"special_zone": 5, "merged_whole": 1}
    assert all(gaz.unit("new", "commune", r.new_code) for r in rows)


def test_notes_normalised(gaz: Gazetteer) -> None:
    raw = {r.note for r in gaz.successions}
    assert len(raw) >= 25  # spellings kept as written
    kinds = Counter(r.note_kind for r in gaz.successions)
    assert kinds["merged_whole"] == 9465 and kinds["unchanged"] == 127
    assert {r.relation for r in gaz.successions} == {"whole", "partial"}


def test_spot_checks(gaz: Gazetteer) -> None:
    def in_force(province: str) -> int:
        return sum(1 for u in gaz.communes("old", province) if u.in_force_2025_06_30)

    assert in_force("20") == 194 and len(gaz.communes("new", "20")) == 65  # Lạng Sơn
    assert in_force("38") == 547 and len(gaz.communes("new", "38")) == 166  # Thanh Hóa


def test_hierarchy(gaz: Gazetteer) -> None:
    thanh_hoa = gaz.unit("old", "province", "38")
    districts = gaz.children(thanh_hoa)
    assert all(d.level == "district" for d in districts) and len(districts) == 26
    trieu_son = gaz.unit("old", "district", "397")
    assert trieu_son in districts
    assert all(c.district_code == "397" for c in gaz.children(trieu_son))
    assert len(gaz.children(gaz.unit("new", "province", "38"))) == 166
    assert gaz.children(gaz.unit("old", "district", "318")) == []  # Bạch Long Vĩ: no commune


def test_unknown_unit_message(gaz: Gazetteer) -> None:
    with pytest.raises(KeyError, match="no new district"):
        gaz.unit("new", "district", "001")
    with pytest.raises(KeyError, match="'99999'"):
        gaz.unit("old", "commune", "99999")


def test_tables_are_valid() -> None:
    names = name_tables()
    assert {"tỉnh", "huyện", "xã", "phường", "đặc khu"} <= {
        t for p in names.prefixes for t in p.types
    }
    assert names.split_name("xã Vạn Phú", "commune") == ("Xã Vạn Phú", "Vạn Phú", "xã")
    conv = conversion_tables()
    assert conv.classify_note("Nhâp một phần diện tích").relation == "partial"
    assert conv.classify_note("Giữ nguyên ").kind == "unchanged"
