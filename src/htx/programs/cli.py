"""``htx programs`` and ``htx plan`` commands: support disbursements and plan targets.

``htx programs summary FILE`` reads a workbook without a database; ``htx programs import`` stores
one for the alliance of a place and ``htx programs summary --place`` reads the stored payments.
``htx programs import-activities`` stores the activities workbook (trainings, conferences, fairs,
awards, membership) and ``htx programs activities-template`` writes its empty layout.
``htx plan set`` / ``list`` keep plan targets (chỉ tiêu kế hoạch) and show their attainment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from htx.cliutil import dump_json, fail, wide_console
from htx.formatting import format_number, format_percent, format_quantity, format_vnd
from htx.programs.support import (
    Disbursement,
    categories,
    cumulative,
    cumulative_by_year,
    parse_disbursements,
    sentence,
    totals,
    totals_by_year,
)
from htx.stats.facts import Place
from htx.stats.periods import Period, PeriodError
from htx.tabular import CellError, ImportErrors

programs_app = typer.Typer(help="Chương trình hỗ trợ HTX / support programmes.", no_args_is_help=True)
plan_app = typer.Typer(help="Chỉ tiêu kế hoạch / plan targets and their attainment.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]
EraOption = Annotated[str, typer.Option("--era", help="Era of --place: new (after 1/7/2025) or old")]


def register(app: typer.Typer) -> None:
    app.add_typer(programs_app, name="programs")
    app.add_typer(plan_app, name="plan")








def _place(text: str, era: str) -> Place:
    from htx.geo.places import PlaceNotFound, to_place

    try:
        return to_place(text, era=era)
    except (PlaceNotFound, ValueError) as exc:
        raise fail(exc, 2) from None


@contextmanager
def _session() -> Iterator[Session]:
    from htx.bootstrap import sessions
    from htx.db.engine import unit_of_work

    with unit_of_work(sessions()) as session:
        yield session


@programs_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="XLSX (sheet Kinh phí hỗ trợ) or JSON file")],
    place: Annotated[str, typer.Option("--place", help="Province whose alliance made the payments")],
    era: EraOption = "new",
    as_json: JsonOption = False,
) -> None:
    """Store the support payments of a workbook: all rows or none (errors by sheet/row/column)."""
    from htx.db import activities_repo

    p = _place(place, era)
    try:
        items = parse_disbursements(file)
    except ImportErrors as exc:
        raise fail(exc) from None
    with _session() as s:
        seen = activities_repo.existing_disbursement_keys(s, p)
        dup = [d for d in items if activities_repo.disbursement_key(d) in seen]
        if dup:
            raise fail(ImportErrors(file.name, [
                CellError("Kinh phí hỗ trợ", 0, "STT", f"khoản {d.id} ({d.beneficiary_name}, {d.date:%d/%m/%Y}) đã nhập "
                          "trước đây / already imported") for d in dup]))
        stored = activities_repo.add_disbursements(s, p, items)
    t = totals(stored)
    if as_json:
        dump_json({"imported": len(stored), "amount": t.amount})
    else:
        wide_console().print(f"Đã nhập / imported {format_number(len(stored))} khoản hỗ trợ, {format_vnd(t.amount)}.")


@programs_app.command("summary")
def summary_command(
    file: Annotated[Path | None, typer.Argument(exists=True, dir_okay=False,
                                                help="XLSX (sheet Kinh phí hỗ trợ) or JSON file; or use --place")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Province whose stored payments to sum")] = None,
    era: EraOption = "new",
    year: Annotated[int | None, typer.Option("--year", help="Only this year (and the cumulative total through it)")] = None,
    as_json: JsonOption = False,
) -> None:
    """Support given per year and cumulatively, by category, with the report sentence."""
    if (file is None) == (place is None):
        raise fail("give a FILE or --place (not both) / cần tệp hoặc --place", 2)
    items: list[Disbursement]
    if file is not None:
        try:
            items = parse_disbursements(file)
        except ImportErrors as exc:
            raise fail(exc) from None
    else:
        from htx.db import activities_repo

        with _session() as s:
            items = activities_repo.disbursements(s, _place(place or "", era))
    yearly, running = totals_by_year(items), cumulative_by_year(items)
    if year is not None:
        yearly = {year: totals(d for d in items if d.date.year == year)}
        running = {year: cumulative(items, date(year, 12, 31))}
    if as_json:
        out = {str(y): {"year": asdict(t), "cumulative": asdict(running[y]), "sentence": sentence(running[y])}
               for y, t in yearly.items()}
        dump_json(out)
        return
    console = wide_console()
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


@programs_app.command("import-activities")
def import_activities_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False,
                                         help="XLSX (sheets Tập huấn, Hội nghị, Hội chợ, Khen thưởng, "
                                              "Kết nạp thành viên) or JSON file")],
    place: Annotated[str, typer.Option("--place", help="Province whose alliance kept the activities")],
    era: EraOption = "new",
    as_json: JsonOption = False,
) -> None:
    """Store the activities of a workbook in one transaction: all rows or none (errors by sheet/row/column)."""
    from htx.db import activities_repo
    from htx.programs.activities_import import parse_activities, record_key, sheet_title

    p = _place(place, era)
    try:
        book = parse_activities(file, p)
    except ImportErrors as exc:
        raise fail(exc) from None
    readers: dict[str, Any] = {"trainings": activities_repo.trainings, "outreach": activities_repo.outreach_events,
                               "fairs": activities_repo.fairs, "awards": activities_repo.awards,
                               "membership": activities_repo.membership_changes}
    adders: dict[str, Any] = {"trainings": activities_repo.add_training, "outreach": activities_repo.add_outreach,
                              "fairs": activities_repo.add_fair, "awards": activities_repo.add_award,
                              "membership": activities_repo.add_membership_change}
    with _session() as s:
        dup: list[CellError] = []
        for code, read in readers.items():
            seen = {record_key(r) for r in read(s, p)}
            rows = sorted({r.id for r in getattr(book, code) if record_key(r) in seen})
            dup += [CellError(sheet_title(code), n, "-", "đã nhập trước đây / already imported") for n in rows]
        if dup:
            raise fail(ImportErrors(file.name, dup))
        for code, add in adders.items():
            for record in getattr(book, code):
                add(s, record)
    counts = book.counts()
    if as_json:
        dump_json(counts)
    else:
        parts = ", ".join(f"{sheet_title(code)}: {format_number(n)}" for code, n in counts.items())
        wide_console().print(f"Đã nhập / imported {parts}.")


@programs_app.command("activities-template")
def activities_template_command(
    out: Annotated[Path, typer.Argument(dir_okay=False, help="Where to write the empty workbook (.xlsx)")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file")] = False,
) -> None:
    """Write the empty activities workbook (one sheet per book, header row only) to fill in and import."""
    from htx.programs.activities_import import template_headers, write_template

    if out.suffix.lower() != ".xlsx":
        raise fail("the template is an .xlsx file / tệp mẫu phải là .xlsx", 2)
    if out.exists() and not force:
        raise fail(f"{out} exists (use --force) / tệp đã có", 2)
    write_template(out)
    wide_console().print(f"Đã ghi / written {out}: {', '.join(template_headers())}.")


def _dims(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, eq, value = pair.partition("=")
        if not eq or not key.strip() or not value.strip():
            raise fail(f"--dims needs key=value, got {pair!r}", 2)
        out[key.strip()] = value.strip()
    return out


@plan_app.command("set")
def plan_set_command(
    place: Annotated[str, typer.Option("--place", help="Place of the target (name, code or era:level:code)")],
    period: Annotated[str, typer.Option("--period", help="2025, 2025-H1, 2025-Q3 or 2025-07")],
    indicator: Annotated[str, typer.Option("--indicator", help="Indicator code, e.g. htx.count")],
    value: Annotated[str, typer.Option("--value", help="Planned value (1.200 or 45,5)")],
    dims: Annotated[list[str] | None, typer.Option("--dims", help="Dimension key=value (repeatable)")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Unit (default: the indicator's first unit)")] = None,
    era: EraOption = "new",
    by: Annotated[str, typer.Option("--by", help="Who set it")] = "",
    as_json: JsonOption = False,
) -> None:
    """Set (or replace) the planned value of an indicator for a place and period."""
    from htx.db import activities_repo
    from htx.stats.facts import exact
    from htx.stats.plans import Target
    from htx.stats.vocabulary import VocabularyError, vocabulary
    from htx.tabular import parse_number

    p = _place(place, era)
    try:
        number = exact(parse_number(value))
        code = Period.parse(period).code
        u = unit or vocabulary().units_of(indicator)[0]
        target = Target.of(indicator, number, u, code, _dims(dims or []), p)
    except (ValueError, PeriodError, VocabularyError) as exc:
        raise fail(exc, 2) from None
    with _session() as s:
        activities_repo.set_target(s, target, by)
    if as_json:
        dump_json(target.to_fact().to_json())
    else:
        wide_console().print(f"Đã đặt chỉ tiêu / target set: {_target_label(target)} {Period.parse(code).label_vi()}: "
                         f"{format_quantity(target.value, target.unit)}")


def _target_label(t: Any) -> str:
    from htx.stats.vocabulary import vocabulary

    return vocabulary().label(t.indicator, dict(t.dims))


@plan_app.command("list")
def plan_list_command(
    place: Annotated[str | None, typer.Option("--place", help="Only this place")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Only this period")] = None,
    era: EraOption = "new",
    as_json: JsonOption = False,
) -> None:
    """Plan targets with the actual figure that answers each and the percent reached."""
    from htx.bootstrap import figure_source
    from htx.db import activities_repo
    from htx.stats.plans import attainments

    p = _place(place, era) if place else None
    try:
        codes = [Period.parse(period).code] if period else None
    except PeriodError as exc:
        raise fail(exc, 2) from None
    with _session() as s:
        found = activities_repo.targets(s, p, codes)
    groups: dict[tuple[Place | None, str], list[Any]] = {}
    for t in found:
        groups.setdefault((t.place, t.period), []).append(t)
    figures = figure_source()
    rows = []
    for (where, code), ts in groups.items():
        actuals = figures.figures(where, Period.parse(code)) if where is not None else []
        rows += attainments(ts, actuals)
    if as_json:
        dump_json([{"place": str(a.target.place), "period": a.target.period, "indicator": a.target.indicator,
                "dims": dict(a.target.dims), "unit": a.target.unit, "plan": a.target.value,
                "actual": a.actual.value if a.actual else None,
                "percent": str(a.percent) if a.percent is not None else None} for a in rows])
        return
    from htx.geo.places import place_name

    table = Table(title="Chỉ tiêu kế hoạch")
    for col in ("Địa bàn", "Kỳ", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ đạt"):
        table.add_column(col, justify="right" if col in ("Kế hoạch", "Thực hiện", "Tỷ lệ đạt") else "left")
    for a in rows:
        t = a.target
        table.add_row(place_name(t.place) if t.place else "—", Period.parse(t.period).label_vi(), _target_label(t),
                      format_quantity(t.value, t.unit), format_quantity(a.actual.value, t.unit) if a.actual else "—",
                      format_percent(a.percent) if a.percent is not None else "—")
    wide_console().print(table)
