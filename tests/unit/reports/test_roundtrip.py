"""Round trip: the DOCX htx writes, read back by htx's own reader, gives back the facts it states."""

from __future__ import annotations

from pathlib import Path

from htx import ingest
from htx.reports.model import ReportInput
from htx.reports.narrative import render
from htx.stats.facts import Fact


def _key(f: Fact) -> tuple[object, ...]:
    return (f.indicator, tuple(sorted(f.dims.items())), f.unit, f.kind, f.value)


def test_docx_round_trip(sample: ReportInput, outputs: dict[str, Path]) -> None:
    stated = {_key(f) for f in render(sample).stated}
    read = ingest.extract_file(outputs["docx"])
    got = {_key(f) for f in read.facts}
    assert stated, "the sample report states no facts"
    assert got - stated == set(), f"read but not stated: {sorted(got - stated, key=str)}"
    assert stated - got == set(), f"stated but not read: {sorted(stated - got, key=str)}"


def test_docx_round_trip_metadata(sample: ReportInput, outputs: dict[str, Path]) -> None:
    doc = ingest.extract_file(outputs["docx"]).document
    assert (doc.number, doc.kind, doc.date, doc.period) == ("125/BC-LMHTX", "BÁO CÁO", "2023-07-15", "2023-H1")
    assert doc.subject == sample.subject and doc.signer == "Nguyễn Văn An"
