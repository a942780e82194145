"""Plan targets and attainment: actual / plan × 100, Decimal to 2 places, zero or missing plans."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from htx.stats.facts import Fact, Place, Source
from htx.stats.plans import (
    Target,
    attainment_facts,
    attainment_percent,
    attainments,
    targets_from_facts,
)
from htx.stats.vocabulary import VocabularyError

TS = Place("old", "district", "394")


@pytest.mark.parametrize(("actual", "plan", "expected"), [
    (2, 1, Decimal("200.00")), (80, 85, Decimal("94.12")), (37, 50, Decimal("74.00")),
    (1, 800, Decimal("0.13")),  # 0,125 rounds half up (banker's rounding would give 0,12)
    (Decimal("12.5"), 3, Decimal("416.67")), (0, 10, Decimal("0.00")),
    (5, 0, None), (None, 5, None), (5, None, None),
])
def test_attainment_percent(actual: int | Decimal | None, plan: int | None, expected: Decimal | None) -> None:
    assert attainment_percent(actual, plan) == expected


def test_seed_004_plan_and_attainment(shared_dir: Path) -> None:
    gold = json.loads((shared_dir / "gold" / "004_3e409d5bcc001d3c.json").read_text("utf-8"))
    plans = [Fact(g["indicator"], g["value"], g["unit"], g["dims"], kind=g["kind"], place=TS)
             for g in gold["facts"] if g["kind"] == "plan"]
    targets = targets_from_facts(plans, period="2021")
    assert len(targets) == 4
    actuals = [
        Fact("htx.count", 2, "unit", {"flow": "founded"}, period="2021", place=TS),
        Fact("htx.count", 80, "percent", {"class": "good_fair"}, as_of=date(2021, 12, 31), place=TS),
        Fact("htx.workers", 300, "person", as_of=date(2021, 6, 30), place=TS),
        Fact("htx.workers", 450, "person", as_of=date(2021, 12, 31), place=TS),  # latest counts
        Fact("htx.workers", 999, "person", as_of=date(2022, 1, 31), place=TS),  # outside the period
        Fact("htx.members", 50, "member", {"flow": "joined"}, period="2021", place=Place("old", "district", "1")),
    ]
    got = {(f.indicator, tuple(f.dims.items())): f for f in attainment_facts(targets, actuals)}
    assert {k: f.value for k, f in got.items()} == {
        ("htx.count", (("flow", "founded"),)): Decimal("200.00"),
        ("htx.count", (("class", "good_fair"),)): Decimal("94.12"),
        ("htx.workers", ()): Decimal("90.00"),
    }  # members joined: the only actual is of another place → no attainment
    workers = got[("htx.workers", ())]
    assert (workers.kind, workers.unit, workers.period, workers.as_of, workers.place) == (
        "attainment", "percent", "2021", date(2021, 12, 31), TS)


def test_zero_plan_and_missing_actual_give_no_attainment() -> None:
    zero = Target.of("htx.count", 0, "unit", "2021", {"flow": "dissolved"})
    missing = Target.of("lhhtx.count", 2, "unit", "2021", {"flow": "founded"})
    actual = Fact("htx.count", 3, "unit", {"flow": "dissolved"}, period="2021", source=Source(kind="registry"))
    result = attainments([zero, missing], [actual])
    assert [(a.actual is not None, a.percent) for a in result] == [(True, None), (False, None)]
    assert attainment_facts([zero, missing], [actual]) == []


def test_targets_typed_in_and_round_trip() -> None:
    t = Target.of("fund.outstanding", 15_000_000_000, "VND", "2021", place=TS)
    fact = t.to_fact()
    assert (fact.kind, fact.period, fact.value) == ("plan", "2021", 15_000_000_000)
    assert Target.from_fact(fact) == t
    actual = Fact("fund.outstanding", 14_450_000_000, "VND", as_of=date(2021, 3, 15), place=TS,
                  source=Source(kind="ledger"))
    (a,) = attainment_facts([t], [actual])
    assert (a.value, a.source.kind if a.source else None) == (Decimal("96.33"), "ledger")
    with pytest.raises(VocabularyError):
        Target.of("htx.count", 1, "VND", "2021")
    with pytest.raises(ValueError):
        Target.from_fact(actual)
