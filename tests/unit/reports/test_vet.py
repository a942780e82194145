"""No figure printed that the checks reject; no invented zeros; the data's own reference date."""

from __future__ import annotations

from datetime import date

from htx.reports.model import Issuer, build_report_input
from htx.reports.narrative import render
from htx.reports.vet import vet
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period

from .conftest import count, make_input

PLACE = Place("old", "province", "24")


def _doc(f: Fact, quote: str) -> Fact:
    from dataclasses import replace
    return replace(f, source=Source(kind="document", document_id=3, quote=quote, start=10, end=20))


def test_a_footnote_read_as_the_total_is_not_printed_but_annexed() -> None:
    facts = [_doc(count(9), "9 HTX"), count(337, status="active"), count(200, sector="agriculture")]
    kept, rejected = vet(facts)
    assert count(9) not in kept and {r.fact.value for r in rejected} >= {9}
    inp = make_input(kept)
    inp.rejected = rejected
    text = render(inp).text()
    prose = text.split("SỐ LIỆU CẦN KIỂM TRA")[0]
    assert "Tổng số HTX: 9" not in prose and "3.744" not in text and "chiếm" not in prose
    annex = text.split("SỐ LIỆU CẦN KIỂM TRA")[1]
    assert "9" in annex and "văn bản #3" in annex


def test_an_impossible_attainment_is_rejected() -> None:
    kept, rejected = vet([count(1_777, flow="founded"), count(10, "plan", flow="founded")])
    assert kept == [] and len(rejected) == 2
    assert "17.771" not in render(make_input(kept)).text()


def test_a_share_over_100_is_rejected() -> None:
    kept, rejected = vet([Fact("htx.count", 120, "percent", {"sector": "agriculture"})])
    assert kept == [] and "0–100%" in rejected[0].reason


def test_registry_zeros_of_an_empty_registry_are_not_data() -> None:
    reg = Source(kind="registry")
    zeros = [Fact("htx.count", 0, "unit", {"flow": f}, period="2021-Q1", source=reg) for f in ("founded", "dissolved")]
    kept, rejected = vet(zeros)
    assert kept == [] and rejected == []
    real = [Fact("htx.count", 5, "unit", {}, as_of=date(2021, 3, 31), source=reg), *zeros]
    assert len(vet(real)[0]) == 3  # a registry that holds HTX: its zero foundings are a fact


class _Source:
    def __init__(self, facts: list[Fact]):
        self.facts = facts

    def figures(self, place: Place, period: Period) -> list[Fact]:
        return list(self.facts) if period.code == "2021-Q1" else []


def test_reference_date_is_the_datas_own() -> None:
    facts = [Fact("htx.count", 830, "unit", {}, as_of=date(2021, 2, 28), place=PLACE)]
    inp = build_report_input(_Source(facts), PLACE, Period.parse("2021-Q1"), place_name="tỉnh Bắc Giang",
                             issuer=Issuer("LIÊN MINH HTX TỈNH BẮC GIANG"), issue_date=date(2021, 4, 5))
    text = render(inp).text()
    assert "tính đến ngày 28/02/2021" in text and "31/03/2021" not in text
