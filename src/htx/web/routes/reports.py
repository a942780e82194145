"""Report writing (tạo báo cáo): DOCX, PDF and XLSX of a place and period, via ``htx.reports``."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, Response

from htx.access import require_place
from htx.bootstrap import figures_on
from htx.geo.places import PlaceNotFound, place_name
from htx.reports.cli import issuer_for
from htx.services import UnitOfWork
from htx.services.reports import FORMATS, write_report
from htx.services.workflow_status import report_notes
from htx.web.deps import CurrentUser, SessionDep, SettingsDep
from htx.web.routes import actor, parse_place, render
from htx.web.routes.dashboard import period_choices, period_or_default

router = APIRouter()
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


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
    files = write_report(UnitOfWork.over(session), actor(request, user), figures_on(session, request.app.state.figure_cache), p, per, out_dir,
                         issuer_for(p.level, place_name(p)), user.full_name or user.username, token,
                         notes=report_notes(UnitOfWork.over(session), p, per.code))  # workflow: adjusted figures
    return render(request, "reports.html", user, place=p, period=per,
                  periods=period_choices(per), files={k: v.name for k, v in files.items()}, error=None, token=token)


@router.get("/reports/download/{token}/{fmt}")
def download(user: CurrentUser, settings: SettingsDep, token: str, fmt: str) -> Response:
    if fmt not in FORMATS or not re.fullmatch(r"[0-9a-f]{16}", token):
        raise HTTPException(404, "Không tìm thấy tệp")
    folder = _reports_dir(settings) / f"{user.id}-{token}"
    found = sorted(folder.glob(f"*.{fmt}")) if folder.is_dir() else []
    if not found:
        raise HTTPException(404, "Không tìm thấy tệp")
    return FileResponse(found[0], media_type=MEDIA[fmt], filename=found[0].name)
