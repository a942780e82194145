"""Vietnamese number style for everything a user reads: ``1.970.382 triệu đồng``, ``65,23%``.

Babel's ``vi_VN`` locale supplies the separators (``.`` for thousands, ``,`` for decimals).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

LOCALE = "vi_VN"
_MILLION = 1_000_000


def _to_decimal(value: int | float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def format_number(value: int | float | Decimal, decimals: int | None = None) -> str:
    """``1970382`` → ``1.970.382``; ``65.2345, 2`` → ``65,23``.

    With ``decimals=None`` integers print without decimals and other values keep theirs.
    """
    d = _to_decimal(value)
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(d, format=pattern, locale=LOCALE)
    if d == d.to_integral_value():
        return format_decimal(d.to_integral_value(), format="#,##0", locale=LOCALE)
    return format_decimal(d.normalize(), format="#,##0.##########", locale=LOCALE)


def format_percent(value: int | float | Decimal, decimals: int = 2) -> str:
    """``65.18`` → ``65,18%`` (the value is already a percent, not a ratio)."""
    return format_number(value, decimals) + "%"


def format_vnd(value: int, unit: str = "auto") -> str:
    """Money in the style reports use. ``unit``: ``dong``, ``million`` (triệu đồng) or ``auto``.

    ``auto`` writes whole millions as ``triệu đồng`` and anything else in ``đồng``.
    """
    if unit == "dong" or (unit == "auto" and value % _MILLION):
        return f"{format_number(value)} đồng"
    millions = Decimal(value) / _MILLION
    return f"{format_number(millions)} triệu đồng"


def format_quantity(value: int | float | Decimal, unit: str) -> str:
    """A value with the Vietnamese word for its fact unit (see ``htx.stats.vocabulary``)."""
    if unit == "VND":
        return format_vnd(int(value))
    if unit == "percent":
        return format_number(value) + "%"
    words = {"unit": "", "member": " thành viên", "person": " người", "ha": " ha"}
    return format_number(value) + words.get(unit, f" {unit}")
