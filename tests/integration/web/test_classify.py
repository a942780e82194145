"""Classification pages and API: the coop scores and submits, officers return and confirm, scopes, rule sets."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from htx.db.models import OrgYear
from htx.db.models_web import User
from htx.web.routes.classify import default_year
from tests.integration.web.support import basic, login, post

YEAR = default_year()
POINTS = {"1a": "6", "1b": "1", "2a": "5", "2b": "1", "3a": "4", "3b": "3", "3c": "4", "4a": "2", "4b": "2",
          "4c": "2", "5": "8", "6": "6", "7a": "2", "7b": "2", "7c": "2", "8": "6", "9": "4", "10-15": "20"}  # 80


def _coop_id(db: sessionmaker[Session]) -> int:
    with db() as s:
        org_id = s.scalar(select(User.organisation_id).where(User.username == "htx"))
        assert org_id is not None
        return org_id


def _tt01(client: TestClient) -> int:
    rows = client.get("/api/v1/classify/rules", auth=basic("admin")).json()
    return next(r["id"] for r in rows if r["code"] == "tt01-2020")


def _form(rule_set: int, points: dict[str, str], action: str = "submit") -> dict[str, str]:
    return {"year": str(YEAR), "rule_set_id": str(rule_set), "action": action, "board_name": "Nguyễn Văn Chủ",
            "board_agreed": "1", "controller_name": "Lê Thị Soát", "controller_agreed": "1",
            **{f"p_{k}": v for k, v in points.items()}}


def test_score_submit_return_resubmit_confirm(sample: sessionmaker[Session], app) -> None:
    org_id = _coop_id(sample)
    coop, officer, other = TestClient(app), TestClient(app), TestClient(app)
    rule_set = _tt01(coop)
    login(coop, "htx")
    r = coop.get("/classify", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/classify/sheet/{org_id}"
    page = coop.get(f"/classify/sheet/{org_id}?year={YEAR}")
    assert page.status_code == 200 and "Bảng tự chấm điểm" in page.text and "Thang điểm tối đa" in page.text
    bad = post(coop, f"/classify/sheet/{org_id}", _form(rule_set, {**POINTS, "1a": "9"}))
    assert bad.status_code == 422 and "Điểm mục 1a (9) vượt điểm tối đa 6" in bad.text
    assert post(coop, f"/classify/sheet/{org_id}", _form(rule_set, POINTS)).status_code == 303
    login(other, "bacninh")
    assert other.get(f"/classify/sheet/{org_id}?year={YEAR}").status_code == 403
    assert other.get(f"/api/v1/classify/score?org={org_id}&year={YEAR}").status_code == 403
    login(officer, "langson")
    assert f"/classify/sheet/{org_id}?year={YEAR}" in officer.get("/classify").text  # listed for review
    no_comment = post(officer, f"/classify/sheet/{org_id}/decide", {"year": str(YEAR), "action": "return"})
    assert no_comment.status_code == 422 and "Cần ghi ý kiến" in no_comment.text
    returned = post(officer, f"/classify/sheet/{org_id}/decide",
                    {"year": str(YEAR), "action": "return", "comment": "Thiếu minh chứng tiêu chí 9"})
    assert returned.status_code == 303
    assert "Thiếu minh chứng tiêu chí 9" in coop.get(f"/classify/sheet/{org_id}?year={YEAR}").text
    assert post(coop, f"/classify/sheet/{org_id}", _form(rule_set, {**POINTS, "9": "3"})).status_code == 303  # 79
    confirmed = post(officer, f"/classify/sheet/{org_id}/decide", {"year": str(YEAR), "action": "confirm"})
    assert confirmed.status_code == 303
    with sample() as s:
        row = s.scalar(select(OrgYear).where(OrgYear.organisation_id == org_id, OrgYear.year == YEAR))
        assert row is not None and row.classification == "fair"
    summary = officer.get(f"/api/v1/classify/summary?place=new:province:20&year={YEAR}").json()
    assert summary["classes"]["counts"]["fair"] >= 1
    score = coop.get(f"/api/v1/classify/score?org={org_id}&year={YEAR}").json()
    assert score["sheet"]["grade"] == "fair" and score["sheet"]["total"] == 79.0
    assert [h["action"] for h in score["sheet"]["history"]] == ["submit", "return", "submit", "confirm"]
    xlsx = officer.get(f"/classify/export.xlsx?place=new:province:20&year={YEAR}")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet["B2"].value == "Tên hợp tác xã"
    assert any(r[5] == "Khá" and r[4] == 79 for r in sheet.iter_rows(min_row=3, values_only=True))


def test_rule_sets_are_loaded_by_admins_only_and_bad_files_are_named(client: TestClient) -> None:
    login(client, "langson")
    assert client.get("/classify/rules").status_code == 200
    files = {"file": ("sai.yaml", b"code: x\nkind: scoring\n", "application/x-yaml")}
    assert post(client, "/classify/rules", files=files).status_code == 403
    admin = TestClient(client.app)
    login(admin, "admin")
    r = post(admin, "/classify/rules", files=files)
    assert r.status_code == 422 and "Tệp sai.yaml" in r.text and "thiếu khóa bắt buộc" in r.text
    assert client.get("/api/v1/classify/national?year=2025").status_code == 403
    national = admin.get(f"/api/v1/classify/national?year={date.today().year}").json()
    assert len(national) == 34


def test_size_page_filters_and_overview_is_scoped(client: TestClient) -> None:
    login(client, "langson")
    page = client.get(f"/classify/sizes?year={YEAR}&size=micro")
    assert page.status_code == 200 and "Quy mô HTX" in page.text
    assert client.get("/classify?place=new:province:24").status_code == 403  # Bắc Ninh is not theirs
    assert client.get(f"/classify?year={YEAR}").status_code == 200
