"""Facts (số liệu): one statistic with what it measures, its value, place, time and source.

A fact read from a report, typed by a user or derived from the registry has the same shape,
so any of them can be compared with any other. Values are exact: VND and counts are ``int``,
percents and hectares ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

# Place lives in htx.geo.model; re-exported here for the many older imports.
from htx.geo.model import COUNTRY as COUNTRY
from htx.geo.model import Place as Place
from htx.geo.model import PlaceError as PlaceError
from htx.stats.vocabulary import vocabulary

Value = int | Decimal
SourceKind = Literal["document", "user", "registry", "ledger", "activity", "synthetic"]


def exact(value: int | float | str | Decimal) -> Value:
    """An exact value: integral numbers become ``int``, others ``Decimal`` (floats via ``str``)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    if d == d.to_integral_value():
        return int(d)
    return d.normalize()


@dataclass(frozen=True)
class Source:
    """Where a fact came from: a document span, a user, the registry or the fund ledger."""

    kind: SourceKind
    document_id: int | None = None
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    user: str | None = None
    note: str | None = None

    def describe(self) -> str:
        if self.kind == "document":
            return f"văn bản #{self.document_id}: “{self.quote}” [{self.start}:{self.end}]"
        if self.kind == "user":
            return f"nhập tay bởi {self.user}"
        if self.kind == "registry":
            return "tính từ sổ đăng ký HTX"
        if self.kind == "ledger":
            return "tính từ sổ Quỹ hỗ trợ phát triển HTX"
        if self.kind == "activity":
            return "tính từ sổ hoạt động của Liên minh HTX"
        return "dữ liệu tổng hợp (synthetic)"


@dataclass(frozen=True)
class Fact:
    """One statistic in the format of ``shared/spec/facts.md``."""

    indicator: str
    value: Value
    unit: str
    dims: dict[str, str] = field(default_factory=dict)
    kind: str = "actual"
    as_of: date | None = None
    period: str | None = None
    place: Place | None = None
    source: Source | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        vocabulary().check(self.indicator, self.dims, self.unit, self.kind)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...], str, str]:
        """What a fact is about, without its value: (indicator, sorted dims, unit, kind)."""
        return (self.indicator, tuple(sorted(self.dims.items())), self.unit, self.kind)

    def to_json(self) -> dict[str, Any]:
        """The JSON shape of the spec (quote and offsets from a document source)."""
        value: Any = self.value if isinstance(self.value, int) else float(self.value)
        out: dict[str, Any] = {
            "indicator": self.indicator,
            "dims": dict(self.dims),
            "unit": self.unit,
            "value": value,
            "kind": self.kind,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "period": self.period,
        }
        if self.source is not None and self.source.kind == "document":
            out.update(quote=self.source.quote, start=self.source.start, end=self.source.end)
        if self.place is not None:
            out["place"] = str(self.place)
        if self.approximate:
            out["approximate"] = True
        return out
