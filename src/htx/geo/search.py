"""Reading place names as written in reports: type words, abbreviations, accents, typos.

"UBND huyện Triệu Sơn", "TP Lạng Sơn", "Thanh Hoá", "thanh hoa", "Tp. Hồ Chí Minh", "HCM",
"Q.1". Type words and aliases are data (``data/names.yaml``). Scores: 100 exact with
accents, 95 exact when the text has no accents, 85 exact only once accents are dropped,
below 90 fuzzy; +5 when a type word fits the unit, -15 when it does not, +10 when text
after a comma names a unit containing it.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from htx.geo.model import AdminUnit, UnitKey
from htx.geo.tables import ERAS, LEVELS, name_tables
from htx.geo.text import clean, fold, has_diacritics, strip_diacritics

if TYPE_CHECKING:
    from htx.geo.gazetteer import Gazetteer

EXACT = 80.0  # scores at or above this come from an exact name match
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
_ERA_RANK = {era: rank for rank, era in enumerate(ERAS)}


@dataclass(frozen=True)
class Hit:
    unit: AdminUnit
    score: float

    @property
    def exact(self) -> bool:
        return self.score >= EXACT

    def sort_key(self) -> tuple[float, int, int, bool, str]:
        u = self.unit
        return (
            -self.score,
            _LEVEL_RANK[u.level],
            _ERA_RANK[u.era],
            not u.in_force_2025_06_30,
            u.code,
        )


@dataclass(frozen=True)
class _Reading:
    """One way to read the query: type hint from stripped prefixes, and the name left."""

    types: frozenset[str] | None
    key: str  # folded, accents as written


class Searcher:
    """Name indexes over a gazetteer (built on first use)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.tables = name_tables()
        self.by_accent: dict[str, dict[UnitKey, str]] = defaultdict(dict)
        self.by_ascii: dict[str, dict[UnitKey, str]] = defaultdict(dict)
        for unit in gaz:
            self._add(unit.name, unit.key, "name")
            self._add(unit.short_name, unit.key, "name")
            if unit.name == unit.short_name:  # "Quận 1": also "1", when a type word is given
                self._add(unit.name.rsplit(" ", 1)[-1], unit.key, "number")
            alt = gaz.alt_names.get(unit.key)
            if alt:
                parts = self.tables.split_name(alt, unit.level)
                self._add(alt, unit.key, "alt")
                if parts and parts[1] != parts[0]:
                    self._add(parts[1], unit.key, "alt")
        short_index: dict[tuple[str, str], list[UnitKey]] = defaultdict(list)
        for unit in gaz:
            short_index[(unit.level, fold(unit.short_name))].append(unit.key)
        for alias in self.tables.aliases:
            for key in short_index.get((alias.level, fold(alias.name)), []):
                self._add(alias.form, key, "alias", folded=True)
        self.ascii_keys = sorted(self.by_ascii)

    def _add(self, name: str, key: UnitKey, kind: str, *, folded: bool = False) -> None:
        accent = name if folded else fold(name)
        self.by_accent[accent].setdefault(key, kind)
        self.by_ascii[strip_diacritics(accent)].setdefault(key, kind)

    # -- reading the query ---------------------------------------------------------------

    def _readings(self, text: str) -> list[_Reading]:
        rest = fold(clean(text))
        readings = [_Reading(None, rest)]
        types: frozenset[str] | None = None
        for _ in range(4):
            for prefix in self.tables.prefixes:
                size = len(prefix.form)
                head = rest[:size]
                fits = head == prefix.form or (
                    not has_diacritics(head) and head == strip_diacritics(prefix.form)
                )
                if fits and rest[size : size + 1] == " ":
                    rest = rest[size + 1 :]
                    types = prefix.types or types
                    readings.append(_Reading(types, rest))
                    break
            else:
                break
        return readings

    def _score_reading(self, reading: _Reading, scores: dict[UnitKey, float]) -> None:
        key = reading.key
        matches: list[tuple[dict[UnitKey, str], float]]
        if has_diacritics(key):
            matches = [
                (self.by_accent.get(key, {}), 100.0),
                (self.by_ascii.get(strip_diacritics(key), {}), 85.0),
            ]
        else:
            matches = [(self.by_ascii.get(key, {}), 95.0)]
        for found, base in matches:
            for unit_key, kind in found.items():
                self._offer(scores, unit_key, base, kind, reading.types)

    def _offer(
        self,
        scores: dict[UnitKey, float],
        unit_key: UnitKey,
        base: float,
        kind: str,
        types: frozenset[str] | None,
    ) -> None:
        unit = self.gaz.unit(*unit_key)
        score = base - (3.0 if kind == "alt" else 0.0)
        if types is not None:
            score += 5.0 if unit.type in types else -15.0
        elif kind == "number":
            return
        if kind == "number" and (types is None or unit.type not in types):
            return
        if score > scores.get(unit_key, float("-inf")):
            scores[unit_key] = score

    def _fuzzy(self, readings: list[_Reading], scores: dict[UnitKey, float]) -> None:
        for reading in readings:
            key = strip_diacritics(reading.key)
            if len(key) < 3:
                continue
            for near in difflib.get_close_matches(key, self.ascii_keys, n=20, cutoff=0.75):
                ratio = difflib.SequenceMatcher(None, key, near).ratio()
                for unit_key, kind in self.by_ascii[near].items():
                    if kind != "number":
                        self._offer(scores, unit_key, 40.0 + 45.0 * ratio, kind, reading.types)

    # -- public --------------------------------------------------------------------------

    def search(self, text: str, level: str | None = None, era: str | None = None) -> list[Hit]:
        """Every candidate with its score, best first."""
        main, *context = [part for part in text.split(",") if part.strip()] or [""]
        readings = self._readings(main)
        scores: dict[UnitKey, float] = {}
        for reading in readings:
            self._score_reading(reading, scores)
        if not any(self._keep(k, level, era) for k in scores):
            self._fuzzy(readings, scores)
        hits = [Hit(self.gaz.unit(*k), s) for k, s in scores.items() if self._keep(k, level, era)]
        if context and hits:
            hits = self._narrow(hits, context)
        return sorted(hits, key=Hit.sort_key)

    @staticmethod
    def _keep(key: UnitKey, level: str | None, era: str | None) -> bool:
        return (level is None or key[1] == level) and (era is None or key[0] == era)

    def _narrow(self, hits: list[Hit], context: list[str]) -> list[Hit]:
        around: set[UnitKey] = set()
        for part in context:
            found = [h for h in self.search(part) if h.exact]
            if found:
                top = found[0].score
                around.update(h.unit.key for h in found if h.score == top)
        out = []
        for hit in hits:
            u = hit.unit
            parents = {(u.era, "province", u.province_code)}
            if u.district_code and u.level == "commune":
                parents.add((u.era, "district", u.district_code))
            out.append(Hit(u, hit.score + 10.0) if parents & around else hit)
        return out

    def find(
        self, text: str, level: str | None = None, era: str | None = None, limit: int | None = 10
    ) -> list[AdminUnit]:
        hits = self.search(text, level, era)
        if hits and hits[0].exact:
            hits = [h for h in hits if h.exact]
        units = [h.unit for h in hits]
        return units if limit is None else units[:limit]

    def find_province(self, text: str, era: str | None = None) -> AdminUnit | None:
        hits = [h for h in self.search(text, era=era) if h.exact]
        if era is None:
            hits = [h for h in hits if h.unit.era == "old"] or hits
        if not hits:
            return None
        top = hits[0].score
        tier = [h.unit for h in hits if h.score == top]
        best = min(_LEVEL_RANK[u.level] for u in tier)
        provinces = {(u.era, u.province_code) for u in tier if _LEVEL_RANK[u.level] == best}
        if len(provinces) != 1:
            return None
        found_era, code = provinces.pop()
        return self.gaz.unit(found_era, "province", code)
