"""Browser test of the satisfaction survey at 360 px: draft, resume, submit once; progress; publication."""

from __future__ import annotations

import pytest

from .survey_helpers import CODE, FIRST, REST, answer, overflow, questionnaire, resubmit_status
from .test_browser import _login, _shot, browser, server  # noqa: F401 — the same server and browser fixtures

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 740}


def _sent(page) -> int:
    return int(page.locator("#sv-sent").inner_text().replace(".", ""))


def test_cooperative_answers_on_a_phone_and_the_index_is_published(server: str, browser) -> None:  # noqa: F811
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    _login(admin, server, "admin", "admin-mau-2025")
    admin.goto(f"{server}/survey")
    admin.fill("textarea[name=text]", questionnaire())
    admin.click("button[value=store]")
    admin.wait_for_load_state("networkidle")
    assert "Đã nạp bảng hỏi" in admin.content()
    admin.click("button:has-text('Mở vòng')")
    admin.wait_for_load_state("networkidle")

    officer = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    _login(officer, server, "langson", "langson-mau-2025")
    officer.goto(f"{server}/survey/{CODE}/progress")
    before = _sent(officer)

    coop = browser.new_context(viewport=PHONE, locale="vi-VN", is_mobile=True, has_touch=True).new_page()
    _login(coop, server, "htx", "htx-mau-2025")
    coop.goto(f"{server}/survey")
    coop.click("a:has-text('Phiếu của HTX')")
    assert overflow(coop) <= 0, "the form scrolls sideways at 360 px"
    answer(coop, FIRST)
    coop.click("#sv-draft")
    coop.wait_for_selector("#sv-saved")
    _shot(coop, "survey-form-360")
    coop.goto(f"{server}/survey")  # leave, then come back: the draft is still there
    coop.goto(f"{server}/survey/{CODE}/form")
    assert coop.is_checked("input[name=a_CS1][value='4']") and coop.is_checked("input[name=a_CS3][value=KB]")
    answer(coop, REST)
    coop.fill("textarea[name=c_QT1]", "Mong xã tổ chức đối thoại với HTX mỗi quý")
    coop.click("#sv-submit")
    coop.wait_for_selector("#sv-submitted")
    assert coop.locator("#sv-submit").count() == 0 and coop.is_disabled("input[name=a_CS1][value='4']")
    assert resubmit_status(coop) == 409

    officer.reload()
    assert _sent(officer) == before + 1

    admin.goto(f"{server}/survey")
    admin.click("button:has-text('Đóng vòng')")
    admin.wait_for_load_state("networkidle")
    admin.click("button:has-text('Công bố')")
    admin.wait_for_load_state("networkidle")
    assert "đã công bố" in admin.content()

    public = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    public.goto(f"{server}/public")
    table = public.locator("#sv-public")
    assert table.count() == 1
    row = table.locator("tr", has_text="Lạng Sơn")
    assert row.count() == 1 and "chưa đủ phiếu" not in row.inner_text()
    _shot(public, "survey-public-360")
