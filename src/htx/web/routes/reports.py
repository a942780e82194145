"""Report writing (tạo báo cáo): DOCX, PDF and XLSX of a place and period, via ``htx.reports``."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, Response

from htx.geo.places import PlaceNotFound
from htx.services import UnitOfWork
from htx.services.workflow_status import report_notes
from htx.stats.figures import FigureService
from htx.web.access import require_place
from htx.web.deps import CurrentUser, SessionDep, SettingsDep
from htx.web.routes import audit, parse_place, render
from htx.web.routes.dashboard import period_choices, period_or_default

router = APIRouter()
FORMATS = ("docx", "pdf", "xlsx")
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def generate(source: FigureService, place: Any, period: Any, out_dir: Path, signer_name: str,
             notes: Any = ()) -> dict[str, Path]:
    """Build and write the report (``htx.reports`` is imported lazily: it may be absent)."""
    from datetime import date

    from htx.geo import gazetteer
    from htx.geo.places import place_name
    from htx.reports.cli import issuer_for
    from htx.reports.generate import generate_report
    from htx.reports.model import Signer, build_report_input

    full = place_name(place)
    name = full[:1].lower() + full[1:] if place.level != "country" else "cả nước"
    unit = gazetteer().get(place.era, place.level, place.code) if place.level != "country" else None
    report_input = build_report_input(
        source, place, period, place_name=name, issuer=issuer_for(place.level, full),
        issue_place=unit.short_name if unit else "Hà Nội", issue_date=date.today(),
        signer=Signer(title="CHỦ TỊCH", name=signer_name,
                      authority="TM. BAN THƯỜNG VỤ" if place.level == "province" else None), notes=notes)
    paths = generate_report(report_input, out_dir, FORMATS)
    return {k: v for k, v in paths.items() if k in FORMATS}


def _reports_dir(settings: Any) -> Path:
    return Path(settings.data_dir) / "reports"


@router.get("/reports")
def reports_page(request: Request, user: CurrentUser, place: str | None = None, period: str | None = None) -> Response:
    p = parse_place(place) if place else user.home_place
    per = period_or_default(period)
    return render(request, "reports.html", user, place=p, period=per, periods=period_choices(per), files=None,
                  error=None, token=None)


@router.post("/reports")
def reports_generate(request: Request, session: SessionDep, user: CurrentUser, settings: SettingsDep,
                     place: Annotated[str, Form()], period: Annotated[str, Form()]) -> Response:
    try:
        p = parse_place(place)
    except PlaceNotFound as exc:
        raise HTTPException(422, str(exc)) from None
    require_place(user, p)
    per = period_or_default(period)
    token = secrets.token_hex(8)
    out_dir = _reports_dir(settings) / f"{user.id}-{token}"
    out_dir.mkdir(parents=True, exist_ok=True)
    error = None
    files: dict[str, Path] = {}
    try:
        files = generate(FigureService.on(session), p, per, out_dir, user.full_name or user.username,
                         notes=report_notes(UnitOfWork.over(session), p, per.code))  # workflow: adjusted figures
    except ImportError:
        error = "Bộ tạo báo cáo (htx.reports) chưa được cài đặt trên máy chủ này."
    if files:
        audit(session, request, user, "generate", "report", f"{p}@{per.code}", None,
              {"formats": sorted(files), "token": token})
        session.commit()
    return render(request, "reports.html", user, status_code=200 if not error else 503, place=p, period=per,
                  periods=period_choices(per), files={k: v.name for k, v in files.items()}, error=error, token=token)


@router.get("/reports/download/{token}/{fmt}")
def download(user: CurrentUser, settings: SettingsDep, token: str, fmt: str) -> Response:
    if fmt not in FORMATS or not re.fullmatch(r"[0-9a-f]{16}", token):
        raise HTTPException(404, "Không tìm thấy tệp")
    folder = _reports_dir(settings) / f"{user.id}-{token}"
    found = sorted(folder.glob(f"*.{fmt}")) if folder.is_dir() else []
    if not found:
        raise HTTPException(404, "Không tìm thấy tệp")
    return FileResponse(found[0], media_type=MEDIA[fmt], filename=found[0].name)
