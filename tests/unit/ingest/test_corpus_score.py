"""Hand-made realistic reports (tests/unit/ingest/corpus) scored like the team scores unseen ones.

Each ``corpus/<name>.txt`` has a ``<name>.gold.json`` written by the rules of spec/facts.md
before the reader was tuned. The scoring function is the team's (tools/score_extraction.py),
copied here so the test runs without ``../shared``: set of (indicator, dims, unit, kind,
value) over the scored subjects, and the metadata field by field.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from htx.ingest import extract_file
from htx.stats.vocabulary import vocabulary

CORPUS = Path(__file__).parent / "corpus"
REPORTS = sorted(p.stem for p in CORPUS.glob("*.txt"))
SCORED = ("tht.", "htx.", "lhhtx.", "alliance.", "fund.")
META = ("number", "place", "date", "kind", "province", "period", "signer")


def _key(f: dict[str, Any]) -> tuple[Any, ...]:
    v = float(f["value"])
    v = round(v, 6) if abs(v) < 1e6 else round(v)
    dims = tuple(sorted((str(k), str(x)) for k, x in (f.get("dims") or {}).items()))
    return (f["indicator"], dims, f.get("unit"), f.get("kind") or "actual", v)


def _scored(facts: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    return {_key(f) for f in facts if str(f.get("indicator", "")).startswith(SCORED) and not f.get("place")}


def score(gold: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
    """The team's scorer: precision, recall, F1 and the metadata fields that differ."""
    g, o = _scored(gold["facts"]), _scored(out.get("facts", []))
    tp = len(g & o)
    p = tp / len(o) if o else 0.0
    r = tp / len(g) if g else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    gm, om = gold.get("document", {}), out.get("document", {}) or {}
    meta_wrong = [k for k in META if (gm.get(k) or None) != (om.get(k) or None)]
    return {"precision": p, "recall": r, "f1": f1, "missed": sorted(g - o), "extra": sorted(o - g),
            "meta_wrong": meta_wrong}


def _gold(name: str) -> dict[str, Any]:
    return json.loads((CORPUS / f"{name}.gold.json").read_text("utf-8"))


def test_the_corpus_has_at_least_six_reports_with_gold() -> None:
    assert len(REPORTS) >= 6
    for name in REPORTS:
        assert (CORPUS / f"{name}.gold.json").is_file(), name


@pytest.mark.parametrize("name", REPORTS)
def test_gold_uses_the_vocabulary(name: str) -> None:
    voc = vocabulary()
    for f in _gold(name)["facts"]:
        voc.check(f["indicator"], f["dims"], f["unit"], f["kind"])


@pytest.mark.parametrize("name", REPORTS)
def test_report_scores_at_least_090(name: str) -> None:
    out = json.loads(json.dumps(extract_file(CORPUS / f"{name}.txt").to_json(), ensure_ascii=False, default=str))
    result = score(_gold(name), out)
    assert result["f1"] >= 0.9, (name, round(result["f1"], 3), result["missed"], result["extra"])
    assert not result["meta_wrong"], (name, result["meta_wrong"], out["document"])
