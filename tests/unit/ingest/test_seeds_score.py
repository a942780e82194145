"""The shared seeds, scored with the team's scorer: F1 ≥ 0.95 and every metadata field right."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from htx.ingest import extract_file


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", shared / "tools" / "score_extraction.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _seeds(shared: Path) -> list[Path]:
    return sorted((shared / "gold").glob("*.json"))


@pytest.mark.shared
def test_every_seed_scores_at_least_095(shared_dir: Path) -> None:
    scorer = _scorer(shared_dir)
    golds = _seeds(shared_dir)
    assert golds, "no gold files"
    for gold_path in golds:
        seed = shared_dir / "seeds" / (gold_path.stem + ".txt")
        out = json.loads(json.dumps(extract_file(seed).to_json(), ensure_ascii=False, default=str))
        result = scorer.score(json.loads(gold_path.read_text("utf-8")), out)
        assert result["f1"] >= 0.95, (gold_path.stem, result["missed"], result["extra"])
        assert not result["meta_wrong"], (gold_path.stem, result["meta_wrong"], out["document"])


@pytest.mark.shared
def test_seed_findings_name_the_wrong_percents(shared_dir: Path) -> None:
    messages = {g.stem[:3]: [f.message for f in extract_file(shared_dir / "seeds" / (g.stem + ".txt")).findings]
                for g in _seeds(shared_dir)}
    assert "541/830 = 65,18%, báo cáo ghi 65,23%" in messages.get("000", [])
    assert "24/58 = 41,38%, báo cáo ghi 36,2%" in messages.get("004", [])
    assert not any("269/830" in m or "20/830" in m or "27/58" in m for ms in messages.values() for m in ms)
