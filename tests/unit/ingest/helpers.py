"""Matching expected facts against what the reader returned (subset semantics)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from htx.ingest import Extraction


def _same_value(a: Any, b: Any) -> bool:
    return Decimal(str(a)) == Decimal(str(b))


def has_fact(ex: Extraction, want: dict[str, Any]) -> bool:
    for f in ex.facts:
        if f.indicator != want["indicator"] or not _same_value(f.value, want["value"]):
            continue
        if "dims" in want and f.dims != (want["dims"] or {}):
            continue
        if "unit" in want and f.unit != want["unit"]:
            continue
        if f.kind != want.get("kind", "actual"):
            continue
        return True
    return False


def has_change(ex: Extraction, want: dict[str, Any]) -> bool:
    return any(c.indicator == want["indicator"] and _same_value(c.delta, want["delta"])
               and ("reference" not in want or c.reference == str(want["reference"]))
               for c in ex.changes)


def describe(ex: Extraction) -> str:
    facts = [f"{f.indicator} {f.dims} {f.unit} {f.kind} {f.value} «{f.source.quote if f.source else ''}»"
             for f in ex.facts]
    changes = [f"change {c.indicator} {c.delta} {c.reference}" for c in ex.changes]
    return "\n".join(facts + changes) or "(nothing)"
