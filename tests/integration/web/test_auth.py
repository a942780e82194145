"""Login, sessions, CSRF, the login rate limit, HTTP Basic for the API, the audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.web.support import basic, csrf, login, post


def test_pages_need_login_and_api_answers_401(client: TestClient) -> None:
    r = client.get("/registry", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    r = client.get("/api/v1/organisations")
    assert r.status_code == 401 and "Basic" in r.headers["www-authenticate"]
    assert client.get("/", follow_redirects=False).headers["location"] == "/public"


def test_login_shows_user_and_role_in_header(client: TestClient) -> None:
    login(client, "langson")
    page = client.get("/home").text
    assert "Hoàng Thị Lan" in page and "Cán bộ tỉnh" in page and "Tỉnh Lạng Sơn" in page


def test_wrong_password_is_rejected_in_vietnamese(client: TestClient) -> None:
    r = client.post("/login", data={"username": "langson", "password": "sai", "csrf_token": csrf(client)})
    assert r.status_code == 401 and "không đúng" in r.text


def test_login_delays_survive_restart(client: TestClient, app, monkeypatch) -> None:
    """Failures are kept in the database (the growing delays themselves: tests/integration/security)."""
    from htx.services import security

    monkeypatch.setattr(security, "FIRST_DELAY", 60)  # longer than a slow machine takes between two tries
    for _ in range(3):
        r = client.post("/login", data={"username": "bacninh", "password": "wrong", "csrf_token": csrf(client)})
        assert r.status_code == 401
    from htx.web.app import create_app

    with TestClient(create_app(app.state.settings)) as fresh:  # a restarted server reads the failures back
        r = fresh.post("/login", data={"username": "bacninh", "password": "bacninh-mau-2025", "csrf_token": csrf(fresh)})
        assert r.status_code == 429 and "giây" in r.text
        assert fresh.get("/api/v1/me", auth=basic("bacninh")).status_code == 429


def test_csrf_token_is_required_on_forms_and_htmx(client: TestClient) -> None:
    r = client.post("/login", data={"username": "admin", "password": "admin-mau-2025"}, follow_redirects=False)
    assert r.status_code == 403
    login(client, "admin")
    form = {"name": "HTX Thử", "kind": "HTX", "sector": "agriculture", "commune_code": "06148", "founded_on": "01/02/2020"}
    assert client.post("/registry/new", data=form, follow_redirects=False).status_code == 403
    assert client.post("/registry/new", data={**form, "csrf_token": "forged"}, follow_redirects=False).status_code == 403
    r = client.post("/registry/new", data=form, headers={"X-CSRF-Token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303
    # the JSON API with the session cookie needs the header too
    body = {"kind": "HTX", "name": "HTX API", "sector": "agriculture", "commune_code": "06148", "founded_on": "2020-01-01"}
    assert client.post("/api/v1/organisations", json=body).status_code == 403
    assert client.post("/api/v1/organisations", json=body, headers={"X-CSRF-Token": csrf(client)}).status_code == 201


def test_basic_auth_for_scripts(client: TestClient) -> None:
    r = client.get("/api/v1/me", auth=basic("langson"))
    assert r.status_code == 200 and r.json()["province_code"] == "20"
    assert client.get("/api/v1/me", auth=("langson", "nope")).status_code == 401
    body = {"kind": "THT", "name": "THT qua API", "sector": "agriculture", "commune_code": "06148", "founded_on": "2021-05-01"}
    assert client.post("/api/v1/organisations", json=body, auth=basic("langson")).status_code == 201


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client, "langson")
    assert post(client, "/logout").status_code == 303
    assert client.get("/registry", follow_redirects=False).status_code == 303


def test_audit_log_lists_changes_for_admins_only(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, "/registry/new", {"name": "HTX Nhật Ký", "kind": "HTX", "sector": "transport",
                                       "commune_code": "06148", "founded_on": "2019-03-04", "members": "12"})
    org_id = r.headers["location"].split("/")[2].split("?")[0]
    r = post(client, f"/registry/{org_id}/edit", {"name": "HTX Nhật Ký Mới", "kind": "HTX", "sector": "transport",
                                                   "commune_code": "06148", "members": "15"})
    assert r.status_code == 303
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/api/v1/audit").status_code == 403
    entries = TestClient(client.app).get("/api/v1/audit?entity=organisation", auth=basic("admin")).json()
    update = next(e for e in entries if e["action"] == "update")
    assert update["username"] == "langson" and update["entity_id"] == org_id
    assert update["old"] == {"name": "HTX Nhật Ký", "members": 12} and update["new"] == {"name": "HTX Nhật Ký Mới", "members": 15}
    assert any(e["action"] == "create" and e["new"]["name"] == "HTX Nhật Ký" for e in entries)
    login(client, "admin")
    page = client.get("/admin/audit?entity=organisation").text
    assert "HTX Nhật Ký Mới" in page and "langson" in page
