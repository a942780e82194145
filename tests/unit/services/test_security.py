"""Pure parts of the security service: client address behind proxies, password policy, delay curve."""

from __future__ import annotations

import pytest

from htx.services.security import client_address, delay_after, password_problem


@pytest.mark.parametrize(("peer", "header", "trusted", "expected"), [
    ("203.0.113.7", "192.0.2.1", [], "203.0.113.7"),  # no proxy configured: the header is ignored
    ("203.0.113.7", "192.0.2.1", ["10.0.0.0/8"], "203.0.113.7"),  # not from a proxy: ignored
    ("10.0.0.2", "192.0.2.1", ["10.0.0.0/8"], "192.0.2.1"),
    ("10.0.0.2", "6.6.6.6, 192.0.2.1", ["10.0.0.0/8"], "192.0.2.1"),  # what the client wrote on the left is ignored
    ("10.0.0.2", "192.0.2.1, 10.0.0.9", ["10.0.0.0/8"], "192.0.2.1"),  # two proxies
    ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
    ("10.0.0.2", None, ["10.0.0.2"], "10.0.0.2"),
    (None, "192.0.2.1", ["10.0.0.0/8"], "-"),
])
def test_forwarded_for_only_from_trusted_proxies(peer: str | None, header: str | None, trusted: list[str],
                                                 expected: str) -> None:
    assert client_address(peer, header, trusted) == expected


@pytest.mark.parametrize(("password", "username", "refused"), [
    ("aaaaaaaaaa", "", True), ("abababababab", "", True), ("1234567890", "", True), ("0987654321", "", True),
    ("qwertyuiop", "", True), ("mypassword1", "", True), ("short-1", "", True), ("langson-2026!", "langson", True),
    ("Langson-2026!", "LANGSON", True), ("Xuan-Truong-47", "moi", False), ("che tan cuong 2026", "thai", False),
])
def test_password_policy(password: str, username: str, refused: bool) -> None:
    assert (password_problem(password, username) is not None) == refused


def test_delays_double_and_are_capped() -> None:
    assert [delay_after(n, 60) for n in range(10)] == [0, 0, 0, 2, 4, 8, 16, 32, 60, 60]
