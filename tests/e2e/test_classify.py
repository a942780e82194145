"""Browser test of classification: a cooperative scores and submits, the province returns it with a comment,
the cooperative corrects and resubmits, the officer confirms, the province page shows the new class shares,
and another province's officer cannot see the sheet."""

from __future__ import annotations

import re

import pytest

from tests.e2e.classify_helpers import as_user, browser, fill_sheet, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.e2e


def test_score_return_correct_confirm_and_shares(server: str, browser) -> None:  # noqa: F811
    coop = as_user(browser, server, "htx")
    coop.click("nav.mainnav >> text=Xếp loại")
    coop.wait_for_load_state("networkidle")
    assert "/classify/sheet/" in coop.url
    sheet_url = coop.url.split("?")[0]
    assert fill_sheet(coop, minus=25) == 75  # khá
    coop.click("button[value=submit]")
    coop.wait_for_load_state("networkidle")
    assert coop.locator("[data-status=submitted]").count() == 1

    officer = as_user(browser, server, "langson")
    officer.goto(f"{server}/classify")
    officer.locator("#review a").first.click()
    officer.wait_for_load_state("networkidle")
    officer.fill("#decide-form textarea[name=comment]", "Tiêu chí 9 chưa có minh chứng, đề nghị chấm lại")
    officer.click("#decide-form button[value=return]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("[data-status=returned]").count() == 1

    coop.goto(sheet_url)
    assert "Tiêu chí 9 chưa có minh chứng" in coop.locator("#return-comment").inner_text()
    fill_sheet(coop, minus=5)  # corrected: 95 → tốt
    coop.click("button[value=submit]")
    coop.wait_for_load_state("networkidle")
    assert coop.locator("[data-status=submitted]").count() == 1

    officer.goto(sheet_url)
    officer.click("#decide-form button[value=confirm]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("[data-status=confirmed]").count() == 1
    assert "Tốt" in officer.locator("#result").inner_text()

    officer.goto(f"{server}/classify")
    good = officer.locator("#class-shares tr[data-grade=good] td")
    assert int(good.nth(1).inner_text()) >= 1
    assert re.fullmatch(r"\d{1,3},\d{2}%", good.nth(2).inner_text().strip())
    assert "%" in officer.locator("[data-good-fair]").inner_text()

    other = as_user(browser, server, "bacninh")
    response = other.goto(sheet_url)
    assert response is not None and response.status == 403
    assert "Không có quyền truy cập" in other.content()
