"""Combining facts: restatements are chosen, places are summed, averages re-weighted, unmerged = identity."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from htx.geo import gazetteer, place
from htx.stats.combine import choose_per_place, rehome
from htx.stats.facts import Fact, Place, Source

NEW_BAC_NINH = Place("new", "province", "24")  # old Bắc Giang (24) + old Bắc Ninh (27)
OLD_BG, OLD_BN = Place("old", "province", "24"), Place("old", "province", "27")
BOTH = ("24", "27")


def _placement(where: Place) -> tuple[str, bool]:
    gaz = gazetteer()
    return place(gaz, gaz.unit(where.era, where.level, where.code), "new", "province")


def _fact(indicator: str, value: int, where: Place, unit: str = "unit", doc: int = 1, start: int = 0,
          **dims: str) -> Fact:
    return Fact(indicator, value, unit, dims, period="2021", place=where,
                source=Source(kind="document", document_id=doc, quote=str(value), start=start, end=start + 2))


def test_a_figure_restated_in_one_document_is_not_added() -> None:
    facts = [_fact("htx.count", 20, OLD_BG, start=s, flow="founded") for s in (10, 900, 4000)]
    facts += [_fact("htx.workers", 7310, OLD_BG, "person", start=s) for s in (50, 950)]
    facts += [_fact("htx.count", 5, OLD_BN, doc=2, flow="founded"), _fact("htx.workers", 1545, OLD_BN, "person", doc=2)]
    out, omitted = rehome(facts, NEW_BAC_NINH, _placement, BOTH)
    values = {f.indicator: f.value for f in out}
    assert values == {"htx.count": 25, "htx.workers": 8855} and omitted == []


def test_a_part_is_not_presented_as_the_whole() -> None:
    out, omitted = rehome([_fact("htx.count", 830, OLD_BG)], NEW_BAC_NINH, _placement, BOTH)
    assert out == [] and "27" in omitted[0].reason


def test_different_old_provinces_are_summed() -> None:
    facts = [_fact("fund.borrowers", 20, OLD_BG), _fact("fund.borrowers", 20, OLD_BG, start=99),
             _fact("fund.borrowers", 10, OLD_BN, doc=2)]
    out, _ = rehome(facts, NEW_BAC_NINH, _placement, BOTH)
    assert [(f.indicator, f.value) for f in out] == [("fund.borrowers", 30)]
    assert out[0].source is not None and "24, 27" in (out[0].source.note or "")


def test_averages_are_reweighted_by_their_counts_or_omitted_with_a_reason() -> None:
    facts = [_fact("htx.count", 100, OLD_BG), _fact("htx.count", 300, OLD_BN, doc=2),
             _fact("htx.revenue_avg", 1_000, OLD_BG, "VND"), _fact("htx.revenue_avg", 2_000, OLD_BN, "VND", doc=2),
             _fact("htx.income_avg", 5, OLD_BG, "VND"), _fact("htx.income_avg", 7, OLD_BN, "VND", doc=2)]
    out, omitted = rehome(facts, NEW_BAC_NINH, _placement, BOTH)
    values = {f.indicator: f.value for f in out}
    assert values["htx.revenue_avg"] == 1_750  # (100×1000 + 300×2000) / 400, not 3000 and not dropped
    assert "htx.income_avg" not in values
    assert [o.indicator for o in omitted] == ["htx.income_avg"] and "htx.workers" in omitted[0].reason


def test_the_latest_reference_date_is_chosen() -> None:
    early = Fact("htx.count", 9, "unit", as_of=date(2021, 2, 28), place=OLD_BG)
    late = Fact("htx.count", 11, "unit", as_of=date(2021, 3, 31), place=OLD_BG)
    assert choose_per_place([late, early]) == [late]


UNMERGED = ["20", "04", "11", "12", "14", "38", "40", "42", "22", "01", "46"]  # kept their borders in 2025
_indicators = st.sampled_from([("htx.count", "unit"), ("htx.members", "member"), ("htx.revenue_avg", "VND"),
                               ("fund.outstanding", "VND"), ("htx.count", "percent")])


@settings(max_examples=40, deadline=None)
@given(code=st.sampled_from(UNMERGED),
       rows=st.lists(st.tuples(_indicators, st.integers(0, 10**9)), min_size=1, max_size=8,
                     unique_by=lambda r: r[0]))
def test_rehoming_a_province_that_did_not_merge_is_the_identity(code: str, rows: list[tuple[tuple[str, str], int]]
                                                                ) -> None:
    old = Place("old", "province", code)
    facts = [_fact(ind, value, old, unit) for (ind, unit), value in rows]
    gaz = gazetteer()
    assert [u.code for u, _ in gaz.predecessors(gaz.unit("new", "province", code))] == [code]
    out, omitted = rehome(facts, Place("new", "province", code), _placement, [code])
    assert omitted == []
    assert sorted((f.key, f.value, f.period, f.as_of) for f in out) == sorted((f.key, f.value, f.period, f.as_of)
                                                                              for f in facts)
