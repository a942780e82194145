"""Pages and API of the satisfaction survey (khảo sát Chỉ số hài lòng cấp tỉnh của HTX).

* ``/survey`` — rounds; the administrator loads a questionnaire (checked before it is stored),
  opens, closes and publishes a round;
* ``/survey/{round}/form`` — a cooperative's own form (draft, resume, submit once; read-only after);
  ``/survey/{round}/paper/{org}`` — an officer enters a paper form for a cooperative of its place;
* ``/survey/{round}/progress`` — response rates by province (admin) or by commune (province
  officer), and the cooperatives that have not answered, with their contact;
* ``/survey/{round}/results`` — index table, ranks, bands, changes, dimension scores, weakest
  items, comments (a province officer sees the details of its own province), exports;
* ``/api/v1/survey/...`` — rounds and published results (JSON).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from htx.services import UnitOfWork
from htx.services import survey as svc
from htx.survey import present
from htx.survey.charts import dimension_bars, province_bars
from htx.survey.export import to_docx, to_xlsx
from htx.survey.loader import example_text, parse_file
from htx.survey.model import SurveyError
from htx.survey.payload import to_json
from htx.web.access import Forbidden, Principal, can_access_org
from htx.web.deps import AdminUser, CurrentUser, Id, OptionalUser, SessionDep
from htx.web.routes import render

router = APIRouter()
RoundCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.-]{1,20}$")]
MEDIA = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def _officer(user: Principal) -> None:
    if user.role not in ("admin", "province", "commune"):
        raise Forbidden("Chỉ cán bộ Liên minh HTX (toàn quốc, tỉnh, xã) được xem trang này.")


def _round_or_404(uow: UnitOfWork, code: str) -> tuple[dict[str, Any], Any]:
    try:
        return svc.get_round(uow, code)
    except svc.RoundNotFound as exc:
        raise HTTPException(404, str(exc)) from None


async def _form_fields(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


def public_index(session: Session) -> dict[str, Any] | None:
    """The published index table for the public page (latest published round), with province names."""
    table = svc.public_table(UnitOfWork.over(session))
    if table is not None:
        table["rows"] = [{**r, "name": present.province_name(r["place"])} for r in table["rows"]]
    return table


# --- rounds -----------------------------------------------------------------------------------

@router.get("/survey")
def rounds_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    uow = UnitOfWork.over(session)
    return render(request, "survey/rounds.html", user, rounds=svc.list_rounds(uow), preview=None, errors=None,
                  text="")


@router.post("/survey/load")
async def load_page(request: Request, session: SessionDep, user: AdminUser) -> Response:
    """Check (``action=check``) or store (``action=store``) a questionnaire pasted or uploaded."""
    form = await request.form()
    upload = form.get("file")
    name, text = "bang-hoi.yaml", str(form.get("text") or "")
    content: str | bytes = text
    if upload is not None and not isinstance(upload, str) and upload.filename:
        name, content = upload.filename, await upload.read()
        text = content.decode("utf-8", errors="replace") if not name.lower().endswith(".xlsx") else ""
    uow = UnitOfWork.over(session)
    if form.get("action") == "example":
        return render(request, "survey/rounds.html", user, rounds=svc.list_rounds(uow), preview=None, errors=None,
                      text=example_text())
    try:
        q = parse_file(content.encode("utf-8") if isinstance(content, str) else content, name)
        if form.get("action") == "store":
            svc.load_round(uow, content, name, user.username)
            return RedirectResponse(f"/survey?loaded={q.round.code}", status_code=303)
    except SurveyError as exc:
        return render(request, "survey/rounds.html", user, status_code=422, rounds=svc.list_rounds(uow),
                      preview=None, errors=str(exc).splitlines(), text=text)
    return render(request, "survey/rounds.html", user, rounds=svc.list_rounds(uow), preview=q, errors=None, text=text)


@router.post("/survey/{code}/state/{action}")
def round_action(session: SessionDep, user: AdminUser, code: RoundCode, action: str) -> Response:
    if action not in ("open", "close", "publish"):
        raise HTTPException(404, "Không có thao tác này")
    uow = UnitOfWork.over(session)
    try:
        getattr(svc, f"{action}_round")(uow, code, user.username)
    except svc.RoundNotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except SurveyError as exc:
        return RedirectResponse(f"/survey?error={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"/survey?done={action}&round={code}", status_code=303)


# --- forms ------------------------------------------------------------------------------------

def _form_page(request: Request, user: Principal, view: svc.FormView, org_id: int, paper: bool,
               answers: dict[str, Any] | None = None, comments: dict[str, Any] | None = None,
               errors: list[str] | None = None, status_code: int = 200) -> Response:
    stored = view.response
    return render(request, "survey/form.html", user, status_code=status_code, view=view, q=view.questionnaire,
                  org_id=org_id, paper=paper, errors=errors or [],
                  answers=answers if answers is not None else (stored.answers if stored else {}),
                  comments=comments if comments is not None else (stored.comments if stored else {}),
                  action=f"/survey/{view.round['code']}/paper/{org_id}" if paper else f"/survey/{view.round['code']}/form")


def _coop_of(user: Principal) -> int:
    if user.role != "coop" or not user.organisation_id:
        raise Forbidden("Chỉ tài khoản của hợp tác xã được trả lời phiếu; cán bộ dùng “nhập phiếu giấy”.")
    return user.organisation_id


def _paper_allowed(user: Principal, view: svc.FormView, org_id: int) -> None:
    f = view.frame
    if user.role == "coop" or f is None or not can_access_org(user, f.province_code, f.commune_code, org_id):
        raise Forbidden("Bạn không được nhập phiếu cho hợp tác xã này.")


async def _save(request: Request, session: Session, user: Principal, code: str, org_id: int, paper: bool) -> Response:
    uow = UnitOfWork.over(session)
    _round_or_404(uow, code)
    view = svc.get_form(uow, code, org_id)
    if paper:
        _paper_allowed(user, view, org_id)
    raw = await _form_fields(request)
    answers, comments = svc.parse_answers(view.questionnaire, raw)
    submit = raw.get("action") == "submit"
    try:
        svc.save_form(uow, code, org_id, answers, comments, user.username, submit=submit,
                      mode="paper" if paper else "online")
    except SurveyError as exc:
        session.rollback()
        view = svc.get_form(uow, code, org_id)
        return _form_page(request, user, view, org_id, paper, answers, comments, str(exc).split("; "), 409
                          if isinstance(exc, svc.FormRefused) else 422)
    target = f"/survey/{code}/paper/{org_id}" if paper else f"/survey/{code}/form"
    return RedirectResponse(f"{target}?saved={'submitted' if submit else 'draft'}", status_code=303)


@router.get("/survey/{code}/form")
def form_page(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode) -> Response:
    org_id = _coop_of(user)
    uow = UnitOfWork.over(session)
    _round_or_404(uow, code)
    return _form_page(request, user, svc.get_form(uow, code, org_id), org_id, paper=False)


@router.post("/survey/{code}/form")
async def form_save(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode) -> Response:
    return await _save(request, session, user, code, _coop_of(user), paper=False)


@router.get("/survey/{code}/paper/{org_id}")
def paper_page(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode, org_id: Id) -> Response:
    uow = UnitOfWork.over(session)
    _round_or_404(uow, code)
    view = svc.get_form(uow, code, org_id)
    _paper_allowed(user, view, org_id)
    return _form_page(request, user, view, org_id, paper=True)


@router.post("/survey/{code}/paper/{org_id}")
async def paper_save(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode, org_id: Id) -> Response:
    return await _save(request, session, user, code, org_id, paper=True)


# --- progress and results ---------------------------------------------------------------------

def _scope(user: Principal, place: str | None) -> str | None:
    """The province a page shows: a province officer's own, an admin's choice (None: the country)."""
    if user.is_admin:
        return place if place and place.isdigit() and len(place) == 2 else None
    if user.role == "province":
        return user.province_code
    return None


def _commune_province(user: Principal) -> str | None:
    from htx.geo import gazetteer

    unit = gazetteer().get("new", "commune", user.commune_code or "")
    return unit.province_code if unit else None


@router.get("/survey/{code}/progress")
def progress_page(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode,
                  place: str | None = None) -> Response:
    _officer(user)
    uow = UnitOfWork.over(session)
    summary, _ = _round_or_404(uow, code)
    commune = user.commune_code if user.role == "commune" else None
    province = _commune_province(user) if commune else _scope(user, place)
    data = svc.progress(uow, code, province)
    if commune:
        data["rows"] = [r for r in data["rows"] if r["commune"] == commune]
    missing = svc.missing_list(uow, code, province, commune) if (province or commune) else None
    return render(request, "survey/progress.html", user, summary=summary, data=data, province=province,
                  missing=missing, present=present)


@router.post("/survey/{code}/contacts")
async def contacts_upload(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode) -> Response:
    """A provincial alliance's contact list (XLSX/JSON, sheet “Liên hệ”) for its own province's cooperatives."""
    import tempfile
    from pathlib import Path as FsPath

    from htx.survey.contacts import read_contacts
    from htx.tabular import ImportErrors

    if user.role not in ("admin", "province"):
        raise Forbidden("Chỉ cán bộ tỉnh hoặc quản trị viên được nhập danh sách liên hệ.")
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str) or not upload.filename:
        return RedirectResponse(f"/survey/{code}/progress?error=Chưa chọn tệp", status_code=303)
    uow = UnitOfWork.over(session)
    _round_or_404(uow, code)
    name = FsPath(upload.filename).name
    with tempfile.TemporaryDirectory() as tmp:
        path = FsPath(tmp) / name
        path.write_bytes(await upload.read())
        try:
            n = svc.set_contacts(uow, code, read_contacts(path), name, user.username,
                                 None if user.is_admin else user.province_code)
        except (ImportErrors, SurveyError) as exc:
            session.rollback()
            return RedirectResponse(f"/survey/{code}/progress?error={quote(str(exc)[:1500])}", status_code=303)
    return RedirectResponse(f"/survey/{code}/progress?contacts={n}", status_code=303)


@router.get("/survey/{code}/results")
def results_page(request: Request, session: SessionDep, user: CurrentUser, code: RoundCode,
                 place: str | None = None) -> Response:
    _officer(user)
    uow = UnitOfWork.over(session)
    summary, _ = _round_or_404(uow, code)
    if summary["status"] != "published" and not user.is_admin:
        raise Forbidden("Kết quả chỉ xem được sau khi vòng khảo sát được công bố.")
    data = svc.results(uow, code)
    province = _scope(user, place)
    detail = next((p for p in data["provinces"] if p["place"] == province), None) if province else data["country"]
    comments = svc.comment_list(uow, code, province) if province else []
    rows = present.province_rows(data)
    return render(request, "survey/results.html", user, summary=summary, data=data, rows=rows, detail=detail,
                  province=province, comments=comments, present=present, bars=province_bars(rows),
                  dims=dimension_bars(detail["dimensions"]) if detail and detail["dimensions"] else "")


@router.get("/survey/{code}/export.{fmt}")
def export(session: SessionDep, user: CurrentUser, code: RoundCode, fmt: str, place: str | None = None) -> Response:
    _officer(user)
    if fmt not in MEDIA:
        raise HTTPException(404, "Chỉ xuất được xlsx hoặc docx")
    uow = UnitOfWork.over(session)
    summary, _ = _round_or_404(uow, code)
    if summary["status"] != "published" and not user.is_admin:
        raise Forbidden("Kết quả chỉ xuất được sau khi vòng khảo sát được công bố.")
    province = _scope(user, place)
    data = svc.results(uow, code)
    comments = svc.comment_list(uow, code, province) if province else []
    body = (to_xlsx if fmt == "xlsx" else to_docx)(data, province, comments)
    name = f"chi-so-hai-long-{code}-{province or 'toan-quoc'}.{fmt}"
    return Response(body, media_type=MEDIA[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'})


# --- API --------------------------------------------------------------------------------------

@router.get("/api/v1/survey/rounds", tags=["survey"])
def api_rounds(session: SessionDep, user: OptionalUser) -> JSONResponse:
    """Survey rounds (code, year, title, dates, status)."""
    return JSONResponse(to_json([{k: (str(v) if k in ("opens", "closes", "published_at") and v else v)
                                  for k, v in r.items()} for r in svc.list_rounds(UnitOfWork.over(session))]))


@router.get("/api/v1/survey/{code}/results", tags=["survey"])
def api_results(session: SessionDep, user: OptionalUser, code: RoundCode,
                place: Annotated[str | None, Query(max_length=2, pattern=r"^\d{2}$")] = None) -> JSONResponse:
    """Published results of a round (index, satisfied share, rank, band, change; dimensions per province)."""
    uow = UnitOfWork.over(session)
    summary, _ = _round_or_404(uow, code)
    if summary["status"] != "published":
        raise HTTPException(404, f"Vòng {code} chưa công bố kết quả")
    data = svc.results(uow, code)
    if place:
        data["provinces"] = [p for p in data["provinces"] if p["place"] == place]
    data["summary"] = {k: (str(v) if v is not None and k in ("opens", "closes", "published_at") else v)
                       for k, v in data["summary"].items()}
    data["computed_at"] = str(data["computed_at"])
    return JSONResponse(to_json(data))
