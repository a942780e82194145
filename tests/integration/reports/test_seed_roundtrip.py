"""Acceptance round trip: ingest a report, write its place and period's report with ``htx report``, read it back.

For each shared seed (read from ``../shared/seeds`` at test time, never copied) and for a
synthetic province: at least 95 % of the stored facts of the report's own place and period
(indicator, dims, unit, value) come back from the written DOCX, and reading it back raises no
finding. Figures the checks reject are not expected back in the prose (they are annexed).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.bootstrap import figure_service
from htx.cli import app
from htx.db import facts_repo
from htx.db.documents_repo import store_extraction
from htx.db.engine import unit_of_work
from htx.geo.places import document_place
from htx.geo.resolve import resolve_place
from htx.ingest import extract_file
from htx.reports.sample import SAMPLE_PERIOD, province_figures
from htx.reports.vet import vet
from htx.stats.facts import Fact, Source

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"
Key = tuple[object, ...]


def _key(f: Fact) -> Key:
    return (f.indicator, tuple(sorted(f.dims.items())), f.unit, f.value)


def _write_and_read(tmp_path: Path, place: str, period: str) -> tuple[set[Key], list[str], str]:
    out = CliRunner().invoke(app, ["report", "--place", place, "--period", period, "--out", str(tmp_path),
                                   "--format", "docx", "--issue-date", "2024-01-15", "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output.strip().splitlines()[-1])
    read = extract_file(Path(result["files"]["docx"]))
    return {_key(f) for f in read.facts}, [f.message for f in read.findings], result["place"]


def _expected(db: sessionmaker[Session], place_text: str, period: str, document_id: int | None) -> set[Key]:
    """The stored facts of the place and period (of this document), less those the checks reject."""
    from htx.stats.periods import Period

    per = Period.parse(period)
    facts = figure_service(db).figures(resolve_place(place_text, period=per), per)
    mine = [f for f in facts if f.source and f.source.kind != "registry"
            and (document_id is None or f.source.document_id == document_id)]
    kept, _ = vet(mine)
    return {_key(f) for f in kept}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else [])
def test_seed_round_trip(seed: str, cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    extraction = extract_file(SEEDS / seed)
    meta = extraction.document.to_json()
    with unit_of_work(db) as s:
        doc, _ = store_extraction(s, extraction, seed, document_place(meta), user="test", review="accepted")
        doc_id = doc.id
    name, period = str(meta["province"]), str(meta["period"])
    expected = _expected(db, name, period, doc_id)
    got, findings, place = _write_and_read(tmp_path, name, period)
    assert place == str(document_place(meta))  # the seed's own place, by the name it uses
    assert expected, f"{seed}: no stored facts for {name} {period}"
    back = len(expected & got) / len(expected)
    assert back >= 0.95, f"{seed}: {back:.0%} back; missing {sorted(expected - got, key=str)}"
    assert findings == [], findings


def test_synthetic_province_round_trip(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    place = resolve_place("Lạng Sơn", period=SAMPLE_PERIOD)
    facts = [replace(f, place=place, source=Source(kind="user", user="mẫu", note="MẪU — số liệu giả lập"))
             for f in province_figures(place, SAMPLE_PERIOD)]
    with unit_of_work(db) as s:
        facts_repo.add_facts(s, facts)
    expected = _expected(db, "Lạng Sơn", SAMPLE_PERIOD.code, None)
    got, findings, written = _write_and_read(tmp_path, "Lạng Sơn", SAMPLE_PERIOD.code)
    assert written == str(place)
    back = len(expected & got) / len(expected)
    assert back >= 0.95, f"{back:.0%} back; missing {sorted(expected - got, key=str)}"
    assert findings == [], findings
