"""The gazetteer: every administrative unit of both eras, their hierarchy and 2025 successions.

Loaded once from the packaged tables (``data/units.csv.gz``, ``data/successions.csv.gz``,
built by ``scripts/build_geo_data.py``); no access to ``shared/`` at run time.
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from functools import cache, cached_property
from importlib import resources
from typing import TYPE_CHECKING

from htx.geo.model import AdminUnit, RehomedValue, Succession, UnitKey
from htx.geo.tables import ERAS, LEVELS

if TYPE_CHECKING:
    from htx.geo.search import Searcher

LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def _read_table(name: str) -> list[dict[str, str]]:
    raw = resources.files("htx.geo").joinpath("data", name).read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(raw).decode("utf-8"))))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class Gazetteer:
    """All units and successions, with look-ups by code, name and geography.

    Build it with :func:`gazetteer` (cached); the constructor takes plain rows so tests
    can make small ones.
    """

    def __init__(
        self,
        units: Iterable[AdminUnit],
        successions: Iterable[Succession],
        *,
        in_pre_file: Iterable[UnitKey] = (),
        alt_names: Mapping[UnitKey, str] | None = None,
    ) -> None:
        self._units: dict[UnitKey, AdminUnit] = {u.key: u for u in units}
        self.successions: tuple[Succession, ...] = tuple(successions)
        self._in_pre_file = frozenset(in_pre_file)
        self.alt_names: dict[UnitKey, str] = dict(alt_names or {})
        self._children: dict[UnitKey, list[AdminUnit]] = defaultdict(list)
        for unit in self._units.values():
            parent = self._parent_key(unit)
            if parent is not None:
                self._children[parent].append(unit)
        self._predecessors: dict[UnitKey, list[tuple[AdminUnit, str]]] = {}
        self._rows_old: dict[UnitKey, list[Succession]] = defaultdict(list)
        self._rows_new: dict[UnitKey, list[Succession]] = defaultdict(list)
        for row in self.successions:
            if row.old_code is not None:
                self._rows_old[("old", "commune", row.old_code)].append(row)
            self._rows_old[("old", "district", row.old_district_code)].append(row)
            self._rows_old[("old", "province", row.old_province_code)].append(row)
            self._rows_new[("new", "commune", row.new_code)].append(row)
            self._rows_new[("new", "province", row.new_province_code)].append(row)

    @classmethod
    def from_package(cls) -> Gazetteer:
        units, in_pre, alt = [], [], {}
        for r in _read_table("units.csv.gz"):
            unit = AdminUnit(
                era=r["era"],
                level=r["level"],
                code=r["code"],
                name=r["name"],
                short_name=r["short_name"],
                type=r["type"],
                province_code=r["province_code"],
                district_code=r["district_code"] or None,
                valid_from=_date(r["valid_from"]),
                valid_to=_date(r["valid_to"]),
                in_force_2025_06_30=r["in_force"] == "1",
            )
            units.append(unit)
            if r["in_pre_file"] == "1":
                in_pre.append(unit.key)
            if r["alt_name"]:
                alt[unit.key] = r["alt_name"]
        rows = [
            Succession(
                row=int(r["row"]),
                old_code=r["old_code"] or None,
                old_name=r["old_name"],
                old_district_code=r["old_district_code"],
                old_province_code=r["old_province_code"],
                new_code=r["new_code"],
                new_province_code=r["new_province_code"],
                relation=r["relation"],
                note_kind=r["note_kind"],
                note=r["note"],
            )
            for r in _read_table("successions.csv.gz")
        ]
        return cls(units, rows, in_pre_file=in_pre, alt_names=alt)

    # -- units and hierarchy -------------------------------------------------------------

    @staticmethod
    def _parent_key(unit: AdminUnit) -> UnitKey | None:
        if unit.level == "province":
            return None
        if unit.level == "commune" and unit.district_code is not None:
            return (unit.era, "district", unit.district_code)
        return (unit.era, "province", unit.province_code)

    def __iter__(self) -> Iterator[AdminUnit]:
        return iter(self._units.values())

    def __len__(self) -> int:
        return len(self._units)

    def unit(self, era: str, level: str, code: str) -> AdminUnit:
        """The unit with this code in this era, e.g. ``unit("old", "province", "24")``."""
        try:
            return self._units[(era, level, code)]
        except KeyError:
            hint = ""
            if era not in ERAS:
                hint = f" (era must be one of {ERAS})"
            elif level not in LEVELS or (era == "new" and level == "district"):
                hint = (
                    " (level must be province or commune in the new era)"
                    if era == "new"
                    else (f" (level must be one of {LEVELS})")
                )
            raise KeyError(f"no {era} {level} with code {code!r}{hint}") from None

    def get(self, era: str, level: str, code: str) -> AdminUnit | None:
        return self._units.get((era, level, code))

    def _level(self, era: str, level: str) -> list[AdminUnit]:
        return [u for u in self._units.values() if u.era == era and u.level == level]

    def provinces(self, era: str) -> list[AdminUnit]:
        return self._level(era, "province")

    def districts(self) -> list[AdminUnit]:
        """Old districts (cấp huyện); the new era has none."""
        return self._level("old", "district")

    def communes(self, era: str, province_code: str | None = None) -> list[AdminUnit]:
        units = self._level(era, "commune")
        if province_code is None:
            return units
        return [u for u in units if u.province_code == province_code]

    def children(self, unit: AdminUnit) -> list[AdminUnit]:
        """Districts of an old province, communes of a district or of a new province."""
        return list(self._children.get(unit.key, []))

    def parent(self, unit: AdminUnit) -> AdminUnit | None:
        key = self._parent_key(unit)
        return self._units.get(key) if key else None

    def province_of(self, unit: AdminUnit) -> AdminUnit:
        return self.unit(unit.era, "province", unit.province_code)

    def in_pre_file(self, unit: AdminUnit) -> bool:
        """Whether the unit is listed in the pre-2025 source file."""
        return unit.key in self._in_pre_file

    # -- successions ---------------------------------------------------------------------

    def rows_of(self, unit: AdminUnit) -> list[Succession]:
        """Conversion rows of the unit (rows of its communes for a district or province)."""
        table = self._rows_old if unit.era == "old" else self._rows_new
        return list(table.get(unit.key, []))

    def _new_target(self, row: Succession, level: str) -> UnitKey:
        code = row.new_code if level == "commune" else row.new_province_code
        return ("new", level, code)

    def _old_target(self, row: Succession, level: str) -> UnitKey | None:
        if level == "commune":
            return ("old", "commune", row.old_code) if row.old_code else None
        code = row.old_district_code if level == "district" else row.old_province_code
        return ("old", level, code)

    def _relation(self, old: AdminUnit, new: AdminUnit) -> str:
        """ "whole" when all of ``old`` went into ``new``.

        That is: every conversion row of ``old`` lands in ``new`` and, for a new commune,
        every row says whole (a lone "partial" row means part went elsewhere). For a new
        province, communes split between its own communes do not matter.
        """
        rows = self._rows_old.get(old.key, [])
        whole = bool(rows) and all(
            self._new_target(r, new.level) == new.key
            and (new.level == "province" or r.relation == "whole")
            for r in rows
        )
        return "whole" if whole else "partial"

    def successors(self, unit: AdminUnit) -> list[tuple[AdminUnit, str]]:
        """New units an old unit became, with "whole"/"partial", most rows first.

        A commune or district maps to new communes, a province to new provinces. Old units
        not in force on 30 June 2025 have no successors in the conversion table: [].
        """
        if unit.era != "old":
            raise ValueError(f"successors() takes an old unit, got {unit.era} {unit.code}")
        level = "province" if unit.level == "province" else "commune"
        counts = Counter(self._new_target(r, level) for r in self._rows_old.get(unit.key, []))
        ordered = sorted(counts, key=lambda k: (-counts[k], k[2]))
        return [(self._units[k], self._relation(unit, self._units[k])) for k in ordered]

    def predecessors(self, unit: AdminUnit) -> list[tuple[AdminUnit, str]]:
        """Old units a new unit was made from ("whole" if wholly inside ``unit``).

        A new commune lists old communes (an old island district for the đặc khu made from
        it); a new province lists old provinces.
        """
        if unit.era != "new":
            raise ValueError(f"predecessors() takes a new unit, got {unit.era} {unit.code}")
        known = self._predecessors.get(unit.key)
        if known is not None:  # the gazetteer never changes: computed once per unit (~1 ms for a province)
            return list(known)
        counts: Counter[UnitKey] = Counter()
        for row in self._rows_new.get(unit.key, []):
            key = self._old_target(row, unit.level) or ("old", "district", row.old_district_code)
            counts[key] += 1
        ordered = sorted(counts, key=lambda k: (LEVEL_RANK[k[1]], -counts[k], k[2]))
        result = [(self._units[k], self._relation(self._units[k], unit)) for k in ordered]
        self._predecessors[unit.key] = result
        return list(result)

    def convert(self, era: str, code: str, level: str = "commune") -> list[tuple[AdminUnit, str]]:
        """Successors of an old unit or predecessors of a new one, by code."""
        unit = self.unit(era, level, code)
        return self.successors(unit) if era == "old" else self.predecessors(unit)

    # -- search and aggregation (see search.py, rehoming.py) -------------------------------

    @cached_property
    def _searcher(self) -> Searcher:
        from htx.geo.search import Searcher

        return Searcher(self)

    def find(
        self,
        text: str,
        level: str | None = None,
        era: str | None = None,
        limit: int | None = 10,
    ) -> list[AdminUnit]:
        """Units a place name as written in a report may mean, best first.

        Type words and abbreviations ("UBND huyện", "TP", "Q.", "TX") come from
        ``data/names.yaml``; accents and tone placement are optional; exact name matches
        rank above fuzzy ones; a name shared by several units returns them all (up to
        ``limit``; None for no limit). Text after a comma narrows the place down
        ("Xã Hợp Tiến, huyện Triệu Sơn").
        """
        return self._searcher.find(text, level=level, era=era, limit=limit)

    def find_province(self, text: str, era: str | None = None) -> AdminUnit | None:
        """The province a place text refers to, or None when unknown or ambiguous.

        A province name gives that province; a district or commune name gives its
        province when all its best matches lie in one province ("Triệu Sơn" → Thanh Hóa).
        Without ``era``, old-era units are preferred (reports mostly predate July 2025).
        """
        return self._searcher.find_province(text, era=era)

    def rehome(
        self, values: Mapping[UnitKey, int | Decimal], to_era: str, level: str
    ) -> dict[str, RehomedValue]:
        """Sum figures kept under units of any era onto ``to_era`` units of ``level``.

        See :func:`htx.geo.rehoming.rehome` for the rule.
        """
        from htx.geo.rehoming import rehome

        return rehome(self, values, to_era, level)

    # -- counts --------------------------------------------------------------------------

    def counts(self) -> dict[str, object]:
        """The figures ``htx info`` prints about the administrative units."""
        old_communes = self.communes("old")
        new_communes = self.communes("new")
        split = sum(1 for u in old_communes if len(self.successors(u)) > 1) if self else 0
        relations = Counter(r.relation for r in self.successions)
        return {
            "old_provinces": len(self.provinces("old")),
            "new_provinces": len(self.provinces("new")),
            "old_districts": len(self.districts()),
            "old_communes": len(old_communes),
            "old_communes_in_force_2025_06_30": sum(
                1 for u in old_communes if u.in_force_2025_06_30
            ),
            "old_communes_in_pre_2025_file": sum(1 for u in old_communes if self.in_pre_file(u)),
            "new_communes": len(new_communes),
            "new_communes_by_type": dict(Counter(u.type for u in new_communes).most_common()),
            "split_old_communes": split,
            "mapping_rows": len(self.successions),
            "mapping_rows_whole": relations["whole"],
            "mapping_rows_partial": relations["partial"],
            "mapping_rows_without_old_code": sum(1 for r in self.successions if r.old_code is None),
        }


@cache
def gazetteer() -> Gazetteer:
    """The packaged gazetteer, loaded once."""
    return Gazetteer.from_package()
