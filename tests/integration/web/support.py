"""Helpers of the web tests: log in, CSRF token, HTTP Basic credentials, form posts."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PASSWORDS = {"admin": "admin-mau-2025", "langson": "langson-mau-2025", "bacninh": "bacninh-mau-2025",
             "xa": "xa-mau-2025", "htx": "htx-mau-2025"}


def csrf(client: TestClient) -> str:
    """The CSRF token of the client's session (every page carries it)."""
    r = client.get("/login")
    m = re.search(r'name="csrf_token" value="([^"]+)"', r.text)
    assert m, "login page has no CSRF token"
    return m.group(1)


def login(client: TestClient, username: str, password: str | None = None) -> TestClient:
    r = client.post("/login", data={"username": username, "password": password or PASSWORDS[username],
                                    "csrf_token": csrf(client), "next": "/home"}, follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    return client


def basic(username: str) -> tuple[str, str]:
    return (username, PASSWORDS[username])


def post(client: TestClient, url: str, data: dict | None = None, **kw):
    """A form POST with the session's CSRF token, as the pages send it."""
    return client.post(url, data={**(data or {}), "csrf_token": csrf(client)}, follow_redirects=False, **kw)
