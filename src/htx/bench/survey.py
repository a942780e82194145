"""Bench of the satisfaction survey: results of a round for all 34 provinces (target < 1 s).

``python -m htx.bench.survey URL [RUNS]`` fills the example round of the database's synthetic
country with synthetic responses (once), then times the computation of the round's results
(all submitted forms read, checked and scored; provinces ranked) and prints one JSON line.
``measure(url)`` runs that in its own process (with its peak memory); ``make bench`` uses
``measure_here`` (same process: the quick bench must stay quick).
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from typing import Any


def time_results(url: str, runs: int = 5) -> dict[str, Any]:
    from sqlalchemy.orm import sessionmaker

    from htx.db.engine import make_engine
    from htx.services import UnitOfWork
    from htx.services import survey as svc

    engine = make_engine(url)
    factory = sessionmaker(engine, expire_on_commit=False)
    with UnitOfWork(factory) as uow:
        made = svc.synthetic_round(uow)
    times: list[float] = []
    provinces = responses = 0
    for i in range(runs + 1):  # the first run warms caches and is not counted
        t0 = time.perf_counter()
        with UnitOfWork(factory) as uow:
            out = svc.results(uow, made["round"])
        if i:
            times.append(time.perf_counter() - t0)
        provinces = sum(1 for p in out["provinces"] if p["index"] is not None)
        responses = out["country"]["submitted"]
    engine.dispose()
    return {"median": statistics.median(times), "times": times, "provinces_with_index": provinces,
            "responses": responses}


def measure_here(url: str, runs: int = 5) -> dict[str, Any]:
    """:func:`time_results` in this process (no start-up cost; the bench reports no memory for it)."""
    try:
        return time_results(url, runs)
    except Exception as exc:  # a failure is reported in the table, not a crash of the bench
        return {"error": f"{type(exc).__name__}: {exc}"[:200]}


def measure(url: str, runs: int = 5, timeout: float = 900) -> dict[str, Any]:
    """:func:`time_results` in a fresh process; ``{"error": …}`` when it fails."""
    try:
        done = subprocess.run([sys.executable, "-m", "htx.bench.survey", url, str(runs)], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": ((done.stderr.strip().splitlines() or ["?"])[-1])[-200:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


if __name__ == "__main__":
    res = time_results(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 5)
    res["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(res) + "\n")
