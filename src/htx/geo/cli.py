"""``htx geo`` commands: find administrative units by name and convert codes across 2025."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from htx.cliutil import wide_console
from htx.geo.gazetteer import Gazetteer, gazetteer
from htx.geo.model import AdminUnit

MAX_LINKS = 6  # successors shown per row in the table (all of them in --json)

EraOption = Annotated[str | None, typer.Option("--era", help="old (before 1/7/2025) or new")]
LevelOption = Annotated[
    str | None, typer.Option("--level", help="province, district (old only) or commune")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table")]




def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _in_force(unit: AdminUnit) -> str:
    if unit.era == "new":
        return f"từ {_day(unit.valid_from)}"
    if unit.in_force_2025_06_30:
        return f"đến {_day(unit.valid_to)}"
    return "hết hiệu lực trước 30/06/2025"


def _unit_json(gaz: Gazetteer, unit: AdminUnit) -> dict[str, Any]:
    data = asdict(unit)
    data["valid_from"] = unit.valid_from.isoformat() if unit.valid_from else None
    data["valid_to"] = unit.valid_to.isoformat() if unit.valid_to else None
    data["province"] = gaz.province_of(unit).name
    return data


def _links(gaz: Gazetteer, unit: AdminUnit) -> list[tuple[AdminUnit, str]]:
    return gaz.successors(unit) if unit.era == "old" else gaz.predecessors(unit)


def _link_json(gaz: Gazetteer, unit: AdminUnit) -> list[dict[str, Any]]:
    return [
        {
            "era": u.era,
            "level": u.level,
            "code": u.code,
            "name": u.name,
            "province": gaz.province_of(u).name,
            "relation": rel,
        }
        for u, rel in _links(gaz, unit)
    ]


def _link_text(gaz: Gazetteer, unit: AdminUnit) -> str:
    links = _links(gaz, unit)
    arrow = "→" if unit.era == "old" else "←"
    parts = [f"{u.name} ({u.code}, {rel})" for u, rel in links[:MAX_LINKS]]
    if len(links) > MAX_LINKS:
        parts.append(f"… +{len(links) - MAX_LINKS}")
    return f"{arrow} " + "; ".join(parts) if parts else ""


def _check(era: str | None, level: str | None) -> None:
    if era not in (None, "old", "new"):
        raise typer.BadParameter("--era must be old or new")
    if level not in (None, "province", "district", "commune"):
        raise typer.BadParameter("--level must be province, district or commune")


def find_command(
    text: Annotated[str, typer.Argument(help='Place as written, e.g. "UBND huyện Triệu Sơn"')],
    era: EraOption = None,
    level: LevelOption = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many units")] = 10,
    as_json: JsonOption = False,
) -> None:
    """Find administrative units by name (accents optional; "TP", "Q.1", "HCM" understood)."""
    _check(era, level)
    gaz = gazetteer()
    units = gaz.find(text, level=level, era=era, limit=limit)
    if as_json:
        out = []
        for u in units:
            data = _unit_json(gaz, u)
            data["successors" if u.era == "old" else "predecessors"] = _link_json(gaz, u)
            out.append(data)
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    console = wide_console()
    if not units:
        console.print(f"No administrative unit matches {text!r}.")
        raise typer.Exit(1)
    table = Table(title=f"Units matching “{text}”")
    for column in ("Era", "Level", "Code", "Name", "Type", "Province", "In force", "1/7/2025"):
        table.add_column(column, overflow="fold")
    for u in units:
        table.add_row(
            u.era,
            u.level,
            u.code,
            u.name,
            u.type,
            gaz.province_of(u).name,
            _in_force(u),
            _link_text(gaz, u),
        )
    console.print(table)


def convert_command(
    code: Annotated[str, typer.Argument(help="Unit code, e.g. 15679 (leading zeros matter)")],
    era: Annotated[str, typer.Option("--era", help="Era of CODE: old or new")] = "old",
    level: Annotated[str, typer.Option("--level", help="commune, district or province")] = (
        "commune"
    ),
    as_json: JsonOption = False,
) -> None:
    """Show the new unit(s) an old unit became, or the old units a new one was made from."""
    _check(era, level)
    gaz = gazetteer()
    try:
        unit = gaz.unit(era, level, code)
    except KeyError as exc:
        typer.echo(str(exc.args[0]), err=True)
        raise typer.Exit(1) from None
    links = _links(gaz, unit)
    if as_json:
        data = {
            "unit": _unit_json(gaz, unit),
            "successors" if era == "old" else "predecessors": _link_json(gaz, unit),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = wide_console()
    console.print(
        f"{unit.era} {unit.level} {unit.code}: {unit.name}, {gaz.province_of(unit).name} "
        f"({_in_force(unit)})"
    )
    if not links:
        console.print("Not in the 2025 conversion table.")
        return
    title = "Became (from 1/7/2025)" if era == "old" else "Made from (before 1/7/2025)"
    table = Table(title=title)
    for column in ("Era", "Level", "Code", "Name", "Type", "Province", "Relation"):
        table.add_column(column, overflow="fold")
    for u, rel in links:
        table.add_row(u.era, u.level, u.code, u.name, u.type, gaz.province_of(u).name, rel)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add the ``geo`` sub-command group to the root app."""
    geo = typer.Typer(
        help="Administrative units (đơn vị hành chính) before and after 1 July 2025.",
        no_args_is_help=True,
    )
    geo.command("find")(find_command)
    geo.command("convert")(convert_command)
    app.add_typer(geo, name="geo")
