"""Charts of a round's result as inline SVG (biểu đồ): provinces' index bars and a dimension's bars.

Hand-written because the page needs only plain horizontal bars in the app's colours, without
a JavaScript charting library; a place without an index gets no bar (and says why), never 0.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from htx.survey.present import score

BAND_COLOURS = {1: "#027a48", 2: "#32d583", 3: "#fdb022", 4: "#f04438", None: "#98a2b3"}


def _bars(rows: list[tuple[str, Decimal | None, str, str]], label_width: int = 190) -> str:
    """(label, value 0–100, colour, text when absent) → an SVG of horizontal bars."""
    h, width, bar_w = 18, 560, 300
    height = h * len(rows) + 24
    out = [f'<svg class="chart survey-chart" viewBox="0 0 {width} {height}" role="img" '
           f'xmlns="http://www.w3.org/2000/svg">']
    for x in (0, 25, 50, 75, 100):
        gx = label_width + bar_w * x / 100
        out.append(f'<line class="grid" x1="{gx}" y1="0" x2="{gx}" y2="{height - 18}"/>'
                   f'<text class="axis" x="{gx}" y="{height - 4}" text-anchor="middle">{x}</text>')
    for i, (label, value, colour, absent) in enumerate(rows):
        y = i * h
        out.append(f'<text class="legend" x="{label_width - 6}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        if value is None:
            out.append(f'<text class="axis" x="{label_width + 4}" y="{y + 13}">{escape(absent)}</text>')
            continue
        w = bar_w * float(value) / 100  # drawing only: the figure itself is printed from the Decimal
        out.append(f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{h - 6}" rx="3" fill="{colour}"/>'
                   f'<text class="legend" x="{label_width + w + 4}" y="{y + 13}">{score(value)}</text>')
    out.append("</svg>")
    return "".join(out)


def province_bars(rows: list[dict[str, Any]]) -> str:
    return _bars([(r["name"].replace("Thành phố ", "TP ").replace("Tỉnh ", ""), r["index"],
                   BAND_COLOURS.get(r.get("band"), "#98a2b3"), "chưa đủ phiếu" if r["index"] is None else "")
                  for r in rows])


def dimension_bars(dimensions: list[dict[str, Any]]) -> str:
    return _bars([(d["title"][:34], d["score"], "#0b5cad", "không có câu trả lời") for d in dimensions], 240)
