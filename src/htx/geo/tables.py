"""The geo data tables (``data/names.yaml``, ``data/conversion.yaml``), loaded and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from htx.geo.text import clean, fold

LEVELS = ("province", "district", "commune")
ERAS = ("old", "new")
RELATIONS = ("whole", "partial")


class GeoDataError(ValueError):
    """A geo data table or source file does not have the expected shape."""


@dataclass(frozen=True)
class UnitType:
    prefix: str
    type: str
    parent_type: str | None


@dataclass(frozen=True)
class Prefix:
    form: str  # folded (accents kept, punctuation as spaces: "Q.1" -> "q 1")
    types: frozenset[str]


@dataclass(frozen=True)
class Alias:
    form: str  # folded (accents kept)
    name: str
    level: str


@dataclass(frozen=True)
class NoteKind:
    kind: str
    pattern: re.Pattern[str]
    relation: str


@dataclass(frozen=True)
class NameTables:
    unit_types: dict[str, tuple[UnitType, ...]]
    prefixes: tuple[Prefix, ...]  # longest form first
    aliases: tuple[Alias, ...]

    def split_name(
        self, name: str, level: str, parent_type: str | None = None
    ) -> tuple[str, str, str] | None:
        """(official name with canonical prefix, short name, type), or None if no prefix fits.

        "xã Vạn Phú" → ("Xã Vạn Phú", "Vạn Phú", "xã"); a numbered unit keeps its prefix in
        the short name ("Phường 14"), since "14" alone names nothing.
        """
        name = clean(name)
        key = fold(name)
        for entry in self.unit_types[level]:
            if entry.parent_type is not None and entry.parent_type != parent_type:
                continue
            pkey = fold(entry.prefix)
            if key.startswith(pkey + " "):
                rest = name[len(entry.prefix) :].strip()
                full = f"{entry.prefix} {rest}"
                short = full if rest.isdigit() else rest
                return full, short, entry.type
        return None


@dataclass(frozen=True)
class ConversionTables:
    note_kinds: tuple[NoteKind, ...]
    corrections: dict[str, list[dict[str, str]]]

    def classify_note(self, note: str) -> NoteKind:
        key = fold(note, accents=False)
        for kind in self.note_kinds:
            if kind.pattern.search(key):
                return kind
        raise GeoDataError(f"unknown note (Ghi chú) {note!r}: add it to conversion.yaml")


def _load(name: str) -> dict[str, Any]:
    text = resources.files("htx.geo").joinpath("data", name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise GeoDataError(f"{name}: expected a mapping at the top")
    return data


@cache
def name_tables() -> NameTables:
    """Unit types, prefixes and aliases of ``data/names.yaml``."""
    data = _load("names.yaml")
    unit_types: dict[str, tuple[UnitType, ...]] = {}
    for level in LEVELS:
        entries = data["unit_types"][level]
        unit_types[level] = tuple(
            UnitType(e["prefix"], e["type"], e.get("parent_type")) for e in entries
        )
    known_types = {t.type for entries in unit_types.values() for t in entries}
    prefixes: list[Prefix] = []
    for entry in data["prefixes"]:
        types = frozenset(entry["types"])
        if not types <= known_types:
            raise GeoDataError(f"names.yaml: unknown types {sorted(types - known_types)}")
        for form in entry["forms"]:
            prefixes.append(Prefix(fold(form), types))
    prefixes.sort(key=lambda p: -len(p.form))
    aliases: list[Alias] = []
    for entry in data["aliases"]:
        if entry["level"] not in LEVELS:
            raise GeoDataError(f"names.yaml: alias level {entry['level']!r}")
        aliases.extend(Alias(fold(f), entry["name"], entry["level"]) for f in entry["forms"])
    return NameTables(unit_types, tuple(prefixes), tuple(aliases))


@cache
def conversion_tables() -> ConversionTables:
    """Note spellings and label corrections of ``data/conversion.yaml``."""
    data = _load("conversion.yaml")
    kinds = []
    for entry in data["note_kinds"]:
        if entry["relation"] not in RELATIONS:
            raise GeoDataError(f"conversion.yaml: relation {entry['relation']!r}")
        kinds.append(NoteKind(entry["kind"], re.compile(entry["pattern"]), entry["relation"]))
    corrections = {k: list(v) for k, v in data["corrections"].items()}
    return ConversionTables(tuple(kinds), corrections)
