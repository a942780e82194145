"""Figures of a place and period: registry-derived, stored overrides, re-homing of old provinces."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from htx.bootstrap import figure_service
from htx.cli import app
from htx.db import facts_repo, registry_repo
from htx.db.engine import unit_of_work
from htx.db.models import Organisation
from htx.registry.lifecycle import Event
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period

BAC_NINH_NEW = Place("new", "province", "24")
BAC_GIANG_OLD = Place("old", "province", "24")
BAC_NINH_OLD = Place("old", "province", "27")


def _org(s, kind: str, sector: str, events: list[Event], province: str = "20", **kw) -> Organisation:
    org = Organisation(kind=kind, name=f"{kind} {sector}", sector=sector, province_code=province, **kw)
    registry_repo.set_events(s, org, events)
    s.add(org)
    return org


def _value(facts: list[Fact], indicator: str, **dims: str) -> int | None:
    for f in facts:
        if f.indicator == indicator and f.dims == dims and f.unit != "percent" and f.kind == "actual":
            return int(f.value)
    return None


def test_derived_counts_and_flows(db) -> None:
    with unit_of_work(db) as s:
        _org(s, "HTX", "agriculture", [Event("founded", date(2020, 3, 1))], members=10, charter_capital=1_000_000_000)
        _org(s, "HTX", "transport", [Event("founded", date(2021, 2, 1)), Event("suspended", date(2021, 3, 1))], members=5)
        _org(s, "QTDND", "credit", [Event("founded", date(2010, 1, 1))], members=900)
        _org(s, "THT", "agriculture", [Event("founded", date(2021, 1, 5))])
        _org(s, "HTX", "agriculture", [Event("founded", date(2015, 1, 1)), Event("dissolved", date(2021, 2, 2))])
    facts = figure_service(db).figures(Place("new", "province", "20"), Period.parse("2021-Q1"))
    assert _value(facts, "htx.count") == 3  # 2 HTX + the QTDND, the dissolved one excluded
    assert _value(facts, "htx.count", status="suspended") == 1
    assert _value(facts, "htx.count", sector="credit") == 1
    assert _value(facts, "htx.count", flow="founded") == 1
    assert _value(facts, "htx.count", flow="dissolved") == 1
    assert _value(facts, "tht.count", flow="founded") == 1
    assert _value(facts, "htx.members") == 915
    assert _value(facts, "htx.charter_capital") == 1_000_000_000
    assert _value(facts, "lhhtx.count", flow="founded") == 0


def test_stored_fact_overrides_derived_and_needs_review(db) -> None:
    place = Place("new", "province", "20")
    with unit_of_work(db) as s:
        _org(s, "HTX", "agriculture", [Event("founded", date(2020, 3, 1))])
        reported = Fact("htx.count", 830, "unit", {}, as_of=date(2021, 3, 31), place=place,
                        source=Source(kind="user", user="can_bo"))
        facts_repo.add_facts(s, [reported])
        proposed = Fact("htx.members", 36105, "member", {}, as_of=date(2021, 3, 31), place=place,
                        source=Source(kind="document", quote="36.105 người"))
        facts_repo.add_facts(s, [proposed], review="proposed")
    facts = figure_service(db).figures(place, Period.parse("2021-Q1"))
    counts = [f for f in facts if f.indicator == "htx.count" and not f.dims]
    assert [int(f.value) for f in counts] == [830]
    assert counts[0].source is not None and counts[0].source.kind == "user"
    assert _value(facts, "htx.members") != 36105  # a proposed fact is not in the statistics


def test_old_provinces_rehomed_into_new(db) -> None:
    with unit_of_work(db) as s:
        facts_repo.add_facts(s, [
            Fact("htx.count", 830, "unit", {}, as_of=date(2021, 2, 28), place=BAC_GIANG_OLD, source=Source(kind="user")),
            Fact("htx.count", 400, "unit", {}, as_of=date(2021, 2, 28), place=BAC_NINH_OLD, source=Source(kind="user")),
            Fact("htx.count", 65, "percent", {"sector": "agriculture"}, as_of=date(2021, 2, 28),
                 place=BAC_GIANG_OLD, source=Source(kind="user")),
        ])
    facts = figure_service(db).figures(BAC_NINH_NEW, Period.parse("2021-Q1"))
    total = [f for f in facts if f.indicator == "htx.count" and not f.dims and f.source and f.source.kind == "user"]
    assert len(total) == 1 and total[0].value == 1230 and not total[0].approximate
    assert not [f for f in facts if f.unit == "percent"]  # percents are never summed
    # the old geography still sees its own figure
    old = figure_service(db).figures(BAC_GIANG_OLD, Period.parse("2021-Q1"))
    assert _value(old, "htx.count") == 830


def test_facts_list_cli(cli_env: str, db) -> None:
    with unit_of_work(db) as s:
        _org(s, "HTX", "agriculture", [Event("founded", date(2020, 3, 1))])
    import json

    out = CliRunner().invoke(app, ["facts", "list", "--place", "Lạng Sơn", "--era", "new", "--period", "2021-Q1",
                                   "--json"])
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)
    assert {"indicator": "htx.count", "value": 1} in [{"indicator": r["indicator"], "value": r["value"]}
                                                      for r in rows if not r["dims"]]
    bad = CliRunner().invoke(app, ["facts", "list", "--place", "Atlantis", "--period", "2021-Q1"])
    assert bad.exit_code == 1 and "Atlantis" in bad.output
