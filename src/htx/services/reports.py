"""Use case: write the report (báo cáo) of a place for a period — DOCX, PDF and XLSX — and log it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from htx.geo import gazetteer
from htx.geo.places import place_name
from htx.reports.generate import generate_report
from htx.reports.model import FigureSource, Issuer, Signer, build_report_input
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place
from htx.stats.periods import Period

FORMATS = ("docx", "pdf", "xlsx")


def write_report(uow: UnitOfWork, actor: Actor, source: FigureSource, place: Place, period: Period,
                 out_dir: Path, issuer: Issuer, signer_name: str, token: str,
                 notes: Sequence[str] = ()) -> dict[str, Path]:
    """Build the report from ``source``'s figures, write its files into ``out_dir``; format → path."""
    full = place_name(place)
    name = full[:1].lower() + full[1:] if place.level != "country" else "cả nước"
    unit = gazetteer().get(place.era, place.level, place.code) if place.level != "country" else None
    report_input = build_report_input(
        source, place, period, place_name=name, issuer=issuer,
        issue_place=unit.short_name if unit else "Hà Nội", issue_date=date.today(),
        signer=Signer(title="CHỦ TỊCH", name=signer_name,
                      authority="TM. BAN THƯỜNG VỤ" if place.level == "province" else None), notes=notes)
    paths = generate_report(report_input, out_dir, FORMATS)
    files = {k: v for k, v in paths.items() if k in FORMATS}
    if files:
        log(uow, actor, "generate", "report", f"{place}@{period.code}", None,
            {"formats": sorted(files), "token": token})
        uow.commit()
    return files
