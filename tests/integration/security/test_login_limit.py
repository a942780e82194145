"""Issue 16 item 7: growing delays per account and per address, never a lock on the real officer; trusted proxies."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from tests.integration.web.support import csrf

OFFICE, ATTACKER = ("10.1.1.1", 5000), ("203.0.113.7", 5000)


@pytest.fixture()
def slow_delays(monkeypatch: pytest.MonkeyPatch) -> None:
    """Delays of a minute from the fourth failure, so a slow test machine cannot outwait them."""
    from htx.services import security

    monkeypatch.setattr(security, "FIRST_DELAY", 60)


def _try(client: TestClient, username: str, password: str, **headers: str):
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf(client)},
                       headers=headers, follow_redirects=False)


def _user_audit(db: sessionmaker[Session], action: str) -> list:
    from sqlalchemy import select

    from htx.db.models_web import AuditEntry

    with db() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


@pytest.mark.usefixtures("slow_delays")
def test_wrong_tries_slow_the_attacker_but_not_the_officer_at_their_usual_address(db, client: TestClient) -> None:
    office = TestClient(client.app, client=OFFICE)
    assert _try(office, "bacninh", "bacninh-mau-2025").status_code == 303  # the office address becomes known
    attacker = TestClient(client.app, client=ATTACKER)
    codes = [_try(attacker, "bacninh", f"wrong-{i}").status_code for i in range(5)]
    assert codes[:3] == [401, 401, 401] and codes[3] == 429  # the fourth waits
    r = _try(attacker, "bacninh", "bacninh-mau-2025")
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1 and "giây" in r.text
    # the real officer, right password, usual address: in at once
    assert _try(TestClient(client.app, client=OFFICE), "bacninh", "bacninh-mau-2025").status_code == 303
    # the attacker's address is slowed for other accounts too
    assert _try(attacker, "langson", "langson-mau-2025").status_code == 429
    failed, delayed = _user_audit(db, "login_failed"), _user_audit(db, "login_delayed")
    assert len(failed) == 3 and {e.ip for e in failed} == {ATTACKER[0]} and {e.username for e in failed} == {"bacninh"}
    assert len(delayed) == 4 and all("giây" in (e.note or "") for e in delayed)


def test_delays_grow_and_end_without_a_lock(db: sessionmaker[Session], client: TestClient) -> None:
    from htx.db import users_repo
    from htx.services.security import check_login, delay_after

    assert [delay_after(n, 300) for n in range(9)] == [0, 0, 0, 2, 4, 8, 16, 32, 64]
    assert delay_after(40, 300) == 300
    now = datetime(2026, 12, 2, 9, 0, 0)
    with db() as s:
        for i in range(6):
            users_repo.record_failure(s, "xa", "198.51.100.2", now + timedelta(seconds=i))
        r = check_login(s, "xa", "xa-mau-2025", "198.51.100.2", now + timedelta(seconds=6))
        assert r.limited and r.retry_after == 15  # 6 failures: 16 s after the last one
        r = check_login(s, "XA", "xa-mau-2025", "198.51.100.2", now + timedelta(seconds=22))
        assert r.user_id is not None  # the wait is over: the right password works (any case of the name)
        s.rollback()


@pytest.mark.usefixtures("slow_delays")
def test_forwarded_for_is_believed_only_from_configured_proxies(db, client: TestClient, app) -> None:
    forged = {"X-Forwarded-For": "192.0.2.99"}
    direct = TestClient(client.app, client=ATTACKER)
    for i in range(4):
        _try(direct, "xa", f"sai-{i}", **{"X-Forwarded-For": f"192.0.2.{i}"})  # rotating the header changes nothing
    assert _try(direct, "xa", "sai-5", **forged).status_code == 429
    from htx.web.app import create_app

    behind = create_app(app.state.settings.model_copy(update={"trusted_proxies": "10.9.0.0/16"}))
    proxy = TestClient(behind, client=("10.9.0.2", 4000))
    r = _try(proxy, "langson", "sai-1", **{"X-Forwarded-For": "1.1.1.1, 198.51.100.23"})
    assert r.status_code == 401
    ips = {e.ip for e in _user_audit(db, "login_failed")}
    assert ATTACKER[0] in ips and "198.51.100.23" in ips
    assert not ips & {"192.0.2.0", "192.0.2.1", "192.0.2.99", "1.1.1.1"}
