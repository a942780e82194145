"""``htx report``: write the BÁO CÁO of a place and period (DOCX, PDF, XLSX and charts)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from htx.reports.model import BODIES, Issuer, ReportInput
from htx.stats.facts import Place
from htx.stats.periods import Period

err = Console(stderr=True)
out = Console()


def issuer_for(level: str, name: str) -> Issuer:
    """The usual issuing body of a report about a place: the alliance of a province, the commune's committee."""
    from htx.reports.issuers import default_body, letterhead

    return letterhead(default_body(level), level, name[:1].lower() + name[1:] if level != "country" else name).issuer


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]Lỗi / error:[/] {message}")
    return typer.Exit(code)


def _report_input(p: Place, per: Period, body: str | None, issued: date, number: str | None,
                  signer_title: str | None, signer_name: str | None, recipients: str | None) -> ReportInput:
    from htx.bootstrap import figure_source
    from htx.geo.gazetteer import gazetteer
    from htx.geo.places import place_name
    from htx.reports.issuers import default_body, letterhead
    from htx.reports.model import build_report_input

    gaz = gazetteer()
    unit = gaz.get(p.era, p.level, p.code)
    full = place_name(p)
    name = full[:1].lower() + full[1:] if p.level != "country" else "cả nước"
    province = gaz.province_of(unit).name if unit is not None and unit.level != "province" else None
    head = letterhead(body or default_body(p.level), p.level, name,
                      province_name=province[:1].lower() + province[1:] if province else None,
                      signer_name=signer_name, signer_title=signer_title,
                      recipients=[r.strip() for r in recipients.split(";") if r.strip()] if recipients else None)
    return build_report_input(
        figure_source(), p, per, place_name=name, issuer=head.issuer, number=number or head.number,
        issue_place=unit.short_name if unit else "Hà Nội", issue_date=issued, signer=head.signer,
        recipients=head.recipients)


def register(app: typer.Typer) -> None:
    """Add ``report`` to the root ``htx`` app."""

    @app.command("report")
    def report(
        place: Annotated[str, typer.Option(help="Tỉnh/xã, mã hoặc 'cả nước' / province, commune, code or 'cả nước'.")],
        period: Annotated[str, typer.Option(help="2023, 2023-H1, 2023-Q2 or 2023-06.")],
        geography: Annotated[str | None, typer.Option(
            help="new (từ 01/7/2025) or old; default: by the name and the period.")] = None,
        out_dir: Annotated[Path, typer.Option("--out", help="Output folder.")] = Path("."),
        formats: Annotated[str, typer.Option("--format", help="Comma-separated: docx,pdf,xlsx.")] = "docx,pdf,xlsx",
        issuer: Annotated[str | None, typer.Option(
            help=f"Cơ quan ban hành: {', '.join(BODIES)} (default: alliance for a province, commune for a commune).")
        ] = None,
        number: Annotated[str | None, typer.Option(help="Số/ký hiệu, e.g. 125/BC-LMHTX.")] = None,
        signer_title: Annotated[str | None, typer.Option(help="Chức vụ người ký (or HTX_REPORT_SIGNER_TITLE).")] = None,
        signer_name: Annotated[str | None, typer.Option(help="Họ tên người ký (or HTX_REPORT_SIGNER_NAME).")] = None,
        recipients: Annotated[str | None, typer.Option(help="Nơi nhận, 'a; b; c' (or HTX_REPORT_RECIPIENTS).")] = None,
        issue_date: Annotated[str | None, typer.Option(
            help="Ngày ban hành YYYY-MM-DD / issue date (default: today).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output (files written).")] = False,
    ) -> None:
        """Lập báo cáo / write the report of a place for a period."""
        from htx.geo.resolve import PlaceNotFound, resolve_place
        from htx.reports.generate import FORMATS, generate_report
        from htx.stats.periods import PeriodError

        if geography not in (None, "new", "old"):
            raise _fail(f"--geography must be new or old, not {geography!r}", 2)
        if issuer is not None and issuer not in BODIES:
            raise _fail(f"--issuer '{issuer}' không có; chọn một trong {', '.join(BODIES)}", 2)
        wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
        bad = [f for f in wanted if f not in FORMATS]
        if bad or not wanted:
            raise _fail(f"unknown format(s) {bad}; choose among {', '.join(FORMATS)}", 2)
        try:
            issued = date.fromisoformat(issue_date) if issue_date else date.today()
        except ValueError:
            raise _fail(f"--issue-date '{issue_date}' không phải ngày YYYY-MM-DD", 2) from None
        try:
            per = Period.parse(period)
            p = resolve_place(place, era=geography, period=per)
        except (PlaceNotFound, PeriodError) as exc:
            raise _fail(str(exc)) from None
        inp = _report_input(p, per, issuer, issued, number, signer_title, signer_name, recipients)
        if not inp.has_data:
            err.print(f"[yellow]Chưa có số liệu / no figures[/] for {inp.place.name}, {per.label_vi()}: "
                      "the report is written and says what is missing.")
        paths = generate_report(inp, out_dir, wanted)
        if as_json:
            sys.stdout.write(json.dumps({"place": str(p), "period": per.code, "has_data": inp.has_data,
                                         "rejected": len(inp.annexed),
                                         "files": {k: str(v) for k, v in paths.items()}}, ensure_ascii=False) + "\n")
            return
        for key, path in paths.items():
            out.print(f"{key}: {path}")
