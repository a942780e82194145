"""Value types of the geo feature: administrative units and old→new successions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol, TypeGuard, get_args

REFORM_DAY = date(2025, 7, 1)  # two-level local government (chính quyền địa phương hai cấp)
LAST_OLD_DAY = date(2025, 6, 30)


def before_reform(day: date) -> bool:
    """Whether ``day`` falls in the old geography (before 1 July 2025): the one test of the reform date."""
    return day < REFORM_DAY


def era_of(day: date) -> str:
    """``old`` before the 1 July 2025 reform, else ``new``."""
    return "old" if before_reform(day) else "new"

UnitKey = tuple[str, str, str]  # (era, level, code): codes are reused across eras

# --- Place: the one type naming a unit of geography (era, level, code) ---------------------
# Codes are reused across eras (new Bắc Ninh is 24, old Bắc Giang's code), so a place is always
# (era, level, code). The constructor checks the parts; ``Place.parse`` reads the
# ``era:level:code`` text that URLs, caches and stored rows use; ``Place.checked`` takes plain
# strings (a row, a form) and narrows them.

Era = Literal["old", "new"]  # before / from 1 July 2025 (geo.model.REFORM_DAY)
Level = Literal["country", "province", "district", "commune"]
ERAS: tuple[str, ...] = get_args(Era)
LEVELS: tuple[str, ...] = get_args(Level)


def is_era(text: str) -> TypeGuard[Era]:
    return text in ERAS


def is_level(text: str) -> TypeGuard[Level]:
    return text in LEVELS


class PlaceError(ValueError):
    """A place that cannot exist (unknown era or level, empty code)."""


class _Unit(Protocol):
    @property
    def era(self) -> str: ...
    @property
    def level(self) -> str: ...
    @property
    def code(self) -> str: ...


@dataclass(frozen=True)
class Place:
    """A unit of geography with its era: ``old`` (before 1/7/2025) or ``new``. Codes repeat across eras."""

    era: Era
    level: Level
    code: str

    def __post_init__(self) -> None:
        if self.era not in ERAS:
            raise PlaceError(f"Thời kỳ địa giới '{self.era}' không hợp lệ (old hoặc new) / unknown era")
        if self.level not in LEVELS:
            raise PlaceError(f"Cấp hành chính '{self.level}' không hợp lệ ({', '.join(LEVELS)}) / unknown level")
        if not self.code or ":" in self.code or self.code != self.code.strip():
            raise PlaceError(f"Mã đơn vị hành chính '{self.code}' không hợp lệ / bad unit code")
        if self.level == "district" and self.era == "new":
            raise PlaceError("Từ 1/7/2025 không còn cấp huyện / the new era has no districts")

    def __str__(self) -> str:
        return f"{self.era}:{self.level}:{self.code}"

    @property
    def key(self) -> tuple[str, str, str]:
        """The gazetteer's ``UnitKey`` (era, level, code)."""
        return (self.era, self.level, self.code)

    @classmethod
    def parse(cls, text: str) -> Place:
        """``new:province:20`` → the place (:class:`PlaceError` when it is not three parts)."""
        parts = text.split(":")
        if len(parts) != 3:
            raise PlaceError(f"Địa danh '{text}' không đúng dạng era:level:code / expected era:level:code")
        return cls.checked(*parts)

    @classmethod
    def checked(cls, era: str, level: str, code: str) -> Place:
        """The place of three plain strings (read from a row, a URL, a file), checked."""
        if not is_era(era):
            raise PlaceError(f"Thời kỳ địa giới '{era}' không hợp lệ (old hoặc new) / unknown era")
        if not is_level(level):
            raise PlaceError(f"Cấp hành chính '{level}' không hợp lệ ({', '.join(LEVELS)}) / unknown level")
        return cls(era, level, code)

    @classmethod
    def of(cls, unit: _Unit) -> Place:
        """The place of an administrative unit (``AdminUnit``)."""
        return cls.checked(unit.era, unit.level, unit.code)


COUNTRY = Place("new", "country", "VN")



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
