"""Checks run when figures are saved (kiểm tra số liệu): parts add up to the total, plans are positive.

Adds the findings of ``htx.validate.check_document`` when that package is installed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from htx.formatting import format_number
from htx.stats.facts import Fact
from htx.stats.vocabulary import vocabulary


def basic_checks(facts: list[Fact], sums: list[dict[str, Any]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    voc = vocabulary()
    for kind in ("actual", "plan"):
        mine = [f for f in facts if f.kind == kind]
        for rule in sums:
            total = next((f for f in mine if f.indicator == rule["total"]["indicator"]
                          and f.dims == rule["total"]["dims"]), None)
            parts = [f for f in mine if f.indicator == rule["total"]["indicator"]
                     and set(f.dims) == {rule["dim"]} and f.dims[rule["dim"]] in rule["parts"]]
            if total is None or not parts:
                continue
            s = sum(Decimal(p.value) for p in parts)
            if s > Decimal(total.value) or (len(parts) == len(rule["parts"]) and s != Decimal(total.value)):
                out.append({"rule": "parts_total",
                            "message": f"{voc.label(total.indicator)} ({voc.kinds[kind]['vi']}): tổng theo "
                                       f"{', '.join(voc.dims[rule['dim']][p] for p in rule['parts'])} là {format_number(s)}, khác tổng số {format_number(total.value)}"})
    for f in facts:
        if f.unit == "percent" and Decimal(f.value) > 100 and f.kind != "attainment":
            out.append({"rule": "percent_range", "message": f"{voc.label(f.indicator, f.dims)}: tỷ lệ vượt 100%"})
    return out


def run_checks(facts: list[Fact], sums: list[dict[str, Any]]) -> list[dict[str, str]]:
    out = basic_checks(facts, sums)
    try:
        from htx.validate import check_document
    except ImportError:
        return out
    for f in check_document(facts):
        data: dict[str, Any] = f.to_json()
        out.append({"rule": str(data.get("rule", "")), "message": str(data.get("message", ""))})
    return out
