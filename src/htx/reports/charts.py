"""Charts of a report (biểu đồ): organisations by status and sector over the last periods,
foundings vs dissolutions per period, plan vs actual. PNG files drawn with matplotlib (Agg).

Figures are built with :class:`matplotlib.figure.Figure` (no pyplot state), so nothing needs
closing and repeated reports do not leak memory. Labels are Vietnamese; axes use the
Vietnamese number style (``1.970``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from htx.formatting import format_number  # noqa: E402
from htx.reports.lookup import FactIndex  # noqa: E402
from htx.reports.model import ReportInput  # noqa: E402
from htx.reports.narrative import f_capfirst, layout  # noqa: E402
from htx.stats.periods import Period  # noqa: E402
from htx.stats.vocabulary import vocabulary  # noqa: E402

SIZE_IN = (6.3, 3.2)  # 16 × 8 cm
DPI = 150
COLORS = ("#1f4e79", "#c55a11", "#7f7f7f", "#548235", "#bf9000", "#7030a0", "#2e75b6", "#a50021")
RC: dict[str, Any] = {"font.family": ["Liberation Sans", "DejaVu Sans", "sans-serif"], "font.size": 8,
      "axes.spines.top": False, "axes.spines.right": False}


@dataclass(frozen=True)
class Chart:
    """A chart written to ``path`` with its caption (``Biểu đồ 1: …``)."""

    key: str
    title: str
    path: Path


def short_label(p: Period) -> str:
    """Axis label of a period on two lines: ``Quý I\n2023``, ``6T đầu\n2023``, ``2023``, ``T3\n2023``."""
    if p.kind == "year":
        return str(p.year)
    if p.kind == "half":
        return f"6T {'đầu' if p.index == 1 else 'cuối'}\n{p.year}"
    if p.kind == "quarter":
        return f"Quý {('I', 'II', 'III', 'IV')[p.index - 1]}\n{p.year}"
    return f"T{p.index}\n{p.year}"


def _tick(x: float, _pos: object = None) -> str:
    """Vietnamese tick label; never "-0" (a rounding of a tiny negative)."""
    if abs(x) < 0.05:
        return "0"
    return format_number(int(round(x))) if abs(x - round(x)) < 1e-9 else format_number(round(x, 1))


_VN = FuncFormatter(_tick)
MIN_PT = 8  # smallest type on a chart: readable once printed at 16 cm wide


def _axes(title: str) -> tuple[MplFigure, Any]:
    fig = MplFigure(figsize=SIZE_IN, dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.set_title(title, fontsize=MIN_PT + 1, fontweight="bold")
    ax.tick_params(labelsize=MIN_PT)
    ax.yaxis.set_major_formatter(_VN)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    return fig, ax


def _legend(ax: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    ax.figure.legend(handles, labels, fontsize=MIN_PT, frameon=False, loc="lower center", ncol=min(len(labels), 4))


def _save(fig: MplFigure, path: Path) -> None:
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.27)
    fig.savefig(path, dpi=DPI, format="png", pil_kwargs={"compress_level": 1})


def _series(inp: ReportInput) -> list[tuple[Period, FactIndex]]:
    out = [(Period.parse(code), FactIndex(facts)) for code, facts in inp.series.items()]
    return sorted(out, key=lambda x: x[0])


def _bars(ax: Any, labels: Sequence[str], groups: list[tuple[str, list[int | None]]], stacked: bool = False) -> None:
    n = len(groups)
    xs = list(range(len(labels)))
    width = 0.75 if stacked else 0.8 / max(n, 1)
    bottoms = [0] * len(labels)
    for i, (name, values) in enumerate(groups):
        vals = [v or 0 for v in values]
        pos = xs if stacked else [x - 0.4 + width * (i + 0.5) for x in xs]
        bars = ax.bar(pos, vals, width, bottom=bottoms if stacked else None, label=name, color=COLORS[i % len(COLORS)])
        if not stacked and len(labels) <= 10:
            ax.bar_label(bars, labels=[format_number(v) if v is not None else "" for v in values], fontsize=MIN_PT,
                         padding=1)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, vals, strict=True)]
    ax.set_xticks(xs, labels, fontsize=MIN_PT)
    ax.set_ylim(bottom=0)
    _legend(ax)


def status_chart(inp: ReportInput, path: Path, subject: str = "htx") -> Chart | None:
    words = layout()
    series = _series(inp)
    groups = []
    for code, label in words["statuses"].items():
        values = [idx.value(f"{subject}.count", status=code) for _, idx in series]
        if any(values):
            groups.append((f_capfirst(label), [int(v) if v is not None else None for v in values]))
    if not groups:
        return None
    title = f"Số {words['names'][subject]} theo tình trạng hoạt động"
    fig, ax = _axes(title)
    _bars(ax, [short_label(p) for p, _ in series], groups, stacked=True)
    _save(fig, path)
    return Chart("status", title, path)


def sector_chart(inp: ReportInput, path: Path, subject: str = "htx") -> Chart | None:
    words = layout()
    series = _series(inp)
    fig = None
    labels = [short_label(p) for p, _ in series]
    for i, (code, label) in enumerate(words["sectors"].items()):
        values = [idx.value(f"{subject}.count", sector=code) for _, idx in series]
        if not any(values):  # no data, or only zeros: no line
            continue
        if fig is None:
            fig, ax = _axes(f"Số {words['names'][subject]} theo lĩnh vực")
        ax.plot(range(len(labels)), [float(v) if v is not None else float("nan") for v in values],
                marker="o", markersize=3, linewidth=1.4, color=COLORS[i % len(COLORS)],
                label=f_capfirst(label.removeprefix("lĩnh vực ")))
    if fig is None:
        return None
    ax.set_xticks(range(len(labels)), labels, fontsize=MIN_PT)
    _legend(ax)
    _save(fig, path)
    return Chart("sector", f"Số {words['names'][subject]} theo lĩnh vực", path)


def flow_chart(inp: ReportInput, path: Path, subject: str = "htx") -> Chart | None:
    words = layout()
    series = _series(inp)
    founded = [idx.value(f"{subject}.count", flow="founded") for _, idx in series]
    dissolved = [idx.value(f"{subject}.count", flow="dissolved") for _, idx in series]
    if not any(founded + dissolved):  # no data, or only zeros: no chart
        return None
    title = f"{words['names'][subject]} thành lập mới và giải thể theo kỳ"
    fig, ax = _axes(title)
    _bars(ax, [short_label(p) for p, _ in series],
          [("Thành lập mới", [int(v) if v is not None else None for v in founded]),
           ("Giải thể", [int(v) if v is not None else None for v in dissolved])])
    _save(fig, path)
    return Chart("flows", title, path)


def plan_chart(inp: ReportInput, path: Path) -> Chart | None:
    words = layout()
    idx = FactIndex(inp.current)
    labels, plans, actuals = [], [], []
    for f in inp.current:
        if f.kind != "plan" or f.unit == "percent":
            continue
        flow = f.dims.get("flow")
        entry = words.get("plan_labels", {}).get(f"{f.indicator}/{flow}" if flow else f.indicator)
        name = f"{f_capfirst(entry['label'])} ({entry['noun']})" if entry else vocabulary().label(f.indicator, f.dims)
        labels.append(name)
        plans.append(int(f.value))
        a = idx.value(f.indicator, f.unit, "actual", **f.dims)
        actuals.append(int(a) if a is not None else None)
    if not any([*plans, *actuals]):
        return None
    title = f"Kết quả thực hiện so với kế hoạch {inp.period.label_vi()}"
    fig, ax = _axes(title)
    _bars(ax, labels, [("Kế hoạch", plans), ("Thực hiện", actuals)])  # type: ignore[list-item]
    _save(fig, path)
    return Chart("plan", title, path)


def make_charts(inp: ReportInput, out_dir: Path, stem: str = "bieu-do") -> list[Chart]:
    """Draw every chart the figures allow into ``out_dir``; captions are numbered in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    charts: list[Chart] = []
    with matplotlib.rc_context(RC):  # type: ignore[arg-type]
        for key, draw in (("status", status_chart), ("sector", sector_chart), ("flows", flow_chart),
                          ("plan", plan_chart)):
            chart = draw(inp, out_dir / f"{stem}-{key}.png")
            if chart is not None:
                charts.append(Chart(chart.key, f"Biểu đồ {len(charts) + 1}: {chart.title}", chart.path))
    return charts
