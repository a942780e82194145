"""The ``htx`` command line (Typer + Rich). Feature folders add their commands via ``register``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from htx import __version__
from htx.cliutil import dump_json, err, fail

app = typer.Typer(help="htx — hệ thống thông tin kinh tế tập thể / collective-economy information system.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Cơ sở dữ liệu / database migrations.", no_args_is_help=True)
registry_app = typer.Typer(help="Sổ đăng ký HTX, THT, LHHTX, QTDND / the registry.", no_args_is_help=True)
facts_app = typer.Typer(help="Số liệu / stored and derived facts.", no_args_is_help=True)
sample_app = typer.Typer(help="Dữ liệu mẫu / generated sample data.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(registry_app, name="registry")
app.add_typer(facts_app, name="facts")
app.add_typer(sample_app, name="sample")

console = Console()

def _register_features() -> None:
    """Every feature folder's commands, listed here so that the import graph shows them."""
    from htx.fund import cli as fund_cli
    from htx.geo import cli as geo_cli
    from htx.ingest import cli as ingest_cli
    from htx.programs import cli as programs_cli
    from htx.reports import cli as reports_cli
    from htx.synth import cli as synth_cli
    from htx.web import cli as web_cli

    for mod in (geo_cli, ingest_cli, reports_cli, fund_cli, programs_cli, web_cli, synth_cli):
        mod.register(app)
    from htx.classify.cli import classify_app
    from htx.survey.cli import survey_app
    from htx.workflow.cli import workflow_app

    app.add_typer(classify_app, name="classify")
    app.add_typer(workflow_app, name="workflow")
    app.add_typer(survey_app, name="survey")


@app.command()
def info(as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False) -> None:
    """Version, database, administrative-unit and registry counts."""
    from sqlalchemy import func, select

    from htx.bootstrap import sessions
    from htx.db.migrate import current_heads
    from htx.db.models import Organisation
    from htx.geo import gazetteer
    from htx.settings import get_settings

    settings = get_settings()
    out: dict[str, Any] = {"version": __version__, "database_url": settings.url}
    if settings.url.startswith("sqlite:///"):
        out["sqlite_path"] = settings.url.removeprefix("sqlite:///")
    out["units"] = gazetteer().counts()
    try:
        out["migration"] = current_heads(settings.url)
        with sessions()() as s:
            out["organisations"] = dict(s.execute(select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    except Exception as exc:  # database missing or not migrated yet
        out["migration"] = []
        out["database_error"] = f"{type(exc).__name__}: run `htx db upgrade`"
    if as_json:
        dump_json(out)
        return
    t = Table(title=f"htx {__version__}", show_header=False)
    t.add_column(style="bold")
    t.add_column()
    t.add_row("Cơ sở dữ liệu / database", out["database_url"])
    if "sqlite_path" in out:
        t.add_row("Tệp SQLite / SQLite file", out["sqlite_path"])
    t.add_row("Phiên bản lược đồ / migration", ", ".join(out["migration"]) or out.get("database_error", "-"))
    u = out["units"]
    from htx.formatting import format_number as n

    t.add_row("Tỉnh cũ / old provinces", n(u["old_provinces"]))
    t.add_row("Tỉnh mới / new provinces", n(u["new_provinces"]))
    t.add_row("Huyện cũ / old districts", n(u["old_districts"]))
    t.add_row("Xã cũ còn hiệu lực 30/06/2025 / old communes in force", n(u["old_communes_in_force_2025_06_30"]))
    t.add_row("Xã cũ trong danh mục trước 2025 / old communes (pre-2025 list)", n(u["old_communes_in_pre_2025_file"]))
    by_type = ", ".join(f"{n(v)} {k}" for k, v in u["new_communes_by_type"].items())
    t.add_row("Xã mới / new communes", f"{n(u['new_communes'])} ({by_type})")
    t.add_row("Xã cũ bị chia tách / split old communes",
              f"{n(u['split_old_communes'])} (sau khi sửa 2 mã bị đảo / after fixing 2 transposed codes; tệp gốc: 441)")
    t.add_row("Dòng chuyển đổi / mapping rows",
              f"{n(u['mapping_rows'])}: {n(u['mapping_rows_whole'])} nhập toàn bộ / whole, "
              f"{n(u['mapping_rows_partial'])} nhập một phần / partial")
    for kind, cnt in sorted(out.get("organisations", {}).items()):
        t.add_row(f"Tổ chức {kind} / organisations", n(cnt))
    console.print(t)


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "heads",
    units: Annotated[bool, typer.Option(help="Load administrative units when the table is empty.")] = True,
) -> None:
    """Apply migrations (and load the administrative units the first time)."""
    from htx.bootstrap import database_url, sessions
    from htx.db.engine import unit_of_work
    from htx.db.migrate import upgrade
    from htx.db.units_repo import load_units, unit_counts
    from htx.geo import gazetteer

    url = database_url()
    upgrade(url, revision)
    console.print(f"[green]Đã cập nhật lược đồ / migrated[/] {url}")
    if units:
        with unit_of_work(sessions()) as s:
            if not unit_counts(s):
                n_units, n_maps = load_units(s, gazetteer())
                console.print(f"Đã nạp {n_units:,} đơn vị hành chính và {n_maps:,} dòng chuyển đổi".replace(",", "."))


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="Target revision.")] = "base") -> None:
    """Revert migrations down to ``revision`` (default: everything)."""
    from htx.bootstrap import database_url
    from htx.db.migrate import downgrade

    downgrade(database_url(), revision)
    console.print(f"[yellow]Đã hạ lược đồ về / downgraded to[/] {revision}")


@db_app.command("backup")
def db_backup(file: Annotated[Path, typer.Argument(dir_okay=False, help="Backup file to write (.zip).")]) -> None:
    """Back up the whole database to FILE (SQLite online backup or pg_dump), with its migration revision."""
    from htx.bootstrap import database_url
    from htx.db.backup import BackupError, backup

    try:
        m = backup(database_url(), file)
    except BackupError as exc:
        raise fail(str(exc)) from exc
    from htx.formatting import format_number

    console.print(f"[green]Đã sao lưu[/] {file}: {m.backend}, lược đồ {', '.join(m.revisions)}, "
                  f"{format_number(sum(m.row_counts.values()))} dòng")


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Backup file made by htx db backup.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing the database.")] = False,
) -> None:
    """Replace the database with the backup in FILE (refuses a backup made by a newer htx)."""
    from htx.bootstrap import database_url
    from htx.db.backup import BackupError, read_manifest, restore
    from htx.db.migrate import upgrade

    url = database_url()
    try:
        m = read_manifest(file)
        if not yes and not typer.confirm(f"Thay toàn bộ dữ liệu của {url} bằng bản sao lưu ngày {m.created_at}?"):
            raise fail("Đã hủy khôi phục.")
        restore(url, file)
    except BackupError as exc:
        raise fail(str(exc)) from exc
    upgrade(url)
    console.print(f"[green]Đã khôi phục[/] {file} (lược đồ {', '.join(m.revisions)}) vào {url}")
@db_app.command("refresh")
def db_refresh() -> None:
    """Rebuild the summary rows that writes made outside htx (plain SQL) left waiting."""
    from htx.bootstrap import sessions
    from htx.services import UnitOfWork
    from htx.services.national import rebuild_summary

    with UnitOfWork(sessions()) as uow:
        rebuilt = rebuild_summary(uow)
    console.print(f"Đã dựng lại {rebuilt} tỉnh / provinces rebuilt")


@registry_app.command("import")
def registry_import(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV or XLSX file.")],
    user: Annotated[str, typer.Option(help="Who imports (kept with the records).")] = "cli",
) -> None:
    """Import organisations: every row valid or nothing written; errors name row and column."""
    from htx.bootstrap import sessions
    from htx.db.engine import unit_of_work
    from htx.db.registry_repo import save_records
    from htx.registry.importer import ImportErrors, parse_records
    from htx.registry.places import place_check, resolve_records

    try:
        records = parse_records(file, place_check=place_check)
    except ImportErrors as exc:
        raise fail(str(exc)) from None
    with unit_of_work(sessions()) as s:
        save_records(s, records, origin="user", resolve=resolve_records(records))
    console.print(f"[green]Đã nhập {len(records)} tổ chức / imported {len(records)} organisations[/] từ {file.name}")


@registry_app.command("list")
def registry_list(
    kind: Annotated[str | None, typer.Option(help="THT, HTX, LHHTX or QTDND.")] = None,
    status: Annotated[str | None, typer.Option(help="active, suspended, stopped, dissolved.")] = None,
    sector: Annotated[str | None, typer.Option(help="Sector code, e.g. agriculture.")] = None,
    place: Annotated[str | None, typer.Option(help="Province or commune name/code.")] = None,
    era: Annotated[str | None, typer.Option(help="Geography: new or old (default: by the name).")] = None,
    on: Annotated[str | None, typer.Option(help="Status on this date (YYYY-MM-DD); default today.")] = None,
    text: Annotated[str | None, typer.Option(help="Name or code contains.")] = None,
    limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Search the registry."""
    from htx.bootstrap import sessions
    from htx.db.registry_repo import Filter, search
    from htx.geo.places import PlaceNotFound, to_place

    try:
        p = to_place(place, era) if place else None
    except PlaceNotFound as exc:
        raise fail(str(exc)) from None
    f = Filter(kind=kind.upper() if kind else None, status=status, sector=sector, place=p, text=text,
               on=date.fromisoformat(on) if on else None)
    with sessions()() as s:
        total, rows = search(s, f, limit=limit)
    items = [{"id": o.id, "kind": o.kind, "code": o.code, "name": o.name, "sector": o.sector, "status": st,
              "province_code": o.province_code, "commune_code": o.commune_code,
              "founded_on": o.founded_on.isoformat() if o.founded_on else None} for o, st in rows]
    if as_json:
        dump_json({"total": total, "items": items})
        return
    t = Table(title=f"{total} tổ chức / organisations")
    for col in ("kind", "code", "name", "sector", "status", "commune_code", "founded_on"):
        t.add_column(col)
    for it in items:
        t.add_row(*[str(it[c] or "") for c in ("kind", "code", "name", "sector", "status", "commune_code", "founded_on")])
    console.print(t)


@facts_app.command("list")
def facts_list(
    place: Annotated[str, typer.Option(help="Province/commune name or code, or 'cả nước'.")],
    period: Annotated[str, typer.Option(help="2021, 2021-H1, 2021-Q1 or 2021-03.")],
    era: Annotated[str | None, typer.Option(help="Geography: new or old (default: by the name and period).")] = None,
    indicator: Annotated[str | None, typer.Option(help="Only this indicator, e.g. htx.count.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Figures of a place for a period: derived from the registry and stored from reports/users."""
    from htx.bootstrap import figure_source
    from htx.formatting import format_quantity
    from htx.geo.places import PlaceNotFound, to_place
    from htx.stats.periods import Period, PeriodError
    from htx.stats.vocabulary import vocabulary

    try:
        per = Period.parse(period)
        p = to_place(place, era, period=per)
    except (PlaceNotFound, PeriodError) as exc:
        raise fail(str(exc)) from None
    facts = [f for f in figure_source().figures(p, per) if not indicator or f.indicator == indicator]
    facts.sort(key=lambda f: (f.indicator, sorted(f.dims.items()), f.unit, f.kind))
    if as_json:
        dump_json([{**f.to_json(), "source": f.source.kind if f.source else None} for f in facts])
        return
    voc = vocabulary()
    t = Table(title=f"{p} — {per.label_vi()} ({len(facts)} số liệu)")
    for col in ("Chỉ tiêu", "Giá trị", "Loại", "Thời điểm", "Nguồn"):
        t.add_column(col)
    for f in facts:
        when = f.as_of.strftime("%d/%m/%Y") if f.as_of else (f.period or "")
        value = format_quantity(f.value, f.unit) + (" (ước)" if f.approximate else "")
        t.add_row(voc.label(f.indicator, f.dims), value, f.kind, when, f.source.describe() if f.source else "")
    console.print(t)


@sample_app.command("load")
def sample_load(
    province: Annotated[str, typer.Option(help="New-era province code.")] = "20",
    count: Annotated[int, typer.Option(help="Organisations to generate.")] = 400,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
) -> None:
    """Load the generated sample registry (marked 'mẫu'), once; running again changes nothing."""
    from sqlalchemy import func, select

    from htx.bootstrap import sessions
    from htx.db.engine import unit_of_work
    from htx.db.models import Organisation
    from htx.db.registry_repo import save_records
    from htx.geo import gazetteer
    from htx.registry.sample import sample_records

    with unit_of_work(sessions()) as s:
        existing = s.scalar(select(func.count()).where(Organisation.origin == "sample")) or 0
        if existing:
            console.print(f"Dữ liệu mẫu đã có ({existing} tổ chức) / sample already loaded")
        else:
            records, resolve = sample_records(gazetteer(), province, count, seed)
            save_records(s, records, origin="sample", resolve=resolve)
            s.flush()
            published = publish_sample_headlines(s, province)
            console.print(f"[green]Đã nạp {len(records)} tổ chức mẫu / sample organisations loaded[/]; "
                          f"công bố {published} số liệu chính / headline figures published")
    from htx.web.sample import load_sample_users

    load_sample_users(console)


HEADLINES = ("htx.count", "tht.count", "lhhtx.count", "htx.members", "htx.charter_capital")


def publish_sample_headlines(session: Any, province: str) -> int:
    """Publish the sample province's headline figures of the last full quarter (so /public shows them)."""
    from dataclasses import replace

    from htx.db.facts_repo import add_facts
    from htx.db.figures_repo import derived_facts
    from htx.stats.facts import Place, Source
    from htx.stats.periods import Period

    today = date.today()
    period = Period(today.year, "quarter", (today.month - 1) // 3 + 1).previous
    place = Place("new", "province", province)
    facts = [f for f in derived_facts(session, place, period) if f.indicator in HEADLINES and not f.dims]
    sourced = [replace(f, source=Source(kind="registry", user="sample", note="dữ liệu mẫu")) for f in facts]
    add_facts(session, sourced, published=True)
    return len(sourced)


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False, help="Reports to read and store.")],
    user: Annotated[str, typer.Option(help="Officer who vouches for the facts (stored as reviewer).")] = "cli",
    review: Annotated[bool, typer.Option(help="Store facts as proposed, to be reviewed in the web app.")] = False,
) -> None:
    """Read reports and store document, facts and findings (once per content hash; one transaction per file)."""
    from rich.progress import Progress

    from htx.bootstrap import sessions
    from htx.ingest import ReadError, extract_file
    from htx.services import UnitOfWork
    from htx.services.audit import Actor
    from htx.services.documents import store_report
    from htx.services.workflow import Locked

    officer = Actor(user, "cli")
    failures = 0
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Đọc báo cáo / reading", total=len(files))
        for path in files:
            try:
                extraction = extract_file(path)
            except ReadError as exc:
                err.print(f"[red]{exc}[/]")
                failures += 1
                progress.advance(task)
                continue
            try:
                with UnitOfWork(sessions()) as uow:
                    doc, new = store_report(uow, officer, extraction, path.name,
                                            review="proposed" if review else "accepted")
            except Locked as exc:  # approved figures change only after an audited reopen (workflow)
                err.print(f"[red]{path.name}: {exc}[/]")
                failures += 1
                progress.advance(task)
                continue
            if new:
                console.print(f"{path.name}: {len(doc.facts)} số liệu, {len(doc.findings)} cảnh báo → #{doc.id}")
            else:
                console.print(f"{path.name}: đã có / already stored")
            progress.advance(task)
    if failures:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    reload: Annotated[bool, typer.Option(help="Reload on code change (development).")] = False,
) -> None:
    """Start the web application."""
    import uvicorn

    console.print(f"htx: http://{host}:{port}/")
    # proxy headers are read by the app itself, from HTX_TRUSTED_PROXIES only (uvicorn's default trusts 127.0.0.1)
    uvicorn.run("htx.web.app:create_app", factory=True, host=host, port=port, reload=reload, proxy_headers=False)


_register_features()
