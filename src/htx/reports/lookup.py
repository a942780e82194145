"""Looking figures up by what they measure, and computing shares, changes and attainment.

A :class:`FactIndex` finds the fact of a key (indicator, dims, unit, kind). Sentences say a
figure through :meth:`Figure.say`, which records the fact as *stated*, so the writer knows
exactly which facts a report states (the round-trip test compares them with what the reader
gets back). Percents and changes are always computed from counts (tỷ lệ tính từ số đếm),
never copied from a percent fact.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from htx.stats.facts import Fact, Value, exact

Key = tuple[str, tuple[tuple[str, str], ...], str, str]


def make_key(indicator: str, dims: dict[str, str] | None = None, unit: str = "unit", kind: str = "actual") -> Key:
    return (indicator, tuple(sorted((dims or {}).items())), unit, kind)


def percent(part: Value, whole: Value, decimals: int = 2) -> Decimal | None:
    """``part / whole × 100`` rounded half up to ``decimals``; None when the whole is 0."""
    if not whole:
        return None
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Figure:
    """A fact found in an index; saying it records it as stated."""

    fact: Fact
    index: FactIndex

    @property
    def value(self) -> Value:
        return self.fact.value

    def say(self) -> Fact:
        self.index.record(self.fact)
        return self.fact


class FactIndex:
    """The facts of one period, looked up by key; the latest ``as_of`` wins on duplicates."""

    def __init__(self, facts: Iterable[Fact]):
        self._by_key: dict[Key, Fact] = {}
        for f in facts:
            old = self._by_key.get(f.key)
            if old is None or (f.as_of or date.min) >= (old.as_of or date.min):
                self._by_key[f.key] = f
        self.stated: list[Fact] = []

    def __len__(self) -> int:
        return len(self._by_key)

    def facts(self) -> list[Fact]:
        """One fact per key, in the order first seen."""
        return list(self._by_key.values())

    def fact(self, indicator: str, unit: str = "unit", kind: str = "actual", **dims: str) -> Fact | None:
        return self._by_key.get(make_key(indicator, dims, unit, kind))

    def get(self, indicator: str, unit: str = "unit", kind: str = "actual", **dims: str) -> Figure | None:
        """The figure of ``indicator`` with exactly these dims (``{}`` is the total), or None."""
        f = self.fact(indicator, unit, kind, **dims)
        return Figure(f, self) if f is not None else None

    def value(self, indicator: str, unit: str = "unit", kind: str = "actual", **dims: str) -> Value | None:
        f = self.fact(indicator, unit, kind, **dims)
        return f.value if f is not None else None

    def dim_values(self, indicator: str, dim: str, unit: str = "unit", kind: str = "actual",
                   **fixed: str) -> list[str]:
        """Values of ``dim`` that facts of ``indicator`` have, alongside exactly the ``fixed`` dims."""
        out = []
        for ind, dims, u, k in self._by_key:
            d = dict(dims)
            if ind == indicator and u == unit and k == kind and dim in d:
                rest = {a: b for a, b in d.items() if a != dim}
                if rest == fixed:
                    out.append(d[dim])
        return out

    def has_subject(self, subject: str) -> bool:
        return any(k[0].startswith(subject + ".") for k in self._by_key)

    def record(self, fact: Fact) -> None:
        if fact not in self.stated:
            self.stated.append(fact)

    def share(self, part: Figure | None, whole: Figure | Value | None) -> Decimal | None:
        """The share of ``part`` in ``whole`` in percent, recorded as a stated percent fact."""
        if part is None or whole is None:
            return None
        w = whole.value if isinstance(whole, Figure) else whole
        p = percent(part.value, w)
        if p is None:
            return None
        f = part.fact
        p = self._verified(f, p)
        self.record(Fact(f.indicator, exact(p), "percent", dict(f.dims), kind=f.kind,
                         as_of=f.as_of, period=f.period, place=f.place))
        return p

    def _verified(self, part: Fact, computed: Decimal) -> Decimal:
        """The percent the source states for ``part`` when it agrees with ``computed`` at its own precision.

        "chiếm 32,4%" stays 32,4% (269/830 = 32,41%): a stated share that the counts confirm is
        printed as stated; one they contradict is never printed (the computed one is).
        """
        stated = self._by_key.get(make_key(part.indicator, dict(part.dims), "percent", part.kind))
        if stated is None:
            return computed
        value = Decimal(stated.value)
        exponent = value.normalize().as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        q = Decimal(1).scaleb(-places)
        return value if computed.quantize(q, rounding=ROUND_HALF_UP) == value.quantize(q) else computed

    def attainment(self, actual: Figure | None, plan: Figure | None) -> Decimal | None:
        """Actual over plan in percent, recorded as a stated ``attainment`` fact."""
        if actual is None or plan is None:
            return None
        p = percent(actual.value, plan.value)
        if p is None:
            return None
        f = actual.fact
        self.record(Fact(f.indicator, exact(p), "percent", dict(f.dims), kind="attainment",
                         as_of=f.as_of, period=f.period, place=f.place))
        return p


def change(current: Figure | None, reference: Value | None) -> int | Decimal | None:
    """``current − reference`` (None when either is missing)."""
    if current is None or reference is None:
        return None
    d = Decimal(current.value) - Decimal(reference)
    return exact(d)
