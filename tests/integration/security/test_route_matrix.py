"""Issue 16: every route of the app and the API, as every role, against an allowed/denied matrix.

The matrix is data: ``RULES`` gives, per route (method and path as FastAPI declares it), which
roles may pass the access gate. The routes are read from the app itself, so a new route without
a rule fails :func:`test_every_route_has_a_rule`. Adding a route = one line in ``RULES`` (and,
if its path has a new parameter or it needs a body to reach its access check, one entry in
``PARAMS`` or ``BODIES``).

Roles: ``admin`` (national), ``langson`` (officer of province 20), ``bacninh`` (officer of
province 24), ``xa`` (officer of the busiest commune of 20), ``htx`` (the cooperative of that
commune) and ``anon`` (nobody logged in). The objects in the paths belong to Lạng Sơn: the
cooperative's own organisation, the province 20 dashboard, a report document and the support
fund of province 20. Facts and findings are looked up by ids that do not exist (404 past the gate).

Outcome of a request: *denied* is 401, 403 or a redirect to the login page; *allowed* is anything
else below 500 (200, a redirect elsewhere, 404 for an id that does not exist, 422 for a body the
route refuses after the gate). A 5xx fails the test whatever the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

from tests.integration.web.support import PASSWORDS, csrf, login

ROLES = ("anon", "admin", "langson", "bacninh", "xa", "htx")

# Who may pass the gate (sets of roles).
ALL = frozenset(ROLES)
USERS = ALL - {"anon"}
OFFICERS = frozenset({"admin", "langson", "bacninh", "xa"})
ADMIN = frozenset({"admin"})
OWN_ORG = frozenset({"admin", "langson", "xa", "htx"})  # the cooperative's organisation (province 20, commune of xa)
ORG_OFFICERS = frozenset({"admin", "langson", "xa"})  # acts on that organisation reserved to its officers
PROVINCE_20 = frozenset({"admin", "langson"})  # unpublished figures, documents and the support fund of province 20
COOP_ITSELF = frozenset({"htx"})  # what only the cooperative files about itself (its yearly self-report)
PROVINCE_OFFICERS = frozenset({"admin", "langson", "bacninh"})  # province-wide tables (commune officers see their own)
SESSION = None  # login/logout: checked in test_sessions.py, not run here (they change who is logged in)

RULES: dict[tuple[str, str], frozenset[str] | None] = {
    ("GET", "/openapi.json"): ALL,
    ("GET", "/docs"): ALL,
    ("GET", "/docs/oauth2-redirect"): ALL,
    ("GET", "/redoc"): ALL,
    ("GET", "/login"): ALL,
    ("POST", "/login"): SESSION,
    ("POST", "/logout"): SESSION,
    ("GET", "/account/password"): USERS,
    ("POST", "/account/password"): USERS,
    ("GET", "/"): ALL,
    ("GET", "/dashboard/{era}/{level}/{code}"): PROVINCE_20,
    ("POST", "/dashboard/{era}/{level}/{code}/publish"): PROVINCE_20,
    ("GET", "/public"): ALL,
    ("GET", "/home"): USERS,
    ("GET", "/registry"): USERS,
    ("GET", "/registry/export.{fmt}"): USERS,
    ("GET", "/registry/new"): OFFICERS,
    ("POST", "/registry/new"): OFFICERS,
    ("GET", "/registry/import"): USERS,
    ("POST", "/registry/import"): USERS,
    ("GET", "/registry/{org_id}"): OWN_ORG,
    ("GET", "/registry/{org_id}/edit"): OWN_ORG,
    ("POST", "/registry/{org_id}/edit"): OWN_ORG,
    ("POST", "/registry/{org_id}/events"): ORG_OFFICERS,
    ("GET", "/registry/{org_id}/self-report"): OWN_ORG,
    ("POST", "/registry/{org_id}/self-report"): COOP_ITSELF,
    ("POST", "/registry/{org_id}/classification"): ORG_OFFICERS,
    ("GET", "/documents"): USERS,
    ("POST", "/documents/upload"): OFFICERS,
    ("GET", "/documents/{doc_id}"): PROVINCE_20,
    ("POST", "/documents/{doc_id}/facts/{fact_id}"): PROVINCE_20,
    ("POST", "/documents/{doc_id}/accept-all"): PROVINCE_20,
    ("POST", "/documents/{doc_id}/place"): PROVINCE_20,
    ("POST", "/findings/{finding_id}"): USERS,
    ("GET", "/entry"): OFFICERS,
    ("POST", "/entry"): OFFICERS,
    ("GET", "/reports"): USERS,
    ("POST", "/reports"): PROVINCE_20,  # a report on province 20
    ("GET", "/reports/download/{token}/{fmt}"): USERS,
    ("GET", "/admin/audit"): ADMIN,
    ("GET", "/admin/users"): ADMIN,
    ("POST", "/admin/users"): ADMIN,
    ("POST", "/admin/users/{user_id}/password"): ADMIN,
    ("POST", "/admin/users/{user_id}/active"): ADMIN,
    ("POST", "/admin/users/{user_id}/role"): ADMIN,
    ("POST", "/admin/users/{user_id}/sessions/revoke"): ADMIN,
    ("GET", "/api/v1/me"): USERS,
    ("GET", "/api/v1/organisations"): USERS,
    ("POST", "/api/v1/organisations"): OFFICERS,
    ("GET", "/api/v1/organisations/{org_id}"): OWN_ORG,
    ("PATCH", "/api/v1/organisations/{org_id}"): OWN_ORG,
    ("GET", "/api/v1/places"): ALL,
    ("GET", "/api/v1/figures"): PROVINCE_20,
    ("GET", "/api/v1/dashboard"): PROVINCE_20,
    ("GET", "/api/v1/documents"): USERS,
    ("GET", "/api/v1/documents/{doc_id}"): PROVINCE_20,
    ("POST", "/api/v1/facts/{fact_id}/review"): USERS,
    ("GET", "/api/v1/findings"): USERS,
    ("GET", "/api/v1/public/figures"): ALL,
    ("GET", "/api/v1/audit"): ADMIN,
    ("GET", "/fund"): USERS,
    ("GET", "/fund/programmes"): USERS,
    ("GET", "/fund/plans"): USERS,
    ("GET", "/fund/{fund_id}"): PROVINCE_20,
    ("GET", "/fund/{fund_id}/loans/{loan_id}"): PROVINCE_20,
    ("GET", "/fund/{fund_id}/post"): PROVINCE_20,
    ("POST", "/fund/{fund_id}/post"): PROVINCE_20,
    ("POST", "/fund/{fund_id}/entries/{number}/reverse"): PROVINCE_20,
    ("GET", "/api/v1/fund"): USERS,
    ("GET", "/api/v1/fund/{fund_id}/statement"): PROVINCE_20,
    ("GET", "/api/v1/fund/{fund_id}/loans/{loan_id}"): PROVINCE_20,
    ("POST", "/api/v1/fund/{fund_id}/entries"): PROVINCE_20,
    ("GET", "/api/v1/fund/programmes"): USERS,
    ("GET", "/api/v1/fund/plans"): USERS,
    ("GET", "/dashboard/{era}/{level}/{code}/publish"): PROVINCE_20,
    ("POST", "/dashboard/{era}/{level}/{code}/unpublish"): PROVINCE_20,
    # classification (issue 17): a cooperative scores its own sheet, its officers decide it
    ("GET", "/classify"): USERS,  # a cooperative is sent on to its own sheet
    ("GET", "/classify/export.xlsx"): OFFICERS,
    ("GET", "/classify/rules"): OFFICERS,
    ("POST", "/classify/rules"): ADMIN,
    ("GET", "/classify/sizes"): OFFICERS,
    ("GET", "/classify/sheet/{org_id}"): OWN_ORG,
    ("POST", "/classify/sheet/{org_id}"): COOP_ITSELF,
    ("POST", "/classify/sheet/{org_id}/decide"): ORG_OFFICERS,
    ("GET", "/api/v1/classify/rules"): USERS,
    ("POST", "/api/v1/classify/rules"): ADMIN,
    ("GET", "/api/v1/classify/score"): OWN_ORG,
    ("GET", "/api/v1/classify/summary"): PROVINCE_20,
    ("GET", "/api/v1/classify/national"): ADMIN,
    # reporting workflow (issue 18): who may act on a filing is decided per filing by the service
    # (tests/integration/workflow); here the filing does not exist, so only the login gate is checked
    ("GET", "/workflow"): USERS,
    ("GET", "/workflow/due"): USERS,
    ("GET", "/workflow/completeness"): PROVINCE_OFFICERS,
    ("GET", "/workflow/unit"): PROVINCE_20,
    ("POST", "/workflow/submit"): PROVINCE_20,
    ("GET", "/workflow/filings/{submission_id}"): USERS,
    ("POST", "/workflow/filings/{submission_id}/{action}"): USERS,
    ("GET", "/api/v1/workflow/status"): PROVINCE_20,
    ("POST", "/api/v1/workflow/submit"): PROVINCE_20,
    ("GET", "/api/v1/workflow/filings/{submission_id}"): USERS,
    ("POST", "/api/v1/workflow/filings/{submission_id}/{action}"): USERS,
    ("GET", "/api/v1/workflow/completeness"): PROVINCE_OFFICERS,
    ("GET", "/api/v1/workflow/due"): USERS,
    # satisfaction survey (issue 19): the round of the example questionnaire, open
    ("GET", "/survey"): USERS,
    ("POST", "/survey/load"): ADMIN,
    ("POST", "/survey/{code}/state/{action}"): ADMIN,
    ("GET", "/survey/{code}/form"): COOP_ITSELF,
    ("POST", "/survey/{code}/form"): COOP_ITSELF,
    ("GET", "/survey/{code}/paper/{org_id}"): ORG_OFFICERS,
    ("POST", "/survey/{code}/paper/{org_id}"): ORG_OFFICERS,
    ("GET", "/survey/{code}/progress"): OFFICERS,
    ("POST", "/survey/{code}/contacts"): PROVINCE_OFFICERS,
    ("GET", "/survey/{code}/results"): ADMIN,  # while the round is open; officers once it is published
    ("GET", "/survey/{code}/export.{fmt}"): ADMIN,
    ("GET", "/api/v1/survey/rounds"): ALL,  # published rounds only
    ("GET", "/api/v1/survey/{code}/results"): ALL,  # published results only (404 while the round is open)
}

# Values of path parameters ({org_id} and {user_id} are filled from the fixtures below).
PARAMS = {"era": "new", "level": "province", "code": "20", "fmt": "csv", "fact_id": "999999",
          "finding_id": "999999", "token": "khong-co", "number": "1", "submission_id": "999999", "action": "approve"}
SURVEY = "2025-VD"  # the example questionnaire's round (its paths' {code})
# Query strings a route needs to reach its access check.
QUERIES = {"/api/v1/figures": "place=new:province:20&period=2024", "/api/v1/dashboard": "place=new:province:20&period=2024",
           "/reports/download/{token}/{fmt}": "",
           "/workflow/unit": "unit=new:province:20&period=2025-H1",
           "/api/v1/workflow/status": "unit=new:province:20&period=2025-H1",
           "/workflow/completeness": "period=2025-H1", "/api/v1/workflow/completeness": "dataset=half_year&period=2025-H1",
           "/api/v1/classify/score": "org={org_id}&year=2024", "/api/v1/classify/summary": "place=new:province:20&year=2024",
           "/api/v1/classify/national": "year=2024"}
# Bodies (form fields, or JSON for the API) a route needs to get past validation to its access check;
# chosen so that an allowed role changes nothing lasting.
BODIES: dict[tuple[str, str], dict[str, object]] = {
    ("POST", "/registry/{org_id}/events"): {"kind": "khong-hop-le", "on": "01/01/2020"},
    ("POST", "/registry/{org_id}/classification"): {"year": "2024", "classification": "khong-hop-le"},
    ("POST", "/admin/users"): {"username": "ten co dau cach", "password": "x", "role": "province"},
    ("POST", "/documents/{doc_id}/facts/{fact_id}"): {"decision": "rejected"},
    ("POST", "/documents/{doc_id}/place"): {"place": "new:province:20"},
    ("POST", "/findings/{finding_id}"): {"status": "dismissed"},
    ("POST", "/reports"): {"place": "new:province:20", "period": "khong-phai-ky"},
    ("POST", "/admin/users/{user_id}/password"): {"password": "ngan"},
    ("POST", "/admin/users/{user_id}/active"): {"active": "1"},
    ("POST", "/admin/users/{user_id}/role"): {"role": "province", "scope": "99"},
    ("POST", "/account/password"): {"current": "sai", "new": "x", "repeat": "y"},
    ("PATCH", "/api/v1/organisations/{org_id}"): {},
    ("POST", "/api/v1/organisations"): {"kind": "HTX", "name": "HTX ma trận quyền", "sector": "agriculture",
                                        "commune_code": "00000", "founded_on": "2020-01-01"},
    ("POST", "/dashboard/{era}/{level}/{code}/publish"): {"period": "2024"},
    ("POST", "/api/v1/facts/{fact_id}/review"): {"decision": "rejected"},
    ("POST", "/api/v1/fund/{fund_id}/entries"): {"type": "repay", "date": "2024-01-02", "amount": 1},
    ("POST", "/dashboard/{era}/{level}/{code}/unpublish"): {"period": "2024", "note": "thử quyền"},
    ("POST", "/api/v1/classify/rules"): {"text": "khong: hop-le", "name": "ma-tran.yaml"},
    ("POST", "/classify/sheet/{org_id}/decide"): {"action": "khong-hop-le", "year": "2024"},
    ("POST", "/workflow/submit"): {"dataset": "half_year", "period": "2025-H1", "unit": "new:province:20"},
    ("POST", "/api/v1/workflow/submit"): {"dataset": "half_year", "period": "2025-H1", "unit": "new:province:20"},
    ("POST", "/survey/{code}/state/{action}"): {},
}

# Uploads (the form's ``file`` field).
FILES = {("POST", "/documents/upload"): ("ma-tran.txt", "Báo cáo thử của bài kiểm tra quyền.".encode(), "text/plain"),
         ("POST", "/classify/rules"): ("ma-tran.yaml", b"khong: hop-le\n", "application/x-yaml"),
         ("POST", "/survey/load"): ("ma-tran.yaml", b"khong: hop-le\n", "application/x-yaml"),
         ("POST", "/registry/import"): ("ma-tran.csv", b"kind,name\n", "text/csv")}


def app_routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route the app serves, included routers flattened (HEAD and mounts left out)."""

    def walk(routes: list, prefix: str) -> Iterator[tuple[str, str]]:
        for r in routes:
            ctx = getattr(r, "include_context", None)  # FastAPI ≥ 0.16x keeps included routers as such
            if ctx is not None:
                yield from walk(r.original_router.routes, prefix + ctx.prefix)
            elif isinstance(r, Mount):
                continue
            elif isinstance(r, Route) or hasattr(r, "methods"):
                for method in sorted(set(r.methods or ()) - {"HEAD"}):
                    yield method, prefix + r.path

    return walk(app.router.routes, "")


def test_every_route_has_a_rule(app: FastAPI) -> None:
    served = set(app_routes(app))
    missing = sorted(served - RULES.keys())
    assert not missing, f"routes without an access rule (add one line each to RULES): {missing}"
    stale = sorted(RULES.keys() - served)
    assert not stale, f"rules for routes the app no longer serves: {stale}"


def _denied(status: int, location: str) -> bool:
    return status in (401, 403) or (status in (302, 303, 307) and location.startswith("/login"))


@pytest.fixture()
def clients(client: TestClient) -> dict[str, TestClient]:
    out = {"anon": client}
    for role in ROLES[1:]:
        out[role] = login(TestClient(client.app), role, PASSWORDS[role])
    return out


def _url(path: str, params: dict[str, str]) -> str:
    if path.startswith(("/survey/", "/api/v1/survey/")):  # {code} is the survey round's there
        params = {**params, "code": SURVEY, "fmt": "xlsx"}
    url = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], path)
    query = re.sub(r"\{(\w+)\}", lambda m: params[m.group(1)], QUERIES.get(path, ""))
    return f"{url}?{query}" if query else url


def _call(c: TestClient, method: str, path: str, params: dict[str, str]) -> tuple[int, str, bool]:
    """(status, location, whether the request stopped at FastAPI's own validation, before any access check)."""
    token = csrf(c)
    body = BODIES.get((method, path), {})
    kwargs: dict[str, object] = {"headers": {"X-CSRF-Token": token}, "follow_redirects": False}
    if method in ("POST", "PATCH", "PUT"):
        if path.startswith("/api/"):
            kwargs["json"] = body
        else:
            kwargs["data"] = {**{k: str(v) for k, v in body.items()}, "csrf_token": token}
            if (method, path) in FILES:
                kwargs["files"] = {"file": FILES[(method, path)]}
    r = c.request(method, _url(path, params), **kwargs)  # type: ignore[arg-type]
    unvalidated = r.status_code == 422 and ("Yêu cầu có tham số không hợp lệ" in r.text
                                            or (path.startswith("/api/") and isinstance(r.json().get("detail"), list)))
    return r.status_code, r.headers.get("location", ""), unvalidated


def _fund_of_lang_son(s) -> tuple[int, int]:
    """The support fund of Lạng Sơn (new province 20) with one loan: (fund id, loan id)."""
    from datetime import date
    from decimal import Decimal

    from htx.db import fund_repo
    from htx.fund import Loan, ScheduleTerms
    from htx.stats.facts import Place

    fund = fund_repo.create_fund(s, Place("new", "province", "20"), "Quỹ hỗ trợ HTX tỉnh Lạng Sơn (thử quyền)")
    loan = fund_repo.add_loan(s, fund.id, Loan(0, "01/MT", "HTX thử", "kho", 100_000_000, Decimal("5"),
                                               date(2024, 6, 1), ScheduleTerms.for_term(date(2024, 6, 1), 12, "bullet")))
    return fund.id, loan.id


def _survey_round(db) -> None:
    """The example questionnaire's round, open (its frame taken from the sample registry)."""
    from htx.services import UnitOfWork
    from htx.services import survey as survey_svc
    from htx.survey.loader import example_text

    with UnitOfWork(db) as uow:
        survey_svc.load_round(uow, example_text(), "vi-du.yaml", "admin")
    with UnitOfWork(db) as uow:
        survey_svc.open_round(uow, SURVEY, "admin")


def test_the_access_matrix(app: FastAPI, clients: dict[str, TestClient], db) -> None:
    from htx.db import users_repo
    from htx.db.models import Document
    from htx.services.security import hash_password

    with db() as s:
        coop = users_repo.get_by_username(s, "htx")
        target = users_repo.add_user(s, "matran", hash_password("Ma-Tran-2026"), "province", province_code="24")
        fund_id, loan_id = _fund_of_lang_son(s)
        doc = Document(content_hash="ma-tran" * 9, filename="bao-cao-thu.txt", place_era="new", place_code="20",
                       text="Báo cáo thử của bài kiểm tra quyền.", uploaded_by="langson")
        s.add(doc)
        s.commit()
        assert coop is not None and coop.organisation_id is not None
        _survey_round(db)
        params = {**PARAMS, "org_id": str(coop.organisation_id), "user_id": str(target.id), "fund_id": str(fund_id),
                  "doc_id": str(doc.id),
                  "loan_id": str(loan_id)}
    wrong, errors, unreached = [], [], []
    for method, path in sorted(app_routes(app)):
        allowed = RULES.get((method, path))
        if allowed is None:
            continue
        for role in ROLES:
            status, location, unvalidated = _call(clients[role], method, path, params)
            if status >= 500:
                errors.append(f"{method} {path} as {role}: {status}")
            elif unvalidated and role != "anon":
                unreached.append(f"{method} {path} as {role}")
            elif _denied(status, location) == (role in allowed):
                wrong.append(f"{method} {path} as {role}: {status} {location} (rule: {sorted(allowed)})")
    assert not errors, errors
    assert not unreached, f"the request never reached the access check (give it a body in BODIES): {unreached}"
    assert not wrong, "\n".join(wrong)
