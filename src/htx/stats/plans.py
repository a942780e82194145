"""Plan targets (chỉ tiêu kế hoạch) and their attainment (tỷ lệ đạt kế hoạch).

A :class:`Target` is a planned value of one indicator and dims for a place and period, typed in
or taken from the ``plan`` facts of a plan document. Wherever a target and a matching actual
exist, attainment = actual / plan × 100, a ``Decimal`` rounded half up to 2 decimals, and is
returned as a fact of kind ``attainment`` with unit ``percent``. A plan of zero or a missing
actual gives no attainment (never a division error).

Matching: an actual matches a target with the same indicator, dims, unit and place when its
``period`` equals the target's period (flows), or, for stocks, its ``as_of`` falls inside the
target's period — the latest such actual counts (progress so far towards the year's target).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from htx.stats.derive import percent
from htx.stats.facts import Fact, Place, Source, Value
from htx.stats.periods import Period
from htx.stats.vocabulary import vocabulary


@dataclass(frozen=True)
class Target:
    """A planned value: ``indicator`` with ``dims`` in ``unit`` for ``place`` over ``period`` (a code)."""

    indicator: str
    value: Value
    unit: str
    period: str
    dims: tuple[tuple[str, str], ...] = ()
    place: Place | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        vocabulary().check(self.indicator, dict(self.dims), self.unit, "plan")
        Period.parse(self.period)
        object.__setattr__(self, "dims", tuple(sorted(dict(self.dims).items())))

    @classmethod
    def of(cls, indicator: str, value: Value, unit: str, period: str, dims: dict[str, str] | None = None,
           place: Place | None = None, source: Source | None = None) -> Target:
        return cls(indicator, value, unit, period, tuple((dims or {}).items()), place, source)

    @classmethod
    def from_fact(cls, fact: Fact, period: str | None = None) -> Target:
        """A target from a ``plan`` fact of a document (its period, or ``period`` when it has none)."""
        if fact.kind != "plan":
            raise ValueError(f"{fact.indicator}: not a plan fact (kind {fact.kind!r})")
        code = fact.period or period
        if code is None:
            raise ValueError(f"{fact.indicator}: the plan fact has no period; give one")
        return cls.of(fact.indicator, fact.value, fact.unit, code, fact.dims, fact.place, fact.source)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...], str, Place | None]:
        return (self.indicator, self.dims, self.unit, self.place)

    def to_fact(self) -> Fact:
        return Fact(self.indicator, self.value, self.unit, dict(self.dims), kind="plan", period=self.period,
                    place=self.place, source=self.source)


@dataclass(frozen=True)
class Attainment:
    """A target with the actual that answers it and the percent reached (None when not computable)."""

    target: Target
    actual: Fact | None
    percent: Decimal | None

    def to_fact(self) -> Fact | None:
        if self.percent is None or self.actual is None:
            return None
        src = self.actual.source
        source = Source(kind=src.kind if src else "user", document_id=src.document_id if src else None,
                        note="tỷ lệ đạt kế hoạch (tính) / computed attainment")
        return Fact(self.target.indicator, self.percent, "percent", dict(self.target.dims), kind="attainment",
                    as_of=self.actual.as_of, period=self.target.period, place=self.target.place, source=source)


def attainment_percent(actual: Value | None, plan: Value | None) -> Decimal | None:
    """``actual / plan × 100`` rounded half up to 2 decimals; None when either is missing or the plan is 0."""
    return percent(actual, plan)


def targets_from_facts(facts: Iterable[Fact], period: str | None = None) -> list[Target]:
    """Every ``plan`` fact as a target (facts without a period take ``period``; skipped if None)."""
    return [Target.from_fact(f, period) for f in facts if f.kind == "plan" and (f.period or period)]


def _matches(target: Target, fact: Fact) -> bool:
    if fact.kind != "actual":
        return False
    if (fact.indicator, tuple(sorted(fact.dims.items())), fact.unit, fact.place) != target.key:
        return False
    if fact.period is not None:
        return fact.period == target.period
    return fact.as_of is not None and Period.parse(target.period).contains(fact.as_of)


def attainments(targets: Iterable[Target], actuals: Iterable[Fact]) -> list[Attainment]:
    """For each target, the matching actual (a period match first, else the latest stock) and the percent."""
    actuals = list(actuals)
    out: list[Attainment] = []
    for t in targets:
        found = [f for f in actuals if _matches(t, f)]
        flows = [f for f in found if f.period is not None]
        stocks = sorted((f for f in found if f.period is None), key=lambda f: f.as_of or Period.parse(t.period).start)
        best = flows[0] if flows else (stocks[-1] if stocks else None)
        out.append(Attainment(t, best, attainment_percent(best.value if best else None, t.value)))
    return out


def attainment_facts(targets: Iterable[Target], actuals: Iterable[Fact]) -> list[Fact]:
    """Attainment facts wherever a target has a non-zero plan and an actual."""
    return [f for a in attainments(targets, actuals) if (f := a.to_fact()) is not None]
