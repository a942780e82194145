"""Value types of the geo feature: administrative units and old→new successions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

REFORM_DAY = date(2025, 7, 1)  # two-level local government (chính quyền địa phương hai cấp)
LAST_OLD_DAY = date(2025, 6, 30)

UnitKey = tuple[str, str, str]  # (era, level, code): codes are reused across eras


@dataclass(frozen=True)
class AdminUnit:
    """An administrative unit (đơn vị hành chính) of one era.

    ``era`` is "old" (before 1 July 2025: province / district / commune) or "new" (from
    1 July 2025: province / commune, no districts). ``name`` is the official full name
    ("Tỉnh Thanh Hóa", "Xã Hợp Tiến"), ``short_name`` the name without its type word
    ("Thanh Hóa"). ``type`` is the Vietnamese unit type (tỉnh, thành phố trung ương, quận,
    huyện, thị xã, thành phố thuộc tỉnh, phường, xã, thị trấn, đặc khu).

    Old units absent from the 2025 conversion table existed earlier but not on 30 June
    2025: ``in_force_2025_06_30`` is False and ``valid_to`` is None (date not in the
    sources). ``valid_from`` of old units is unknown (None). New units have
    ``valid_from`` 2025-07-01 and ``in_force_2025_06_30`` False.
    """

    era: str
    level: str
    code: str
    name: str
    short_name: str
    type: str
    province_code: str
    district_code: str | None
    valid_from: date | None
    valid_to: date | None
    in_force_2025_06_30: bool

    @property
    def key(self) -> UnitKey:
        return (self.era, self.level, self.code)


@dataclass(frozen=True)
class Succession:
    """One row of the 2025 conversion table: an old commune (part) into a new commune.

    ``old_code`` is None for the 6 rows without an old commune (5 island districts that
    became đặc khu, and the coastal alluvial area of Kim Sơn); ``old_district_code`` is
    always set. ``relation`` is "whole" or "partial"; ``note_kind`` the normalised meaning
    of the note (merged_whole, merged_partial, unchanged, renamed, retyped, special_zone,
    remainder, renamed_from_part); ``note`` the note as written.
    """

    row: int
    old_code: str | None
    old_name: str
    old_district_code: str
    old_province_code: str
    new_code: str
    new_province_code: str
    relation: str
    note_kind: str
    note: str


@dataclass(frozen=True)
class RehomedValue:
    """A figure moved onto another geography; ``approximate`` when a split was involved."""

    value: int | Decimal
    approximate: bool = False
    contributors: list[UnitKey] = field(default_factory=list)
