"""Data entry with checks, plan attainment on the dashboard, report generation and download."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.web.support import basic, login, post


def test_entry_stores_user_facts_and_runs_checks(client: TestClient) -> None:
    login(client, "langson")
    form = {"place": "new:province:20", "period": "2024-Q4", "actual|htx.count|": "100",
            "actual|htx.count|status=active": "80", "actual|htx.count|status=suspended": "15",
            "actual|htx.count|status=stopped": "10", "plan|htx.count|": "120", "actual|htx.members|": "4.500"}
    r = post(client, "/entry", form)
    assert r.status_code == 200 and "Đã lưu 6 số liệu" in r.text
    assert "parts_total" in r.text and "khác tổng số 100" in r.text
    facts = client.get("/api/v1/figures?place=new:province:20&period=2024-Q4", auth=basic("langson")).json()["facts"]
    total = next(f for f in facts if f["indicator"] == "htx.count" and f["dims"] == {} and f["kind"] == "actual")
    assert total["value"] == 100 and total["source"] == "user"
    dash = client.get("/dashboard/new/province/20?period=2024-Q4").text
    assert "Thực hiện so với kế hoạch" in dash and "83,33%" in dash  # 100 / 120
    # saving again replaces the previous entry and logs old → new
    r = post(client, "/entry", {**form, "actual|htx.count|": "105"})
    assert 'value="105"' in r.text
    entry = next(e for e in client.get("/api/v1/audit?entity=facts", auth=basic("admin")).json() if e["action"] == "entry")
    assert entry["new"] == {"actual|htx.count|": "105"} and entry["old"] == {"actual|htx.count|": "100"}
    r = post(client, "/entry", {**form, "actual|htx.workers|": "nhiều"})
    assert r.status_code == 422 and "không phải số" in r.text


def test_report_generation_and_download(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, "/reports", {"place": "new:province:20", "period": "2021-Q1"})
    assert r.status_code == 200, r.text[:500]
    import re

    links = re.findall(r'href="(/reports/download/[0-9a-f]+/(docx|pdf|xlsx))"', r.text)
    assert {fmt for _, fmt in links} == {"docx", "pdf", "xlsx"}
    for url, fmt in links:
        got = client.get(url)
        assert got.status_code == 200 and len(got.content) > 1000
        assert got.content[:4] == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")
    other = TestClient(client.app)
    login(other, "bacninh")
    assert other.get(links[0][0]).status_code == 404  # files are per user
