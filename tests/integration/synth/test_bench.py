"""Smoke test of ``python -m htx.bench --quick``: one run on both databases gives every number."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.bench
def test_bench_quick_json() -> None:
    # the timeout only guards against a hang: speed targets are make bench's, not this smoke test's
    done = subprocess.run([sys.executable, "-m", "htx.bench", "--quick", "--json", "--factor", "0.01",
                           "--api-seconds", "2"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout.strip().splitlines()[-1])
    sqlite = results["backends"]["sqlite"]
    assert sqlite["rows"] > 10_000
    for method in ("summary", "grouped", "service"):
        assert sqlite[method]["facts"] > 1000 and sqlite[method]["median"] > 0, method
        assert sqlite[method]["peak_mb"] > 10
    # the three ways give the same number of facts (their equality is tested in test_national.py)
    assert sqlite["summary"]["facts"] == sqlite["grouped"]["facts"] == sqlite["service"]["facts"]
    pg = results["backends"]["postgresql"]
    assert "error" in pg or pg["summary"]["facts"] == sqlite["summary"]["facts"]
    pandas = sqlite["pandas"]
    assert "error" in pandas or pandas["groupby_median"] < pandas["median"]
