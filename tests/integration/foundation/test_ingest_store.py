"""``htx ingest`` stores a report once per content hash, with its facts, quotes and findings."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from htx.bootstrap import figure_service
from htx.cli import app
from htx.db.models import Document, FactRow, FindingRow
from htx.stats.facts import Place
from htx.stats.periods import Period

runner = CliRunner()


def test_ingest_seed_000_once(cli_env: str, db, shared_dir: Path) -> None:
    seed = shared_dir / "seeds" / "000_584b80c1b9beabd9.txt"
    first = runner.invoke(app, ["ingest", str(seed), "--user", "can_bo_bg"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["ingest", str(seed)])
    assert again.exit_code == 0 and "đã có" in again.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 1
        doc = s.scalar(select(Document))
        assert (doc.province, doc.period, doc.place_era, doc.place_code) == ("Bắc Giang", "2021-Q1", "old", "24")
        rows = s.scalars(select(FactRow).where(FactRow.document_id == doc.id)).all()
        assert len(rows) >= 27
        text = doc.text
        for r in rows:  # every stored figure is traceable to its quote
            assert r.quote and text[r.start:r.end] == r.quote and r.reviewed_by == "can_bo_bg"
        messages = [f.message for f in s.scalars(select(FindingRow))]
        assert any("541/830 = 65,18%, báo cáo ghi 65,23%" in m for m in messages)
    facts = figure_service(db).figures(Place("old", "province", "24"), Period.parse("2021-Q1"))
    total = [f for f in facts if f.indicator == "htx.count" and not f.dims and f.unit == "unit"]
    assert [int(f.value) for f in total] == [830]


def test_ingest_bad_file_names_it_and_stores_nothing(cli_env: str, db, tmp_path: Path) -> None:
    bad = tmp_path / "hong.docx"
    bad.write_bytes(b"PK\x03\x04 not really a docx")
    out = runner.invoke(app, ["ingest", str(bad)])
    assert out.exit_code == 1 and "hong.docx" in out.output
    with db() as s:
        assert s.scalar(select(func.count()).select_from(Document)) == 0
