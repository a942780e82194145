"""One measurement in its own process, so its peak memory is its own: ``python -m htx.bench.worker TASK JSON``.

Prints one JSON object: the measured values and ``peak_mb`` (maximum resident set size).
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from htx.stats.periods import Period


def _periods(code: str) -> list[Period]:
    from htx.stats.national import comparison_periods

    return comparison_periods(Period.parse(code))


def national(url: str, period: str, runs: int, method: str) -> dict[str, Any]:
    """Median seconds of the national report's figures (the period and its two comparisons)."""

    from htx.bootstrap import books, figure_service
    from htx.db.engine import make_engine, sessions_of
    from htx.geo import gazetteer
    from htx.services.national import figures_by_province
    from htx.stats.facts import Place

    engine = make_engine(url)
    factory = sessions_of(engine)
    periods = _periods(period)
    codes = sorted(u.code for u in gazetteer().provinces("new"))
    times: list[float] = []
    facts = 0
    for i in range(runs + 1):  # the first run warms caches (gazetteer, placements, pages) and is not counted
        t0 = time.perf_counter()
        if method == "service":
            service = figure_service(factory)
            facts = sum(len(service.figures(Place("new", "province", c), p)) for p in periods for c in codes)
        else:
            facts = sum(len(v) for by_code in figures_by_province(factory, books(), periods, method=method)
                        for v in by_code.values())
        if i:
            times.append(time.perf_counter() - t0)
    engine.dispose()
    return {"median": statistics.median(times), "times": times, "facts": facts}


def pandas(url: str, period: str, runs: int) -> dict[str, Any]:
    from htx.bench.baseline import existing_by_province, timed

    totals, groupbys = [], []
    check: dict[str, int] = {}
    for _ in range(runs):
        total, groupby, first = timed(url, _periods(period))
        totals.append(total)
        groupbys.append(groupby)
        check = existing_by_province(first)
    return {"median": statistics.median(totals), "groupby_median": statistics.median(groupbys), "existing": check}


def report(runs: int, all_provinces: bool = True) -> dict[str, Any]:
    from htx.reports.bench import time_all_provinces, time_report

    out: dict[str, Any] = {"median": time_report(runs=runs)}
    if all_provinces:
        out["all_34"] = time_all_provinces()
    return out


def ingest() -> dict[str, Any]:
    from htx.ingest.bench import measure_pages_per_second

    return dict(measure_pages_per_second())


def main(argv: list[str]) -> None:
    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    tasks: dict[str, Callable[..., dict[str, Any]]] = {"national": national, "pandas": pandas, "report": report,
                                                       "ingest": ingest}
    out = tasks[task](**args)
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(out, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
