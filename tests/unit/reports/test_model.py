"""Building the report input from a FigureSource, and the notes the figures call for."""

from __future__ import annotations

from htx.reports.model import Issuer, build_report_input
from htx.reports.sample import SAMPLE_PLACE, FakeFigureSource
from htx.stats.facts import Fact, Source
from htx.stats.periods import Period


def test_build_asks_for_current_previous_last_year_and_series() -> None:
    p = Period.parse("2023-Q2")
    approx = Fact("htx.count", 5, "unit", {}, approximate=True,
                  source=Source("user", note="quy đổi từ địa giới cũ: 24"))
    src = FakeFigureSource({(SAMPLE_PLACE, "2023-Q2"): [approx], (SAMPLE_PLACE, "2022-Q2"): [Fact("htx.count", 4, "unit", {})]})
    inp = build_report_input(src, SAMPLE_PLACE, p, place_name="tỉnh Bắc Ninh", issuer=Issuer("LIÊN MINH HTX TỈNH BẮC NINH"))
    assert inp.current == [approx] and inp.previous == [] and inp.last_year[0].value == 4
    assert list(inp.series) == [q.code for q in p.series(8)]
    assert {c for _, c in src.calls} == set(inp.series) | {"2023-Q3"}  # each asked once; the next for its plans
    assert len(src.calls) == 9
    assert any("quy đổi" in n for n in inp.notes) and any("ước tính" in n for n in inp.notes)
    assert any("chỉ tính một lần" in n and "bình quân" in n for n in inp.notes)  # the rule, stated
    assert inp.subject.endswith("Quý II/2023") and inp.has_data
