"""``htx survey`` commands: rounds of the satisfaction index survey (Chỉ số hài lòng cấp tỉnh của HTX)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from htx.cliutil import dump_json, fail, wide_console
from htx.survey import present
from htx.survey.model import SurveyError

survey_app = typer.Typer(help="Khảo sát Chỉ số hài lòng cấp tỉnh của HTX / satisfaction index survey.",
                         no_args_is_help=True)

RoundOption = Annotated[str, typer.Option("--round", help="Mã vòng khảo sát / round code, e.g. 2025-VD")]
PlaceOption = Annotated[str | None, typer.Option("--place", help="Tỉnh (tên hoặc mã, địa giới mới) / province")]
JsonOption = Annotated[bool, typer.Option("--json", help="JSON output.")]
UserOption = Annotated[str, typer.Option("--user", help="Tên người thực hiện, ghi vào nhật ký / audit name")]


@contextmanager
def _uow() -> Iterator[Any]:
    from htx.bootstrap import sessions
    from htx.services import UnitOfWork

    with UnitOfWork(sessions()) as uow:
        try:
            yield uow
        except SurveyError as exc:
            raise fail(exc) from None


def _province(text: str | None) -> str | None:
    if not text:
        return None
    from htx.geo.places import PlaceNotFound, to_place

    try:
        place = to_place(text, era="new", level="province")
    except (PlaceNotFound, ValueError) as exc:
        raise fail(exc, 2) from None
    if place.level != "province":
        raise fail(f"--place phải là một tỉnh / must be a province: {text}", 2)
    return place.code


@survey_app.command("rounds")
def rounds(as_json: JsonOption = False) -> None:
    """Các vòng khảo sát / list the rounds."""
    from htx.services import survey as svc

    with _uow() as uow:
        out = svc.list_rounds(uow)
    if as_json:
        dump_json(out)
        return
    t = Table(title="Vòng khảo sát / survey rounds")
    for col in ("Mã", "Năm", "Tên", "Mở – đóng", "Trạng thái", "Tệp"):
        t.add_column(col)
    for r in out:
        t.add_row(r["code"], str(r["year"]), r["title"], f"{r['opens']:%d/%m/%Y} – {r['closes']:%d/%m/%Y}",
                  r["status_label"], r["source"] + (" (ví dụ)" if r["example"] else ""))
    wide_console().print(t)


@survey_app.command("load")
def load(file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Tệp bảng hỏi YAML")],
         check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra, không lưu / validate only")] = False,
         user: UserOption = "cli", as_json: JsonOption = False) -> None:
    """Nạp bảng hỏi của một vòng (all or nothing) / load a round's questionnaire."""
    from htx.survey.loader import load_questionnaire

    try:
        q = load_questionnaire(file)
    except SurveyError as exc:
        raise fail(exc) from None
    out: dict[str, Any] = {"code": q.round.code, "dimensions": len(q.dimensions), "items": len(q.items),
                           "example": q.example, "stored": False}
    if not check:
        from htx.services import survey as svc

        with _uow() as uow:
            out |= svc.load_round(uow, file.read_bytes(), file.name, user) | {"stored": True}
    if as_json:
        dump_json(out)
        return
    what = "hợp lệ" if check else "đã nạp"
    wide_console().print(f"[green]Bảng hỏi {what}[/]: vòng {out['code']}, {out['dimensions']} lĩnh vực, "
                         f"{out['items']} câu hỏi" + (" — [yellow]bảng hỏi VÍ DỤ[/]" if q.example else ""))


def _transition(name: str, code: str, user: str, as_json: bool) -> None:
    from htx.services import survey as svc

    with _uow() as uow:
        out = getattr(svc, f"{name}_round")(uow, code, user)
    if as_json:
        dump_json(out)
        return
    extra = f", {out['frame']} HTX trong danh sách khảo sát" if "frame" in out else ""
    wide_console().print(f"Vòng {code}: {out['status_label']}{extra}")


@survey_app.command("template")
def template(out: Annotated[Path, typer.Option("--out", help="Tệp .xlsx hoặc .yaml để ghi")],
             from_file: Annotated[Path | None, typer.Option("--from", exists=True, dir_okay=False,
                                                            help="Bảng hỏi nguồn (mặc định: bảng hỏi ví dụ)")] = None) -> None:
    """Ghi bảng hỏi (mặc định: ví dụ) ra XLSX hoặc YAML để sửa / write a questionnaire template."""
    from htx.survey.loader import example, example_text, load_questionnaire
    from htx.survey.workbook import to_workbook

    try:
        q = load_questionnaire(from_file) if from_file else example()
    except SurveyError as exc:
        raise fail(exc) from None
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(to_workbook(q))
    elif from_file is None:
        out.write_text(example_text(), "utf-8")
    else:
        raise fail("--out .yaml chỉ dùng cho bảng hỏi ví dụ; hãy sao chép tệp YAML nguồn", 2)
    wide_console().print(f"Đã ghi {out}")


@survey_app.command("open")
def open_(round_code: RoundOption, user: UserOption = "cli", as_json: JsonOption = False) -> None:
    """Mở vòng: chốt danh sách HTX khảo sát từ sổ đăng ký / open a round and fix its frame."""
    _transition("open", round_code, user, as_json)


@survey_app.command("close")
def close(round_code: RoundOption, user: UserOption = "cli", as_json: JsonOption = False) -> None:
    """Đóng vòng: không nhận thêm phiếu / close a round."""
    _transition("close", round_code, user, as_json)


@survey_app.command("publish")
def publish(round_code: RoundOption, user: UserOption = "cli", as_json: JsonOption = False) -> None:
    """Công bố: tính và đóng băng kết quả / compute and freeze the result."""
    _transition("publish", round_code, user, as_json)


@survey_app.command("progress")
def progress(round_code: RoundOption, place: PlaceOption = None, as_json: JsonOption = False) -> None:
    """Tỷ lệ phản hồi theo tỉnh (hoặc theo xã của một tỉnh) / response rate."""
    from htx.services import survey as svc

    province = _province(place)
    with _uow() as uow:
        out = svc.progress(uow, round_code, province)
    if as_json:
        dump_json(out)
        return
    t = Table(title=f"Tiến độ vòng {round_code}: {out['submitted']}/{out['frame']} phiếu ({present.percent(out['rate'])})")
    for col in ("Xã" if province else "Tỉnh", "Danh sách", "Đã nộp", "Tỷ lệ"):
        t.add_column(col, justify="left" if col in ("Xã", "Tỉnh") else "right")
    for r in out["rows"]:
        name = present.commune_name(r["commune"]) if province else present.province_name(r["province"])
        t.add_row(name, str(r["frame"]), str(r["submitted"]), present.percent(r["rate"]))
    wide_console().print(t)


@survey_app.command("missing")
def missing(round_code: RoundOption, place: PlaceOption = None, as_json: JsonOption = False) -> None:
    """HTX chưa trả lời, kèm liên hệ / cooperatives that have not answered."""
    from htx.services import survey as svc

    with _uow() as uow:
        out = svc.missing_list(uow, round_code, _province(place), None)
    if as_json:
        dump_json(out)
        return
    t = Table(title=f"HTX chưa nộp phiếu: {out['total']}")
    for col in ("HTX", "Xã", "Điện thoại", "Email", "Zalo"):
        t.add_column(col)
    for r in out["rows"]:
        t.add_row(r["name"], present.commune_name(r["commune"]), r["phone"] or "—", r["email"] or "—", r["zalo"] or "—")
    wide_console().print(t)


@survey_app.command("contacts")
def contacts(round_code: RoundOption,
             file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="XLSX/JSON, sheet 'Liên hệ'")],
             user: UserOption = "cli", as_json: JsonOption = False) -> None:
    """Nhập điện thoại, email, Zalo của HTX trong danh sách (tất cả hoặc không) / import contacts."""
    from htx.services import survey as svc
    from htx.survey.contacts import read_contacts
    from htx.tabular import ImportErrors

    try:
        rows = read_contacts(file)
        with _uow() as uow:
            n = svc.set_contacts(uow, round_code, rows, file.name, user)
    except ImportErrors as exc:
        raise fail(exc) from None
    if as_json:
        dump_json({"round": round_code, "updated": n})
        return
    wide_console().print(f"Đã cập nhật liên hệ của {n} HTX.")


@survey_app.command("results")
def results(round_code: RoundOption, place: PlaceOption = None, as_json: JsonOption = False) -> None:
    """Kết quả: chỉ số theo tỉnh, hạng, nhóm, thay đổi / the round's results."""
    from htx.services import survey as svc

    province = _province(place)
    with _uow() as uow:
        out = svc.results(uow, round_code)
    if province:
        out["provinces"] = [p for p in out["provinces"] if p["place"] == province]
    if as_json:
        dump_json(out)
        return
    state = "TẠM TÍNH (chưa công bố)" if out["provisional"] else f"đã công bố {out['computed_at']:%d/%m/%Y}"
    t = Table(title=f"{out['summary']['title']} — {state}; tối thiểu {out['min_responses']} phiếu hợp lệ")
    for col in ("Hạng", "Tỉnh", "Phiếu hợp lệ", "Tỷ lệ phản hồi", "Chỉ số (0–100)", "Tỷ lệ hài lòng", "Nhóm", "Thay đổi", "Ghi chú"):
        t.add_column(col, justify="right" if col not in ("Tỉnh", "Nhóm", "Ghi chú") else "left")
    rows = present.province_rows(out) + ([] if province else [{**out["country"], "name": "Toàn quốc", "rank": None}])
    for r in rows:
        t.add_row(str(r["rank"] or "—"), r["name"], f"{r['valid']}/{r['submitted']}", present.percent(r["response_rate"]),
                  present.score(r["index"]), present.percent(r["satisfied_index"]), present.band(r.get("band")),
                  present.change(r.get("change")), r["note"] or r.get("change_note") or "")
    wide_console().print(t)


@survey_app.command("recheck")
def recheck(round_code: RoundOption, as_json: JsonOption = False) -> None:
    """Tính lại vòng đã công bố để đối chiếu (không ghi đè) / recompute and compare, never overwrite."""
    from htx.services import survey as svc

    with _uow() as uow:
        out = svc.recheck(uow, round_code)
    if as_json:
        dump_json(out)
        return
    if out["same"]:
        wide_console().print(f"Vòng {round_code}: tính lại trùng khớp kết quả đã công bố.")
    else:
        wide_console().print(f"[yellow]Vòng {round_code}: tính lại KHÁC kết quả đã công bố ở: "
                             f"{', '.join(present.province_name(p) for p in out['differences'])}[/]; {out['kept']}.")


@survey_app.command("synth")
def synth(round_code: RoundOption, seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
          rate: Annotated[float, typer.Option(help="Share of the frame that answers (0–1).")] = 0.7,
          as_json: JsonOption = False) -> None:
    """Sinh phiếu giả lập cho một vòng đang mở / synthetic responses for an open round."""
    from htx.services import survey as svc

    if not 0 < rate <= 1:
        raise fail("--rate phải trong (0, 1] / must be in (0, 1]", 2)
    with _uow() as uow:
        n = svc.synthesize(uow, round_code, seed, rate)
    if as_json:
        dump_json({"round": round_code, "responses": n})
        return
    wide_console().print(f"Đã sinh {n} phiếu giả lập cho vòng {round_code}.")


@survey_app.command("export")
def export(round_code: RoundOption, out: Annotated[Path, typer.Option("--out", help="Tệp .xlsx hoặc .docx")],
           place: PlaceOption = None) -> None:
    """Xuất kết quả (toàn quốc hoặc một tỉnh) ra XLSX hoặc DOCX / export the result."""
    from htx.services import survey as svc
    from htx.survey.export import to_docx, to_xlsx

    if out.suffix.lower() not in (".xlsx", ".docx"):
        raise fail("--out phải là tệp .xlsx hoặc .docx", 2)
    province = _province(place)
    with _uow() as uow:
        data = svc.results(uow, round_code)
        comments = svc.comment_list(uow, round_code, province) if province else []
    writer = to_xlsx if out.suffix.lower() == ".xlsx" else to_docx
    out.write_bytes(writer(data, province, comments))
    wide_console().print(f"Đã ghi {out}")
