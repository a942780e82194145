"""``htx programs`` commands: totals of support disbursements from an XLSX/JSON file, no database."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from htx.formatting import format_number, format_vnd
from htx.fund.sheets import ImportErrors
from htx.programs.support import (
    categories,
    cumulative_by_year,
    parse_disbursements,
    sentence,
    totals_by_year,
)

programs_app = typer.Typer(help="Chương trình hỗ trợ HTX / support programmes.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(programs_app, name="programs")


@programs_app.command("summary")
def summary_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="XLSX (sheet Kinh phí hỗ trợ) or JSON file")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")] = False,
) -> None:
    """Support given per year and cumulatively, by category, with the report sentence."""
    try:
        items = parse_disbursements(file)
    except ImportErrors as exc:
        Console(stderr=True).print(f"[bold red]Lỗi / error:[/] {exc}")
        raise typer.Exit(1) from None
    yearly, running = totals_by_year(items), cumulative_by_year(items)
    if as_json:
        out = {str(y): {"year": asdict(t), "cumulative": asdict(running[y]), "sentence": sentence(running[y])}
               for y, t in yearly.items()}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    console = Console() if Console().is_terminal else Console(width=160)
    table = Table(title="Kinh phí hỗ trợ theo năm")
    for col in ("Năm", "Lượt hỗ trợ", "Đơn vị", "Kinh phí", "Lũy kế"):
        table.add_column(col, justify="right")
    for y, t in yearly.items():
        table.add_row(str(y), format_number(t.payments), format_number(t.beneficiary_count),
                      format_vnd(t.amount), format_vnd(running[y].amount))
    console.print(table)
    if running:
        last = running[max(running)]
        cats = categories()
        for code, amount in last.by_category.items():
            console.print(f"- {cats[code].vi}: {format_vnd(amount)}")
        console.print(f"Lũy kế: {sentence(last)}.")
