"""Write a whole report (báo cáo đầy đủ): DOCX, PDF, XLSX and the chart PNGs into one folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from htx.reports.charts import make_charts
from htx.reports.docx_writer import write_docx
from htx.reports.model import ReportInput
from htx.reports.narrative import render
from htx.reports.xlsx_writer import write_xlsx

FORMATS = ("docx", "pdf", "xlsx")


def file_stem(inp: ReportInput) -> str:
    """``bao-cao-tinh-20-2023-H1`` (``-cu`` for the old geography): the base name of a report's files.

    It carries the place (level and code, and the era, since codes are reused) and the
    period, so reports of two places written into one folder never overwrite each other.
    """
    place = inp.place.place
    if place is None:
        return f"bao-cao-{inp.period.code}"
    level = {"country": "ca-nuoc", "province": "tinh", "district": "huyen", "commune": "xa"}[place.level]
    where = level if place.level == "country" else f"{level}-{place.code}{'-cu' if place.era == 'old' else ''}"
    return f"bao-cao-{where}-{inp.period.code}"


def generate_report(inp: ReportInput, out_dir: Path, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write the asked formats and the charts into ``out_dir``; returns ``{format or chart key: path}``."""
    formats = tuple(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown format(s) {unknown}; expected some of {list(FORMATS)}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(inp)
    out: dict[str, Path] = {}
    charts = make_charts(inp, out_dir, stem.replace("bao-cao", "bieu-do", 1)) if {"docx", "pdf"} & set(formats) else []
    out.update({f"chart:{c.key}": c.path for c in charts})
    narrative = render(inp)
    if "docx" in formats:
        out["docx"] = write_docx(inp, out_dir / f"{stem}.docx", charts, narrative)
    if "pdf" in formats:
        from htx.reports.pdf_writer import write_pdf

        out["pdf"] = write_pdf(inp, out_dir / f"{stem}.pdf", charts, narrative)
    if "xlsx" in formats:
        out["xlsx"] = write_xlsx(inp, out_dir / f"{stem}.xlsx")
    return out
