"""Activities and plan targets in the database: facts beside the registry's, and plan attainment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.db import activities_repo
from htx.db.engine import unit_of_work
from htx.programs.activities import Award, Fair, MembershipChange, OutreachEvent, Training
from htx.stats.facts import Place
from htx.stats.periods import Period
from htx.stats.plans import Target, attainment_facts

LANG_SON = Place("new", "province", "20")
Q1 = Period.parse("2025-Q1")


def _books(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        activities_repo.add_training(s, Training(0, date(2025, 1, 10), LANG_SON, "Quản trị HTX", "quản trị", 60))
        activities_repo.add_training(s, Training(0, date(2025, 3, 31), LANG_SON, "Kế toán HTX", "kế toán", 45))
        activities_repo.add_training(s, Training(0, date(2025, 4, 1), LANG_SON, "Chuyển đổi số", "số", 30))
        activities_repo.add_outreach(s, OutreachEvent(0, date(2025, 2, 5), LANG_SON, "Hội nghị Luật HTX 2023", 120))
        activities_repo.add_membership_change(s, MembershipChange(0, date(2025, 2, 1), LANG_SON, "HTX Chè Bản Long",
                                                                  "joined", "official"))
        activities_repo.add_membership_change(s, MembershipChange(0, date(2025, 3, 1), LANG_SON, "THT Na Chi Lăng",
                                                                  "joined", "associate", "tht"))
        activities_repo.add_fair(s, Fair(0, date(2025, 3, 8), LANG_SON, "Hội chợ OCOP", 25, 80))
        activities_repo.add_award(s, Award(0, date(2025, 3, 9), LANG_SON, "certificate_of_merit", "province",
                                           "collective", "HTX Chè Bản Long"))
        activities_repo.set_target(s, Target.of("training.classes", 4, "unit", "2025-Q1", place=LANG_SON), "langson")
        activities_repo.set_target(s, Target.of("training.participants", 200, "person", "2025-Q1", place=LANG_SON))
        activities_repo.set_target(s, Target.of("outreach.events", 0, "unit", "2025-Q1", place=LANG_SON))


def test_activity_and_plan_facts_in_the_figure_service(db: sessionmaker[Session]) -> None:
    _books(db)
    facts = figure_service(db).figures(LANG_SON, Q1)
    got = {(f.indicator, tuple(sorted(f.dims.items())), f.kind): f.value for f in facts
           if f.source is not None and f.source.kind in ("activity", "user")}
    assert got[("training.classes", (), "actual")] == 2  # 01/04 is in Q2
    assert got[("training.participants", (), "actual")] == 105
    assert got[("outreach.events", (), "actual")] == 1 and got[("outreach.participants", (), "actual")] == 120
    assert got[("alliance.members", (("flow", "joined"),), "actual")] == 2
    assert got[("htx.count", (("flow", "joined"),), "actual")] == 1
    assert got[("training.classes", (), "plan")] == 4
    plan = next(f for f in facts if f.kind == "plan" and f.indicator == "training.classes")
    assert (plan.period, plan.place) == ("2025-Q1", LANG_SON)
    # a place keeping no book gets no activity facts (not zeros)
    other = figure_service(db).figures(Place("new", "province", "24"), Q1)
    assert not [f for f in other if f.source is not None and f.source.kind == "activity"]


def test_plan_attainment_from_stored_targets(db: sessionmaker[Session]) -> None:
    _books(db)
    actuals = figure_service(db).figures(LANG_SON, Q1)
    with db() as s:
        found = activities_repo.attainment_for(s, LANG_SON, Q1, actuals)
        targets = activities_repo.targets(s, LANG_SON, ["2025-Q1"])
    percent = {a.target.indicator: a.percent for a in found}
    assert percent == {"training.classes": Decimal("50.00"), "training.participants": Decimal("52.50"),
                       "outreach.events": None}  # a plan of zero gives no attainment
    facts = attainment_facts(targets, actuals)
    assert {(f.indicator, f.kind, f.unit, f.value) for f in facts} == {
        ("training.classes", "attainment", "percent", Decimal("50.00")),
        ("training.participants", "attainment", "percent", Decimal("52.50"))}


def test_setting_a_target_again_replaces_it(db: sessionmaker[Session]) -> None:
    with unit_of_work(db) as s:
        activities_repo.set_target(s, Target.of("htx.count", 100, "unit", "2025", {"status": "active"}, LANG_SON))
    with unit_of_work(db) as s:
        activities_repo.set_target(s, Target.of("htx.count", 120, "unit", "2025", {"status": "active"}, LANG_SON), "x")
    with db() as s:
        (t,) = activities_repo.targets(s, LANG_SON)
    assert (t.value, t.dims) == (120, (("status", "active"),))


def test_lists_read_back(db: sessionmaker[Session]) -> None:
    _books(db)
    with db() as s:
        assert [t.participants for t in activities_repo.trainings(s, LANG_SON, Q1.start, Q1.end)] == [60, 45]
        assert activities_repo.fairs(s, LANG_SON)[0].products == 80
        assert activities_repo.awards(s, LANG_SON)[0].recipient_name == "HTX Chè Bản Long"
        assert [c.org_kind for c in activities_repo.membership_changes(s, LANG_SON)] == ["htx", "tht"]
