"""``htx workflow`` commands: obligations and their state, submit / return / approve / accept / reopen, completeness.

Every action names the account it is done as (``--user``), and is role-checked exactly as on
the web pages. Storage and use cases are imported inside the commands (``htx.services``), so
this module stays free of the database layer at import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.table import Table

from htx.cliutil import dump_json, fail, wide_console
from htx.formatting import format_number, format_percent
from htx.workflow.calendar import LEVEL_LABELS, default_calendar
from htx.workflow.states import STATE_LABELS, TransitionError

workflow_app = typer.Typer(help="Quy trình báo cáo / reporting workflow (nộp, phê duyệt, mở lại, đầy đủ).",
                           no_args_is_help=True)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
UserOpt = Annotated[str, typer.Option("--user", help="Account (login) the action is done as; its role is checked.")]
PeriodOpt = Annotated[str, typer.Option("--period", help="Period: 2025, 2025-H1, 2025-Q3.")]
DatasetOpt = Annotated[str, typer.Option("--dataset", help="Dataset code (see `htx workflow calendar`).")]


def register(app: typer.Typer) -> None:
    app.add_typer(workflow_app, name="workflow")


@contextmanager
def _uow() -> Iterator[Any]:
    from htx.bootstrap import sessions
    from htx.services import UnitOfWork

    with UnitOfWork(sessions()) as uow:
        try:
            yield uow
        except TransitionError as exc:
            raise fail(exc) from None


def _unit_key(place: str | None, org: int | None, period: str) -> str:
    """The unit that owes a report: a cooperative, or the place named for ``period`` (its era decides old/new)."""
    from htx.geo.places import PlaceNotFound, to_place

    if org is not None:
        return f"org:{org}"
    if not place:
        raise fail("Cần --place (tỉnh, xã hoặc era:level:code) hoặc --org (mã tổ chức).")
    try:
        return str(to_place(place, period=period))
    except PlaceNotFound as exc:
        raise fail(exc) from None


@workflow_app.command("calendar")
def calendar_command(as_json: JsonOpt = False) -> None:
    """The reporting calendar: datasets, the levels that owe them, due dates."""
    cal = default_calendar()
    if as_json:
        dump_json(cal.model_dump(mode="json", by_alias=True))
        return
    t = Table(title=f"Lịch báo cáo (phiên bản {cal.version})")
    for col in ("Mã", "Loại báo cáo", "Kỳ", "Cấp", "Hạn", "Hiệu lực"):
        t.add_column(col)
    for ds in cal.datasets:
        for st in ds.steps:
            due = f"ngày {st.due.month_day[3:]}/{st.due.month_day[:2]}" if st.due.month_day else \
                f"{st.due.days_after_end} ngày sau kỳ"
            when = (f"từ {st.valid_from:%d/%m/%Y} " if st.valid_from else "") + (f"đến {st.until:%d/%m/%Y}" if st.until else "")
            t.add_row(ds.code, ds.name, ds.period, LEVEL_LABELS[st.level], due + ("" if st.confirmed else " (*)"), when)
    wide_console().print(t)


@workflow_app.command("status")
def status_command(period: PeriodOpt, place: Annotated[str | None, typer.Option(help="Place: name, code or era:level:code.")] = None,
                   org: Annotated[int | None, typer.Option(help="Organisation id (a cooperative's own reports).")] = None,
                   user: Annotated[str | None, typer.Option(help="Account: also list the actions it may take.")] = None,
                   as_json: JsonOpt = False) -> None:
    """Every report a place or cooperative owes for a period: owed, submitted, late, approved."""
    from htx.services.workflow import actor_of
    from htx.services.workflow_status import obligations

    key = _unit_key(place, org, period)
    with _uow() as uow:
        actor = actor_of(uow, user) if user else None
        rows = obligations(uow, actor, key, period)
    if as_json:
        dump_json([o.to_json() for o in rows])
        return
    t = Table(title=f"Nghĩa vụ báo cáo — {rows[0].unit.name if rows else key}, kỳ {period}")
    for col in ("#", "Loại báo cáo", "Hạn", "Trạng thái", "Được làm"):
        t.add_column(col)
    for o in rows:
        t.add_row(str(o.row.id) if o.row else "—", o.dataset.name, f"{o.due:%d/%m/%Y}", STATE_LABELS[o.status],
                  ", ".join(o.actions))
    wide_console().print(t)


@workflow_app.command("submit")
def submit_command(dataset: DatasetOpt, period: PeriodOpt, user: UserOpt,
                   place: Annotated[str | None, typer.Option(help="Reporting place (commune or province).")] = None,
                   org: Annotated[int | None, typer.Option(help="Reporting organisation id.")] = None,
                   justification: Annotated[str | None, typer.Option(help="Why blocking findings do not stop it.")] = None,
                   as_json: JsonOpt = False) -> None:
    """Submit a dataset for a period (runs the consistency checks first)."""
    from htx.services.workflow import actor_of, submit

    key = _unit_key(place, org, period)
    with _uow() as uow:
        row = submit(uow, actor_of(uow, user), dataset, period, key, justification=justification)
        out = {"id": row.id, "state": row.state, "version": row.version, "findings": row.findings}
    _report(out, as_json)


def _report(out: dict[str, Any], as_json: bool) -> None:
    if as_json:
        dump_json(out)
    else:
        wide_console().print(f"Hồ sơ #{out['id']}: {STATE_LABELS[out['state']]} (phiên bản {out['version']})")


def _decision(action: str) -> Callable[..., None]:
    def command(submission: Annotated[int, typer.Argument(help="Filing id (see `htx workflow status`).")], user: UserOpt,
                text: Annotated[str | None, typer.Option("--text", "--reason", "--comment",
                                                         help="Comment (return), reason (reopen) or missing units (approve).")] = None,
                as_json: JsonOpt = False) -> None:
        from htx.services.workflow import actor_of, decide

        with _uow() as uow:
            row = decide(uow, actor_of(uow, user), submission, action, text=text)
            out = {"id": row.id, "state": row.state, "version": row.version}
        _report(out, as_json)

    command.__doc__ = {"return": "Return a submitted filing with a comment.",
                       "approve": "Approve a filing (locks its figures).",
                       "accept": "Accept an approved filing (the level above the approver).",
                       "reopen": "Reopen an approved filing; a reason is required and logged."}[action]
    return command


for _action in ("return", "approve", "accept", "reopen"):
    workflow_app.command(_action)(_decision(_action))


@workflow_app.command("completeness")
def completeness_command(dataset: DatasetOpt, period: PeriodOpt,
                         province: Annotated[str | None, typer.Option(help="One province (lists who is missing).")] = None,
                         level: Annotated[str | None, typer.Option(help="coop, district, commune or province.")] = None,
                         as_json: JsonOpt = False) -> None:
    """Completeness and timeliness per province (or one province with who is missing)."""
    from htx.services.workflow_status import completeness

    code = None
    if province:
        from htx.geo.places import PlaceNotFound, to_place

        try:
            code = to_place(province, level="province", period=period).code
        except PlaceNotFound as exc:
            raise fail(exc) from None
    with _uow() as uow:
        c = completeness(uow, dataset, period, code, level)
    if as_json:
        dump_json(c.to_json())
        return
    t = Table(title=f"{c.dataset.name} — kỳ {c.period.label_vi()} ({LEVEL_LABELS[c.level]})")
    for col in ("Tỉnh", "Phải nộp", "Đã nộp", "Đúng hạn", "Đã duyệt"):
        t.add_column(col, justify="left" if col == "Tỉnh" else "right")
    for r in [*c.rows, c.total]:
        t.add_row(r.name, format_number(r.expected), f"{format_number(r.submitted)} ({_pct(r.submitted_pct)})",
                  f"{format_number(r.on_time)} ({_pct(r.on_time_pct)})", f"{format_number(r.approved)} ({_pct(r.approved_pct)})")
    wide_console().print(t)
    for m in c.missing:
        wide_console().print(f"  thiếu: {m['name']} — {', '.join(m['contact']) or 'chưa có tài khoản liên hệ'}")


def _pct(v: Any) -> str:
    return "—" if v is None else format_percent(v, 2)


@workflow_app.command("due")
def due_command(user: UserOpt, days: Annotated[int, typer.Option(help="Look-ahead in days.")] = 7,
                as_json: JsonOpt = False) -> None:
    """What the account's own units must file in the next days (and what is late)."""
    from htx.services.workflow import actor_of
    from htx.services.workflow_status import due_soon

    with _uow() as uow:
        rows = due_soon(uow, actor_of(uow, user), days=days)
    if as_json:
        dump_json([o.to_json() for o in rows])
        return
    for o in rows:
        wide_console().print(f"{o.due:%d/%m/%Y}  {o.unit.name}: {o.dataset.name} kỳ {o.period.label_vi()} — "
                             f"{STATE_LABELS[o.status]}")
