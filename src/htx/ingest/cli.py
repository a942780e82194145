"""The ``htx extract`` command: read reports and print their facts (table or JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from htx.formatting import format_quantity
from htx.ingest import Extraction, ReadError, extract_file
from htx.stats.vocabulary import vocabulary

KIND_VI = {"actual": "thực hiện", "plan": "kế hoạch", "attainment": "% đạt kế hoạch"}


def _table(console: Console, ex: Extraction) -> None:
    doc = ex.document
    title = " · ".join(x for x in (doc.kind, doc.number, doc.place, doc.date, doc.province, doc.period) if x)
    console.print(f"[bold]{ex.filename or ''}[/] {title}")
    if doc.subject:
        console.print(f"[italic]{doc.subject}[/]")
    voc = vocabulary()
    t = Table(title=f"{len(ex.facts)} số liệu / facts")
    for col in ("Chỉ tiêu", "Giá trị", "Loại", "Thời điểm/kỳ", "Trích dẫn"):
        t.add_column(col)
    for f in ex.facts:
        when = f.as_of.strftime("%d/%m/%Y") if f.as_of else (f.period or "")
        quote = f.source.quote if f.source and f.source.quote else ""
        t.add_row(voc.label(f.indicator, f.dims), format_quantity(f.value, f.unit),
                  KIND_VI.get(f.kind, f.kind), when, quote)
    console.print(t)
    if ex.changes:
        c = Table(title=f"{len(ex.changes)} so sánh / changes")
        for col in ("Chỉ tiêu", "Thay đổi", "So với", "Trích dẫn"):
            c.add_column(col)
        for ch in ex.changes:
            delta = format_quantity(ch.delta, "percent" if ch.relative else ch.unit)
            c.add_row(voc.label(ch.indicator, ch.dims), ("+" if ch.delta > 0 else "") + delta,
                      ch.reference or "", ch.quote)
        console.print(c)
    if ex.findings:
        w = Table(title=f"{len(ex.findings)} điểm cần kiểm tra / findings")
        w.add_column("Quy tắc")
        w.add_column("Nội dung")
        for fi in ex.findings:
            w.add_row(fi.rule, fi.message)
        console.print(w)
    if ex.notes:
        n = Table(title=f"{len(ex.notes)} điểm cần xem lại (không phải lỗi) / notes")
        n.add_column("Quy tắc")
        n.add_column("Nội dung")
        n.add_column("Vì sao chưa chắc")
        for note in ex.notes:
            n.add_row(note.rule, note.message, note.reason or "")
        console.print(n)


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the root command line."""

    @app.command("extract")
    def extract(
        files: Annotated[list[Path], typer.Argument(help="Report files (.txt, .docx, .pdf, .html).")],
        as_json: Annotated[bool, typer.Option("--json", help="JSON (one object per line for several files).")] = False,
    ) -> None:
        """Read narrative reports and list their statistics with quotes, then the checks' findings."""
        console, err = Console(), Console(stderr=True)
        failed = False
        for path in files:
            try:
                ex = extract_file(path)
            except ReadError as exc:
                err.print(f"[bold red]Lỗi / error:[/] {exc}")
                failed = True
                continue
            if as_json:
                sys.stdout.write(json.dumps(ex.to_json(), ensure_ascii=False, default=str) + "\n")
                sys.stdout.flush()
            else:
                _table(console, ex)
        if failed:
            raise typer.Exit(1)
