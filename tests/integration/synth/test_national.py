"""Synthetic data in the database and national figures, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from htx.bootstrap import books, figure_service
from htx.cli import app
from htx.db import facts_repo, registry_repo, summary_repo
from htx.db.bulk_repo import synthetic_counts
from htx.db.engine import make_engine, unit_of_work
from htx.db.figures_repo import registry_facts
from htx.db.models import FactRow, Organisation
from htx.db.models_fund import PlanTargetRow
from htx.geo import gazetteer
from htx.registry.lifecycle import Event
from htx.services import UnitOfWork
from htx.services.national import (
    comparison_periods,
    figures_by_province,
    national_figures,
    province_figures,
    rebuild_summary,
)
from htx.stats.cache import FigureCache
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period
from htx.synth.generator import Plan
from htx.synth.load import SyntheticExists, load_synthetic

SMALL = Plan("national", seed=11, factor=0.004)  # about 550 organisations over the 34 provinces


def _norm(facts: list[Fact]) -> list[tuple]:
    return sorted((f.indicator, sorted(f.dims.items()), f.unit, f.kind, str(f.value), str(f.as_of), f.period,
                   f.approximate, f.source.kind if f.source else None, f.source.note if f.source else None)
                  for f in facts)


def _assert_same(db, period: Period, era: str = "new") -> int:
    """The summary tables give what the registry tables give: national read, per-place service, grouped queries."""
    national = national_figures(db, books(), period, era)
    grouped = national_figures(db, books(), period, era, method="grouped")
    direct, service = figure_service(db, summary=False), figure_service(db)
    codes = sorted(u.code for u in gazetteer().provinces(era))
    assert sorted(national) == codes
    for code in codes:
        place = Place(era, "province", code)  # type: ignore[arg-type]
        expected = _norm(direct.figures(place, period))
        assert _norm(national[code]) == expected, f"{era} province {code}, {period}"
        assert _norm(grouped[code]) == expected and _norm(service.figures(place, period)) == expected
    if era == "new":
        country = Place("new", "country", "VN")
        assert _norm(service.figures(country, period)) == _norm(direct.figures(country, period))
    return sum(len(v) for v in national.values())


def test_province_scale_loads_marked_and_deterministic(db) -> None:
    plan = Plan("province", seed=3, province="20", factor=0.3)
    first = load_synthetic(db, plan)
    assert 200 <= first.organisations <= 800
    with db() as s:
        origins = dict(s.execute(select(Organisation.origin, func.count()).group_by(Organisation.origin)).all())
        kinds = set(s.scalars(select(FactRow.source_kind).distinct()))
        sample = sorted(s.execute(select(Organisation.code, Organisation.name, Organisation.founded_on,
                                         Organisation.old_province_code)).all())
    assert origins == {"synthetic": first.organisations} and kinds == {"synthetic"}
    with db() as s:  # yearly plan targets of the province of the day: old provinces to 2025, the new one for 2026
        plans = s.execute(select(PlanTargetRow.place_era, PlanTargetRow.period, PlanTargetRow.entered_by)).all()
    assert {(e, p) for e, p, _ in plans if e == "new"} == {("new", "2026")} and {a for *_, a in plans} == {"synthetic"}
    assert {p for e, p, _ in plans if e == "old"} == {str(y) for y in range(2016, 2026)}
    figures = figure_service(db).figures(Place("new", "province", "20"), Period.parse("2026"))
    assert {(f.indicator, tuple(f.dims.items())) for f in figures if f.kind == "plan"} == {
        ("htx.count", (("flow", "founded"),)), ("tht.count", (("flow", "founded"),)), ("htx.count", ()),
        ("htx.members", ())}
    olds = {u.code for u, _ in gazetteer().predecessors(gazetteer().unit("new", "province", "20"))}
    assert {p for *_, p in sample} <= olds and any(p for *_, p in sample)
    with pytest.raises(SyntheticExists, match="--replace"):
        load_synthetic(db, plan)
    again = load_synthetic(db, plan, replace=True)
    assert again.replaced == (first.organisations, first.rows["fact"]) and again.rows == first.rows
    with db() as s:
        assert sorted(s.execute(select(Organisation.code, Organisation.name, Organisation.founded_on,
                                       Organisation.old_province_code)).all()) == sample


def test_national_figures_equal_figure_service(db) -> None:
    load_synthetic(db, SMALL)
    total = 0
    for code in ("2025-Q3", "2025-Q2", "2021-Q1", "2024"):
        total += _assert_same(db, Period.parse(code))
    total += _assert_same(db, Period.parse("2021-Q1"), era="old")
    total += _assert_same(db, Period.parse("2021"), era="old")  # with the year's plan targets
    assert total > 3000  # many figures compared, not an empty equality
    for place, code in ((Place("new", "province", "24"), "2021-Q1"), (Place("old", "province", "27"), "2023-H1")):
        one = province_figures(db, books(), place, Period.parse(code))
        assert one and _norm(one) == _norm(figure_service(db, summary=False).figures(place, Period.parse(code)))


def test_several_periods_in_one_read_equal_one_at_a_time(db) -> None:
    load_synthetic(db, SMALL)
    periods = [*comparison_periods(Period.parse("2025-Q3")), Period.parse("2024"), Period.parse("2025-H1")]
    together = figures_by_province(db, books(), periods)
    assert len(together) == len(periods)
    for period, by_code in zip(periods, together, strict=True):
        alone = national_figures(db, books(), period)
        assert {c: _norm(f) for c, f in by_code.items()} == {c: _norm(f) for c, f in alone.items()}
    assert [p.code for p in periods[:3]] == ["2025-Q3", "2025-Q2", "2024-Q3"]
    assert sum(len(f) for f in together[2].values()) > 1000  # the old-province reports re-homed into 2024-Q3
    # one place, many periods (a dashboard's series), with and without the figure cache
    direct = figure_service(db, summary=False)
    for place in (Place("new", "province", "20"), Place("new", "country", "VN"), Place("old", "province", "10")):
        expected = [_norm(direct.figures(place, p)) for p in periods]
        assert [_norm(f) for f in figure_service(db).figures_many(place, periods)] == expected, place
        cached = figure_service(db, cache=FigureCache())
        cached.figures(place, periods[1])
        assert [_norm(f) for f in cached.figures_many(place, periods)] == expected
        assert [_norm(f) for f in cached.figures_many(place, periods)] == expected and len(cached.cache or []) == 5


def test_writers_refresh_the_summary_and_readers_never_read_it_stale(db, db_url) -> None:
    load_synthetic(db, SMALL)
    q, place = Period.parse("2025-Q3"), Place("new", "province", "20")
    direct = figure_service(db, summary=False)
    with unit_of_work(db) as s:
        org = s.scalars(select(Organisation).where(Organisation.province_code == "20", Organisation.kind == "HTX")
                        .order_by(Organisation.id)).first()
        assert org is not None
        registry_repo.add_event(s, org, Event("dissolved", date(2025, 8, 1)))
    with db() as s:
        assert not summary_repo.is_stale(s)  # the writer rebuilt province 20 before committing
    before = _norm(direct.figures(place, q))
    assert _norm(figure_service(db).figures(place, q)) == before
    with db() as s:
        registry_before = _norm(registry_facts(s, place, [q])[0])
    # a write outside any session (another program, plain SQL) leaves marks: readers then use the registry
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organisation SET members = members + 1000 WHERE province_code = '20' "
                          "AND members IS NOT NULL"))
    engine.dispose()
    with db() as s:
        assert summary_repo.is_stale(s)
        fresh = _norm(registry_facts(s, place, [q])[0])
        assert fresh != registry_before and fresh == _norm(registry_facts(s, place, [q], summary=False)[0])
    expected = _norm(direct.figures(place, q))
    assert _norm(figure_service(db).figures(place, q)) == expected
    # the national read queries the registry while the summary waits, and writes nothing
    assert _norm(national_figures(db, books(), q)["20"]) == expected
    with db() as s:
        assert summary_repo.is_stale(s)
    with UnitOfWork(db) as uow:
        assert rebuild_summary(uow) >= 1
    with db() as s:
        assert not summary_repo.is_stale(s)
    assert _norm(national_figures(db, books(), q)["20"]) == expected


def test_summary_follows_every_write(db) -> None:
    load_synthetic(db, SMALL)
    q = Period.parse("2025-Q3")
    before = national_figures(db, books(), q)
    with unit_of_work(db) as s:  # ORM writes through the foundation's repository
        org = s.scalars(select(Organisation).where(Organisation.province_code == "20", Organisation.kind == "HTX")
                        .order_by(Organisation.id)).first()
        assert org is not None
        registry_repo.add_event(s, org, Event("dissolved", date(2025, 8, 1)))
        moved = s.scalars(select(Organisation).where(Organisation.province_code == "24").order_by(Organisation.id)).first()
        assert moved is not None
        moved.province_code = "20"
        facts_repo.add_facts(s, [Fact("htx.members", 123, "member", {}, as_of=q.end, place=Place("new", "province", "01"),
                                      source=Source(kind="user", user="t"))])
    _assert_same(db, q)
    after = national_figures(db, books(), q)
    assert _norm(after["20"]) != _norm(before["20"]) and _norm(after["24"]) != _norm(before["24"])


def test_synth_cli(cli_env: str, db) -> None:
    runner = CliRunner()
    args = ["synth", "--scale", "province", "--province", "20", "--factor", "0.1", "--seed", "4", "--json"]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output.strip().splitlines()[-1])["rows"]
    with db() as s:
        assert synthetic_counts(s) == (rows["organisation"], rows["fact"])
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "--replace" in again.output
    assert runner.invoke(app, [*args, "--replace"]).exit_code == 0
    bad = runner.invoke(app, ["synth", "--scale", "province", "--province", "99"])
    assert bad.exit_code == 1 and "99" in bad.output
