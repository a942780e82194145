"""Document metadata on the shared corpus of real reports (issue 14): at least 95 % of the fields right.

The fields and the comparison are the team scorer's (tools/score_extraction.py: number, place,
date, kind, province, period, signer; absent and null are equal).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from htx.ingest.metadata import read_metadata

FIELDS = ("number", "place", "date", "kind", "province", "period", "signer")


@pytest.mark.shared
def test_metadata_fields_at_least_95_percent_right(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    golds = sorted(p for p in (corpus / "gold").glob("*.json") if p.name[:2].isdigit())
    if not golds:
        pytest.skip("no corpus gold in ../shared/corpus")
    wrong = []
    for gold_path in golds:
        gold = json.loads(gold_path.read_text("utf-8"))["document"]
        out = read_metadata((corpus / f"{gold_path.stem}.txt").read_text("utf-8")).to_json()
        wrong += [(gold_path.stem, k, gold.get(k), out.get(k)) for k in FIELDS if (gold.get(k) or None) != (out.get(k) or None)]
    total = len(golds) * len(FIELDS)
    assert (total - len(wrong)) / total >= 0.95, wrong
