"""Reading a report (đọc báo cáo): upload, then review each extracted fact against its quote."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from htx.access import Forbidden, Principal, can_access_place, province_scope
from htx.db import web_queries
from htx.db.models import Document, FactRow
from htx.geo import gazetteer
from htx.geo.places import PlaceNotFound
from htx.ingest import ReadError, extract_file
from htx.services import UnitOfWork
from htx.services import documents as docs
from htx.stats.facts import Place, exact
from htx.web.deps import CurrentUser, Id, SessionDep, SettingsDep
from htx.web.routes import actor, render
from htx.web.routes.workflow import guard_rows

router = APIRouter()
ALLOWED = (".docx", ".pdf", ".txt", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024


def extract(path: Path) -> Any:
    """Run the report reader."""
    return extract_file(path)


def doc_place(doc: Document) -> Place | None:
    if not doc.place_code or not doc.place_era:
        return None
    return Place.checked(doc.place_era, "province", doc.place_code)


def get_document(session: Session, user: Principal, doc_id: int) -> Document:
    doc = session.get(Document, doc_id)
    if doc is None:
        raise HTTPException(404, "Không tìm thấy văn bản")
    place = doc_place(doc)
    if not ((place is not None and can_access_place(user, place)) or doc.uploaded_by == user.username
            or user.is_admin):
        raise Forbidden("Văn bản này thuộc địa bàn ngoài phạm vi của bạn.")
    return doc


def require_writable(user: Principal, doc: Document) -> Place:
    place = doc_place(doc)
    if place is None:
        raise Forbidden("Chọn địa bàn của văn bản trước khi duyệt số liệu.")
    if not can_access_place(user, place):
        from htx.geo.places import place_name

        raise Forbidden(f"Văn bản thuộc {place_name(place)}, ngoài phạm vi của bạn: không duyệt được số liệu.")
    return place


def segments(text: str, facts: list[FactRow]) -> list[dict[str, Any]]:
    """The text cut into plain runs and highlighted quotes (overlapping quotes: the first wins)."""
    out: list[dict[str, Any]] = []
    pos = 0
    for f in sorted((f for f in facts if f.start is not None and f.end is not None), key=lambda f: (f.start, f.id)):
        start, end = int(f.start or 0), int(f.end or 0)
        if start < pos or end > len(text) or end <= start:
            continue
        if start > pos:
            out.append({"text": text[pos:start]})
        out.append({"text": text[start:end], "fact": f.id, "review": f.review})
        pos = end
    out.append({"text": text[pos:]})
    return out


def scope_places(user: Principal) -> list[Place]:
    """Provinces a user may assign a document to (both eras)."""
    gaz = gazetteer()
    if user.is_admin:
        return [Place("new", "province", u.code) for u in gaz.provinces("new")] + \
            [Place("old", "province", u.code) for u in gaz.provinces("old")]
    return [Place.checked(e, "province", c) for e, c in (province_scope(user) or [])]


@router.get("/documents")
def documents_list(request: Request, session: SessionDep, user: CurrentUser, page: int = 1) -> Response:
    total, rows = web_queries.documents(session, province_scope(user), user.username, 50, (max(page, 1) - 1) * 50)
    return render(request, "documents/list.html", user, rows=rows, total=total, error=None)


@router.post("/documents/upload")
async def upload(request: Request, session: SessionDep, user: CurrentUser, settings: SettingsDep,
                 file: Annotated[UploadFile, File()]) -> Response:
    if user.role == "coop":
        raise Forbidden("Tài khoản hợp tác xã không đọc báo cáo của tỉnh.")
    name = Path(file.filename or "baocao.txt").name
    data = await file.read()

    def fail(msg: str) -> Response:
        total, rows = web_queries.documents(session, province_scope(user), user.username, 50, 0)
        return render(request, "documents/list.html", user, status_code=422, rows=rows, total=total, error=msg)

    if Path(name).suffix.lower() not in ALLOWED:
        return fail("Chỉ nhận tệp .docx, .pdf, .txt hoặc .html.")
    if not data or len(data) > MAX_BYTES:
        return fail("Tệp rỗng hoặc lớn hơn 20 MB.")
    folder = settings.data_dir / "uploads" / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    try:
        extraction = extract(path)
    except (ReadError, ValueError) as exc:
        return fail(f"Không đọc được tệp {name}: {exc}")
    doc, new = docs.store_report(UnitOfWork.over(session), actor(request, user), extraction, name)
    if not new:
        return RedirectResponse(f"/documents/{doc.id}?existing=1", status_code=303)
    return RedirectResponse(f"/documents/{doc.id}", status_code=303)


@router.get("/documents/{doc_id}")
def review_page(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id) -> Response:
    doc = get_document(session, user, doc_id)
    facts = web_queries.document_facts(session, doc.id)
    findings = web_queries.document_findings(session, doc.id)
    place = doc_place(doc)
    writable = place is not None and can_access_place(user, place)
    return render(request, "documents/review.html", user, doc=doc, facts=facts, findings=findings, place=place,
                  segments=segments(doc.text, facts), writable=writable, choices=scope_places(user),
                  proposed=sum(1 for f in facts if f.review == "proposed"), exact=exact, scales=docs.MONEY_SCALES)


@router.post("/documents/{doc_id}/facts/{fact_id}")
def review_fact(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id, fact_id: Id,
                decision: Annotated[str, Form()], value: Annotated[str, Form()] = "",
                scale: Annotated[str, Form()] = "") -> Response:
    doc = get_document(session, user, doc_id)
    require_writable(user, doc)
    row = session.get(FactRow, fact_id)
    if row is None or row.document_id != doc.id:
        raise HTTPException(404, "Không tìm thấy số liệu")
    guard_rows(session, [row])  # approved figures change only after an audited reopen (workflow)
    error, findings = None, []
    uow = UnitOfWork.over(session)
    try:
        docs.review_fact(uow, actor(request, user), row, decision, text=value if decision == "corrected" else None,
                         scale=scale)
        if decision == "corrected":
            findings = docs.document_findings(uow, doc.id, row.id)
    except ValueError as exc:
        session.rollback()
        error = str(exc)
    if error is not None and not request.headers.get("HX-Request"):  # a plain form post: the page says why
        return RedirectResponse(f"/documents/{doc_id}?{urlencode({'refused': error})}#fact-{fact_id}", status_code=303)
    if request.headers.get("HX-Request"):
        return render(request, "documents/_fact_row.html", user, f=row, writable=True, error=error, doc=doc, exact=exact,
                      typed={"value": value, "scale": scale}, findings=findings, scales=docs.MONEY_SCALES,
                      status_code=200 if error is None else 422)
    return RedirectResponse(f"/documents/{doc_id}#fact-{fact_id}", status_code=303)


@router.post("/documents/{doc_id}/accept-all")
def accept_all(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id) -> Response:
    doc = get_document(session, user, doc_id)
    require_writable(user, doc)
    guard_rows(session, [f for f in web_queries.document_facts(session, doc.id) if f.review == "proposed"])
    accepted = docs.accept_all(UnitOfWork.over(session), actor(request, user), doc)
    return RedirectResponse(f"/documents/{doc_id}?accepted={accepted}", status_code=303)


@router.post("/documents/{doc_id}/place")
def set_place(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id,
              place: Annotated[str, Form()]) -> Response:
    doc = get_document(session, user, doc_id)
    from htx.web.routes import parse_place

    try:
        new_place = parse_place(place)
    except PlaceNotFound as exc:
        raise HTTPException(422, str(exc)) from None
    if new_place.level != "province" or not can_access_place(user, new_place):
        raise Forbidden("Bạn chỉ được gán văn bản cho tỉnh trong phạm vi của mình.")
    docs.place_document(UnitOfWork.over(session), actor(request, user), doc, doc_place(doc), new_place)
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


@router.post("/findings/{finding_id}")
def finding_status(request: Request, session: SessionDep, user: CurrentUser, finding_id: Id,
                   status: Annotated[str, Form()]) -> Response:
    from htx.db.models import FindingRow

    row = session.get(FindingRow, finding_id)
    if row is None:
        raise HTTPException(404, "Không tìm thấy cảnh báo")
    if row.place_code and row.place_era:
        if not can_access_place(user, Place.checked(row.place_era, "province", row.place_code)):
            raise Forbidden("Cảnh báo này ngoài phạm vi của bạn.")
    elif not user.is_admin:
        raise Forbidden("Cảnh báo này ngoài phạm vi của bạn.")
    try:
        docs.settle_finding(UnitOfWork.over(session), actor(request, user), row, status)
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    back = f"/documents/{row.document_id}" if row.document_id else "/home"
    return RedirectResponse(back, status_code=303)
