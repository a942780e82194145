"""Reading a report (đọc báo cáo): upload, then review each extracted fact against its quote."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from babel.numbers import NumberFormatError, parse_decimal
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from htx.db import documents_repo, web_queries
from htx.db.models import Document, FactRow
from htx.geo import gazetteer
from htx.geo.places import PlaceNotFound, document_place
from htx.stats.facts import Place, exact
from htx.web.access import Forbidden, Principal, can_access_place, province_scope
from htx.web.deps import CurrentUser, Id, SessionDep, SettingsDep
from htx.web.routes import audit, render
from htx.web.routes.workflow import guard_rows

router = APIRouter()
ALLOWED = (".docx", ".pdf", ".txt", ".html", ".htm")
MAX_BYTES = 20 * 1024 * 1024


def extract(path: Path) -> Any:
    """Run the report reader (imported lazily: ``htx.ingest`` is optional at import time)."""
    from htx.ingest import extract_file  # type: ignore[attr-defined]

    return extract_file(path)


def read_error_types() -> tuple[type[BaseException], ...]:
    try:
        from htx.ingest import ReadError  # type: ignore[attr-defined]
    except ImportError:
        return (ValueError,)
    return (ReadError, ValueError)


def doc_place(doc: Document) -> Place | None:
    if not doc.place_code or not doc.place_era:
        return None
    return Place(doc.place_era, "province", doc.place_code)  # type: ignore[arg-type]


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
    return [Place(e, "province", c) for e, c in (province_scope(user) or [])]  # type: ignore[arg-type]


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
    except ImportError:
        return fail("Bộ đọc báo cáo (htx.ingest) chưa được cài đặt.")
    except read_error_types() as exc:
        return fail(f"Không đọc được tệp {name}: {exc}")
    existing = documents_repo.find_by_hash(session, extraction.content_hash)
    if existing is not None:
        return RedirectResponse(f"/documents/{existing.id}?existing=1", status_code=303)
    place = document_place(extraction.document.to_json())
    doc, _ = documents_repo.store_extraction(session, extraction, name, place, user=user.username, review="proposed")
    audit(session, request, user, "upload", "document", doc.id, None,
          {"file": name, "facts": len(doc.facts), "findings": len(doc.findings), "place": str(place) if place else None})
    session.commit()
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
                  proposed=sum(1 for f in facts if f.review == "proposed"), exact=exact)


def parse_value(text: str) -> Any:
    try:
        return parse_decimal(text.strip().replace(" ", ""), locale="vi_VN", strict=False)
    except NumberFormatError:
        raise ValueError(f"'{text}' không phải là số") from None


@router.post("/documents/{doc_id}/facts/{fact_id}")
def review_fact(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id, fact_id: Id,
                decision: Annotated[str, Form()], value: Annotated[str, Form()] = "") -> Response:
    doc = get_document(session, user, doc_id)
    require_writable(user, doc)
    row = session.get(FactRow, fact_id)
    if row is None or row.document_id != doc.id:
        raise HTTPException(404, "Không tìm thấy số liệu")
    guard_rows(session, [row])  # approved figures change only after an audited reopen (workflow)
    old = {"review": row.review, "value": row.value}
    error = None
    try:
        if decision not in ("accepted", "rejected", "corrected"):
            raise ValueError("quyết định không hợp lệ")
        documents_repo.review_fact(session, row.id, decision, user.username,
                                   parse_value(value) if decision == "corrected" else None)
        audit(session, request, user, f"review:{decision}", "fact", row.id, old, {"review": row.review, "value": row.value})
        session.commit()
    except ValueError as exc:
        session.rollback()
        error = str(exc)
    if request.headers.get("HX-Request"):
        return render(request, "documents/_fact_row.html", user, f=row, writable=True, error=error, doc=doc, exact=exact,
                      status_code=200 if error is None else 422)
    return RedirectResponse(f"/documents/{doc_id}#fact-{fact_id}", status_code=303)


@router.post("/documents/{doc_id}/accept-all")
def accept_all(request: Request, session: SessionDep, user: CurrentUser, doc_id: Id) -> Response:
    doc = get_document(session, user, doc_id)
    require_writable(user, doc)
    rows = [f for f in web_queries.document_facts(session, doc.id) if f.review == "proposed"]
    guard_rows(session, rows)  # approved figures change only after an audited reopen (workflow)
    now = datetime.now()
    for row in rows:
        row.review, row.reviewed_by, row.reviewed_at = "accepted", user.username, now
    audit(session, request, user, "review:accept-all", "document", doc.id, {"proposed": len(rows)},
          {"accepted": [r.id for r in rows]}, count=len(rows))
    session.commit()
    return RedirectResponse(f"/documents/{doc_id}?accepted={len(rows)}", status_code=303)


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
    old = doc_place(doc)
    web_queries.set_document_place(session, doc, new_place)
    audit(session, request, user, "set-place", "document", doc.id, {"place": str(old) if old else None},
          {"place": str(new_place)})
    session.commit()
    return RedirectResponse(f"/documents/{doc_id}", status_code=303)


@router.post("/findings/{finding_id}")
def finding_status(request: Request, session: SessionDep, user: CurrentUser, finding_id: Id,
                   status: Annotated[str, Form()]) -> Response:
    from htx.db.models import FindingRow

    row = session.get(FindingRow, finding_id)
    if row is None:
        raise HTTPException(404, "Không tìm thấy cảnh báo")
    if row.place_code and row.place_era:
        if not can_access_place(user, Place(row.place_era, "province", row.place_code)):  # type: ignore[arg-type]
            raise Forbidden("Cảnh báo này ngoài phạm vi của bạn.")
    elif not user.is_admin:
        raise Forbidden("Cảnh báo này ngoài phạm vi của bạn.")
    if status not in ("open", "resolved", "dismissed"):
        raise HTTPException(422, "Trạng thái không hợp lệ")
    old = row.status
    row.status = status
    audit(session, request, user, "finding-status", "finding", row.id, {"status": old}, {"status": status})
    session.commit()
    back = f"/documents/{row.document_id}" if row.document_id else "/home"
    return RedirectResponse(back, status_code=303)
