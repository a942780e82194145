"""The one place resolver (tra cứu địa bàn): what a user or a report names → one unit, or a clear error.

Every entry point that takes a place typed by a person (CLI, web, API, report writer, the
report reader's document place) goes through :func:`resolve_place`. Rules:

* ``cả nước`` / ``toàn quốc`` → the country; ``new:province:20`` → that unit, checked;
* a code: 2 digits a province, 3 a district (old era only), 4–5 a commune. A code that exists
  in both eras (codes are reused: old 24 is Bắc Giang, new 24 is Bắc Ninh) needs the era —
  given, or that of the period — otherwise it is ambiguous;
* a name: the exact official name, with or without its type word ("tỉnh", "thành phố",
  "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu", "UBND"), accents
  optional (accents as written win over a match found only once accents are dropped).
  A type word restricts the level; without one, a province beats a district, which beats a
  commune ("Hải Dương" is the old province, not the new ward). Between the two eras: the
  era asked for; else the era of the period (a period starting before 1 July 2025 means the
  old units, so "Bắc Giang" for 2021-Q1 is the old province); else the new era when the name
  exists in both. Text after a comma narrows ("Xã Hợp Tiến, huyện Triệu Sơn");
* several units left → :class:`AmbiguousPlace` listing them, never a silent pick; none →
  :class:`PlaceNotFound` with the closest names (and, for an old unit asked in the new era,
  what it became).

Indexes are built once per process and per level, from ASCII keys (a translation table, not a
per-name Unicode decomposition), so resolving a province name costs milliseconds, not the
second the fuzzy report-text searcher (:mod:`htx.geo.search`) needs to build its index.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal, cast

from htx.geo.gazetteer import LEVEL_RANK, Gazetteer, gazetteer
from htx.geo.model import COUNTRY, REFORM_DAY, AdminUnit, Place, UnitKey
from htx.geo.tables import name_tables
from htx.geo.text import fold, has_diacritics, strip_diacritics

COUNTRY_WORDS = {"ca nuoc", "toan quoc", "viet nam", "vn", "country", "national"}
_PUNCT = re.compile(r"[^\w\s]")
_CODE = re.compile(r"^(old|new):(country|province|district|commune):(\w+)$")
_ERA_VI = {"old": "địa giới cũ", "new": "địa giới mới"}


class PlaceNotFound(LookupError):
    """No unit matches; the message (Vietnamese first) lists the closest names."""


class AmbiguousPlace(PlaceNotFound):
    """Several units match equally; ``candidates`` lists them, the message names each one."""

    def __init__(self, text: str, candidates: list[AdminUnit]):
        self.candidates = candidates
        listed = "; ".join(describe(u) for u in candidates[:12])
        more = f" (và {len(candidates) - 12} đơn vị khác)" if len(candidates) > 12 else ""
        super().__init__(f"Địa danh '{text}' chưa rõ: có {len(candidates)} đơn vị trùng tên — {listed}{more}. "
                         "Ghi rõ cấp (tỉnh/huyện/xã), thêm đơn vị cấp trên sau dấu phẩy, hoặc dùng mã.")


def describe(unit: AdminUnit) -> str:
    """``Xã Hợp Tiến (Huyện Triệu Sơn, Tỉnh Thanh Hóa; địa giới cũ, old:commune:15700)``."""
    gaz = gazetteer()
    parents = []
    parent = gaz.parent(unit)
    while parent is not None:
        parents.append(parent.name)
        parent = gaz.parent(parent)
    inside = ", ".join(parents)
    return f"{unit.name} ({inside + '; ' if inside else ''}{_ERA_VI[unit.era]}, {unit.era}:{unit.level}:{unit.code})"


def as_place(unit: AdminUnit) -> Place:
    """The :class:`Place` of a gazetteer unit."""
    return Place(cast(Literal["old", "new"], unit.era),
                 cast(Literal["province", "district", "commune"], unit.level), unit.code)


@lru_cache(maxsize=65536)
def ascii_key(text: str) -> str:
    """Comparison key without accents, case or punctuation: "Bà Rịa - Vũng Tàu" → "ba ria vung tau"."""
    return " ".join(_PUNCT.sub(" ", strip_diacritics(text).casefold()).split())


def era_of_period(period: object) -> str | None:
    """``old`` for a period starting before 1 July 2025, ``new`` after, None when no/unknown period."""
    from htx.periods import Period, PeriodError

    if period is None or period == "":
        return None
    try:
        p = period if isinstance(period, Period) else Period.parse(str(period))
    except PeriodError:
        return None
    return "old" if p.start < REFORM_DAY else "new"


@dataclass(frozen=True)
class _Reading:
    """The query with ``n`` leading type words removed: the types they name and the name left."""

    types: frozenset[str] | None
    accented: str  # fold() of the name left, accents as written
    key: str  # ascii_key of the name left


class Resolver:
    """Exact-name indexes over a gazetteer, one per level, each built on first use."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.tables = name_tables()
        self._index: dict[str, dict[str, list[UnitKey]]] = {}

    def _level_index(self, level: str) -> dict[str, list[UnitKey]]:
        index = self._index.get(level)
        if index is not None:
            return index
        index = defaultdict(list)
        prefixes = {ascii_key(t.prefix) for t in self.tables.unit_types[level]}
        shorts: dict[str, list[UnitKey]] = defaultdict(list)
        for unit in self.gaz:
            if unit.level != level:
                continue
            names = {ascii_key(unit.name), ascii_key(unit.short_name)}
            alt = self.gaz.alt_names.get(unit.key)
            if alt:
                names.add(alt_key := ascii_key(alt))
                names.update(alt_key[len(p) + 1:] for p in prefixes if alt_key.startswith(p + " "))
            if unit.name == unit.short_name:  # "Quận 1", "Phường 14": also "1", "14"
                names.add(unit.name.rsplit(" ", 1)[-1])
            for name in names:
                index[name].append(unit.key)
            shorts[ascii_key(unit.short_name)].append(unit.key)
        for alias in self.tables.aliases:
            if alias.level == level:
                for key in shorts.get(ascii_key(alias.name), []):
                    if key not in index[ascii_key(alias.form)]:
                        index[ascii_key(alias.form)].append(key)
        self._index[level] = dict(index)
        return self._index[level]

    # -- reading the query ---------------------------------------------------------------

    def _readings(self, text: str) -> list[_Reading]:
        """Most stripped first: "UBND huyện Triệu Sơn" → (huyện, "triệu sơn"), then the whole text."""
        rest = fold(text)
        readings = [_Reading(None, rest, ascii_key(rest))]
        types: frozenset[str] | None = None
        for _ in range(4):
            for prefix in self.tables.prefixes:
                size = len(prefix.form)
                head = rest[:size]
                fits = head == prefix.form or (not has_diacritics(head) and head == strip_diacritics(prefix.form))
                if fits and rest[size: size + 1] == " ":
                    rest = rest[size + 1:]
                    types = prefix.types or types
                    readings.append(_Reading(types, rest, ascii_key(rest)))
                    break
            else:
                break
        return readings[::-1]

    def _matches(self, reading: _Reading, levels: list[str]) -> list[AdminUnit]:
        """Units of the highest level (of ``levels``) named by the reading; later levels are not indexed."""
        for level in levels:
            found = [u for key in self._level_index(level).get(reading.key, [])
                     if (u := self.gaz.unit(*key)) and (reading.types is None or u.type in reading.types)]
            if reading.types is None:  # "1" names "Quận 1" only after a type word ("Q.1")
                found = [u for u in found if not reading.key.isdigit()]
            if has_diacritics(reading.accented):
                exact = [u for u in found if reading.accented in self._accented_names(u)]
                found = exact or found
            if found:
                return found
        return []

    def _accented_names(self, unit: AdminUnit) -> set[str]:
        names = {fold(unit.name), fold(unit.short_name)}
        alt = self.gaz.alt_names.get(unit.key)
        if alt:
            names.add(fold(alt))
            parts = self.tables.split_name(alt, unit.level)
            if parts:
                names.add(fold(parts[1]))
        names.update(a.form for a in self.tables.aliases if a.level == unit.level
                     and ascii_key(a.name) == ascii_key(unit.short_name))
        return names

    def candidates(self, text: str, level: str | None = None) -> list[AdminUnit]:
        """Every unit the text names exactly (both eras), before any choice between them."""
        main, *context = [part for part in text.split(",") if part.strip()] or [""]
        levels = [level] if level else ["province", "district", "commune"]
        found: list[AdminUnit] = []
        for reading in self._readings(main):
            found = self._matches(reading, levels)
            if found:
                break
        if context and found:
            around = {u.key for part in context for u in self.candidates(part)}
            found = [u for u in found if self._parents(u) & around] or found
        return found

    def _parents(self, unit: AdminUnit) -> set[UnitKey]:
        keys = {(unit.era, "province", unit.province_code)}
        if unit.district_code:
            keys.add((unit.era, "district", unit.district_code))
        return keys

    # -- choosing ------------------------------------------------------------------------

    def resolve(self, text: str, *, era: str | None = None, period: object = None,
                level: str | None = None) -> Place:
        """The one unit ``text`` means; see the module docstring for the rules."""
        t = " ".join(text.split())
        if not t:
            raise PlaceNotFound("Chưa nhập địa bàn / no place given.")
        if ascii_key(t) in COUNTRY_WORDS:
            return COUNTRY
        if _CODE.match(t):
            return self._by_full_code(t)
        if t.isdigit():
            return self._by_code(t, era, period, level)
        found = self.candidates(t, level)
        if era is not None:
            found = [u for u in found if u.era == era]
        if not found:
            raise PlaceNotFound(self._not_found(t, era, level))
        eras = {u.era for u in found}
        if len(eras) > 1:
            wanted = era_of_period(period) or "new"
            found = [u for u in found if u.era == wanted]
        elif era is None and eras == {"old"} and era_of_period(period) == "new":
            raise PlaceNotFound(self._not_found(t, "new", level) + f" (kỳ {period} từ 01/7/2025)")
        if len(found) > 1:
            raise AmbiguousPlace(t, sorted(found, key=lambda u: (u.era, u.province_code, u.code)))
        unit = found[0]
        return as_place(unit)

    def _by_full_code(self, text: str) -> Place:
        place = Place.parse(text)
        if place.level == "country":
            return COUNTRY
        if self.gaz.get(place.era, place.level, place.code) is None:
            raise PlaceNotFound(f"Không có đơn vị hành chính '{text}' / no such unit.")
        return place

    def _by_code(self, text: str, era: str | None, period: object, level: str | None) -> Place:
        lvl = level or ("province" if len(text) <= 2 else "district" if len(text) == 3 else "commune")
        code = text.zfill({"province": 2, "district": 3}.get(lvl, 5))
        wanted = [era] if era else ([era_of_period(period)] if era_of_period(period) else ["old", "new"])
        found = [u for e in wanted if e and (u := self.gaz.get(e, lvl, code)) is not None]
        if not found:
            raise PlaceNotFound(f"Không có {lvl} mã '{text}' trong {', '.join(_ERA_VI[e] for e in wanted if e)}"
                                f" / no {lvl} with this code.")
        if len(found) > 1:
            raise AmbiguousPlace(text, found)
        return as_place(found[0])

    def _not_found(self, text: str, era: str | None, level: str | None) -> str:
        msg = f"Không tìm thấy địa danh '{text}'"
        msg += f" trong {_ERA_VI[era]}" if era else ""
        other = [u for u in self.candidates(text, level) if u.era != era] if era else []
        if other and era == "new":
            unit = min(other, key=lambda u: LEVEL_RANK[u.level])
            succ = self.gaz.successors(unit)
            became = ", ".join(u.name for u, _ in succ[:3])
            return (f"{msg}: {unit.name} là đơn vị của địa giới cũ (trước 01/7/2025)"
                    f"{', nay thuộc ' + became if became else ''}. Dùng tên mới, hoặc chọn địa giới cũ / "
                    "an old-era unit: use its new name or the old geography.")
        if other:
            return f"{msg}: {describe(other[0])} thuộc {_ERA_VI[other[0].era]} / exists in the other era."
        query = ascii_key(text)
        provinces, districts = self._level_index("province"), self._level_index("district")
        close = [provinces[k][0] for k in difflib.get_close_matches(query, list(provinces), n=5, cutoff=0.4)]
        close += [districts[k][0] for k in difflib.get_close_matches(query, list(districts), n=3, cutoff=0.7)]
        names = list(dict.fromkeys(self.gaz.unit(*key).name for key in close))
        hint = f" Gần giống / closest: {', '.join(names)}." if names else ""
        return f"{msg} / no such place.{hint}"


@cache
def resolver() -> Resolver:
    """The resolver over the packaged gazetteer (indexes built once per process)."""
    return Resolver(gazetteer())


def resolve_place(text: str, *, era: str | None = None, period: object = None,
                  level: str | None = None) -> Place:
    """The unit ``text`` names (a :class:`Place`), or :class:`PlaceNotFound` / :class:`AmbiguousPlace`.

    ``era`` ("old"/"new") restricts the geography; ``period`` (a ``Period`` or its code) picks the
    era when the name exists in both; ``level`` restricts the level.
    """
    return resolver().resolve(text, era=era, period=period, level=level)

