"""Jinja2 templates with the Vietnamese number and date filters every page uses."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from typing import Any

from fastapi.templating import Jinja2Templates

from htx.formatting import format_number, format_percent, format_quantity, format_vnd
from htx.geo.places import place_name
from htx.stats.facts import Place
from htx.stats.vocabulary import vocabulary


def _num(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return "—"
    return format_number(value, decimals)


def _pct(value: Any, decimals: int = 2) -> str:
    return "—" if value is None else format_percent(value, decimals)


def _signed_pct(value: Any) -> str:
    if value is None:
        return "—"
    d = Decimal(value)
    return ("+" if d > 0 else "") + format_percent(d, 1)


def _signed(value: Any) -> str:
    if value is None:
        return "—"
    d = Decimal(value)
    return ("+" if d > 0 else "") + format_number(d)


def _vnd(value: Any) -> str:
    return "—" if value is None else format_vnd(int(value), "million" if int(value) % 1_000_000 == 0 else "auto")


def _qty(value: Any, unit: str) -> str:
    return "—" if value is None else format_quantity(value, unit)


def _date_vi(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def _place_name(place: Place | str | None) -> str:
    if place is None:
        return "—"
    p = Place.parse(place) if isinstance(place, str) else place
    name = place_name(p)
    return f"{name} (địa giới cũ)" if p.era == "old" and p.level != "country" else name


def _label(indicator: str, dims: dict[str, str] | None = None) -> str:
    try:
        return vocabulary().label(indicator, dims or {})
    except (KeyError, ValueError):
        return indicator


def make_templates() -> Jinja2Templates:
    directory = str(resources.files("htx.web") / "templates")
    templates = Jinja2Templates(directory=directory)
    f = templates.env.filters
    f.update(num=_num, pct=_pct, signed_pct=_signed_pct, signed=_signed, vnd=_vnd, qty=_qty, date_vi=_date_vi,
             place_name=_place_name, label=_label)
    templates.env.globals.update(vocabulary=vocabulary)
    templates.env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": True}
    return templates
