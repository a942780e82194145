"""Helpers of the classification browser test, reusing the main browser test's fixtures (no copy).

Importing ``server`` and ``browser`` here makes them fixtures of whichever module imports them
(a server of its own per module, as ``test_browser`` has).
"""

from __future__ import annotations

from tests.e2e.test_browser import _login, browser, server

PASSWORDS = {"htx": "htx-mau-2025", "langson": "langson-mau-2025", "bacninh": "bacninh-mau-2025"}

__all__ = ["browser", "server", "as_user", "fill_sheet"]


def as_user(browser, base: str, username: str):
    """A new browser context logged in as ``username``; returns its page."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    _login(page, base, username, PASSWORDS[username])
    return page


def fill_sheet(page, minus: float = 0) -> float:
    """Give every line of the sheet its maximum (less ``minus`` on the last line); returns the total typed."""
    rows = page.locator("#sheet-form tbody tr:has(input[name^=p_])")
    total = 0.0
    count = rows.count()
    for i in range(count):
        row = rows.nth(i)
        maximum = float(row.locator("td").nth(2).inner_text().strip().replace(".", "").replace(",", "."))
        value = maximum - (minus if i == count - 1 else 0)
        row.locator("input[name^=p_]").fill(f"{value:g}".replace(".", ","))
        total += value
    page.fill("input[name=board_name]", "Nguyễn Văn Chủ")
    page.check("input[name=board_agreed]")
    page.fill("input[name=controller_name]", "Lê Thị Soát")
    page.check("input[name=controller_agreed]")
    return total
