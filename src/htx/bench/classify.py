"""Bench of classification: the class and size summary of all 34 provinces (target < 1 s on both databases).

``python -m htx.bench.classify URL YEAR RUNS`` measures in its own process and prints one JSON
object (median seconds, the provinces and HTX counted, peak memory); ``make bench`` calls
:func:`run` per backend and adds :func:`row` to its table.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from typing import Any

TARGET_SECONDS = 1.0


def measure(url: str, year: int, runs: int) -> dict[str, Any]:
    """Median seconds of ``classify_report.national`` (grades of the year and the year before, sizes)."""
    from sqlalchemy.orm import sessionmaker

    from htx.db.engine import make_engine
    from htx.services import UnitOfWork
    from htx.services.classify_report import national

    engine = make_engine(url)
    factory = sessionmaker(engine, expire_on_commit=False)
    times: list[float] = []
    cpu: list[float] = []  # this process's CPU time: all of SQLite's work, the client side of PostgreSQL's
    rows: list[Any] = []
    for i in range(runs + 1):  # the first run warms the gazetteer and the pages; not counted
        t0, c0 = time.perf_counter(), time.process_time()
        with UnitOfWork(factory) as uow:
            rows = national(uow, year)
        if i:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
    engine.dispose()
    return {"median": statistics.median(times), "times": times, "cpu_median": statistics.median(cpu),
            "provinces": len(rows),
            "organisations": sum(r.classes.total for r in rows), "graded": sum(r.classes.graded for r in rows),
            "sized": sum(r.sizes.determined for r in rows)}


def run(url: str, cfg: dict[str, Any], timeout: float = 900) -> dict[str, Any]:
    """:func:`measure` in a fresh process (its peak memory its own); ``{"error": …}`` when it fails."""
    year = int(str(cfg.get("period", "2025"))[:4])
    try:
        done = subprocess.run([sys.executable, "-m", "htx.bench.classify", url, str(year), str(cfg.get("runs", 3))],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": ((done.stderr.strip().splitlines() or ["?"])[-1])[-200:]}
    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


def row(by: dict[str, Any], names: list[str]) -> tuple[str, list[tuple[str, str]], str, str]:
    """The bench table's row: (label, (value, MB) per backend, target, ✔/✘)."""
    cells, verdicts = [], []
    for n in names:
        r = by[n].get("classify") if "error" not in by[n] else by[n]
        if not r:
            cells.append(("—", ""))
        elif "error" in r:
            cells.append((str(r["error"]), ""))
        else:
            cells.append((f"{r['median']:.3f} s ({r['organisations']:,} HTX)", f"{r.get('peak_mb', 0):.0f}"))
            verdicts.append(r["median"] < TARGET_SECONDS)
    ok = "?" if not verdicts else ("✔" if all(verdicts) else "✘")
    return "Xếp loại và quy mô HTX, 34 tỉnh / class and size summary", cells, "< 1 s", ok


if __name__ == "__main__":
    result = measure(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(result) + "\n")
