"""Publishing (công bố): a preview first, nothing published is said so (not in green), unpublish is audited,
and what an old province published reaches the public page under its own name."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.integration.web.support import basic, login, post

PERIOD = "2025-Q3"
DASH = "/dashboard/new/province/20"


def test_nothing_to_publish_is_said_with_the_reason(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, f"{DASH}/publish", {"period": PERIOD})
    assert r.status_code == 303 and "published=" not in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert 'class="alert warn">Chưa công bố số liệu nào.' in page and "chưa có số liệu đã duyệt" in page
    assert "alert ok" not in page and "Đã công bố 0" not in client.get(f"{DASH}?period={PERIOD}&published=0").text
    assert not [e for e in client.get("/api/v1/audit?entity=facts", auth=basic("admin")).json()
                if e["action"] == "publish"]


def test_preview_publish_and_audited_unpublish(client: TestClient) -> None:
    login(client, "langson")
    post(client, "/entry", {"place": "new:province:20", "period": PERIOD, "actual|htx.count|": "1.234"})
    preview = client.get(f"{DASH}/publish?period={PERIOD}").text
    assert "Sẽ công bố (1)" in preview and "1.234" in preview and "Đang công bố (0)" in preview
    public = TestClient(client.app)
    assert "1.234" not in public.get(f"/public?period={PERIOD}").text  # a preview publishes nothing
    r = post(client, f"{DASH}/publish", {"period": PERIOD})
    assert r.headers["location"].endswith("published=1")
    assert "Đã công bố 1 số liệu" in client.get(r.headers["location"]).text
    assert "1.234" in public.get(f"/public?period={PERIOD}").text
    again = post(client, f"{DASH}/publish", {"period": PERIOD})
    assert "đã được công bố" in client.get(again.headers["location"]).text
    r = post(client, f"{DASH}/unpublish", {"period": PERIOD, "note": "số liệu nhập nhầm"})
    assert r.status_code == 303 and "Đã thu hồi 1 số liệu" in client.get(r.headers["location"]).text
    assert "1.234" not in public.get(f"/public?period={PERIOD}").text
    audit = client.get("/api/v1/audit?entity=facts", auth=basic("admin")).json()
    undo = next(e for e in audit if e["action"] == "unpublish")
    assert undo["username"] == "langson" and len(undo["old"]["published"]) == 1
    assert post(client, "/dashboard/new/province/24/unpublish", {"period": PERIOD}).status_code == 403


def test_an_old_provinces_published_figures_reach_the_public_page(client: TestClient) -> None:
    login(client, "bacninh")  # old Bắc Giang (24) is now part of Bắc Ninh
    post(client, "/entry", {"place": "old:province:24", "period": "2024-Q4", "actual|htx.count|": "777"})
    r = post(client, "/dashboard/old/province/24/publish", {"period": "2024-Q4"})
    assert r.headers["location"].endswith("published=1")
    page = TestClient(client.app).get("/public?period=2024-Q4").text
    m = re.search(r"Tỉnh Bắc Giang \(cũ\)</td>(.*?)</tr>", page, re.S)
    assert m and ">777<" in m.group(1) and "Bắc Ninh" in m.group(1)
    new_row = re.search(r"<td>Tỉnh Bắc Ninh</td>(.*?)</tr>", page, re.S)
    assert new_row and ">777<" not in new_row.group(1)  # not passed off as the whole new province's figure
