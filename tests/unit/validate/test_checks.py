"""Consistency checks over the facts of one document, and against stored facts (seed cases)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from htx.stats.facts import Fact, Source
from htx.validate import check_facts
from htx.validate.partitions import check_parts, check_share_sums
from htx.validate.restatements import check_against_stored, check_conflicts
from htx.validate.shares import check_attainment, check_percents

AS_OF = date(2021, 2, 28)


def f(indicator: str, value: int | str, unit: str = "unit", kind: str = "actual", **dims: str) -> Fact:
    v = Decimal(value) if isinstance(value, str) else value
    return Fact(indicator, v, unit, dims=dims, kind=kind, as_of=AS_OF,
                source=Source("document", quote=f"{value}", start=0, end=1))


SEED_000 = [
    f("htx.count", 830), f("htx.count", 765, status="active"), f("htx.count", 22, status="suspended"),
    f("htx.count", 43, status="stopped"), f("htx.count", 541, sector="agriculture"),
    f("htx.count", "65.23", "percent", sector="agriculture"), f("htx.count", 269, sector="non_agriculture"),
    f("htx.count", "32.4", "percent", sector="non_agriculture"), f("htx.count", 20, sector="credit"),
    f("htx.count", "2.4", "percent", sector="credit"),
]


def test_seed_000_percent_message() -> None:
    report = check_facts(SEED_000)
    assert [x.message for x in report.findings] == ["541/830 = 65,18%, báo cáo ghi 65,23%"]
    assert report.notes == []
    finding = report.findings[0]
    assert finding.rule == "percent" and finding.certain
    assert finding.expected == Decimal("65.18") and finding.stated == Decimal("65.23")
    assert {q["quote"] for q in finding.quotes} >= {"541", "65.23"}
    assert finding.to_json()["certainty"] == "certain"


def test_seed_004_class_percent_message_and_rounded_ones_hold() -> None:
    facts = [f("htx.count", 58), f("htx.count", 27, **{"class": "good"}),
             f("htx.count", "46.6", "percent", **{"class": "good"}), f("htx.count", 24, **{"class": "fair"}),
             f("htx.count", "36.2", "percent", **{"class": "fair"})]
    assert [x.message for x in check_percents(facts)] == ["24/58 = 41,38%, báo cáo ghi 36,2%"]


def test_shares_without_a_stated_total_use_complete_siblings() -> None:
    facts = [f("htx.managers", 68, "person", education="higher"),
             f("htx.managers", "73.12", "percent", education="higher"),
             f("htx.managers", 25, "person", education="vocational"),
             f("htx.managers", "26.88", "percent", education="vocational"),
             f("htx.managers", 0, "person", education="untrained")]
    assert check_percents(facts) == []
    wrong = facts[:3] + [f("htx.managers", "30", "percent", education="vocational"), facts[4]]
    assert [x.message for x in check_percents(wrong)] == ["25/93 = 26,88%, báo cáo ghi 30%"]
    assert check_percents(wrong[:4]) == []  # "chưa qua đào tạo" not stated: no complete partition, no base


def test_parts_must_add_up_to_the_total() -> None:
    assert check_parts(SEED_000) == []
    bad = [f("htx.count", 830), f("htx.count", 765, status="active"), f("htx.count", 22, status="suspended"),
           f("htx.count", 40, status="stopped")]
    assert [x.message for x in check_parts(bad)] == ["Số lượng hợp tác xã: 765 + 22 + 40 = 827, khác tổng số 830"]
    over = [f("lhhtx.count", 5), f("lhhtx.count", 4, sector="agriculture"), f("lhhtx.count", 3, sector="industry")]
    assert check_parts(over)[0].rule == "parts_total"
    partial = [f("htx.count", 120), f("htx.count", 12, sector="credit"), f("htx.count", 30, sector="transport")]
    assert check_parts(partial) == []


def test_attainment_against_actual_and_plan() -> None:
    ok = [f("tht.count", 37, flow="founded"), f("tht.count", 50, kind="plan", flow="founded"),
          f("tht.count", 74, "percent", "attainment", flow="founded")]
    assert check_attainment(ok) == []
    bad = ok[:2] + [f("tht.count", 80, "percent", "attainment", flow="founded")]
    assert [x.message for x in check_attainment(bad)] == ["37/50 = 74,00%, báo cáo ghi đạt 80% kế hoạch"]


def test_class_shares_add_to_100() -> None:
    shares = [f("htx.count", v, "percent", **{"class": c})
              for c, v in (("good", "28.3"), ("fair", "36.8"), ("average", "25.4"), ("weak", "9.5"))]
    assert check_share_sums(shares) == []
    bad = shares[:3] + [f("htx.count", "19.5", "percent", **{"class": "weak"})]
    assert check_share_sums(bad)[0].message == "Số lượng hợp tác xã: 28,3% + 36,8% + 25,4% + 19,5% = 110%, khác 100%"
    short = shares[:3]  # "chưa xếp loại" may make up the rest: never a finding
    assert check_share_sums(short) == []


def test_two_values_for_the_same_fact_are_a_note_not_an_error() -> None:
    notes = check_conflicts([f("htx.count", 830), f("htx.count", 850), f("htx.count", 830)])
    assert len(notes) == 1 and "830" in notes[0].message and "850" in notes[0].message
    assert not notes[0].certain and notes[0].reason
    report = check_facts([f("htx.count", 830), f("htx.count", 850)])
    assert report.findings == [] and [n.rule for n in report.notes] == ["conflict"]
    assert report.to_json()["notes"][0]["certainty"] == "uncertain"


def test_against_stored_facts() -> None:
    stored = [Fact("htx.count", 825, "unit", as_of=AS_OF, source=Source("registry"))]
    findings = check_against_stored([f("htx.count", 830)], stored)
    assert len(findings) == 1 and findings[0].rule == "stored_conflict"
    assert findings[0].expected == 825 and findings[0].stated == 830
    assert check_against_stored([f("htx.count", 825)], stored) == []
    other_day = [Fact("htx.count", 800, "unit", as_of=date(2020, 12, 31))]
    assert check_against_stored([f("htx.count", 830)], other_day) == []
    assert [x.rule for x in check_facts([f("htx.count", 830)], stored=stored).findings] == ["stored_conflict"]
