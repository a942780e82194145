"""Issue 16 items 1 and 2: what a cooperative may change in its record, and edits that would overwrite each other."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.integration.web.support import basic, login, post


def _commune_of(province: str) -> str:
    from htx.geo import gazetteer

    return gazetteer().communes("new", province)[0].code


def _coop_org(client: TestClient) -> dict:
    me = client.get("/api/v1/me", auth=basic("htx")).json()
    return client.get(f"/api/v1/organisations/{me['organisation_id']}", auth=basic("admin")).json()


def test_a_cooperative_cannot_move_itself_to_another_province_through_the_api(client: TestClient) -> None:
    org = _coop_org(client)
    for change in ({"commune_code": _commune_of("24")}, {"kind": "THT"}, {"sector": "transport"},
                   {"code": "HTX-KHAC"}):
        r = client.patch(f"/api/v1/organisations/{org['id']}", json=change, auth=basic("htx"))
        assert r.status_code == 403, (change, r.text)
        assert "không được sửa" in r.json()["detail"]
    after = client.get(f"/api/v1/organisations/{org['id']}", auth=basic("admin")).json()
    assert (after["province_code"], after["commune_code"], after["kind"]) == ("20", org["commune_code"], org["kind"])
    # its own officers still see it, the other province does not
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("langson")).status_code == 200
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("bacninh")).status_code == 403
    # contact and self-reported figures stay its own to change (and re-sending its own place is no change)
    r = client.patch(f"/api/v1/organisations/{org['id']}", json={"members": 41, "commune_code": org["commune_code"]},
                     auth=basic("htx"))
    assert r.status_code == 200 and r.json()["members"] == 41


def test_a_cooperative_form_has_no_place_kind_or_status_and_a_forged_post_is_refused(client: TestClient) -> None:
    org = _coop_org(client)
    login(client, "htx")
    page = client.get(f"/registry/{org['id']}/edit").text
    assert 'name="commune_code"' not in page and 'name="kind"' not in page and 'name="sector"' not in page
    assert 'name="members"' in page
    r = post(client, f"/registry/{org['id']}/edit", {"name": org["name"], "commune_code": _commune_of("24")})
    assert r.status_code == 403 and "xã, phường" in r.text
    r = post(client, f"/registry/{org['id']}/events", {"kind": "suspended", "on": "01/02/2024"})
    assert r.status_code == 403
    r = post(client, f"/registry/{org['id']}/edit", {"name": org["name"], "workers": "9"})
    assert r.status_code == 303
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("admin")).json()["workers"] == 9


def _version(page: str) -> str:
    m = re.search(r'name="version" value="(\d+)"', page)
    assert m, "the edit form carries no version"
    return m.group(1)


def test_a_stale_form_gets_the_conflict_page_with_both_values(client: TestClient) -> None:
    org = _coop_org(client)
    login(client, "langson")
    form = {"name": org["name"], "kind": org["kind"], "sector": org["sector"], "commune_code": org["commune_code"],
            "members": "30"}
    version = _version(client.get(f"/registry/{org['id']}/edit").text)
    other = TestClient(client.app)
    login(other, "admin")
    stale_for_other = _version(other.get(f"/registry/{org['id']}/edit").text)
    assert post(other, f"/registry/{org['id']}/edit", {**form, "members": "55", "version": stale_for_other}).status_code == 303
    r = post(client, f"/registry/{org['id']}/edit", {**form, "members": "31", "version": version})
    assert r.status_code == 409
    assert "người khác" in r.text and re.search(r'class="saved">55<', r.text) and re.search(r'class="typed">31<', r.text)
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("admin")).json()["members"] == 55
    # sending again from the conflict page (it carries the new version) overwrites knowingly
    fresh = _version(r.text)
    assert post(client, f"/registry/{org['id']}/edit", {**form, "members": "31", "version": fresh}).status_code == 303
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("admin")).json()["members"] == 31


def test_the_api_gives_an_etag_and_refuses_a_stale_if_match_with_412(client: TestClient) -> None:
    org = _coop_org(client)
    r = client.get(f"/api/v1/organisations/{org['id']}", auth=basic("langson"))
    etag = r.headers["etag"]
    r = client.patch(f"/api/v1/organisations/{org['id']}", json={"members": 12}, auth=basic("langson"),
                     headers={"If-Match": etag})
    assert r.status_code == 200 and r.headers["etag"] != etag
    r = client.patch(f"/api/v1/organisations/{org['id']}", json={"members": 13}, auth=basic("admin"),
                     headers={"If-Match": etag})
    assert r.status_code == 412
    body = r.json()
    assert body["saved"] == {"members": "12"} and body["typed"] == {"members": "13"}
    assert client.get(f"/api/v1/organisations/{org['id']}", auth=basic("admin")).json()["members"] == 12
