"""A round's result as stored JSON: decimals written as text and read back as :class:`~decimal.Decimal`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

DECIMAL_KEYS = frozenset({"index", "satisfied_index", "score", "satisfied", "response_rate", "change",
                          "previous_index"})


def to_json(obj: Any) -> Any:
    """Decimals → strings, recursively (JSON columns cannot hold Decimal)."""
    if isinstance(obj, dict):
        return {k: to_json(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [to_json(v) for v in obj]
    if isinstance(obj, Decimal):
        return str(obj)
    return obj


def from_json(obj: Any) -> Any:
    """The inverse of :func:`to_json` for the result's decimal keys."""
    if isinstance(obj, dict):
        return {k: (Decimal(v) if k in DECIMAL_KEYS and isinstance(v, str) else from_json(v)) for k, v in obj.items()}
    if isinstance(obj, list):
        return [from_json(v) for v in obj]
    return obj
