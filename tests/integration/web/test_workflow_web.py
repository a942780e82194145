"""Reporting workflow through the pages and the API: submit, return, approve, lock (page, API, import), reopen, history."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.web.support import basic, login, post

PERIOD = "2025-H2"


def _commune_of(db: sessionmaker[Session], username: str) -> str:
    from htx.db import users_repo

    with db() as s:
        user = users_repo.get_by_username(s, username)
        assert user is not None and user.commune_code
        return user.commune_code


def _filing_id(r) -> int:
    m = re.search(r"/workflow/filings/(\d+)", r.headers["location"])
    assert m, r.headers.get("location")
    return int(m.group(1))


def test_commune_chain_through_the_pages(client: TestClient, sample: sessionmaker[Session]) -> None:
    commune = _commune_of(sample, "xa")
    unit = f"new:commune:{commune}"
    entry = {"place": unit, "period": PERIOD, "actual|htx.count|": "12", "actual|htx.count|status=active": "10",
             "actual|htx.count|status=suspended": "1", "actual|htx.count|status=stopped": "1"}
    xa = login(TestClient(client.app), "xa")
    assert post(xa, "/entry", entry).status_code == 200
    page = xa.get(f"/workflow/unit?unit={unit}&period={PERIOD}")
    assert page.status_code == 200 and "Nộp báo cáo" in page.text
    r = post(xa, "/workflow/submit", {"dataset": "half_year", "period": PERIOD, "unit": unit, "version": "0"})
    assert r.status_code == 303
    fid = _filing_id(r)

    tinh = login(TestClient(client.app), "langson")
    table = tinh.get(f"/workflow/completeness?dataset=half_year&period={PERIOD}")
    assert table.status_code == 200 and f"/workflow/filings/{fid}" in table.text and "Đã nộp" in table.text
    r = post(tinh, f"/workflow/filings/{fid}/return", {"text": "", "version": "1"})
    assert r.status_code == 422 and "Trả lại cần ghi nhận xét" in r.text
    assert post(tinh, f"/workflow/filings/{fid}/return", {"text": "Thiếu số THT", "version": "1"}).status_code == 303
    assert "Thiếu số THT" in xa.get(f"/workflow/unit?unit={unit}&period={PERIOD}").text
    assert post(xa, "/workflow/submit", {"dataset": "half_year", "period": PERIOD, "unit": unit,
                                         "version": "2"}).status_code == 303
    stale = post(tinh, f"/workflow/filings/{fid}/approve", {"version": "2"})
    assert stale.status_code == 409 and "vừa được xa thay đổi" in stale.text
    assert post(tinh, f"/workflow/filings/{fid}/approve", {"version": "3"}).status_code == 303

    locked = post(xa, "/entry", {**entry, "actual|htx.count|": "13"})
    assert locked.status_code == 409 and "đã được phê duyệt" in locked.text
    assert post(xa, f"/workflow/filings/{fid}/approve", {"version": "4"}).status_code == 403

    admin = login(TestClient(client.app), "admin")
    r = post(admin, f"/workflow/filings/{fid}/reopen", {"text": " ", "version": "4"})
    assert r.status_code == 422 and "Mở lại cần ghi lý do" in r.text
    assert post(admin, f"/workflow/filings/{fid}/reopen", {"text": "Sai số HTX tạm ngừng", "version": "4"}).status_code == 303
    assert post(admin, "/entry", {**entry, "actual|htx.count|status=suspended": "2",
                                  "actual|htx.count|status=active": "9"}).status_code == 200
    assert post(admin, f"/workflow/filings/{fid}/approve", {"version": "6"}).status_code == 303

    page = admin.get(f"/workflow/filings/{fid}").text
    history = page[page.index('id="history"'):page.index('id="edits"')]
    assert [m for m in re.findall(r"<td>(Nộp|Trả lại|Phê duyệt|Mở lại)</td>", history)] == [
        "Nộp", "Trả lại", "Nộp", "Phê duyệt", "Mở lại", "Phê duyệt"]
    assert "Sai số HTX tạm ngừng" in history
    edits = page[page.index('id="edits"'):]
    cells = re.findall(r'<tr class="adjusted">(.*?)</tr>', edits)
    assert len(cells) == 2 and all(">admin<" in c for c in cells)
    assert re.search(r'tạm ngừng hoạt động\)</td><td class="num">1</td><td class="num">2</td>', edits)
    assert re.search(r'đang hoạt động\)</td><td class="num">10</td><td class="num">9</td>', edits)
    _province_report_marks_the_adjustment(tinh)
    for url in (f"/dashboard/new/commune/{commune}?period={PERIOD}", f"/dashboard/new/province/20?period={PERIOD}"):
        board = tinh.get(url).text
        assert 'id="workflow-notes"' in board and "(sau khi đã phê duyệt)" in board and "1 → 2" in board
    audit = client.get("/api/v1/audit?entity=workflow", auth=basic("admin")).json()
    assert {e["action"] for e in audit} == {"workflow:submit", "workflow:return", "workflow:approve", "workflow:reopen"}


def test_api_roles_conflicts_and_import_lock(client: TestClient, sample: sessionmaker[Session]) -> None:
    from htx.db.models import Document, FactRow

    unit = "new:province:20"
    assert client.get(f"/api/v1/workflow/status?unit={unit}&period={PERIOD}").status_code == 401
    assert client.get(f"/api/v1/workflow/status?unit={unit}&period={PERIOD}", auth=basic("bacninh")).status_code == 403
    status = client.get(f"/api/v1/workflow/status?unit={unit}&period={PERIOD}", auth=basic("langson")).json()
    assert [(o["dataset"], o["state"], o["actions"]) for o in status] == [("half_year", "owed", ["submit"])]
    r = client.post("/api/v1/workflow/submit", json={"dataset": "half_year", "period": PERIOD, "unit": unit},
                    auth=basic("langson"))
    assert r.status_code == 201, r.text
    fid = r.json()["id"]
    assert client.post(f"/api/v1/workflow/filings/{fid}/approve", json={},
                       auth=basic("langson")).status_code == 403
    r = client.post(f"/api/v1/workflow/filings/{fid}/approve", json={}, auth=basic("admin"))
    assert r.status_code == 422 and "đơn vị cấp dưới chưa được phê duyệt" in r.json()["detail"]
    r = client.post(f"/api/v1/workflow/filings/{fid}/approve",
                    json={"text": "Các xã chưa nộp, đã nhắc", "version": 1}, auth=basic("admin"))
    assert r.status_code == 200 and r.json()["state"] == "approved"
    r = client.post(f"/api/v1/workflow/filings/{fid}/reopen", json={"text": "x", "version": 1},
                    auth=basic("admin"))
    assert r.status_code == 409 and "thay đổi lúc" in r.json()["detail"]

    with sample() as s:  # a report read for the province and period, its figure awaiting review
        doc = Document(content_hash="h" * 64, filename="bc.txt", text="Có 12 HTX.", place_era="new", place_code="20",
                       period=PERIOD, province="Lạng Sơn")
        s.add(doc)
        s.flush()
        fact = FactRow(indicator="htx.count", dims={}, dims_key="", unit="unit", value=12, place_era="new",
                       place_level="province", place_code="20", period=PERIOD, source_kind="document",
                       document_id=doc.id, review="proposed")
        s.add(fact)
        s.commit()
        doc_id, fact_id = doc.id, fact.id
    r = client.post(f"/api/v1/facts/{fact_id}/review", json={"decision": "accepted"}, auth=basic("langson"))
    assert r.status_code == 409 and "đã được phê duyệt" in r.json()["detail"]
    tinh = login(TestClient(client.app), "langson")
    assert post(tinh, f"/documents/{doc_id}/accept-all").status_code == 409
    assert post(tinh, f"/documents/{doc_id}/facts/{fact_id}", {"decision": "accepted"}).status_code == 409
    with sample() as s:
        row = s.get(FactRow, fact_id)
        assert row is not None and row.review == "proposed"  # nothing changed

    comp = client.get(f"/api/v1/workflow/completeness?dataset=half_year&period={PERIOD}&level=province",
                      auth=basic("admin")).json()
    assert comp["total"]["expected"] == 34 and comp["total"]["approved"] == 1
    assert client.get(f"/api/v1/workflow/completeness?dataset=half_year&period={PERIOD}",
                      auth=basic("htx")).status_code == 403
    detail = client.get(f"/api/v1/workflow/filings/{fid}", auth=basic("langson")).json()
    assert [e["action"] for e in detail["events"]] == ["submit", "approve"]


def _province_report_marks_the_adjustment(tinh: TestClient) -> None:
    import io

    from docx import Document as Docx

    r = post(tinh, "/reports", {"place": "new:province:20", "period": PERIOD})
    assert r.status_code == 200, r.text[:300]
    link = re.search(r'href="(/reports/download/[0-9a-f]+/docx)"', r.text)
    assert link
    text = "\n".join(p.text for p in Docx(io.BytesIO(tinh.get(link.group(1)).content)).paragraphs)
    note = next(line for line in text.splitlines() if line.startswith("Số liệu điều chỉnh ngày"))
    assert "sau khi đã phê duyệt" in note and ": 1 → 2" in note and ": 10 → 9" in note


def test_approved_year_locks_the_cooperative_self_report(client: TestClient, sample: sessionmaker[Session]) -> None:
    from datetime import date

    from sqlalchemy import select

    from htx.db.models import Organisation
    from htx.db.models_web import User

    year = date.today().year - 1
    with sample() as s:
        org_id = s.scalar(select(User.organisation_id).where(User.username == "htx"))
        kind = s.scalar(select(Organisation.kind).where(Organisation.id == org_id))
    body = {"dataset": "annual_update", "period": str(year), "unit": f"org:{org_id}"}
    r = client.post("/api/v1/workflow/submit", json=body, auth=basic("htx"))
    assert kind == "HTX" and r.status_code == 201, r.text
    fid = r.json()["id"]
    assert client.post(f"/api/v1/workflow/filings/{fid}/approve", json={}, auth=basic("htx")).status_code == 403
    assert client.post(f"/api/v1/workflow/filings/{fid}/approve", json={}, auth=basic("admin")).status_code == 200
    coop = login(TestClient(client.app), "htx")
    from tests.integration.web.test_selfreport import FILING

    r = post(coop, f"/registry/{org_id}/self-report", {**FILING, "year": str(year)})
    assert r.status_code == 409 and "đã được phê duyệt" in r.text
    tinh = login(TestClient(client.app), "langson")
    r = post(tinh, f"/registry/{org_id}/classification", {"year": str(year), "classification": "good"})
    assert r.status_code == 409


def test_submit_form_with_or_without_a_read_report(client: TestClient, sample: sessionmaker[Session]) -> None:
    from htx.db.models import Document

    with sample() as s:
        doc = Document(content_hash="c" * 64, filename="quy3.txt", text=".", place_era="new", place_code="20",
                       period="2025-Q3")
        s.add(doc)
        s.commit()
        doc_id = doc.id
    tinh = login(TestClient(client.app), "langson")
    page = tinh.get("/workflow/unit?unit=new:province:20&period=2025-Q3").text
    assert f'<option value="{doc_id}">#{doc_id} · quy3.txt' in page
    form = {"dataset": "alliance_quarterly", "period": "2025-Q3", "unit": "new:province:20", "version": "0"}
    r = post(tinh, "/workflow/submit", {**form, "document_id": "", "dataset": "half_year"})
    assert r.status_code == 422 and "không theo kỳ 2025-Q3" in r.text
    r = post(tinh, "/workflow/submit", {**form, "document_id": str(doc_id)})
    assert r.status_code == 303
    detail = client.get(f"/api/v1/workflow/filings/{_filing_id(r)}", auth=basic("langson")).json()
    assert detail["document_id"] == doc_id and detail["state"] == "submitted"
