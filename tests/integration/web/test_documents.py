"""Read a report: upload → review (accept, correct, reject, accept all) → the dashboard changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.web.support import basic, csrf, login, post

REPORT = """LIÊN MINH HTX TỈNH LẠNG SƠN

Số: 12/BC-LM

Lạng Sơn, ngày 10 tháng 4 năm 2021

BÁO CÁO
Kết quả công tác Quý I/2021

Tổng hợp số liệu kinh tế tập thể tỉnh đến ngày 31/03/2021 như sau:

Tổng số HTX: 250 HTX (200 HTX đang hoạt động, 30 HTX tạm ngừng hoạt động và 20 HTX ngừng hoạt động chờ giải thể). Tổng vốn điều lệ của các HTX là 150.000 triệu đồng và số thành viên tham gia HTX là 9.000 người.
"""


def _headline(client: TestClient, place: str, period: str, indicator: str, dims: dict[str, str]) -> object:
    facts = client.get(f"/api/v1/figures?place={place}&period={period}", auth=basic("admin")).json()["facts"]
    found = [f for f in facts if f["indicator"] == indicator and f["dims"] == dims and f["unit"] != "percent"
             and f["kind"] == "actual"]
    return found[0]["value"] if found else None


def _upload(client: TestClient, name: str, content: bytes) -> int:
    r = client.post("/documents/upload", files={"file": (name, content, "text/plain")},
                    data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303, r.text[:1000]
    return int(r.headers["location"].split("/")[2].split("?")[0])


def test_upload_review_accept_changes_dashboard(client: TestClient) -> None:
    login(client, "langson")
    before = _headline(client, "new:province:20", "2021-Q1", "htx.count", {})
    assert before != 250
    doc_id = _upload(client, "bao-cao-quy-1.txt", REPORT.encode())
    page = client.get(f"/documents/{doc_id}").text
    assert "Tỉnh Lạng Sơn (địa giới cũ)" in page  # a 2021 report: old-era province
    assert page.count("<mark ") == 6 and "chờ duyệt 6" in page
    assert '<mark id="q-' in page and ">250 HTX</mark>" in page
    # proposed facts do not count
    assert _headline(client, "new:province:20", "2021-Q1", "htx.count", {}) == before
    facts = client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()["facts"]
    by_quote = {f["quote"]: f for f in facts}
    total = by_quote["250 HTX"]
    members = by_quote["9.000 người"]
    active = by_quote["200 HTX đang hoạt động"]
    hx = {"HX-Request": "true", "X-CSRF-Token": csrf(client)}
    r = client.post(f"/documents/{doc_id}/facts/{total['id']}", data={"decision": "accepted"}, headers=hx)
    assert r.status_code == 200 and r.text.lstrip().startswith("<tr") and "đã nhận" in r.text and "langson" in r.text
    r = client.post(f"/documents/{doc_id}/facts/{members['id']}", data={"decision": "corrected", "value": "9.100"}, headers=hx)
    assert r.status_code == 200 and "9.100" in r.text
    r = client.post(f"/documents/{doc_id}/facts/{active['id']}", data={"decision": "corrected", "value": "abc"}, headers=hx)
    assert r.status_code == 422 and "không phải là số" in r.text
    r = client.post(f"/documents/{doc_id}/facts/{active['id']}", data={"decision": "rejected"}, headers=hx)
    assert "đã loại" in r.text
    assert _headline(client, "new:province:20", "2021-Q1", "htx.count", {}) == 250  # old Lạng Sơn re-homed
    assert _headline(client, "new:province:20", "2021-Q1", "htx.members", {}) == 9100
    assert _headline(client, "old:province:20", "2021-Q1", "htx.count", {"status": "active"}) != 200
    dash = client.get("/dashboard/new/province/20?period=2021-Q1").text
    assert "250" in dash and "báo cáo đã duyệt" in dash
    r = post(client, f"/documents/{doc_id}/accept-all")
    assert r.status_code == 303 and "accepted=3" in r.headers["location"]
    detail = client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()
    assert {f["review"] for f in detail["facts"]} == {"accepted", "rejected"}
    assert all(f["reviewed_by"] == "langson" for f in detail["facts"])
    assert _headline(client, "new:province:20", "2021-Q1", "htx.charter_capital", {}) == 150_000_000_000
    audit = client.get("/api/v1/audit?entity=fact", auth=basic("admin")).json()
    assert {"review:accepted", "review:corrected", "review:rejected"} <= {e["action"] for e in audit}


def test_other_province_cannot_see_or_review_the_document(client: TestClient) -> None:
    login(client, "langson")
    doc_id = _upload(client, "lang-son.txt", REPORT.encode())
    fact_id = client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()["facts"][0]["id"]
    other = TestClient(client.app)
    login(other, "bacninh")
    assert other.get(f"/documents/{doc_id}").status_code == 403
    assert other.get(f"/api/v1/documents/{doc_id}", auth=basic("bacninh")).status_code == 403
    assert doc_id not in [d["id"] for d in other.get("/api/v1/documents", auth=basic("bacninh")).json()]
    assert post(other, f"/documents/{doc_id}/facts/{fact_id}", {"decision": "accepted"}).status_code == 403
    assert post(other, f"/documents/{doc_id}/accept-all").status_code == 403
    r = other.post(f"/api/v1/facts/{fact_id}/review", json={"decision": "accepted"}, auth=basic("bacninh"))
    assert r.status_code == 403
    assert post(other, f"/documents/{doc_id}/place", {"place": "new:province:24"}).status_code == 403


def test_document_of_another_province_must_be_reassigned_before_review(client: TestClient, shared_dir: Path) -> None:
    """Seed 000 is a Bắc Giang report: a Lạng Sơn officer sees it is outside the province."""
    login(client, "langson")
    seed = shared_dir / "seeds" / "000_584b80c1b9beabd9.txt"
    doc_id = _upload(client, seed.name, seed.read_bytes())
    page = client.get(f"/documents/{doc_id}").text
    assert "Tỉnh Bắc Giang (địa giới cũ)" in page and "ngoài phạm vi của bạn" in page
    assert 'id="accept-all"' not in page
    assert post(client, f"/documents/{doc_id}/accept-all").status_code == 403
    bacninh = TestClient(client.app)
    login(bacninh, "bacninh")
    assert bacninh.get(f"/documents/{doc_id}").status_code == 200  # old Bắc Giang is in new Bắc Ninh
    assert post(bacninh, f"/documents/{doc_id}/accept-all").status_code == 303
    assert _headline(client, "old:province:24", "2021-Q1", "htx.count", {}) == 830
    # new Bắc Ninh is old Bắc Giang + old Bắc Ninh: Bắc Giang's count alone is not its total (issue 15)
    assert _headline(client, "new:province:24", "2021-Q1", "htx.count", {}) is None
    findings = client.get("/api/v1/findings", auth=basic("bacninh")).json()
    assert any(f["rule"] == "percent" and f["document_id"] == doc_id for f in findings)
    assert not any(f["document_id"] == doc_id for f in client.get("/api/v1/findings", auth=basic("langson")).json())


def test_unreadable_upload_is_refused_in_vietnamese(client: TestClient) -> None:
    login(client, "langson")
    r = client.post("/documents/upload", files={"file": ("x.exe", b"MZ", "application/octet-stream")},
                    data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "Chỉ nhận tệp" in r.text
    r = client.post("/documents/upload", files={"file": ("hong.pdf", b"%PDF-1.4 broken", "application/pdf")},
                    data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "Không đọc được" in r.text
    assert re.search(r"Văn bản đã đọc \(0\)", r.text)


def test_corrections_are_checked_like_entry(client: TestClient) -> None:
    login(client, "langson")
    doc_id = _upload(client, "bao-cao-sua.txt", REPORT.replace("Quý I/2021", "Quý I/2021 (bản sửa)").encode())
    page = client.get(f"/documents/{doc_id}").text
    assert 'name="scale"' in page and "triệu đồng</option>" in page  # money: the unit is chosen
    assert '"422", "swap": true' in page  # htmx puts a refused correction's message on screen
    by_quote = {f["quote"]: f for f in client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()["facts"]}
    total, capital = by_quote["250 HTX"], by_quote["150.000 triệu đồng"]
    hx = {"HX-Request": "true", "X-CSRF-Token": csrf(client)}

    def correct(fact: dict[str, Any], value: str, scale: str = "") -> Response:
        return client.post(f"/documents/{doc_id}/facts/{fact['id']}", headers=hx,
                           data={"decision": "corrected", "value": value, "scale": scale})

    for value, message in (("-5", "không được âm"), ("12,5", "số nguyên"), ("nhiều", "không phải là số")):
        r = correct(total, value)
        assert r.status_code == 422 and message in r.text and f'value="{value}"' in r.text
    r = correct(capital, "1.970.382")
    assert r.status_code == 422 and "Chọn đơn vị" in r.text
    plain = post(client, f"/documents/{doc_id}/facts/{total['id']}", {"decision": "corrected", "value": "-5"})
    assert plain.status_code == 303 and "không được âm" in client.get(plain.headers["location"]).text  # without htmx
    facts = {f["id"]: f for f in client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()["facts"]}
    assert facts[total["id"]]["review"] == facts[capital["id"]]["review"] == "proposed"  # nothing written
    assert correct(capital, "1.970.382 triệu đồng").status_code == 200
    r = correct(total, "260")
    assert r.status_code == 200 and "Kiểm tra lại" in r.text  # 200 + 30 + 20 ≠ 260
    facts = {f["id"]: f for f in client.get(f"/api/v1/documents/{doc_id}", auth=basic("langson")).json()["facts"]}
    assert facts[capital["id"]]["value"] == 1_970_382_000_000 and facts[total["id"]]["value"] == 260
