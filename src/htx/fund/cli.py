"""``htx fund`` commands: the fund's ledger in the database (create, import, post, loans, statement).

``htx fund statement FILE`` still reads a loans/journal file (XLSX or JSON) without a database;
with ``--place`` it reads the fund stored for that place.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from htx.cliutil import dump_json, fail, wide_console
from htx.formatting import format_number, format_vnd
from htx.fund.importer import label, load_ledger
from htx.fund.ledger import Ledger
from htx.fund.model import EntryType, LedgerError
from htx.fund.statement import flow_facts, statement, stock_facts
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period, PeriodError
from htx.stats.vocabulary import vocabulary
from htx.tabular import ImportErrors, to_date, to_int

fund_app = typer.Typer(help="Quỹ hỗ trợ phát triển HTX / cooperative development fund ledger.", no_args_is_help=True)
loan_app = typer.Typer(help="Khoản vay / loans of a fund.", no_args_is_help=True)
fund_app.add_typer(loan_app, name="loan")

FileArg = Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="XLSX (sheets Khoản vay, Bút toán) or JSON file")]
OptFileArg = Annotated[Path | None, typer.Argument(exists=True, dir_okay=False,
                                                   help="XLSX/JSON file (without a database); or use --place")]
OnOption = Annotated[str, typer.Option("--on", help="Statement date (dd/mm/yyyy or yyyy-mm-dd)")]
PeriodOption = Annotated[str | None, typer.Option("--period", help="Period for interest collected (2021, 2021-Q1 …); default: the year of --on")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]
PlaceOption = Annotated[str, typer.Option("--place", help="Province of the fund: name, code or era:level:code")]
OptPlaceOption = Annotated[str | None, typer.Option("--place", help="Province of the stored fund (name, code or era:level:code)")]
EraOption = Annotated[str, typer.Option("--era", help="Era of --place: new (after 1/7/2025) or old")]



def register(app: typer.Typer) -> None:
    app.add_typer(fund_app, name="fund")






def _place(text: str, era: str) -> Place:
    from htx.geo.places import PlaceNotFound, to_place

    try:
        return to_place(text, era=era, level="province" if ":" not in text else None)
    except (PlaceNotFound, ValueError) as exc:
        raise fail(exc, 2) from None


def _day(text: str) -> dt.date:
    try:
        return to_date(text)
    except ValueError as exc:
        raise fail(exc, 2) from None


@contextmanager
def _session() -> Iterator[Session]:
    from htx.bootstrap import sessions
    from htx.db.engine import unit_of_work

    with unit_of_work(sessions()) as session:
        yield session


def _fund_id(session: Session, place: Place) -> int:
    from htx.db import fund_repo
    from htx.geo.places import place_name

    fund = fund_repo.fund_for(session, place)
    if fund is None:
        raise fail(f"{place_name(place)} ({place}) chưa có Quỹ / has no fund; run `htx fund create`")
    return fund.id




@fund_app.command("create")
def create_command(place: PlaceOption, name: Annotated[str | None, typer.Option("--name", help="Name of the fund")] = None,
                   era: EraOption = "new", as_json: JsonOption = False) -> None:
    """Create the fund of a province alliance (one per place)."""
    from htx.db import fund_repo
    from htx.geo.places import place_name

    p = _place(place, era)
    title = name or f"Quỹ hỗ trợ phát triển HTX {place_name(p)}"
    try:
        with _session() as s:
            fund = fund_repo.create_fund(s, p, title)
            out = {"id": fund.id, "place": str(p), "name": fund.name}
    except LedgerError as exc:
        raise fail(f"{place_name(p)} đã có Quỹ / {exc}") from None
    if as_json:
        dump_json(out)
    else:
        wide_console().print(f"Đã tạo / created: {title} (#{out['id']}, {p})")


@fund_app.command("import")
def import_command(file: FileArg, place: PlaceOption, era: EraOption = "new",
                   by: Annotated[str, typer.Option("--by", help="Who records the entries (người lập)")] = "",
                   as_json: JsonOption = False) -> None:
    """Add the loans and entries of a workbook to the fund: all of them or nothing (errors by sheet/row/column)."""
    from htx.bootstrap import sessions
    from htx.services import UnitOfWork
    from htx.services.audit import Actor
    from htx.services.fund import import_ledger

    p = _place(place, era)
    try:
        with UnitOfWork(sessions()) as uow:
            result = import_ledger(uow, Actor(by or None, "cli"), _fund_id(uow.session, p), file)
    except ImportErrors as exc:
        raise fail(exc) from None
    if as_json:
        dump_json({"loans": result.loans, "entries": result.entries})
    else:
        wide_console().print(f"Đã nhập / imported: {format_number(result.loans)} khoản vay, "
                         f"{format_number(result.entries)} bút toán.")


@loan_app.command("list")
def loan_list_command(place: PlaceOption, era: EraOption = "new",
                      on: Annotated[str | None, typer.Option("--on", help="Balances at the end of this day (default today)")] = None,
                      as_json: JsonOption = False) -> None:
    """Loans of the fund with outstanding, in-term/overdue status and interest on a day."""
    from htx.db import fund_repo

    p = _place(place, era)
    day = _day(on) if on else dt.date.today()
    with _session() as s:
        ledger = fund_repo.load_ledger(s, _fund_id(s, p))
    st = statement(ledger, day)
    if as_json:
        dump_json(st.to_json(ledger)["loans"])
        return
    _print_loans(ledger, st.loans, day)


def _print_loans(ledger: Ledger, balances: list[Any], day: dt.date) -> None:
    table = Table(title=f"Tình hình cho vay đến ngày {day:%d/%m/%Y}")
    for col in ("Số HĐ", "Đơn vị vay", "Dư nợ", "Gốc quá hạn", "Trạng thái", "Lãi dự thu", "Lãi đã thu"):
        table.add_column(col, justify="right" if col not in ("Số HĐ", "Đơn vị vay", "Trạng thái") else "left")
    for b in balances:
        loan = ledger.loan(b.loan_id)
        table.add_row(loan.contract_no, loan.borrower_name, format_number(b.outstanding), format_number(b.arrears),
                      label("statuses", b.status), format_number(b.interest_accrued), format_number(b.interest_paid))
    wide_console().print(table)


@fund_app.command("post")
def post_command(
    kind: Annotated[str, typer.Argument(help="capital-in, capital-out, disburse, repay, interest, restructure, recover, reverse")],
    place: PlaceOption,
    on: Annotated[str, typer.Option("--date", help="Date of the entry (dd/mm/yyyy)")],
    era: EraOption = "new",
    loan: Annotated[str | None, typer.Option("--loan", help="Contract number (số hợp đồng)")] = None,
    amount: Annotated[str | None, typer.Option("--amount", help="Amount in đồng (1.000.000 or 1000000)")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Capital source (capital-in/out)")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Recovery action: lawsuit or early_recovery")] = None,
    reverses: Annotated[int | None, typer.Option("--reverses", help="Journal number of the entry to reverse")] = None,
    first_due: Annotated[str | None, typer.Option("--first-due", help="Restructure: new first due date")] = None,
    instalments: Annotated[int | None, typer.Option("--instalments", help="Restructure: number of instalments")] = None,
    repayment: Annotated[str | None, typer.Option("--repayment", help="Restructure: monthly, quarterly or bullet")] = None,
    reference: Annotated[str, typer.Option("--reference", help="Voucher (chứng từ)")] = "",
    by: Annotated[str, typer.Option("--by", help="Who records it (người lập)")] = "",
    note: Annotated[str, typer.Option("--note", help="Note (ghi chú)")] = "",
    as_json: JsonOption = False,
) -> None:
    """Post one journal entry; it is checked against the whole journal first (nothing written if refused)."""
    from htx.db import fund_repo

    p = _place(place, era)
    day = _day(on)
    due = _day(first_due) if first_due else None
    try:
        money = to_int(amount) if amount is not None else None
    except ValueError as exc:
        raise fail(exc, 2) from None
    try:
        with _session() as s:
            fund_id = _fund_id(s, p)
            entry = fund_repo.build_entry(s, fund_id, kind, day, contract=loan, amount=money, source=source,
                                          action=action, reverses=reverses, first_due=due, instalments=instalments,
                                          repayment=repayment, reference=reference, by=by, note=note)
            posted = fund_repo.post(s, fund_id, entry, today=dt.date.today())
    except LedgerError as exc:
        raise fail(f"bút toán bị từ chối: {exc}") from None
    if as_json:
        dump_json({"number": posted.id, "type": str(posted.type), "date": posted.date.isoformat(),
               "amount": posted.amount, "loan_id": posted.loan_id, "reverses": posted.reverses})
    else:
        what = label("entry_types", str(posted.type))
        money_text = f" {format_vnd(posted.amount, 'dong')}" if posted.type != EntryType.REVERSAL else f" (đảo bút toán số {posted.reverses})"
        wide_console().print(f"Đã ghi bút toán số {posted.id}: {what}{money_text}, ngày {posted.date:%d/%m/%Y}.")


@fund_app.command("statement")
def statement_command(on: OnOption, file: OptFileArg = None, place: OptPlaceOption = None, era: EraOption = "new",
                      period: PeriodOption = None, as_json: JsonOption = False) -> None:
    """Balances, in-term/overdue split, interest and the fund.* facts on a date (from a file or the database)."""
    try:
        day: dt.date = to_date(on)
        per = Period.parse(period) if period else Period(day.year, "year")
    except (ValueError, PeriodError) as exc:
        raise fail(exc, 2) from None
    if (file is None) == (place is None):
        raise fail("give a FILE or --place (not both) / cần tệp hoặc --place", 2)
    p: Place | None = None
    if place is not None:
        from htx.db import fund_repo

        p = _place(place, era)
        with _session() as s:
            ledger = fund_repo.load_ledger(s, _fund_id(s, p))
    else:
        try:
            ledger = load_ledger(file)  # type: ignore[arg-type]
        except ImportErrors as exc:
            raise fail(exc) from None
    st = statement(ledger, day)
    facts: list[Fact] = stock_facts(ledger, day, p) + flow_facts(ledger, per, p)
    if as_json:
        out = st.to_json(ledger)
        out["facts"] = [f.to_json() for f in facts]
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        return
    console = wide_console()
    _print_loans(ledger, st.loans, day)
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
