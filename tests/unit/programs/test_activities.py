"""Activities yield training, outreach and alliance-membership facts for a place and period."""

from __future__ import annotations

from datetime import date

import pytest

from htx.programs.activities import (
    Award,
    Fair,
    MembershipChange,
    OutreachEvent,
    Training,
    award_summary,
    fair_summary,
    joined_facts,
    membership_facts,
    outreach_facts,
    training_facts,
)
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

BG = Place("old", "province", "24")
TN = Place("old", "province", "19")
Q1 = Period.parse("2021-Q1")


def _values(facts: list[Fact]) -> dict[tuple[str, tuple[tuple[str, str], ...]], object]:
    return {(f.indicator, tuple(sorted(f.dims.items()))): f.value for f in facts}


def test_training_and_outreach_facts() -> None:
    trainings = [Training(1, date(2021, 1, 20), BG, "Lớp 1", "kế toán HTX", 45),
                 Training(2, date(2021, 3, 31), BG, "Lớp 2", "quản trị", 60),
                 Training(3, date(2021, 4, 1), BG, "Lớp 3", "quản trị", 50),  # next quarter
                 Training(4, date(2021, 2, 1), TN, "Lớp TN", "kế toán", 30)]  # other province
    got = _values(training_facts(trainings, Q1, BG))
    assert got == {("training.classes", ()): 2, ("training.participants", ()): 105}
    all_places = _values(training_facts(trainings, Q1, within=lambda p: p.level == "province"))
    assert all_places[("training.participants", ())] == 135
    events = [OutreachEvent(1, date(2021, 2, 2), BG, "Hội nghị tuyên truyền Luật HTX", 120)]
    facts = outreach_facts(events, Q1, BG)
    assert _values(facts) == {("outreach.events", ()): 1, ("outreach.participants", ()): 120}
    assert all(f.period == "2021-Q1" and f.place == BG for f in facts)


def test_membership_stock_and_joined_flow() -> None:
    # Seed 000: 358 member units on 15/03/2021 (340 official, 18 associate)
    changes = [MembershipChange(i, date(2021, 2, i), BG, f"HTX {i}", "joined", "official") for i in range(1, 7)]
    changes += [MembershipChange(7, date(2021, 3, 1), BG, "Công ty X", "joined", "associate", org_kind="other"),
                MembershipChange(8, date(2021, 3, 2), BG, "HTX cũ", "left", "official"),
                MembershipChange(9, date(2021, 3, 20), BG, "HTX muộn", "joined", "official")]
    baseline = {"official": 335, "associate": 17}
    got = _values(membership_facts(changes, date(2021, 3, 15), BG, baseline, date(2020, 12, 31)))
    assert got == {("alliance.members", ()): 358, ("alliance.members", (("member_type", "official"),)): 340,
                   ("alliance.members", (("member_type", "associate"),)): 18}
    flows = _values(joined_facts(changes, Q1, BG))
    assert flows == {("alliance.members", (("flow", "joined"),)): 8, ("htx.count", (("flow", "joined"),)): 7}
    with pytest.raises(ValueError, match="more members left"):
        membership_facts([MembershipChange(1, date(2021, 1, 5), BG, "X", "left", "associate")], date(2021, 2, 1), BG)


def test_fairs_and_awards_summaries() -> None:
    fairs = [Fair(1, date(2021, 3, 5), BG, "Hội chợ OCOP", 12, 40), Fair(2, date(2021, 5, 5), BG, "Hội chợ vải", 8)]
    assert fair_summary(fairs, Q1, BG) == {"fairs": 1, "cooperatives": 12, "products": 40}
    awards = [Award(1, date(2021, 3, 1), BG, "emulation_flag", "central_alliance", "collective", "HTX A"),
              Award(2, date(2021, 3, 1), BG, "emulation_flag", "province", "collective", "HTX B"),
              Award(3, date(2021, 3, 1), BG, "emulation_flag", "province", "collective", "HTX C")]
    assert award_summary(awards, Q1, BG) == ["Cờ thi đua của Liên minh HTX Việt Nam: 01 tập thể",
                                             "Cờ thi đua của UBND tỉnh: 02 tập thể"]
    with pytest.raises(ValueError, match="unknown kind"):
        Award(4, date(2021, 3, 1), BG, "medal_of_honour", "province", "collective", "X")
