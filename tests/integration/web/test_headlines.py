"""One figure, one value: a province's headline figures agree on the overview, its dashboard and the public page."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from htx.stats.headlines import overview_definitions
from tests.integration.web.support import basic, login, post

PERIOD = "2025-Q3"
LANG_SON = "20"


def _overview_row(client: TestClient, code: str) -> list[str]:
    page = client.get(f"/?era=new&period={PERIOD}").text
    m = re.search(rf'href="/dashboard/new/province/{code}\?period={PERIOD}">[^<]+</a></td>(.*?)</tr>', page, re.S)
    assert m, "the province is not on the overview"
    return [c.strip() for c in re.findall(r'<td class="num">(.*?)</td>', m.group(1), re.S)]


def _dashboard(client: TestClient) -> dict[str, dict[str, object]]:
    body = client.get(f"/api/v1/dashboard?place=new:province:{LANG_SON}&period={PERIOD}", auth=basic("admin")).json()
    return {h["label"]: h for h in body["headlines"]}


def _public(client: TestClient) -> dict[str, str]:
    figures = client.get(f"/api/v1/public/figures?period={PERIOD}").json()
    return {f["label"]: f["value_text"] for f in figures if f["province_code"] == LANG_SON}


def test_overview_dashboard_and_public_page_show_one_value(client: TestClient) -> None:
    login(client, "admin")
    labels = [h.label for h in overview_definitions()]
    dash = _dashboard(client)
    assert dash["Hợp tác xã (kể cả QTDND)"]["value"] is not None
    assert _overview_row(client, LANG_SON) == [str(dash[label]["value_text"]) for label in labels]
    assert _public(client) == {}  # nothing published: absent on the public page, not another number
    login(client, "langson")
    r = post(client, "/entry", {"place": f"new:province:{LANG_SON}", "period": PERIOD, "actual|htx.count|": "250",
                                "actual|tht.count|": "40"})
    assert r.status_code == 200
    assert post(client, f"/dashboard/new/province/{LANG_SON}/publish", {"period": PERIOD}).status_code == 303
    login(client, "admin")
    dash = _dashboard(client)
    assert dash["Hợp tác xã (kể cả QTDND)"]["value_text"] == "250" and dash["Tổ hợp tác"]["value_text"] == "40"
    assert _overview_row(client, LANG_SON) == [str(dash[label]["value_text"]) for label in labels]
    public = _public(client)
    assert public == {label: dash[label]["value_text"] for label in ("Hợp tác xã (kể cả QTDND)", "Tổ hợp tác")}
    page = client.get(f"/public?period={PERIOD}").text
    assert re.search(r"Tỉnh Lạng Sơn</td>\s*<td class=\"num\">250</td>", page)


def test_the_province_officers_landing_page_shows_the_headlines(client: TestClient) -> None:
    login(client, "langson")
    page = client.get("/home").text
    for label in ("Hợp tác xã (kể cả QTDND)", "Tổ hợp tác", "Liên hiệp HTX", "Thành viên HTX", "Vốn điều lệ HTX"):
        m = re.search(rf'<div class="stat-label">{re.escape(label)}</div>\s*<div class="stat-value">([^<]*)<', page)
        assert m and m.group(1).strip() not in ("", "—"), label
