"""Places below the province that a figure describes (địa bàn): "5 HTX ở huyện Đông Hòa", "Tân Lạc 36 HTX".

A report of a province often breaks a count down by district or commune. Such a figure is a
fact of that place, not of the province (spec/facts.md, ``place``). The names come from
:mod:`htx.geo` (the districts of the document's province, and its communes when written
with their type word), so no list of names is kept here.
"""

from __future__ import annotations

import re
from functools import cache

from htx.geo import gazetteer
from htx.geo.model import AdminUnit
from htx.ingest.lexicon import fold
from htx.stats.facts import Place

_TYPE = r"(?:huyện|thị\s+xã|thành\s+phố|tp\.?|quận|tx\.?)"
_COMMUNE_TYPE = r"(?:xã|phường|thị\s+trấn)"
_LABEL_CUT = re.compile(r".*(?:[,;:(\n]|\svà\s|\sgồm\s)", re.DOTALL)


def _unit_place(unit: AdminUnit) -> Place:
    return Place.parse(f"{unit.era}:{unit.level}:{unit.code}")


@cache
def _finder(province: str) -> PlaceFinder | None:
    unit = gazetteer().find_province(province)
    return None if unit is None else PlaceFinder(unit)


def place_finder(province: str | None) -> PlaceFinder | None:
    """The finder of the places of ``province`` (its short name, as the metadata gives it)."""
    return _finder(province) if province else None


class PlaceFinder:
    """Districts and communes of one province, found where a figure names them."""

    def __init__(self, province: AdminUnit) -> None:
        gaz = gazetteer()
        districts: dict[str, AdminUnit] = {}
        communes: dict[str, AdminUnit] = {}
        for child in gaz.children(province):
            target = districts if child.level == "district" else communes
            target.setdefault(fold(child.short_name), child)
            if child.level == "district":
                for commune in gaz.children(child):
                    communes.setdefault(fold(commune.short_name), commune)
        self.province_name = fold(province.short_name)
        self.units = {**{("c", k): v for k, v in communes.items()}, **{("d", k): v for k, v in districts.items()}}
        d_names = "|".join(re.escape(n) for n in sorted(districts, key=len, reverse=True)) or "(?!)"
        c_names = "|".join(re.escape(n) for n in sorted(communes, key=len, reverse=True)) or "(?!)"
        # a district may go without its type word; a commune needs it ("xã Hợp Tiến")
        self.name = re.compile(rf"(?:{_TYPE}\s+)?(?P<d>{d_names})(?!\w)|{_COMMUNE_TYPE}\s+(?P<c>{c_names})(?!\w)")
        self.typed = re.compile(rf"{_TYPE}\s+(?P<d>{d_names})(?!\w)|{_COMMUNE_TYPE}\s+(?P<c>{c_names})(?!\w)")

    def _unit(self, m: re.Match[str]) -> Place:
        key = ("d", m.group("d")) if m.group("d") else ("c", m.group("c"))
        return _unit_place(self.units[key])

    def label(self, folded: str, start: int, end: int) -> Place | None:
        """The place written as the label right before a number: "Huyện Lạc Thủy 58 HTX"."""
        cut = _LABEL_CUT.match(folded, start, end)
        begin = cut.end() if cut else start
        text = folded[begin:end]
        stripped = text.strip().rstrip(":").strip()
        if stripped.startswith(("các ", "toàn ")):
            return None
        m = self.name.fullmatch(stripped)
        if m is None or (m.group("d") == self.province_name and m.start("d") == 0):
            return None  # "Hòa Bình 512 HTX" is the province; "thành phố Hòa Bình 53 HTX" its city
        return self._unit(m)

    def after(self, folded: str, start: int, end: int) -> Place | None:
        """The place written after a count: "6 HTX ở huyện Nghĩa Đàn", "2 HTX huyện Thanh Chương"."""
        m = re.compile(r"\s*(?:(?:ở|tại|thuộc|của|trên\s+địa\s+bàn)\s+)?").match(folded, start, end)
        pos = m.end() if m else start
        found = (self.name if m and m.group().strip() else self.typed).match(folded, pos, end)
        return self._unit(found) if found else None
