"""``python -m htx.bench``: measure htx at national scale on SQLite and PostgreSQL and print one table.

The bench creates its own databases (a SQLite file and a throw-away PostgreSQL database),
fills them with the synthetic country, then measures, each in its own process: the national
report's figures (summary tables, the registry queried directly, per province as a dashboard
does, and a plain pandas group-by), one province report end to end, the report reader's pages per second, and the API
under an open-loop load. Medians of several runs; peak memory per measurement.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from htx.bench import api, databases, survey
from htx.bench import classify as classify_bench
from htx.bench import workflow as workflow_bench
from htx.synth.generator import Plan

PRESETS: dict[str, dict[str, Any]] = {
    "quick": {"factor": 0.02, "runs": 2, "service_runs": 1, "pandas_runs": 1, "api_rate": 50.0, "api_seconds": 3.0,
              "api_runs": 1, "all_provinces": False},
    "national": {"factor": 1.0, "runs": 5, "service_runs": 3, "pandas_runs": 3, "api_rate": 200.0, "api_seconds": 30.0,
                 "api_runs": 3},
}
NA = "chưa có / n/a"
err = Console(stderr=True)


def worker(task: str, args: dict[str, Any], timeout: float = 1800) -> dict[str, Any]:
    """Run one measurement in a fresh process; {"error": …} when it fails (e.g. a feature not written yet)."""
    try:
        done = subprocess.run([sys.executable, "-m", "htx.bench.worker", task, json.dumps(args)],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"error": NA if "ModuleNotFoundError" in last or "ImportError" in last else last[-200:]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bench_backend(backend: str, cfg: dict[str, Any], workdir: Path, keep: bool) -> dict[str, Any]:
    if backend == "postgresql" and not databases.pg_available():
        return {"error": f"PostgreSQL not reachable at {databases.PG_ADMIN}"}
    tag = f"f{str(cfg['factor']).replace('.', '_')}"
    err.print(f"[bold]{backend}[/]: tạo dữ liệu giả lập / loading synthetic data (factor {cfg['factor']}) …")
    db = databases.fill(databases.create(backend, tag, workdir), Plan("national", cfg["seed"], factor=cfg["factor"]))
    out: dict[str, Any] = {"url": db.url, "load_seconds": db.load_seconds, "rows": db.rows}
    try:
        common = {"url": db.url, "period": cfg["period"]}
        for method, runs in (("summary", cfg["runs"]), ("grouped", cfg["runs"]), ("service", cfg["service_runs"])):
            err.print(f"  số liệu toàn quốc / national figures: {method}")
            out[method] = worker("national", {**common, "runs": runs, "method": method})
        err.print("  pandas")
        out["pandas"] = worker("pandas", {**common, "runs": cfg["pandas_runs"]})
        out["classify"] = classify_bench.run(db.url, cfg)
        out["workflow"] = workflow_bench.measure_process(db.url, cfg["runs"], cfg["period"])
        out["survey"] = survey.measure_here(db.url, cfg["runs"])
        out["api"] = measure_api(db.url, cfg)
    finally:
        if not keep:
            db.drop()
    return out


def measure_api(url: str, cfg: dict[str, Any]) -> dict[str, Any]:
    """The API under load ``api_runs`` times (a fresh server each): medians of p50 and p99, errors summed."""
    runs: list[dict[str, Any]] = []
    for i in range(cfg.get("api_runs", 1)):
        err.print(f"  API: {cfg['api_rate']:.0f} req/s × {cfg['api_seconds']:.0f} s ({i + 1}/{cfg.get('api_runs', 1)})")
        try:
            one = api.measure(url, cfg["period"], cfg["api_rate"], cfg["api_seconds"])
        except Exception as exc:
            one = {"error": f"{type(exc).__name__}: {exc}"[:200]}
        if "error" in one:
            return one
        runs.append(one)
    causes: dict[str, int] = {}
    for r in runs:
        for k, v in r.get("causes", {}).items():
            causes[k] = causes.get(k, 0) + v
    return {"endpoint": runs[0]["endpoint"], "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs), "p99_runs_ms": [r["p99_ms"] for r in runs],
            "errors": sum(r["errors"] for r in runs), "sent": sum(r["sent"] for r in runs), "causes": causes,
            "peak_mb": max(r.get("peak_mb") or 0 for r in runs)}


def run(cfg: dict[str, Any], backends: list[str], workdir: Path, keep: bool) -> dict[str, Any]:
    started = time.perf_counter()
    results: dict[str, Any] = {"config": cfg, "backends": {}}
    for backend in backends:
        results["backends"][backend] = bench_backend(backend, cfg, workdir, keep)
    err.print("báo cáo một tỉnh / province report; đọc báo cáo / report reading")
    results["report"] = worker("report", {"runs": cfg["runs"], "all_provinces": cfg.get("all_provinces", True)})
    results["ingest"] = worker("ingest", {})
    results["seconds"] = time.perf_counter() - started
    return results


def _s(r: dict[str, Any] | None, key: str = "median", unit: str = "s", scale: float = 1.0, digits: int = 3) -> str:
    if not r:
        return "—"
    if "error" in r:
        return str(r["error"])
    v = r.get(key)
    return "—" if v is None else f"{v * scale:.{digits}f} {unit}"


def _mb(r: dict[str, Any] | None) -> str:
    return f"{r['peak_mb']:.0f}" if r and r.get("peak_mb") else ""


def _ok(values: list[float | None], good: Any) -> str:
    known = [v for v in values if v is not None]
    if not known:
        return "?"
    return "✔" if all(good(v) for v in known) else "✘"


def table(results: dict[str, Any]) -> Table:
    cfg, by = results["config"], results["backends"]
    names = list(by)
    t = Table(title=f"htx bench — quy mô ×{cfg['factor']} toàn quốc, kỳ {cfg['period']} "
                    f"(trung vị {cfg['runs']} lần / median of {cfg['runs']} runs)")
    t.add_column("Đo / measure")
    for n in names:
        t.add_column(n)
        t.add_column("MB", justify="right")
    t.add_column("Mục tiêu / target")
    t.add_column("")

    def row(label: str, cells: list[tuple[str, str]], target: str, ok: str) -> None:
        t.add_row(label, *[c for pair in cells for c in pair], target, ok)

    get = lambda b, k: by[b].get(k) if "error" not in by[b] else by[b]  # noqa: E731
    row("Nạp dữ liệu giả lập / synthetic load",
        [(f"{by[b].get('rows', 0):,} dòng, {by[b].get('load_seconds', 0):.1f} s" if "error" not in by[b] else by[b]["error"], "")
         for b in names], "phút, không phải giờ", "")
    summary = [get(b, "summary") or {} for b in names]
    row("Số liệu báo cáo toàn quốc (34 tỉnh × 3 kỳ), bảng tổng hợp",
        [(_s(s), _mb(s)) for s in summary], "< 1 s", _ok([s.get("median") for s in summary], lambda v: v < 1))
    for key, label in (("grouped", "… truy vấn gộp theo tỉnh / grouped queries"),
                       ("service", "… FigureService từng tỉnh / per province (dashboards)")):
        row(label, [(_s(get(b, key)), _mb(get(b, key))) for b in names], "", "")
    pandas = [get(b, "pandas") or {} for b in names]
    row("… pandas: đọc + group-by / read + group-by", [(_s(p), _mb(p)) for p in pandas], "", "")
    row("… pandas: chỉ group-by / group-by only", [(_s(p, "groupby_median"), "") for p in pandas], "", "")
    ratios = [(p.get("median") / s["median"]) if p.get("median") and s.get("median") else None
              for p, s in zip(pandas, summary, strict=True)]
    row("Nhanh hơn pandas / faster than pandas", [(f"{r:.1f}×" if r else "—", "") for r in ratios], "≥ 5×",
        _ok(ratios, lambda v: v >= 5))
    row(*classify_bench.row(by, names))
    workflow_bench.add_row(row, [get(b, "workflow") or {} for b in names], _s, _ok)
    sv = [get(b, "survey") or {} for b in names]
    row("Chỉ số hài lòng: kết quả 34 tỉnh", [(_s(s), _mb(s)) for s in sv], "< 1 s", _ok([s.get("median") for s in sv], lambda v: v < 1))
    rep, ing = results["report"], results["ingest"]
    row("Báo cáo một tỉnh (DOCX + XLSX + biểu đồ)", [(_s(rep), _mb(rep))] + [("″", "")] * (len(names) - 1),
        "< 1 s", _ok([rep.get("median")], lambda v: v < 1))
    row("Lệnh `htx report` cả tiến trình (DOCX + XLSX + PDF)", [(_s(rep, "process"), "")]
        + [("″", "")] * (len(names) - 1), "< 1,5 s", _ok([rep.get("process")], lambda v: v < 1.5))
    row("Báo cáo cả 34 tỉnh (DOCX + XLSX + biểu đồ)", [(_s(rep, "all_34"), "")] + [("″", "")] * (len(names) - 1),
        "< 20 s", _ok([rep.get("all_34")], lambda v: v < 20))
    row("Đọc báo cáo / report reading", [(_s(ing, "pages_per_second", "trang/s", digits=0), _mb(ing))]
        + [("″", "")] * (len(names) - 1), "≥ 50 trang/s", _ok([ing.get("pages_per_second")], lambda v: v >= 50))
    apis = [get(b, "api") or {} for b in names]
    label = (f"API {cfg['api_rate']:.0f} req/s × {cfg['api_seconds']:.0f} s: p50 / p99 "
             f"(trung vị {cfg.get('api_runs', 1)} lần / median of {cfg.get('api_runs', 1)})")
    row(label, [(f"{a['p50_ms']:.1f} / {a['p99_ms']:.1f} ms" if "p50_ms" in a else a.get("error", "—"), _mb(a))
                for a in apis], "p99 < 100 ms", _ok([a.get("p99_ms") for a in apis], lambda v: v < 100))
    row("… lỗi / errors", [(f"{a['errors']} / {a['sent']}" if "sent" in a else "—", "") for a in apis], "0",
        _ok([a.get("errors") for a in apis], lambda v: v == 0))
    t.caption = (f"MB: bộ nhớ đỉnh của tiến trình đo / peak RSS of the measuring process (API: the server). "
                 f"Endpoint: {next((a['endpoint'] for a in apis if 'endpoint' in a), '—')}. "
                 f"Tổng thời gian / total {results['seconds']:.0f} s.")
    return t


def main(
    scale: Annotated[str, typer.Option(help="national (full country × --factor) or quick (tiny, for smoke tests).")] = "national",
    factor: Annotated[float | None, typer.Option(help="Multiply the national sizes (1, 2, 4 …).")] = None,
    runs: Annotated[int | None, typer.Option(help="Runs per measurement (median reported).")] = None,
    quick: Annotated[bool, typer.Option("--quick", help="Same as --scale quick.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON instead of the table.")] = False,
    backends: Annotated[str, typer.Option(help="Comma-separated: sqlite,postgresql.")] = "sqlite,postgresql",
    period: Annotated[str, typer.Option(help="Period of the national report.")] = "2025-Q3",
    api_rate: Annotated[float | None, typer.Option(help="API requests per second.")] = None,
    api_seconds: Annotated[float | None, typer.Option(help="API load duration (s).")] = None,
    api_runs: Annotated[int | None, typer.Option(help="API load runs (median reported).")] = None,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic country.")] = 1,
    keep: Annotated[bool, typer.Option(help="Keep the bench databases afterwards.")] = False,
    render: Annotated[Path | None, typer.Option(help="Print the table of a saved --json output; measure nothing.")] = None,
) -> None:
    """Measure and print one table (or JSON)."""
    if render is not None:
        Console(width=200).print(table(json.loads(render.read_text("utf-8"))))
        return
    preset = "quick" if quick else scale
    if preset not in PRESETS:
        raise typer.BadParameter(f"--scale must be one of {list(PRESETS)}")
    cfg = {**PRESETS[preset], "period": period, "seed": seed}
    for key, value in (("factor", factor), ("runs", runs), ("api_rate", api_rate), ("api_seconds", api_seconds),
                         ("api_runs", api_runs)):
        if value is not None:
            cfg[key] = value
    with tempfile.TemporaryDirectory(prefix="htx-bench-") as tmp:
        workdir = Path(tmp) if not keep else Path(tempfile.gettempdir())
        results = run(cfg, [b.strip() for b in backends.split(",") if b.strip()], workdir, keep)
    if as_json:
        sys.stdout.write(json.dumps(results, default=str, ensure_ascii=False) + "\n")
    else:
        Console(width=200).print(table(results))


if __name__ == "__main__":
    typer.run(main)
