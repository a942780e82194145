"""The BÁO CÁO as PDF: the same content as the Word file, as HTML/CSS rendered by WeasyPrint.

The page follows Nghị định 30/2020/NĐ-CP like the DOCX (A4, same margins, serif 14 pt, page
numbers centred at the top from page 2). Charts are embedded as PNG data URIs.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from pathlib import Path

from htx.reports.charts import Chart
from htx.reports.docx_writer import MARGINS_MM, QUOC_HIEU, ROMAN, TIEU_NGU, issue_line
from htx.reports.model import ReportInput
from htx.reports.narrative import Narrative, environment, render


def render_html(inp: ReportInput, charts: Sequence[Chart] = (), narrative: Narrative | None = None) -> str:
    """The HTML of the report (``templates/report.html.j2``)."""
    narrative = narrative or render(inp)
    d = inp.issue_date
    embedded = [
        {"title": c.title, "uri": "data:image/png;base64," + base64.b64encode(c.path.read_bytes()).decode("ascii")}
        for c in charts
    ]
    return environment().get_template("report.html.j2").render(
        inp=inp, n=narrative, charts=embedded, m=MARGINS_MM, roman=ROMAN, quoc_hieu=QUOC_HIEU,
        tieu_ngu=TIEU_NGU, issue_line=issue_line(inp.issue_place, d.day, d.month, d.year),
    )


def write_pdf(inp: ReportInput, path: Path, charts: Sequence[Chart] = (), narrative: Narrative | None = None) -> Path:
    """Write the report to ``path`` (.pdf) with WeasyPrint."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    path = Path(path)
    HTML(string=render_html(inp, charts, narrative)).write_pdf(str(path))
    return path
