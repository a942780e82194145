"""The survey's pages and API: a cooperative answers, an officer follows, the administrator publishes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from htx.db.models_web import User
from htx.survey.loader import example_text

from ..web.support import login, post

CODE = "2025-VD"
ANSWERS = {"a_CS1": "5", "a_CS2": "4", "a_CS3": "4", "a_DT1": "3", "a_DT2": "KB", "a_DTAO1": "4", "a_TTHC1": "5",
           "a_TTHC2": "4", "a_TTHC3": "3", "a_QT1": "4", "a_QT2": "3", "a_QT3": "5", "c_QT1": "Xin gặp lãnh đạo xã"}


def _admin_opens(client: TestClient, min_responses: int = 1) -> None:
    login(client, "admin")
    text = example_text().replace("members_only: true", "members_only: false").replace(
        "min_responses: 5", f"min_responses: {min_responses}")
    r = post(client, "/survey/load", {"text": text, "action": "check"})
    assert r.status_code == 200 and "Bảng hỏi hợp lệ" in r.text
    assert post(client, "/survey/load", {"text": text, "action": "store"}).status_code == 303
    assert post(client, f"/survey/{CODE}/state/open").status_code == 303
    client.post("/logout", data={})
    client.cookies.clear()


def test_bad_questionnaire_is_shown_and_not_stored(client: TestClient) -> None:
    login(client, "admin")
    bad = example_text().replace("    weight: 0.2\n", "", 1)
    r = post(client, "/survey/load", {"text": bad, "action": "store"})
    assert r.status_code == 422 and "bang-hoi.yaml: dimensions[1].weight: thiếu khóa bắt buộc" in r.text
    assert "Chưa có vòng khảo sát nào" in r.text


def test_coop_answers_officer_follows_admin_publishes(client: TestClient, sample: sessionmaker[Session]) -> None:
    _admin_opens(client)
    login(client, "langson")
    r = client.get(f"/survey/{CODE}/progress")
    before = re.search(r'id="sv-sent">(\d+)<', r.text)
    assert r.status_code == 200 and before and before.group(1) == "0"
    client.cookies.clear()

    login(client, "htx")
    page = client.get(f"/survey/{CODE}/form")
    assert page.status_code == 200 and 'name="a_CS1"' in page.text
    assert post(client, f"/survey/{CODE}/form", {"a_CS1": "2", "action": "draft"}).status_code == 303
    page = client.get(f"/survey/{CODE}/form?saved=draft")
    assert "Đã lưu nháp" in page.text and re.search(r'name="a_CS1" value="2"\s+checked', page.text)
    incomplete = post(client, f"/survey/{CODE}/form", {"a_CS1": "2", "action": "submit"})
    assert incomplete.status_code == 422 and "CS2: câu hỏi bắt buộc chưa trả lời" in incomplete.text
    assert post(client, f"/survey/{CODE}/form", {**ANSWERS, "action": "submit"}).status_code == 303
    again = post(client, f"/survey/{CODE}/form", {**ANSWERS, "action": "submit"})
    assert again.status_code == 409 and "Phiếu đã nộp" in again.text
    assert client.get(f"/survey/{CODE}/progress").status_code == 403
    client.cookies.clear()

    login(client, "langson")
    after = re.search(r'id="sv-sent">(\d+)<', client.get(f"/survey/{CODE}/progress").text)
    assert after and after.group(1) == "1"
    assert client.get(f"/survey/{CODE}/results").status_code == 403  # not published yet
    client.cookies.clear()

    login(client, "admin")
    assert post(client, f"/survey/{CODE}/state/close").status_code == 303
    assert post(client, f"/survey/{CODE}/state/publish").status_code == 303
    client.cookies.clear()

    public = client.get("/public")
    assert 'id="sv-public"' in public.text and "Lạng Sơn" in public.text
    api = client.get(f"/api/v1/survey/{CODE}/results", params={"place": "20"})
    assert api.status_code == 200
    body = api.json()
    assert body["provisional"] is False and body["provinces"][0]["valid"] == 1 and body["provinces"][0]["rank"] == 1
    assert isinstance(body["provinces"][0]["index"], str)  # decimals as text, never floats

    login(client, "langson")
    res = client.get(f"/survey/{CODE}/results")
    assert res.status_code == 200 and "Xin gặp lãnh đạo xã" in res.text
    xlsx = client.get(f"/survey/{CODE}/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    docx = client.get(f"/survey/{CODE}/export.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    client.cookies.clear()
    login(client, "bacninh")
    other = client.get(f"/survey/{CODE}/results")
    assert "Xin gặp lãnh đạo xã" not in other.text  # comments stay with their own province


def test_officer_enters_a_paper_form_only_in_its_province(client: TestClient, sample: sessionmaker[Session]) -> None:
    _admin_opens(client)
    with sample() as s:
        org_id = s.scalar(select(User.organisation_id).where(User.username == "htx"))
    login(client, "bacninh")
    assert client.get(f"/survey/{CODE}/paper/{org_id}").status_code == 403
    client.cookies.clear()
    login(client, "langson")
    assert client.get(f"/survey/{CODE}/paper/{org_id}").status_code == 200
    assert post(client, f"/survey/{CODE}/paper/{org_id}", {**ANSWERS, "action": "submit"}).status_code == 303
    page = client.get(f"/survey/{CODE}/paper/{org_id}")
    assert "nhập từ phiếu giấy bởi langson" in page.text


def test_province_officer_uploads_contacts_of_its_own_province(client: TestClient, sample: sessionmaker[Session]) -> None:
    import json

    _admin_opens(client)
    with sample() as s:
        org_id = s.scalar(select(User.organisation_id).where(User.username == "htx"))
    rows = {"Liên hệ": [{"ID": org_id, "Điện thoại": "0205 3870 123", "Email": "htx@example.vn"}]}
    login(client, "bacninh")
    r = post(client, f"/survey/{CODE}/contacts", files={"file": ("lien-he.json", json.dumps(rows), "application/json")})
    assert r.status_code == 303 and "error=" in r.headers["location"]  # not a Bắc Ninh cooperative
    client.cookies.clear()
    login(client, "langson")
    r = post(client, f"/survey/{CODE}/contacts", files={"file": ("lien-he.json", json.dumps(rows), "application/json")})
    assert r.status_code == 303 and r.headers["location"].endswith("contacts=1")
    assert "0205 3870 123" in client.get(f"/survey/{CODE}/progress").text
