"""``htx fund`` commands: the fund's statement from a loans/journal file (XLSX or JSON), no database."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from htx.formatting import format_number, format_vnd
from htx.fund.importer import label, load_ledger
from htx.fund.sheets import ImportErrors, to_date
from htx.fund.statement import flow_facts, statement, stock_facts
from htx.stats.periods import Period, PeriodError
from htx.stats.vocabulary import vocabulary

fund_app = typer.Typer(help="Quỹ hỗ trợ phát triển HTX / cooperative development fund ledger.", no_args_is_help=True)

FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="XLSX (sheets Khoản vay, Bút toán) or JSON file")]
OnOption = Annotated[str, typer.Option("--on", help="Statement date (dd/mm/yyyy or yyyy-mm-dd)")]
PeriodOption = Annotated[str | None, typer.Option("--period", help="Period for interest collected (2021, 2021-Q1 …); default: the year of --on")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]


def register(app: typer.Typer) -> None:
    app.add_typer(fund_app, name="fund")


def _console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=160)


@fund_app.command("statement")
def statement_command(file: FileArg, on: OnOption, period: PeriodOption = None, as_json: JsonOption = False) -> None:
    """Balances, in-term/overdue split, interest and the fund.* facts on a date."""
    err = Console(stderr=True)
    try:
        day: dt.date = to_date(on)
        per = Period.parse(period) if period else Period(day.year, "year")
    except (ValueError, PeriodError) as exc:
        err.print(f"[bold red]Lỗi / error:[/] {exc}")
        raise typer.Exit(2) from None
    try:
        ledger = load_ledger(file)
    except ImportErrors as exc:
        err.print(f"[bold red]Lỗi / error:[/] {exc}")
        raise typer.Exit(1) from None
    st = statement(ledger, day)
    facts = stock_facts(ledger, day) + flow_facts(ledger, per)
    if as_json:
        out = st.to_json(ledger)
        out["facts"] = [f.to_json() for f in facts]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    console = _console()
    table = Table(title=f"Tình hình cho vay đến ngày {day:%d/%m/%Y}")
    for col in ("Số HĐ", "Đơn vị vay", "Dư nợ", "Gốc quá hạn", "Trạng thái", "Lãi dự thu", "Lãi đã thu"):
        table.add_column(col, justify="right" if col not in ("Số HĐ", "Đơn vị vay", "Trạng thái") else "left")
    for b in st.loans:
        loan = ledger.loan(b.loan_id)
        table.add_row(loan.contract_no, loan.borrower_name, format_number(b.outstanding), format_number(b.arrears),
                      label("statuses", b.status), format_number(b.interest_accrued), format_number(b.interest_paid))
    console.print(table)
    voc = vocabulary()
    facts_table = Table(title="Số liệu / facts")
    facts_table.add_column("Chỉ tiêu")
    facts_table.add_column("Giá trị", justify="right")
    facts_table.add_column("Thời điểm / kỳ")
    for f in facts:
        value = format_vnd(int(f.value)) if f.unit == "VND" else format_number(f.value)
        when = f"{f.as_of:%d/%m/%Y}" if f.as_of else Period.parse(f.period or "").label_vi()
        facts_table.add_row(voc.label(f.indicator, f.dims), value, when)
    console.print(facts_table)
    by_source = ", ".join(f"{label('sources', s)}: {format_vnd(v)}" for s, v in st.capital_by_source.items())
    console.print(f"Nguồn vốn: {by_source or '—'}")
