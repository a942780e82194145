"""``htx classify`` commands: rule sets (list, load), a cooperative's sheet, summaries, sizes, the XLSX list.

Thin: each command parses its options, calls one use case of ``htx.services.classify`` /
``classify_report`` and prints a table or, with ``--json``, one JSON document.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from htx.classify import GRADE_LABELS, SIZE_LABELS, SIZES
from htx.cliutil import dump_json, fail, wide_console
from htx.formatting import format_number, format_percent
from htx.stats.facts import Place

classify_app = typer.Typer(help="Phân loại, xếp loại và quy mô HTX / classification of cooperatives.",
                           no_args_is_help=True)
rules_app = typer.Typer(help="Bộ quy tắc chấm điểm và quy mô / rule sets.", no_args_is_help=True)
classify_app.add_typer(rules_app, name="rules")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]
YearOption = Annotated[int, typer.Option("--year", help="Year scored (e.g. 2025)", min=2000, max=2100)]
PlaceOption = Annotated[str, typer.Option("--place", help="Place: name, code, era:level:code or 'toàn quốc'")]
EraOption = Annotated[str, typer.Option("--era", help="Era of --place: new (after 1/7/2025) or old")]


@contextmanager
def _uow() -> Iterator[Any]:
    from htx.bootstrap import sessions
    from htx.services import UnitOfWork

    with UnitOfWork(sessions()) as uow:
        yield uow


def _place(text: str, era: str) -> Place:
    from htx.geo.places import PlaceNotFound, to_place

    try:
        return to_place(text, era=era)
    except (PlaceNotFound, ValueError) as exc:
        raise fail(exc, 2) from None


def _pct(v: Any) -> str:
    return "—" if v is None else format_percent(v)


@rules_app.command("list")
def rules_list(as_json: JsonOption = False) -> None:
    """Stored rule sets (the shipped ones are stored on first use), every version."""
    from htx.services import classify as svc

    with _uow() as uow:
        rows: list[dict[str, Any]] = [{"id": r.id, "code": r.code, "version": r.version, "kind": r.kind, "title": r.title,
                 "valid_from": r.valid_from, "valid_to": r.valid_to, "loaded_by": r.loaded_by,
                 "legal_ref": r.body.get("legal_ref")} for r in svc.list_rule_sets(uow)]
    if as_json:
        dump_json(rows)
        return
    table = Table("id", "mã", "phiên bản", "loại", "tên", "hiệu lực")
    for r in rows:
        table.add_row(str(r["id"]), r["code"], str(r["version"]), r["kind"], r["title"],
                      f"{r['valid_from']} → {r['valid_to'] or '…'}")
    wide_console().print(table)


@rules_app.command("load")
def rules_load(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Rule-set YAML file")],
               by: Annotated[str, typer.Option("--by", help="Who loads it (audit log)")] = "cli",
               as_json: JsonOption = False) -> None:
    """Validate and store a new or corrected rule set (a correction needs a new version)."""
    from htx.classify.rules import RuleSetError
    from htx.services import classify as svc

    try:
        with _uow() as uow:
            row, created = svc.load_rule_set(uow, file.read_text("utf-8"), file.name, by)
            out = {"id": row.id, "code": row.code, "version": row.version, "created": created}
    except (RuleSetError, svc.ClassifyError, UnicodeDecodeError) as exc:
        raise fail(exc) from None
    if as_json:
        dump_json(out)
    else:
        word = "Đã nạp" if created else "Đã có sẵn (không đổi)"
        typer.echo(f"{word}: {out['code']} phiên bản {out['version']} (#{out['id']})")


@classify_app.command("score")
def score(org: Annotated[int, typer.Option("--org", help="Organisation id", min=1)], year: YearOption,
          as_json: JsonOption = False) -> None:
    """A cooperative's scoring sheet for a year: lines, points, proposals, total, grade, status."""
    from htx.services import classify as svc

    try:
        with _uow() as uow:
            view = svc.sheet_view(uow, org, year)
            out = svc.sheet_out(view)
    except svc.ClassifyError as exc:
        raise fail(exc) from None
    if as_json:
        dump_json(out)
        return
    typer.echo(f"{out['organisation']} — năm {year} — {out['rule_set'] or 'không có bộ quy tắc'} — "
               f"{out['status_label']}")
    table = Table("mục", "tiêu chí", "tối đa", "điểm", "đề xuất")
    for line in out["lines"]:
        table.add_row(line["code"], line["name"], line["max"], line["points"] or "",
                      line["proposal"]["rule"] if line["proposal"] else "")
    wide_console().print(table)
    if out["sheet"]:
        typer.echo(f"Tổng điểm: {out['sheet']['total']}; xếp loại: {GRADE_LABELS.get(out['sheet']['grade'] or '', '—')}")


@classify_app.command("summary")
def summary(place: PlaceOption, year: YearOption, era: EraOption = "new", as_json: JsonOption = False) -> None:
    """Counts and shares per class and size, completeness and change on last year, for a place."""
    from htx.geo.places import place_name
    from htx.services import classify_report as report

    p = _place(place, era)
    with _uow() as uow:
        s = report.summary(uow, p, year)
    if as_json:
        dump_json(s.to_json())
        return
    typer.echo(f"{place_name(p)} — năm {year}: {s.completeness}")
    table = Table("xếp loại", "số HTX", "tỷ lệ", f"so với {year - 1}")
    for g, n in s.classes.counts.items():
        d = s.change[g]
        table.add_row(GRADE_LABELS[g], format_number(n), _pct(s.classes.share(g)),
                      "—" if d is None else f"{d:+d}")
    table.add_row("Khá, tốt", format_number(s.classes.counts["good"] + s.classes.counts["fair"]),
                  _pct(s.classes.good_fair_share), "")
    wide_console().print(table)
    sizes = Table("quy mô", "số HTX", "tỷ lệ")
    for size in SIZES:
        sizes.add_row(SIZE_LABELS[size], format_number(s.sizes.counts[size]), _pct(s.sizes.share(size)))
    for reason, n in s.sizes.undetermined.most_common():
        sizes.add_row(f"chưa xác định: {reason}", format_number(n), "")
    wide_console().print(sizes)


@classify_app.command("size")
def size(place: PlaceOption, year: YearOption, only: Annotated[str | None, typer.Option(
        "--size", help="Only one class: large, medium, small, micro or unknown")] = None,
         era: EraOption = "new", as_json: JsonOption = False) -> None:
    """Every HTX of a place with its size class (NĐ 113/2024), or why it has none."""
    from htx.services import classify_report as report

    if only is not None and only not in (*SIZES, "unknown"):
        raise fail("--size phải là large, medium, small, micro hoặc unknown", 2)
    with _uow() as uow:
        rows: list[dict[str, Any]] = [{"id": o.id, "name": o.name, "sector": o.sector, "members": o.members, "size": r.size,
                 "reason": r.reason} for o, r in report.size_list(uow, _place(place, era), year, only)]
    if as_json:
        dump_json(rows)
        return
    table = Table("id", "tên", "ngành", "thành viên", "quy mô")
    for r in rows:
        table.add_row(str(r["id"]), r["name"], r["sector"], format_number(r["members"]) if r["members"] is not None else "—",
                      SIZE_LABELS.get(r["size"] or "", f"chưa xác định ({r['reason']})"))
    wide_console().print(table)


@classify_app.command("export")
def export(place: PlaceOption, year: YearOption, out: Annotated[Path, typer.Option("--out", help="XLSX file to write")],
           era: EraOption = "new") -> None:
    """The compiled list (danh sách HTX theo kết quả xếp loại) as XLSX."""
    from htx.services import classify_report as report

    with _uow() as uow:
        data = report.export_xlsx(uow, _place(place, era), year)
    out.write_bytes(data)
    typer.echo(f"Đã ghi {out}")
