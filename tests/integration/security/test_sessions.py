"""Issue 16 item 6: server-side sessions (logout and revocation end them, a copied cookie stops working), headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.web.support import login, post


def user_id(db, username: str) -> int:
    from htx.db import users_repo

    with db() as s:
        user = users_repo.get_by_username(s, username)
        assert user is not None
        return user.id


def _copy_of(client: TestClient) -> TestClient:
    """Another browser holding a copy of the client's cookies (a stolen cookie)."""
    thief = TestClient(client.app)
    thief.cookies.update(dict(client.cookies.items()))
    return thief


def test_a_copied_cookie_stops_working_after_logout(client: TestClient) -> None:
    login(client, "langson")
    thief = _copy_of(client)
    assert thief.get("/registry", follow_redirects=False).status_code == 200
    assert post(client, "/logout").status_code == 303
    assert thief.get("/registry", follow_redirects=False).status_code == 303  # to the login page
    assert client.get("/registry", follow_redirects=False).status_code == 303


def test_admin_revocation_and_deactivation_end_sessions(db, client: TestClient) -> None:
    officer = login(TestClient(client.app), "bacninh")
    assert officer.get("/registry", follow_redirects=False).status_code == 200
    login(client, "admin")
    uid = user_id(db, "bacninh")
    assert post(client, f"/admin/users/{uid}/sessions/revoke").status_code == 303
    assert officer.get("/registry", follow_redirects=False).status_code == 303
    login(officer, "bacninh")
    assert post(client, f"/admin/users/{uid}/active", {"active": "0"}).status_code == 303
    assert officer.get("/registry", follow_redirects=False).status_code == 303
    r = officer.post("/login", data={"username": "bacninh", "password": "bacninh-mau-2025",
                                     "csrf_token": _csrf(officer)})
    assert r.status_code == 401
    audit = client.get("/api/v1/audit?entity=user").json()
    assert {"revoke_sessions", "deactivate"} <= {e["action"] for e in audit}


def _csrf(client: TestClient) -> str:
    from tests.integration.web.support import csrf

    return csrf(client)


def test_cookie_flags_and_security_headers(client: TestClient, app) -> None:
    r = client.post("/login", data={"username": "langson", "password": "langson-mau-2025",
                                    "csrf_token": _csrf(client)}, follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    for path in ("/public", "/login", "/api/v1/me", "/static/app.js", "/nowhere"):
        h = client.get(path).headers
        assert "script-src 'self'" in h["content-security-policy"], path
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["referrer-policy"] == "strict-origin-when-cross-origin"
    from htx.web.app import create_app

    secure = TestClient(create_app(app.state.settings.model_copy(update={"https": True})))
    r = secure.post("/login", data={"username": "langson", "password": "langson-mau-2025",
                                    "csrf_token": _csrf(secure)}, follow_redirects=False)
    assert "secure" in r.headers["set-cookie"].lower()
    assert r.headers["strict-transport-security"].startswith("max-age=")


def test_login_issues_a_new_session_id(client: TestClient) -> None:
    """A cookie planted before login (session fixation) is not the one that logs in."""
    client.get("/login")
    before = client.cookies.get("htx_session")
    login(client, "xa")
    assert client.cookies.get("htx_session") != before
    planted = TestClient(client.app)
    planted.cookies.set("htx_session", before or "")
    assert planted.get("/registry", follow_redirects=False).status_code == 303


def test_old_sessions_are_pruned_at_login(db, client: TestClient) -> None:
    from datetime import datetime, timedelta

    from sqlalchemy import func, select

    from htx.db import users_repo
    from htx.db.models_web import WebSession

    uid = user_id(db, "xa")
    long_ago = datetime.now() - timedelta(days=200)
    with db() as s:
        users_repo.open_session(s, "cu" * 32, uid, "10.0.0.1", "", long_ago, long_ago + timedelta(hours=12))
        s.commit()
    login(client, "xa")
    with db() as s:
        rows = s.scalars(select(WebSession.id).where(WebSession.user_id == uid)).all()
        assert "cu" * 32 not in rows and len(rows) == 1
        assert s.scalar(select(func.count()).select_from(WebSession)) == 1
