"""``htx synth``: build the synthetic country (dữ liệu giả lập) in the configured database."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command("synth")(synth)


def synth(
    scale: Annotated[str, typer.Option(help="national (34 provinces) or province (one).")] = "national",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 1,
    province: Annotated[str | None, typer.Option(help="New-era province code for --scale province.")] = None,
    factor: Annotated[float, typer.Option(help="Multiply the national sizes (0.01 … 4).")] = 1.0,
    replace: Annotated[bool, typer.Option(help="Wipe existing synthetic data first.")] = False,
    survey: Annotated[bool, typer.Option(help="Also a satisfaction survey round with synthetic responses.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Generate a realistic synthetic registry and report facts, clearly marked synthetic."""
    import time

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from htx.bootstrap import sessions
    from htx.cliutil import dump_json, fail
    from htx.geo import gazetteer
    from htx.synth.generator import Batch, Plan
    from htx.synth.load import SyntheticExists, load_synthetic

    if scale not in ("national", "province"):
        raise fail(f"--scale phải là national hoặc province / must be national or province, not {scale!r}")
    if not 0 < factor <= 16:
        raise fail("--factor phải trong (0, 16] / must be in (0, 16]")
    plan = Plan(scale=scale, seed=seed, province=province, factor=factor)
    try:
        provinces = plan.provinces(gazetteer())
    except ValueError as exc:
        raise fail(str(exc)) from None
    err = Console(stderr=True)
    start = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=as_json) as progress:
        task = progress.add_task("Sinh dữ liệu giả lập / generating", total=len(provinces) + 1)

        def advance(batch: Batch) -> None:
            label = f"tỉnh / province {batch.province}" if batch.province else "số liệu báo cáo / report facts"
            progress.update(task, advance=1, description=label)

        try:
            result = load_synthetic(sessions(), plan, replace=replace, on_batch=advance)
        except SyntheticExists as exc:
            raise fail(str(exc)) from None
        except (OperationalError, ProgrammingError) as exc:
            raise fail(f"cơ sở dữ liệu chưa sẵn sàng, chạy `htx db upgrade` / database not ready: {exc.orig}") from None
    if survey:
        from htx.services import UnitOfWork
        from htx.services import survey as survey_svc

        with UnitOfWork(sessions()) as uow:
            result.rows["survey_response"] = survey_svc.synthetic_round(uow, seed)["responses"]
    seconds = round(time.perf_counter() - start, 1)
    if as_json:
        dump_json({"rows": result.rows, "seconds": seconds, "replaced_organisations": result.replaced[0]})
        return
    from htx.formatting import format_number

    rows = ", ".join(f"{table}: {format_number(n)}" for table, n in result.rows.items())
    Console().print(f"[green]Đã tạo dữ liệu giả lập / synthetic data created[/] trong {seconds} s — {rows}")
