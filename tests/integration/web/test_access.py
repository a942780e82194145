"""Roles and scopes: an officer of province A can neither read nor write province B's unpublished data."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.integration.web.support import basic, login, post


def _commune_of(province: str) -> str:
    from htx.geo import gazetteer

    return gazetteer().communes("new", province)[0].code


@pytest.fixture()
def bac_ninh_org(client: TestClient) -> int:
    """An organisation of Bắc Ninh (24), created by its own officer."""
    body = {"kind": "HTX", "name": "HTX Bắc Ninh (thử)", "sector": "agriculture",
            "commune_code": _commune_of("24"), "founded_on": "2018-06-01", "members": 30}
    r = client.post("/api/v1/organisations", json=body, auth=basic("bacninh"))
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


def test_province_officer_cannot_read_other_province_pages(client: TestClient, bac_ninh_org: int) -> None:
    login(client, "langson")
    assert client.get("/dashboard/new/province/20").status_code == 200
    r = client.get("/dashboard/new/province/24")
    assert r.status_code == 403 and "Không có quyền" in r.text
    assert client.get("/dashboard/old/province/24").status_code == 403  # old Bắc Giang went into new Bắc Ninh
    assert client.get(f"/dashboard/new/commune/{_commune_of('24')}").status_code == 403
    assert client.get("/dashboard/new/country/VN").status_code == 403
    assert client.get(f"/registry/{bac_ninh_org}").status_code == 403
    assert client.get("/registry?place=new:province:24").status_code == 403
    assert client.get("/entry?place=new:province:24").status_code == 403
    listing = client.get("/registry?text=Bắc Ninh").text
    assert "HTX Bắc Ninh (thử)" not in listing
    assert "HTX Bắc Ninh (thử)" not in client.get("/registry/export.csv").text


def test_province_officer_cannot_write_other_province_pages(client: TestClient, bac_ninh_org: int) -> None:
    login(client, "langson")
    form = {"name": "Đổi tên", "kind": "HTX", "sector": "agriculture", "commune_code": _commune_of("24")}
    assert post(client, f"/registry/{bac_ninh_org}/edit", form).status_code == 403
    assert post(client, f"/registry/{bac_ninh_org}/events", {"kind": "dissolved", "on": "01/01/2024"}).status_code == 403
    r = post(client, "/registry/new", {**form, "founded_on": "01/01/2020"})
    assert r.status_code == 422 and "không thuộc tỉnh của bạn" in r.text
    r = post(client, "/entry", {"place": "new:province:24", "period": "2021-Q1", "actual|htx.count|": "5"})
    assert r.status_code == 403
    assert post(client, "/dashboard/new/province/24/publish", {"period": "2021-Q1"}).status_code == 403
    assert post(client, "/reports", {"place": "new:province:24", "period": "2021-Q1"}).status_code == 403


def test_province_officer_cannot_read_or_write_other_province_api(client: TestClient, bac_ninh_org: int) -> None:
    auth = basic("langson")
    assert client.get("/api/v1/figures?place=new:province:24&period=2021-Q1", auth=auth).status_code == 403
    assert client.get("/api/v1/figures?place=new:province:20&period=2021-Q1", auth=auth).status_code == 200
    assert client.get(f"/api/v1/organisations/{bac_ninh_org}", auth=auth).status_code == 403
    assert client.get("/api/v1/organisations?place=new:province:24", auth=auth).status_code == 403
    names = [o["name"] for o in client.get("/api/v1/organisations?limit=500", auth=auth).json()["items"]]
    assert names and "HTX Bắc Ninh (thử)" not in names
    assert client.patch(f"/api/v1/organisations/{bac_ninh_org}", json={"name": "x"}, auth=auth).status_code == 403
    body = {"kind": "HTX", "name": "Lấn sân", "sector": "agriculture", "commune_code": _commune_of("24"),
            "founded_on": "2020-01-01"}
    r = client.post("/api/v1/organisations", json=body, auth=auth)
    assert r.status_code == 422 and "commune_code" in r.json()["detail"]
    # and the owner can
    r = client.patch(f"/api/v1/organisations/{bac_ninh_org}", json={"members": 31}, auth=basic("bacninh"))
    assert r.status_code == 200 and r.json()["members"] == 31


def test_commune_officer_and_cooperative_scopes(client: TestClient) -> None:
    me = client.get("/api/v1/me", auth=basic("xa")).json()
    commune = me["commune_code"]
    assert client.get(f"/api/v1/figures?place=new:commune:{commune}&period=2024", auth=basic("xa")).status_code == 200
    assert client.get("/api/v1/figures?place=new:province:20&period=2024", auth=basic("xa")).status_code == 403
    items = client.get("/api/v1/organisations?limit=500", auth=basic("xa")).json()["items"]
    assert items and {o["commune_code"] for o in items} == {commune}
    coop = client.get("/api/v1/me", auth=basic("htx")).json()
    items = client.get("/api/v1/organisations", auth=basic("htx")).json()["items"]
    assert [o["id"] for o in items] == [coop["organisation_id"]]
    other = next(o["id"] for o in client.get("/api/v1/organisations?limit=500", auth=basic("langson")).json()["items"]
                 if o["id"] != coop["organisation_id"])
    assert client.get(f"/api/v1/organisations/{other}", auth=basic("htx")).status_code == 403
    r = client.patch(f"/api/v1/organisations/{coop['organisation_id']}", json={"members": 77}, auth=basic("htx"))
    assert r.status_code == 200 and r.json()["members"] == 77
    login(client, "htx")
    assert client.get("/dashboard/new/province/20").status_code == 403
    assert client.get("/registry/new").status_code == 403


def test_public_sees_only_published_figures(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, "/entry", {"place": "new:province:20", "period": "2024-Q4", "actual|htx.count|": "1.234"})
    assert r.status_code == 200
    anon = TestClient(client.app)
    assert "1.234" not in anon.get("/public?period=2024-Q4").text
    assert all(f["province_code"] != "20" for f in anon.get("/api/v1/public/figures?period=2024-Q4").json())
    r = post(client, "/dashboard/new/province/20/publish", {"period": "2024-Q4"})
    assert r.status_code == 303
    page = anon.get("/public?period=2024-Q4").text
    assert "1.234" in page and "31/12/2024" in page
    figures = anon.get("/api/v1/public/figures?period=2024-Q4").json()
    assert {"province_code": "20", "indicator": "htx.count", "value": 1234}.items() <= figures[0].items()
    # another province's officer sees the published figure on the province list, not the registry figures
    login(client, "bacninh")
    assert "số liệu công bố" in client.get("/?period=2024-Q4").text
