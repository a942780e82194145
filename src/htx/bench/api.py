"""API latency on loopback: the web app under uvicorn in a subprocess, driven by the open-loop load generator."""

from __future__ import annotations

import base64
import os
import re
import socket
import subprocess
import sys
import time
from typing import Any

USER, PASSWORD = "bench", "bench-only-password-2025"
PLACE = {"era": "new", "level": "province", "code": "20", "place": "new:province:20"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bench_user(url: str) -> None:

    from htx.db import users_repo
    from htx.db.engine import make_engine, sessions_of, unit_of_work
    from htx.web.security import hash_password

    engine = make_engine(url)
    with unit_of_work(sessions_of(engine)) as s:
        if users_repo.get_by_username(s, USER) is None:
            users_repo.add_user(s, USER, hash_password(PASSWORD), "admin", full_name="bench")
    engine.dispose()


def endpoint(openapi: dict[str, Any], period: str) -> str:
    """The dashboard endpoint of ``/api/v1`` (path parameters filled in), else the figures endpoint."""
    paths = [p for p in openapi.get("paths", {}) if p.startswith("/api/v1/") and "get" in openapi["paths"][p]]
    chosen = next((p for p in paths if "dashboard" in p), "/api/v1/figures")
    filled = re.sub(r"\{(\w+)\}", lambda m: PLACE.get(m.group(1), period), chosen)
    return f"{filled}?place={PLACE['place']}&period={period}"


def _peak_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _login_cookie(base: str) -> dict[str, str] | None:
    """Log in once through the login form and return the session cookie as a header.

    HTTP Basic would verify the argon2 hash on every request (tens of ms of CPU by design),
    which measures password hashing, not the dashboard.
    """
    import httpx

    with httpx.Client(base_url=base, timeout=30, follow_redirects=False) as client:
        page = client.get("/login").text
        m = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if not m:
            return None
        client.post("/login", data={"username": USER, "password": PASSWORD, "csrf_token": m.group(1)})
        cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    return {"Cookie": cookie} if cookie else None


def measure(url: str, period: str, rate: float, duration: float) -> dict[str, Any]:
    """p50/p99 latency (ms), errors and the server's peak memory under ``rate`` requests/s for ``duration`` s."""
    import httpx

    from htx.bench.load import open_loop

    _bench_user(url)
    port = _free_port()
    env = {**os.environ, "HTX_DATABASE_URL": url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "htx.web.app:create_app", "--factory", "--host",
                             "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    headers = {"Authorization": f"Basic {token}"}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                openapi = httpx.get(f"{base}/openapi.json", timeout=2).json()
                break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode()[-500:] if proc.stderr else ""
                    return {"error": f"server did not start: {err}"}
                time.sleep(0.3)
        path = endpoint(openapi, period)
        headers = _login_cookie(base) or headers  # a browser's session, as the dashboard sees it
        warm = httpx.get(base + path, headers=headers, timeout=30)
        if warm.status_code != 200:
            return {"error": f"{path}: HTTP {warm.status_code}"}
        result = open_loop(base + path, rate, duration, headers)
        return {"endpoint": path, "p50_ms": result.percentile(0.5) * 1000, "p99_ms": result.percentile(0.99) * 1000,
                "errors": result.errors, "causes": dict(result.causes), "sent": result.sent, "rate": result.rate, "peak_mb": _peak_mb(proc.pid)}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
