"""History is not rewritten: an edit of capital or members holds from its date; earlier periods keep their figures."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.stats.facts import Place
from htx.stats.periods import Period
from tests.integration.web.support import basic

LANG_SON = Place("new", "province", "20")


def _headline(client: TestClient, period: str, label: str) -> Any:
    body = client.get(f"/api/v1/dashboard?place=new:province:20&period={period}", auth=basic("langson")).json()
    return next(h["value"] for h in body["headlines"] if h["label"] == label)


def _direct(db: sessionmaker[Session], period: str, indicator: str) -> Any:
    """The same figure queried from the registry itself (not the summary tables)."""
    facts = figure_service(db, summary=False).figures(LANG_SON, Period.parse(period))
    return next(f.value for f in facts if f.indicator == indicator and not f.dims and f.kind == "actual")


def test_an_edit_today_leaves_last_quarters_figures_alone(client: TestClient, sample: sessionmaker[Session]) -> None:
    orgs = client.get("/api/v1/organisations?kind=HTX&status=active&limit=500", auth=basic("langson")).json()["items"]
    org = next(o for o in orgs if o["charter_capital"] and o["founded_on"] < "2024-01-01")
    now = Period(date.today().year, "quarter", (date.today().month - 1) // 3 + 1)
    before = {p: _headline(client, p, "Vốn điều lệ HTX") for p in ("2025-Q3", now.code)}
    r = client.patch(f"/api/v1/organisations/{org['id']}", auth=basic("langson"),
                     json={"charter_capital": org["charter_capital"] + 14_079_000_000})
    assert r.status_code == 200, r.text
    assert _headline(client, "2025-Q3", "Vốn điều lệ HTX") == before["2025-Q3"] == _direct(sample, "2025-Q3",
                                                                                         "htx.charter_capital")
    assert _headline(client, now.code, "Vốn điều lệ HTX") == before[now.code] + 14_079_000_000
    # an edit dated in the past holds from that day: the quarter it falls in changes, the one before does not
    members = {p: _headline(client, p, "Thành viên HTX") for p in ("2025-Q2", "2025-Q3")}
    other = next(o for o in orgs if o["id"] != org["id"] and o["members"] and o["founded_on"] < "2024-01-01")
    r = client.patch(f"/api/v1/organisations/{other['id']}", auth=basic("langson"),
                     json={"members": other["members"] + 100, "effective_on": "2025-08-15"})
    assert r.status_code == 200, r.text
    assert _headline(client, "2025-Q2", "Thành viên HTX") == members["2025-Q2"]
    assert _headline(client, "2025-Q3", "Thành viên HTX") == members["2025-Q3"] + 100 == _direct(sample, "2025-Q3",
                                                                                                "htx.members")
    # not before a value already recorded, not in the future
    r = client.patch(f"/api/v1/organisations/{other['id']}", auth=basic("langson"),
                     json={"members": other["members"] + 1, "effective_on": "2025-01-01"})
    assert r.status_code == 422 and "Ngày hiệu lực phải từ 15/08/2025" in r.text
    ahead = (date.today() + timedelta(days=2)).isoformat()
    r = client.patch(f"/api/v1/organisations/{other['id']}", auth=basic("langson"),
                     json={"members": other["members"] + 1, "effective_on": ahead})
    assert r.status_code == 422 and "không được sau hôm nay" in r.text


def test_a_self_report_after_a_dated_edit_still_reaches_the_figures(client: TestClient,
                                                                   sample: sessionmaker[Session]) -> None:
    from htx.db.engine import unit_of_work
    from htx.db.models import Organisation
    from htx.services import UnitOfWork
    from htx.services.audit import Actor
    from htx.services.selfreport import file_self_report

    orgs = client.get("/api/v1/organisations?kind=HTX&status=active&limit=500", auth=basic("langson")).json()["items"]
    org = next(o for o in orgs if o["members"] and o["founded_on"] < "2024-01-01")
    r = client.patch(f"/api/v1/organisations/{org['id']}", auth=basic("langson"),
                     json={"members": org["members"] + 10, "effective_on": "2025-08-15"})
    assert r.status_code == 200, r.text
    now = Period(date.today().year, "quarter", (date.today().month - 1) // 3 + 1).code
    before = {p: _headline(client, p, "Thành viên HTX") for p in ("2025-Q3", now)}
    with unit_of_work(sample) as s:
        row = s.get(Organisation, org["id"])
        assert row is not None
        file_self_report(UnitOfWork.over(s), Actor("htx"), row, date.today().year - 1,
                         {"members": org["members"] + 25})
    # written outside the app: its figure cache does not see it
    client.app.state.figure_cache.clear()  # type: ignore[attr-defined]
    assert _headline(client, "2025-Q3", "Thành viên HTX") == before["2025-Q3"]
    assert _headline(client, now, "Thành viên HTX") == before[now] + 15


def test_a_sector_change_today_leaves_last_quarters_counts_by_sector(client: TestClient,
                                                                    sample: sessionmaker[Session]) -> None:
    def by_sector(period: str, summary: bool) -> dict[str, Any]:
        facts = figure_service(sample, summary=summary).figures(LANG_SON, Period.parse(period))
        return {f.dims["sector"]: f.value for f in facts if f.indicator == "htx.count" and set(f.dims) == {"sector"}}

    orgs = client.get("/api/v1/organisations?kind=HTX&status=active&limit=500", auth=basic("langson")).json()["items"]
    org = next(o for o in orgs if o["sector"] == "agriculture" and o["founded_on"] < "2024-01-01")
    now = Period(date.today().year, "quarter", (date.today().month - 1) // 3 + 1).code
    before, current = by_sector("2025-Q3", True), by_sector(now, True)
    r = client.patch(f"/api/v1/organisations/{org['id']}", auth=basic("langson"), json={"sector": "transport"})
    assert r.status_code == 200, r.text
    assert by_sector("2025-Q3", True) == before == by_sector("2025-Q3", False)
    after = by_sector(now, True)
    assert after == by_sector(now, False)
    assert after["agriculture"] == current["agriculture"] - 1
    assert after["transport"] == current.get("transport", 0) + 1
