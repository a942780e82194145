"""Moving figures between geographies: old units (before July 2025) onto new ones and back.

Rule. Each figure is placed whole on one target unit of ``to_era`` at ``level``:

* same era: a unit of the target level stays; a finer unit goes up to its district or
  province (exact); a coarser unit cannot go down (ValueError).
* across eras: the unit's rows of the 2025 conversion table say where its communes went.
  If they all land in one target unit the figure moves exactly. Otherwise it cannot be
  divided (no area or population shares are known): it goes to the target receiving the
  largest share of the unit's communes (a commune split in n parts counts 1/n for each;
  ties go to the target with the unit's own code, which the seat commune keeps, then to
  the lowest code) and the result is marked ``approximate``.

Totals are always preserved. Old units not in force on 30 June 2025 have no rows and
raise ValueError.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from htx.geo.model import RehomedValue, UnitKey
from htx.geo.tables import ERAS, LEVELS

if TYPE_CHECKING:
    from htx.geo.gazetteer import Gazetteer
    from htx.geo.model import AdminUnit

_RANK = {level: rank for rank, level in enumerate(LEVELS)}


def _check_target(to_era: str, level: str) -> None:
    if to_era not in ERAS:
        raise ValueError(f"to_era must be one of {ERAS}, got {to_era!r}")
    if level not in LEVELS or (to_era == "new" and level == "district"):
        allowed = ("province", "commune") if to_era == "new" else LEVELS
        raise ValueError(f"level for the {to_era} era must be one of {allowed}, got {level!r}")


def place(gaz: Gazetteer, unit: AdminUnit, to_era: str, level: str) -> tuple[str, bool]:
    """(code of the target unit, approximate?) for one source unit."""
    _check_target(to_era, level)
    if _RANK[unit.level] < _RANK[level]:
        raise ValueError(
            f"cannot move a {unit.level} figure ({unit.era} {unit.code}) down to {level} level"
        )
    if unit.era == to_era:
        if unit.level == level:
            return unit.code, False
        code = unit.district_code if level == "district" else unit.province_code
        assert code is not None
        return code, False
    shares: dict[str, Fraction] = defaultdict(Fraction)
    if unit.era == "old":
        rows = gaz.rows_of(unit)
        parts = Counter(r.old_code for r in rows)
        for r in rows:
            target = r.new_code if level == "commune" else r.new_province_code
            shares[target] += Fraction(1, parts[r.old_code])
    else:
        for r in gaz.rows_of(unit):
            if level == "commune":
                if r.old_code is None:
                    continue
                shares[r.old_code] += 1
            else:
                shares[r.old_district_code if level == "district" else r.old_province_code] += 1
    if not shares:
        raise ValueError(
            f"{unit.era} {unit.level} {unit.code} ({unit.name}) has no {to_era} {level} in the "
            "2025 conversion table"
        )
    best = max(shares, key=lambda code: (shares[code], code == unit.code, _neg(code)))
    return best, len(shares) > 1


def _neg(code: str) -> tuple[int, ...]:
    """Sort key making the lowest code win a max()."""
    return tuple(-ord(ch) for ch in code)


def rehome(
    gaz: Gazetteer, values: Mapping[UnitKey, int | Decimal], to_era: str, level: str
) -> dict[str, RehomedValue]:
    """Sum ``values`` (keyed by (era, level, code)) onto ``to_era`` units of ``level``.

    Returns target code → :class:`RehomedValue` (sum, approximate?, source keys).
    """
    _check_target(to_era, level)
    sums: dict[str, int | Decimal] = {}
    approx: dict[str, bool] = defaultdict(bool)
    contributors: dict[str, list[UnitKey]] = defaultdict(list)
    for key, value in values.items():
        unit = gaz.unit(*key)
        code, rough = place(gaz, unit, to_era, level)
        sums[code] = sums.get(code, 0) + value
        approx[code] |= rough
        contributors[code].append(key)
    return {
        code: RehomedValue(sums[code], approx[code], contributors[code]) for code in sorted(sums)
    }
