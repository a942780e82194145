"""Bench of the reporting workflow: the national completeness table of one period (target < 0.5 s).

``python -m htx.bench.workflow URL [RUNS] [PERIOD]`` fills the database (already holding the
synthetic country) with filings — every province, 90 % of the 3,321 communes and 80 % of the
active cooperatives, in mixed states — then times ``completeness`` nationally for the
half-year report (expected units: communes) and the annual update (expected units: active
cooperatives). Prints one JSON object. ``make bench`` runs it once per database.
"""

from __future__ import annotations

import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

STATES = ("submitted", "submitted", "approved", "approved", "approved", "accepted", "returned", "reopened")
TARGET_SECONDS = 0.5


def _periods(code: str) -> tuple[str, str]:
    """The half-year and the year of a period code (2025-Q3 → 2025-H2, 2025)."""
    from htx.stats.periods import Period

    p = Period.parse(code)
    return f"{p.year}-H{1 if p.start.month <= 6 else 2}", str(p.year)


def fill(factory: Any, half: str, year: str, seed: int = 1) -> int:
    """Replace the filings of ``half_year``/``half`` and ``annual_update``/``year`` with generated ones."""
    from sqlalchemy import delete, insert, text

    from htx.db import workflow_repo
    from htx.db.models_workflow import WorkflowSubmission
    from htx.geo import gazetteer
    from htx.stats.periods import Period

    rng = random.Random(seed)
    gaz = gazetteer()
    now = datetime(2026, 1, 5, 9)
    rows: list[dict[str, Any]] = []

    def add(dataset: str, period: str, key: str, level: str, province: str, commune: str | None,
            org: int | None, due: date) -> None:
        state = rng.choice(STATES)
        rows.append({"dataset": dataset, "period": period, "unit_key": key, "level": level, "province_code": province,
                     "commune_code": commune, "organisation_id": org, "state": state, "version": 1, "due_on": due,
                     "submitted_at": now, "submitted_by": "bench", "on_time": rng.random() < 0.7,
                     "approved_at": now if state in ("approved", "accepted") else None, "findings": [],
                     "updated_at": now, "updated_by": "bench"})

    half_end = Period.parse(half).end
    for u in gaz.provinces("new"):
        add("half_year", half, f"new:province:{u.code}", "province", u.code, None, None, half_end)
    for u in gaz.communes("new"):
        if rng.random() < 0.9:
            add("half_year", half, f"new:commune:{u.code}", "commune", u.province_code, u.code, None, half_end)
    with factory() as s:
        s.execute(delete(WorkflowSubmission).where(WorkflowSubmission.submitted_by == "bench"))
        for org_id, _, province, commune in workflow_repo.active_orgs(s, ["HTX", "LHHTX"], Period.parse(year).end):
            if rng.random() < 0.8:
                add("annual_update", year, f"org:{org_id}", "coop", province, commune, org_id, date(int(year), 12, 15))
        for i in range(0, len(rows), 5000):
            s.execute(insert(WorkflowSubmission), rows[i:i + 5000])
        s.commit()
        s.execute(text("ANALYZE workflow_submission"))  # statistics after a bulk load, as autovacuum would
        s.commit()
    return len(rows)


def measure(url: str, runs: int = 5, period: str = "2025-Q3") -> dict[str, Any]:
    """Median seconds of the national completeness table, per dataset (the first run warms up and is not counted)."""
    from sqlalchemy.orm import sessionmaker

    from htx.db.engine import make_engine
    from htx.services import UnitOfWork
    from htx.services.workflow_status import completeness

    engine = make_engine(url)
    factory = sessionmaker(engine, expire_on_commit=False)
    half, year = _periods(period)
    filings = fill(factory, half, year)
    out: dict[str, Any] = {"filings": filings}
    for name, dataset, code in (("communes", "half_year", half), ("coops", "annual_update", year)):
        times, cpu = [], []
        for i in range(runs + 1):
            with UnitOfWork(factory) as uow:
                t0, c0 = time.perf_counter(), time.process_time()
                table = completeness(uow, dataset, code)
                if i:
                    times.append(time.perf_counter() - t0)
                    cpu.append(time.process_time() - c0)
        out[name] = {"median": statistics.median(times), "cpu_median": statistics.median(cpu),
                     "expected": table.total.expected, "submitted": table.total.submitted}
    engine.dispose()
    out["median"] = max(out["communes"]["median"], out["coops"]["median"])
    return out


def measure_process(url: str, runs: int, period: str) -> dict[str, Any]:
    """:func:`measure` in a fresh process (its own peak memory); {"error": …} when it fails."""
    done = subprocess.run([sys.executable, "-m", "htx.bench.workflow", url, str(runs), period],
                          capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        return {"error": ((done.stderr.strip().splitlines() or ["?"])[-1])[-200:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def add_row(row: Callable[..., None], results: list[dict[str, Any]], seconds: Callable[..., str],
            ok: Callable[..., str]) -> None:
    """The bench table's line for this measurement."""
    row("Bảng mức độ đầy đủ toàn quốc (xã; HTX) / national completeness",
        [(f"{seconds(r.get('communes'))}; {seconds(r.get('coops'))}" if "error" not in r else r["error"],
          f"{r['peak_mb']:.0f}" if r.get("peak_mb") else "") for r in results],
        f"< {TARGET_SECONDS} s", ok([r.get("median") for r in results], lambda v: v < TARGET_SECONDS))


if __name__ == "__main__":
    args = sys.argv[1:]
    result = measure(args[0], int(args[1]) if len(args) > 1 else 5, args[2] if len(args) > 2 else "2025-Q3")
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(json.dumps(result, default=str) + "\n")
