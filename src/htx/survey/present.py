"""Words and numbers of the survey results as people read them: place names, scores, bands, changes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from htx.formatting import format_number
from htx.geo import gazetteer

BANDS = {1: "Nhóm cao nhất (≥ phân vị 75)", 2: "Nhóm khá (phân vị 50–75)", 3: "Nhóm trung bình (phân vị 25–50)",
         4: "Nhóm thấp nhất (< phân vị 25)"}
BAND_SHORT = {1: "Cao nhất", 2: "Khá", 3: "Trung bình", 4: "Thấp nhất"}


def province_name(code: str | None) -> str:
    if not code:
        return "Toàn quốc"
    u = gazetteer().get("new", "province", code)
    return u.name if u else code


def commune_name(code: str | None) -> str:
    if not code:
        return "(chưa rõ xã)"
    u = gazetteer().get("new", "commune", code)
    return u.name if u else code


def score(value: Decimal | None) -> str:
    """``62.5`` → ``62,50``; absent → ``—`` (never an invented zero)."""
    return "—" if value is None else format_number(value, 2)


def percent(value: Decimal | None) -> str:
    return "—" if value is None else format_number(value, 2) + "%"


def change(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + format_number(value, 2)


def band(value: int | None) -> str:
    return BAND_SHORT.get(value, "—") if value else "—"


def province_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Provinces sorted by rank (those without an index last, by name), with display strings."""
    rows = [{**p, "name": province_name(p["place"])} for p in result["provinces"]]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["name"]))
    return rows
