"""The wiring in ``bootstrap`` honours the documented settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from htx import bootstrap
from htx.settings import get_settings


@pytest.mark.parametrize("value, echo", [("true", True), ("false", False)])
def test_htx_echo_sql_turns_statement_logging_on(value: str, echo: bool, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTX_DATABASE_URL", f"sqlite:///{tmp_path / 'echo.sqlite3'}")
    monkeypatch.setenv("HTX_ECHO_SQL", value)
    get_settings.cache_clear()
    try:
        engine = bootstrap.sessions().kw["bind"]
        assert engine.echo is echo
        engine.dispose()
    finally:
        get_settings.cache_clear()
