"""The dashboard as JSON (/api/v1/dashboard): the page's figures, comparisons and series, with access checks."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.db import facts_repo
from htx.db.engine import unit_of_work
from htx.formatting import format_percent, format_quantity
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period
from tests.integration.web.support import basic

PLACE = Place("new", "province", "20")
URL = "/api/v1/dashboard?place=new:province:20&period=2025-Q3"


def test_dashboard_json_compares_with_the_previous_period(client: TestClient, sample: sessionmaker[Session]) -> None:
    with unit_of_work(sample) as s:  # an officer typed last quarter's count
        facts_repo.add_facts(s, [Fact("htx.count", 7, "unit", {}, as_of=date(2025, 6, 30), place=PLACE,
                                      source=Source(kind="user", user="langson"))])
    r = client.get(URL, auth=basic("langson"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["place"], body["period"], body["place_name"]) == ("new:province:20", "2025-Q3", "Tỉnh Lạng Sơn")
    now = figure_service(sample, summary=False).figures(PLACE, Period.parse("2025-Q3"))
    count = next(f.value for f in now if f.indicator == "htx.count" and not f.dims and f.kind == "actual")
    head = next(h for h in body["headlines"] if h["label"] == "Hợp tác xã (kể cả QTDND)")
    # a count typed from a report is not compared with a count from the registry (issue 16, item 5)
    assert (head["value"], head["previous"], head["vs_previous"], head["source"]) == (count, None, None, "registry")
    assert head["value_text"] == format_quantity(count, "unit") and head["vs_previous_text"] == "—"
    assert "do tỉnh báo cáo" in head["vs_previous_missing"] and "sổ đăng ký" in head["vs_previous_missing"]
    page = client.get("/dashboard/new/province/20?period=2025-Q3", auth=basic("langson")).text
    assert head["vs_previous_missing"] in page
    htx_row = next(row for row in body["statuses"] if row["label"] == "Hợp tác xã")
    assert htx_row["total"] == count and sum(v or 0 for v in htx_row["by_status"].values()) == count
    assert len(body["series_periods"]) == 8 and body["series_periods"][-1] == "2025-Q3"
    assert all(len(s["values"]) == 8 for s in body["series"]) and body["series"][0]["values"][-1] == count


def test_registry_figures_are_compared_with_registry_figures(client: TestClient, sample: sessionmaker[Session]) -> None:
    service = figure_service(sample, summary=False)

    def count(period: str) -> int | Decimal:
        return next(f.value for f in service.figures(PLACE, Period.parse(period))
                    if f.indicator == "htx.count" and not f.dims and f.kind == "actual")

    now, before = count("2025-Q3"), count("2025-Q2")
    head = next(h for h in client.get(URL, auth=basic("langson")).json()["headlines"]
                if h["label"] == "Hợp tác xã (kể cả QTDND)")
    if before:
        change = ((Decimal(now) - before) / before * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        assert (head["previous"], head["vs_previous"], head["vs_previous_missing"]) == (before, float(change), None)
        assert head["vs_previous_text"] == format_percent(change, 1)
    else:
        assert head["vs_previous"] is None and "bằng 0" in head["vs_previous_missing"]


def test_dashboard_json_is_refused_outside_the_users_province(client: TestClient) -> None:
    assert client.get(URL, auth=basic("bacninh")).status_code == 403
    assert client.get(URL).status_code == 401
    assert client.get("/api/v1/dashboard?place=new:province:20&period=2025-Q9", auth=basic("langson")).status_code == 422


def test_a_new_province_is_not_shown_as_the_sum_of_part_of_its_old_provinces(client: TestClient,
                                                                     sample: sessionmaker[Session]) -> None:
    with unit_of_work(sample) as s:  # only old Bắc Giang (24) reported; new Bắc Ninh also took old Bắc Ninh (27)
        facts_repo.add_facts(s, [Fact("htx.count", 500, "unit", {}, as_of=date(2024, 12, 31),
                                      place=Place("old", "province", "24"), source=Source(kind="user", user="bacninh"))])
    body = client.get("/api/v1/dashboard?place=new:province:24&period=2024-Q4", auth=basic("admin")).json()
    head = next(h for h in body["headlines"] if h["label"] == "Hợp tác xã (kể cả QTDND)")
    # a part is never shown as the whole (stats.combine): old Bắc Ninh did not report, so no figure, no comparison
    assert head["value"] != 500
    assert head["vs_previous"] is None and head["vs_last_year"] is None
