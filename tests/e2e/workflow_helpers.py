"""Helpers of the workflow browser test: the server and browser fixtures of ``test_browser`` (imported, not copied)."""

from __future__ import annotations

from tests.e2e.test_browser import _login, _shot, browser, server

PASSWORDS = {"xa": "xa-mau-2025", "langson": "langson-mau-2025", "admin": "admin-mau-2025"}

__all__ = ["browser", "login_as", "server", "shot"]


def login_as(browser, base: str, username: str):
    """A new browser context logged in as ``username`` (a sample account); returns its page."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="vi-VN")
    page = context.new_page()
    _login(page, base, username, PASSWORDS[username])
    return page


def shot(page, name: str) -> None:
    _shot(page, name)
