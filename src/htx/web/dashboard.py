"""Dashboard figures (bảng điều khiển): headline values, changes, plan attainment and a chart.

Pure functions over lists of :class:`htx.stats.facts.Fact`; the page handler fetches them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any

from htx.formatting import format_number
from htx.geo import gazetteer
from htx.stats import headlines as headline_defs
from htx.stats.comparison import Comparison, compare, old_provinces_missing
from htx.stats.facts import Fact, Place, Value
from htx.stats.periods import Period
from htx.stats.plans import attainment_percent
from htx.web.config import dashboard_config


def config() -> dict[str, Any]:
    """``dashboard.yaml``, validated at load (``htx.web.config``)."""
    return dashboard_config()


pick = headline_defs.pick  # the one rule, in htx.stats.headlines


@dataclass
class Headline:
    label: str
    unit: str
    value: Value | None
    source: str
    approximate: bool
    to_previous: Comparison
    to_last_year: Comparison
    partial: str | None = None  # which old provinces a re-homed figure lacks

    @property
    def previous(self) -> Value | None:
        """The previous period's figure when it is comparable (else None: see ``to_previous.missing``)."""
        return self.to_previous.before_value

    @property
    def last_year(self) -> Value | None:
        return self.to_last_year.before_value

    @property
    def vs_previous(self) -> Decimal | None:
        return self.to_previous.change

    @property
    def vs_last_year(self) -> Decimal | None:
        return self.to_last_year.change


def old_provinces(place: Place | None) -> tuple[list[str], dict[str, str]]:
    """The old provinces a new province was made of (codes, and code → name), for :func:`compare`."""
    if place is None or (place.era, place.level) != ("new", "province"):
        return [], {}
    gaz = gazetteer()
    olds = [u for u, _ in gaz.predecessors(gaz.unit("new", "province", place.code)) if u.level == "province"]
    return [u.code for u in olds], {u.code: u.name for u in olds}


def headlines(now: list[Fact], previous: list[Fact], last_year: list[Fact], place: Place | None = None) -> list[Headline]:
    """The headline figures (``htx.stats.headlines``, the same for every page) with their comparisons.

    A change is shown only when the two figures are comparable (``htx.stats.comparison``, the one rule).
    """
    olds, names = old_provinces(place)
    out = []
    for h in headline_defs.definitions():
        f = pick(now, h.indicator, h.dims, h.unit)
        p = pick(previous, h.indicator, h.dims, h.unit)
        y = pick(last_year, h.indicator, h.dims, h.unit)
        lacking = old_provinces_missing(f, olds) if f is not None else []
        out.append(Headline(h.label, h.unit, f.value if f else None,
                            f.source.kind if f and f.source else "", bool(f and f.approximate),
                            compare(f, p, "kỳ trước", olds, names), compare(f, y, "cùng kỳ năm trước", olds, names),
                            "chỉ gồm một phần các tỉnh cũ; thiếu " + ", ".join(names.get(c, c) for c in lacking)
                            if lacking else None))
    return out


def status_table(facts: list[Fact]) -> list[dict[str, Any]]:
    cfg = config()
    rows = []
    for subject, label in cfg["status_subjects"].items():
        total = pick(facts, f"{subject}.count", {}, "unit")
        cells = [pick(facts, f"{subject}.count", {"status": s}, "unit") for s in cfg["statuses"]]
        rows.append({"label": label, "total": total.value if total else None,
                     "cells": [c.value if c else None for c in cells]})
    return rows


@dataclass
class PlanRow:
    """A row of the dashboard's plan table: the plan, the actual and the percent reached."""

    indicator: str
    dims: dict[str, str]
    unit: str
    actual: Value | None
    plan: Value | None
    percent: Decimal | None


def attainment(facts: list[Fact]) -> list[PlanRow]:
    """Plan attainment: actual ÷ plan where both exist (``stats.plans.attainment_percent``), or a stated percent."""
    out: dict[tuple[Any, ...], PlanRow] = {}
    for plan in (f for f in facts if f.kind == "plan"):
        actual = pick(facts, plan.indicator, plan.dims, plan.unit)
        pct = attainment_percent(actual.value if actual else None, plan.value)
        out[(plan.indicator, tuple(sorted(plan.dims.items())))] = PlanRow(
            plan.indicator, plan.dims, plan.unit, actual.value if actual else None, plan.value, pct)
    for f in (f for f in facts if f.kind == "attainment"):
        key = (f.indicator, tuple(sorted(f.dims.items())))
        if key not in out:
            out[key] = PlanRow(f.indicator, f.dims, f.unit, None, None, Decimal(f.value))
    return list(out.values())


def chart_svg(periods: list[Period], series: list[tuple[str, str, list[Value | None]]], width: int = 640,
              height: int = 220) -> str:
    """An inline SVG line chart: one line per (label, colour, values), periods on the x axis."""
    left, right, top, bottom = 56, 34, 16, 44
    values = [Decimal(v) for _, _, vs in series for v in vs if v is not None]
    if not values:
        return '<p class="muted">Chưa có số liệu để vẽ biểu đồ.</p>'
    hi = max(values) or Decimal(1)
    hi = hi * Decimal("1.1")
    n = len(periods)
    step = (width - left - right) / max(n - 1, 1)

    def x(i: int) -> float:
        return left + i * step

    def y(v: Value) -> float:
        return top + float(1 - Decimal(v) / hi) * (height - top - bottom)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="Biểu đồ theo kỳ">']
    for k in range(5):
        gv = hi * k / 4
        gy = y(gv)
        parts.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{width - right}" y2="{gy:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{gy + 4:.1f}" class="axis" text-anchor="end">'
                     f'{escape(format_number(int(gv)))}</text>')
    for i, p in enumerate(periods):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 18}" class="axis" text-anchor="middle">'
                     f'{escape(p.code)}</text>')
    for label, colour, vs in series:
        pts = [(x(i), y(v)) for i, v in enumerate(vs) if v is not None]
        if len(pts) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in pts)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for (px, py), v in zip(pts, [v for v in vs if v is not None], strict=True):
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{colour}">'
                         f'<title>{escape(label)}: {escape(format_number(v))}</title></circle>')
    lx = left
    for label, colour, _ in series:
        parts.append(f'<rect x="{lx}" y="{height - 14}" width="12" height="12" fill="{colour}" rx="2"/>')
        parts.append(f'<text x="{lx + 16}" y="{height - 4}" class="legend">{escape(label)}</text>')
        lx += 24 + 8 * len(label)
    parts.append("</svg>")
    return "".join(parts)


def default_period(today: Any) -> Period:
    """The last complete quarter before ``today``."""
    q = (today.month - 1) // 3 + 1
    return Period(today.year, "quarter", q).previous


@dataclass
class Board:
    """Everything a dashboard shows for a place and period, computed once for the page and the API."""

    headlines: list[Headline]
    statuses: list[dict[str, Any]]
    attainment: list[PlanRow]
    periods: list[Period]  # of the chart, oldest first
    series: list[tuple[str, str, list[Value | None]]]  # (label, colour, one value per period)
    now: list[Fact]


def board(figures_many: Any, period: Period, history: int = 8, place: Place | None = None) -> Board:
    """The dashboard of ``period`` from ``figures_many(periods) -> facts of each`` (all periods asked at once)."""
    periods = period.series(history)
    wanted = list(dict.fromkeys([period, period.previous, period.same_last_year, *periods]))
    by_period = dict(zip(wanted, figures_many(wanted), strict=True))
    now, previous, last_year = by_period[period], by_period[period.previous], by_period[period.same_last_year]
    facts = [by_period[p] for p in periods]
    series = []
    for s in config()["chart"]:
        values = []
        for f in facts:
            found = pick(f, s["indicator"], s["dims"], s["unit"])
            values.append(found.value if found else None)
        series.append((s["label"], s["color"], values))
    return Board(headlines(now, previous, last_year, place), status_table(now), attainment(now), periods, series, now)
