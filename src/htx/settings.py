"""Settings (cấu hình): one typed object read from ``HTX_*`` environment variables."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """Where the embedded SQLite database and uploads live: ``$XDG_DATA_HOME/htx`` or ``~/.local/share/htx``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "htx"


class Settings(BaseSettings):
    """All settings; each is documented here and in the README (a test checks both agree)."""

    model_config = SettingsConfigDict(env_prefix="HTX_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir, description="Folder for the SQLite file and uploads.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default: SQLite file in data_dir.")
    secret_key: str = Field("dev-secret-change-me", description="Signs session cookies; set it in production.")
    echo_sql: bool = Field(False, description="Log every SQL statement.")
    https: bool = Field(False, description="The site is served over HTTPS: session cookies get Secure, HSTS is sent.")
    trusted_proxies: str = Field("", description="Comma-separated addresses/networks of reverse proxies whose "
                                 "X-Forwarded-For is believed (empty: none).")

    @property
    def proxies(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'htx.sqlite3'}"


@cache
def get_settings() -> Settings:
    return Settings()
