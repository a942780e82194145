"""Browser tests of issue 16 (Playwright + Debian chromium): the conflict page, and a cooperative that cannot move itself."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import _login, _shot, browser, server

__all__ = ["browser", "server"]

pytestmark = pytest.mark.e2e


def _org_of_coop(page, base: str) -> int:
    return int(page.request.get(f"{base}/api/v1/me").json()["organisation_id"])


def test_concurrent_edit_shows_the_conflict_page_with_both_values(server: str, browser) -> None:
    coop = browser.new_context(locale="vi-VN")
    page = coop.new_page()
    _login(page, server, "htx", "htx-mau-2025")
    org_id = _org_of_coop(page, server)
    coop.close()

    officer = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    admin = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    _login(officer, server, "langson", "langson-mau-2025")
    _login(admin, server, "admin", "admin-mau-2025")
    officer.goto(f"{server}/registry/{org_id}/edit")
    admin.goto(f"{server}/registry/{org_id}/edit")  # both forms open on the same version
    admin.fill("input[name=members]", "55")
    admin.click("button[type=submit]")
    admin.wait_for_url(f"**/registry/{org_id}?saved=1")
    officer.fill("input[name=members]", "31")
    officer.click("button[type=submit]")
    officer.wait_for_load_state("networkidle")
    assert officer.locator("#conflict").is_visible()
    row = officer.locator("#conflict-table tr.differs", has_text="số thành viên")
    assert row.locator(".saved").inner_text().strip() == "55"
    assert row.locator(".typed").inner_text().strip() == "31"
    _shot(officer, "10-conflict")
    # the stored value is the first save's until the officer chooses to overwrite
    assert officer.request.get(f"{server}/api/v1/organisations/{org_id}").json()["members"] == 55
    officer.click("text=Vẫn lưu giá trị của tôi")
    officer.wait_for_url(f"**/registry/{org_id}?saved=1")
    assert officer.request.get(f"{server}/api/v1/organisations/{org_id}").json()["members"] == 31


def test_a_cooperative_cannot_change_its_place(server: str, browser) -> None:
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    _login(page, server, "htx", "htx-mau-2025")
    org_id = _org_of_coop(page, server)
    before = page.request.get(f"{server}/api/v1/organisations/{org_id}").json()
    page.goto(f"{server}/registry/{org_id}/edit")
    assert page.locator("[name=commune_code]").count() == 0 and page.locator("[name=kind]").count() == 0
    assert page.get_by_text("do cán bộ quản lý cập nhật").count() == 1
    _shot(page, "11-coop-edit")
    # a hand-made field (as from the browser's developer tools) is refused by the server
    page.evaluate("""() => { const i = document.createElement('input'); i.name = 'commune_code';
                             i.value = '25000'; document.querySelector('form.card').appendChild(i); }""")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "không được sửa" in page.content()
    # and so is the API from the same session
    token = page.evaluate("() => document.querySelector('input[name=csrf_token]').value")
    r = page.request.patch(f"{server}/api/v1/organisations/{org_id}", data={"commune_code": "25000"},
                           headers={"X-CSRF-Token": token})
    assert r.status == 403
    after = page.request.get(f"{server}/api/v1/organisations/{org_id}").json()
    assert (after["province_code"], after["commune_code"]) == (before["province_code"], before["commune_code"])
    # what it may change, it can
    page.goto(f"{server}/registry/{org_id}/edit")
    page.fill("input[name=workers]", "17")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf".*/registry/{org_id}\?saved=1"))
    assert page.request.get(f"{server}/api/v1/organisations/{org_id}").json()["workers"] == 17


def test_main_pages_work_under_the_content_security_policy(server: str, browser) -> None:
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN").new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    _login(page, server, "langson", "langson-mau-2025")
    for path in ("/dashboard/new/province/20", "/registry", "/documents", "/entry", "/reports", "/fund", "/public",
                 "/account/password"):
        response = page.goto(f"{server}{path}")
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    page.goto(f"{server}/registry")
    page.select_option("select[name=kind]", "HTX")  # htmx-driven filter still works under the policy
    page.wait_for_load_state("networkidle")
    assert page.locator("table").count() >= 1
    assert refused == []
