"""Marker of the bench smoke test (deselect with ``-m 'not bench'``)."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "bench: runs `python -m htx.bench --quick` (about 40 s)")
