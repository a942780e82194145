"""``htx report``: write the BÁO CÁO of a place and period (DOCX, PDF, XLSX and charts)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from htx.reports.model import Issuer, Signer

err = Console(stderr=True)
out = Console()


def issuer_for(level: str, name: str) -> Issuer:
    """The issuing body of a report about a place: the alliance of the province, or the commune."""
    if level == "country":
        return Issuer("LIÊN MINH HỢP TÁC XÃ VIỆT NAM", short="Liên minh HTX Việt Nam")
    if level == "province":
        return Issuer(f"LIÊN MINH HTX {name.upper()}", parent=f"UBND {name.upper()}", short="Liên minh HTX tỉnh")
    return Issuer(f"UBND {name.upper()}", short=f"UBND {name}")


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
        number: Annotated[str, typer.Option(help="Số/ký hiệu, e.g. 125/BC-LMHTX.")] = "    /BC-LMHTX",
        signer_title: Annotated[str, typer.Option(help="Chức vụ người ký.")] = "CHỦ TỊCH",
        signer_name: Annotated[str, typer.Option(help="Họ tên người ký.")] = "",
        issue_date: Annotated[str | None, typer.Option(
            help="Ngày ban hành YYYY-MM-DD / issue date (default: today).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON output (files written).")] = False,
    ) -> None:
        """Lập báo cáo / write the report of a place for a period."""
        from htx.geo.gazetteer import gazetteer
        from htx.geo.places import place_name
        from htx.geo.resolve import PlaceNotFound, resolve_place
        from htx.reports.generate import FORMATS, generate_report
        from htx.reports.model import build_report_input
        from htx.stats.periods import Period, PeriodError

        if geography not in (None, "new", "old"):
            err.print(f"[bold red]Lỗi / error:[/] --geography must be new or old, not {geography!r}")
            raise typer.Exit(2)
        wanted = tuple(f.strip() for f in formats.split(",") if f.strip())
        bad = [f for f in wanted if f not in FORMATS]
        if bad or not wanted:
            err.print(f"[bold red]Lỗi / error:[/] unknown format(s) {bad}; choose among {', '.join(FORMATS)}")
            raise typer.Exit(2)
        try:
            issued = date.fromisoformat(issue_date) if issue_date else date.today()
        except ValueError:
            err.print(f"[bold red]Lỗi / error:[/] --issue-date '{issue_date}' không phải ngày YYYY-MM-DD")
            raise typer.Exit(2) from None
        try:
            per = Period.parse(period)
            p = resolve_place(place, era=geography, period=per)
        except (PlaceNotFound, PeriodError) as exc:
            err.print(f"[bold red]Lỗi / error:[/] {exc}")
            raise typer.Exit(1) from None
        from htx.bootstrap import figure_source

        unit = gazetteer().get(p.era, p.level, p.code)
        full = place_name(p)
        name = full[:1].lower() + full[1:] if p.level != "country" else "cả nước"
        inp = build_report_input(
            figure_source(), p, per,
            place_name=name,
            issuer=issuer_for(p.level, full),
            number=number,
            issue_place=unit.short_name if unit else "Hà Nội",
            issue_date=issued,
            signer=Signer(title=signer_title, name=signer_name, authority="TM. BAN THƯỜNG VỤ" if p.level == "province" else None),
        )
        if not inp.has_data:
            err.print(f"[yellow]Chưa có số liệu / no figures[/] for {full}, {per.label_vi()}: "
                      "the report is written and says 'chưa có số liệu'.")
        paths = generate_report(inp, out_dir, wanted)
        if as_json:
            sys.stdout.write(json.dumps({"place": str(p), "period": per.code, "has_data": inp.has_data,
                                         "files": {k: str(v) for k, v in paths.items()}}, ensure_ascii=False) + "\n")
            return
        for key, path in paths.items():
            out.print(f"{key}: {path}")
