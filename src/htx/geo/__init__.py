"""Administrative units of Vietnam (đơn vị hành chính) before and after 1 July 2025.

Old era: 63 provinces, 696 districts, ~10,000 communes; new era (two-level local
government): 34 provinces and 3,321 communes. Codes are reused across eras, so a unit is
always named by (era, level, code). Data is packaged (``data/*.csv.gz``).
"""

from collections.abc import Mapping
from decimal import Decimal

from htx.geo.gazetteer import Gazetteer, gazetteer
from htx.geo.model import AdminUnit, RehomedValue, Succession, UnitKey
from htx.geo.rehoming import place
from htx.geo.text import clean, collapse_spaces, fold, normalize_tone, strip_diacritics


def rehome(
    values: Mapping[UnitKey, int | Decimal], to_era: str, level: str
) -> dict[str, RehomedValue]:
    """Sum figures keyed by (era, level, code) onto the ``to_era`` units of ``level``.

    Uses the packaged gazetteer; see :mod:`htx.geo.rehoming` for the rule on split units.
    """
    return gazetteer().rehome(values, to_era, level)


def convert(era: str, code: str, level: str = "commune") -> list[tuple[AdminUnit, str]]:
    """Successors of an old unit or predecessors of a new one, with "whole"/"partial"."""
    return gazetteer().convert(era, code, level)


__all__ = [
    "AdminUnit",
    "Gazetteer",
    "RehomedValue",
    "Succession",
    "UnitKey",
    "clean",
    "collapse_spaces",
    "convert",
    "fold",
    "gazetteer",
    "normalize_tone",
    "place",
    "rehome",
    "strip_diacritics",
]
