"""The synthetic country generator: deterministic, marked synthetic, plausible, valid lifecycles."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from htx.geo import gazetteer
from htx.registry.lifecycle import Event, check_events
from htx.stats.periods import Period
from htx.synth.generator import Plan, Tally, generate, profile, province_batch


def _rows(plan: Plan) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for batch in generate(gazetteer(), plan):
        for table, rows in batch.tables.items():
            out.setdefault(table, []).extend(rows)
    return out


@pytest.fixture(scope="module")
def small() -> dict[str, list[dict]]:
    return _rows(Plan("province", seed=5, province="20", factor=0.3))


def test_deterministic_for_a_seed(small) -> None:
    again = _rows(Plan("province", seed=5, province="20", factor=0.3))
    assert again == small
    other = _rows(Plan("province", seed=6, province="20", factor=0.3))
    assert other["organisation"] != small["organisation"]


def test_marked_synthetic_and_on_real_communes(small) -> None:
    gaz = gazetteer()
    orgs = small["organisation"]
    marker = profile()["name_marker"]
    assert orgs and all(o["origin"] == "synthetic" and o["name"].endswith(marker) for o in orgs)
    assert all(gaz.get("new", "commune", o["commune_code"]).province_code == "20" for o in orgs)  # type: ignore[union-attr]
    with_old = [o for o in orgs if o["old_commune_code"]]
    assert len(with_old) > 0.9 * len(orgs)
    assert all(gaz.get("old", "commune", o["old_commune_code"]) is not None for o in with_old)
    assert all(f["source_kind"] == "synthetic" for f in small["fact"])


def test_plausible_counts_and_shares(small) -> None:
    kinds = Counter(o["kind"] for o in small["organisation"])
    expected = Plan("province", province="20", factor=0.3).counts(gazetteer(), "20")
    assert dict(kinds) == expected
    assert 100 <= sum(kinds.values()) <= 1000
    assert kinds["THT"] > kinds["HTX"] > kinds["QTDND"]
    statuses = Counter(e["kind"] for e in small["org_event"])
    assert statuses["founded"] == sum(kinds.values())
    assert 0.05 < statuses["dissolved"] / statuses["founded"] < 0.25


def test_lifecycles_are_valid_and_facts_span_ten_years(small) -> None:
    by_org: dict[int, list[Event]] = {}
    for e in small["org_event"]:
        by_org.setdefault(e["organisation_id"], []).append(Event(e["kind"], e["on"]))
    for events in by_org.values():
        check_events(events)  # raises on an impossible sequence
    periods = {f["period"] for f in small["fact"] if f["period"]}
    assert {"2016-Q1", "2025-Q4"} <= periods and len(periods) == 40
    eras = {(f["place_era"], (f["as_of"] or Period.parse(f["period"]).end) >= date(2025, 7, 1)) for f in small["fact"]}
    assert ("old", False) in eras and ("new", True) in eras and ("old", True) not in eras


def test_province_alone_equals_province_in_national() -> None:
    gaz = gazetteer()
    plan = Plan("national", seed=2, factor=0.01)
    alone = province_batch(gaz, plan, "20", first_id=1, tally=Tally())
    national = next(b for b in generate(gaz, plan) if b.province == "20")
    shift = national.tables["organisation"][0]["id"] - 1
    assert [{**o, "id": o["id"] - shift} for o in national.tables["organisation"]] == alone.tables["organisation"]


def test_unknown_province_or_scale() -> None:
    with pytest.raises(ValueError, match="99"):
        Plan("province", province="99").provinces(gazetteer())
    with pytest.raises(ValueError, match="scale"):
        Plan("world").provinces(gazetteer())
