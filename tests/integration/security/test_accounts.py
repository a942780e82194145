"""Issue 16 item 9 and accounts: checked user creation, password policy, change/reset, roles, first login."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from tests.integration.security.test_sessions import user_id
from tests.integration.web.support import login, post

GOOD = "Xuan-Truong-47"


@pytest.mark.parametrize(("form", "message"), [
    ({"username": "tinh99", "role": "province", "scope": "99"}, "Mã tỉnh '99'"),
    ({"username": "xa0", "role": "commune", "scope": "00000"}, "Mã xã '00000'"),
    ({"username": "htx404", "role": "coop", "scope": "987654"}, "Không có tổ chức số '987654'"),
    ({"username": "htx-chu", "role": "coop", "scope": "abc"}, "Không có tổ chức số 'abc'"),
    ({"username": "Langson", "role": "province", "scope": "20"}, "đã có"),
    ({"username": "moi", "role": "province", "scope": "20", "password": "aaaaaaaaaa"}, "quá đơn giản"),
    ({"username": "moi", "role": "province", "scope": "20", "password": "1234567890"}, "dễ đoán"),
    ({"username": "moi", "role": "province", "scope": "20", "password": "ngan"}, "ít nhất 10"),
    ({"username": "nguyenvan", "role": "province", "scope": "20", "password": "nguyenvan-2025"}, "tên đăng nhập"),
])
def test_admin_user_creation_refuses_bad_input_in_vietnamese(client: TestClient, form: dict, message: str) -> None:
    login(client, "admin")
    r = post(client, "/admin/users", {"password": GOOD, "full_name": "Thử", **form})
    assert r.status_code == 422 and message in html.unescape(r.text)
    assert form["username"] not in _usernames(client)


def _usernames(client: TestClient) -> list[str]:
    import re

    return re.findall(r'<tr id="user-\d+"><td>([^<]+)', client.get("/admin/users").text)


def test_admin_creates_a_scoped_user_who_changes_the_printed_password(db, client: TestClient) -> None:
    login(client, "admin")
    coop = client.get("/api/v1/me", auth=("htx", "htx-mau-2025")).json()["organisation_id"]
    assert post(client, "/admin/users", {"username": "htx.moi", "password": GOOD, "role": "coop",
                                         "scope": str(coop)}).status_code == 303
    assert TestClient(client.app).get("/api/v1/me", auth=("htx.moi", GOOD)).json()["organisation_id"] == coop
    uid = user_id(db, "htx.moi")
    # an admin reset makes the next login go through the password form first
    assert post(client, f"/admin/users/{uid}/password", {"password": "Tam-thoi-2026x"}).status_code == 303
    user = TestClient(client.app)
    r = user.post("/login", data={"username": "HTX.MOI", "password": "Tam-thoi-2026x",
                                  "csrf_token": _csrf(user)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password"
    assert user.get("/registry", follow_redirects=False).headers["location"] == "/account/password"
    assert TestClient(client.app).get("/api/v1/organisations", auth=("htx.moi", "Tam-thoi-2026x")).status_code == 403
    r = post(user, "/account/password", {"current": "Tam-thoi-2026x", "new": "aaaaaaaaaa", "repeat": "aaaaaaaaaa"})
    assert r.status_code == 422 and "quá đơn giản" in r.text
    r = post(user, "/account/password", {"current": "Tam-thoi-2026x", "new": "Hoa-Sen-Vang-9", "repeat": "Hoa-Sen-Vang-9"})
    assert r.status_code == 303
    assert user.get("/registry", follow_redirects=False).status_code == 200
    # role change: checked scope, sessions end
    assert post(client, f"/admin/users/{uid}/role", {"role": "province", "scope": "99"}).status_code == 422
    assert post(client, f"/admin/users/{uid}/role", {"role": "province", "scope": "24"}).status_code == 303
    assert user.get("/registry", follow_redirects=False).status_code == 303
    me = TestClient(client.app).get("/api/v1/me", auth=("htx.moi", "Hoa-Sen-Vang-9")).json()
    assert (me["role"], me["province_code"], me["organisation_id"]) == ("province", "24", None)
    actions = {e["action"] for e in client.get("/api/v1/audit?entity=user&limit=200").json()}
    assert {"create", "reset_password", "change_password", "change_role"} <= actions


def _csrf(client: TestClient) -> str:
    from tests.integration.web.support import csrf

    return csrf(client)


def test_sample_users_loaded_for_make_run_must_change_their_printed_password(db, client: TestClient) -> None:
    from htx.db import users_repo
    from htx.web.sample import ensure_sample_users

    with db() as s:
        for u in users_repo.sample_users(s):
            s.delete(u)
        s.flush()
        ensure_sample_users(s, must_change_password=True)
        s.commit()
    fresh = TestClient(client.app)
    r = fresh.post("/login", data={"username": "langson", "password": "langson-mau-2025", "csrf_token": _csrf(fresh)},
                   follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/account/password"


def test_changing_ones_password_needs_the_current_one_and_ends_other_sessions(client: TestClient) -> None:
    login(client, "xa")
    other = login(TestClient(client.app), "xa")
    r = post(client, "/account/password", {"current": "sai", "new": "Song-Hong-2026", "repeat": "Song-Hong-2026"})
    assert r.status_code == 422 and "không đúng" in r.text
    r = post(client, "/account/password", {"current": "xa-mau-2025", "new": "Song-Hong-2026", "repeat": "Song-Hong-2027"})
    assert r.status_code == 422 and "không khớp" in r.text
    r = post(client, "/account/password", {"current": "xa-mau-2025", "new": "Song-Hong-2026", "repeat": "Song-Hong-2026"})
    assert r.status_code == 303
    assert client.get("/registry", follow_redirects=False).status_code == 200  # this session stays
    assert other.get("/registry", follow_redirects=False).status_code == 303  # the other one ended
    assert TestClient(client.app).get("/api/v1/me", auth=("xa", "xa-mau-2025")).status_code == 401


def test_the_cli_applies_the_same_checks(cli_env: str, sample) -> None:
    from typer.testing import CliRunner

    from htx.cli import app

    runner = CliRunner()
    bad = [["user", "add", "tinh99", "--role", "province", "--province", "99", "--password", GOOD],
           ["user", "add", "LANGSON", "--role", "province", "--province", "20", "--password", GOOD],
           ["user", "add", "htx404", "--role", "coop", "--organisation", "987654", "--password", GOOD],
           ["user", "add", "moi", "--role", "province", "--province", "20", "--password", "aaaaaaaaaa"],
           ["user", "passwd", "xa", "--password", "1234567890"]]
    for args in bad:
        r = runner.invoke(app, args)
        assert r.exit_code != 0 and "Traceback" not in r.output, (args, r.output)
    assert runner.invoke(app, ["user", "add", "tinh24", "--role", "province", "--province", "24",
                               "--password", GOOD]).exit_code == 0
