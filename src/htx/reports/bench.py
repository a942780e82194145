"""Timing one province report end to end (đo thời gian lập báo cáo): DOCX + XLSX + charts.

``python -m htx.reports.bench`` prints the median over a few runs; the target is under 1 s.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from htx.reports.generate import generate_report
from htx.reports.sample import SAMPLE_PERIOD, sample_input, sample_source
from htx.stats.periods import Period


def time_report(runs: int = 5, period: Period = SAMPLE_PERIOD,
                formats: tuple[str, ...] = ("docx", "xlsx")) -> float:
    """Median seconds of building the input from a fake source and writing the report ``runs`` times.

    One warm-up run first, so imports and font caches are not counted.
    """
    times: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs + 1):
            start = time.perf_counter()
            inp = sample_input(period, sample_source())
            generate_report(inp, Path(tmp) / str(i), formats)
            if i:
                times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_all_provinces(period: Period = SAMPLE_PERIOD, formats: tuple[str, ...] = ("docx", "xlsx")) -> float:
    """Seconds to write the report (DOCX + XLSX + charts) of each of the 34 new provinces, one after another."""
    from dataclasses import replace

    from htx.geo import gazetteer
    from htx.reports.model import ReportPlace
    from htx.stats.facts import Place

    source = sample_source()
    generate_report(sample_input(period, source), Path(tempfile.gettempdir()) / "htx-warm", formats)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for unit in gazetteer().provinces("new"):
            place = Place("new", "province", unit.code)
            inp = sample_input(period, source)
            inp = replace(inp, place=ReportPlace(unit.name, "province", "new", place))
            generate_report(inp, Path(tmp) / unit.code, formats)
    return time.perf_counter() - start


def time_process(runs: int = 3, place: str = "Lạng Sơn", period: str = "2025-Q3") -> float:
    """Median wall seconds of the whole ``htx report`` process (DOCX + XLSX + PDF, place by name).

    Against a throw-away SQLite database with the sample registry loaded (not timed); one
    warm-up run first (the first run also fills the OS file cache and matplotlib's font cache).
    """
    import os
    import subprocess
    import sys

    htx = str(Path(sys.executable).with_name("htx"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HTX_DATA_DIR": tmp}
        env.pop("HTX_DATABASE_URL", None)
        for setup in (["db", "upgrade"], ["sample", "load"]):
            subprocess.run([htx, *setup], env=env, check=True, capture_output=True)
        times: list[float] = []
        for i in range(runs + 1):
            start = time.perf_counter()
            subprocess.run([htx, "report", "--place", place, "--period", period, "--out", f"{tmp}/out{i}"],
                           env=env, check=True, capture_output=True)
            if i:
                times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:  # pragma: no cover - command line entry
    import sys

    median = time_report()
    sys.stdout.write(f"report (DOCX + XLSX + charts), median of 5 runs: {median:.3f} s\n")
    sys.stdout.write(f"whole `htx report` process (DOCX + XLSX + PDF), median of 3: {time_process():.3f} s\n")


if __name__ == "__main__":  # pragma: no cover
    main()
