"""Browser test of the reporting workflow: a commune submits, the province returns then approves, an administrator
reopens with a reason and corrects a figure; the history shows the chain and the province report marks the change."""

from __future__ import annotations

import re

import pytest

from tests.e2e.workflow_helpers import browser, login_as, server, shot  # noqa: F401  (fixtures)

pytestmark = pytest.mark.e2e
PERIOD = "2025-H2"


def _entry(page, base: str, query: str, values: dict[str, str]) -> None:
    page.goto(f"{base}/entry?{query}")
    for name, value in values.items():
        page.fill(f'input[name="{name}"]', value)
    page.click("text=Lưu và kiểm tra")
    page.wait_for_load_state("networkidle")


def test_submit_return_approve_reopen_and_report(server: str, browser) -> None:  # noqa: F811
    xa = login_as(browser, server, "xa")
    _entry(xa, server, f"period={PERIOD}", {"actual|htx.count|": "12", "actual|htx.count|status=active": "10",
                                             "actual|htx.count|status=suspended": "1",
                                             "actual|htx.count|status=stopped": "1"})
    assert xa.get_by_text("Đã lưu 4 số liệu").count() == 1
    xa.goto(f"{server}/workflow?period={PERIOD}")
    xa.get_by_role("link", name="Nộp", exact=True).first.click()
    xa.click("text=Nộp báo cáo")
    xa.wait_for_url("**/workflow/filings/*")
    filing_url = xa.url.split("?")[0]
    assert xa.locator(".status.wf-submitted").count() >= 1

    tinh = login_as(browser, server, "langson")
    tinh.goto(f"{server}/workflow/completeness?dataset=half_year&period={PERIOD}")
    row = tinh.locator("#units tr", has=tinh.locator(".wf-submitted"))
    assert row.count() == 1
    shot(tinh, "11-workflow-completeness")
    row.get_by_role("link").click()
    tinh.fill("#form-return textarea", "Thiếu số liệu tổ hợp tác, đề nghị bổ sung")
    tinh.click("#form-return button")
    tinh.wait_for_load_state("networkidle")
    assert tinh.locator(".status.wf-returned").count() >= 1

    xa.goto(f"{server}/workflow?period={PERIOD}")
    xa.get_by_role("link", name="Nộp", exact=True).first.click()
    assert xa.get_by_text("Thiếu số liệu tổ hợp tác").count() == 1
    xa.click("text=Nộp báo cáo")
    xa.wait_for_url("**/workflow/filings/*")

    tinh.goto(filing_url)
    tinh.click("#form-approve button")
    tinh.wait_for_load_state("networkidle")
    assert tinh.locator(".status.wf-approved").count() >= 1

    admin = login_as(browser, server, "admin")
    admin.goto(filing_url)
    admin.fill("#form-reopen textarea", "Xã báo cáo nhầm số HTX tạm ngừng")
    admin.click("#form-reopen button")
    admin.wait_for_load_state("networkidle")
    entry_link = admin.get_by_role("link", name="Xem / sửa số liệu kỳ này").get_attribute("href")
    assert entry_link
    _entry(admin, server, entry_link.split("?", 1)[1], {"actual|htx.count|status=active": "9",
                                                        "actual|htx.count|status=suspended": "2"})
    admin.goto(filing_url)
    admin.click("#form-approve button")
    admin.wait_for_load_state("networkidle")
    history = admin.locator("#history").inner_text()
    assert [m for m in re.findall(r"\t(Nộp|Trả lại|Phê duyệt|Mở lại)\t", history)] == [
        "Nộp", "Trả lại", "Nộp", "Phê duyệt", "Mở lại", "Phê duyệt"]
    assert "Xã báo cáo nhầm số HTX tạm ngừng" in history
    assert admin.locator("#edits tr.adjusted").count() == 2  # two figures changed in one save
    shot(admin, "12-workflow-history")

    tinh.goto(f"{server}/reports?place=new:province:20&period={PERIOD}")
    tinh.click("button.primary")
    tinh.wait_for_load_state("networkidle")
    with tinh.expect_download() as info:
        tinh.locator("a[href$='/docx']").first.click()
    from docx import Document

    text = "\n".join(p.text for p in Document(str(info.value.path())).paragraphs)
    assert re.search(r"Số liệu điều chỉnh ngày \d\d/\d\d/\d{4} \(sau khi đã phê duyệt\): .*1 → 2", text)
