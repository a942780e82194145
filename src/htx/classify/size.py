"""Size class of a cooperative (quy mô HTX: siêu nhỏ, nhỏ, vừa, lớn) under a size rule set (NĐ 113/2024).

A class needs official members ≥ its threshold AND (revenue ≥ threshold OR total capital ≥
threshold). Classes are tried from the largest; the first met is the answer; a sector whose
table is complete puts whatever meets none in siêu nhỏ. Missing figures are not guessed: when
the answer depends on a figure we do not have, or on thresholds the rule set does not carry,
the result has no size and says why.
"""

from __future__ import annotations

from dataclasses import dataclass

from htx.classify.rules import SizeClass, SizeRuleSet

UNKNOWN = None  # three-valued logic: True, False, or UNKNOWN (a figure is missing)


@dataclass(frozen=True)
class SizeResult:
    """``size`` is large/medium/small/micro, or None with ``reason`` (Vietnamese) saying why not."""

    size: str | None
    sector: str | None = None
    reason: str | None = None


def _at_least(value: int | None, threshold: int) -> bool | None:
    return UNKNOWN if value is None else value >= threshold


def _or(a: bool | None, b: bool | None) -> bool | None:
    if a is True or b is True:
        return True
    if a is False and b is False:
        return False
    return UNKNOWN


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return UNKNOWN


def meets(c: SizeClass, members: int | None, revenue: int | None, capital: int | None) -> bool | None:
    return _and(_at_least(members, c.members), _or(_at_least(revenue, c.revenue), _at_least(capital, c.capital)))


def size_class(rules: SizeRuleSet, kind: str, registry_sector: str | None, members: int | None,
               revenue: int | None, capital: int | None) -> SizeResult:
    """The size class of an organisation from its members, yearly revenue and total capital (VND)."""
    if not rules.applies(kind, registry_sector):
        return SizeResult(None, None, f"{rules.code} không xếp quy mô cho loại hình {kind}")
    found = rules.sector_of(registry_sector)
    if found is None:
        from htx.stats.vocabulary import vocabulary

        shown = vocabulary().dims["sector"].get(registry_sector or "", registry_sector or "—")  # the officer's words
        return SizeResult(None, None, f"ngành '{shown}' chưa xác định được lĩnh vực trong {rules.code}")
    code, sector = found
    for c in sector.classes:
        verdict = meets(c, members, revenue, capital)
        if verdict is True:
            return SizeResult(c.size, code)
        if verdict is UNKNOWN:
            missing = [w for w, v in (("số thành viên", members), ("doanh thu", revenue), ("tổng nguồn vốn", capital))
                       if v is None]
            return SizeResult(None, code, "thiếu " + ", ".join(missing))
    if sector.complete:
        return SizeResult("micro", code)
    return SizeResult(None, code, f"{rules.code} chưa có ngưỡng quy mô nhỏ hơn cho lĩnh vực {sector.name}")
