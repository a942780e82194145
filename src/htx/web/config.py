"""The web app's YAML data files, read into pydantic models and checked against the vocabulary at load.

A misspelt indicator, dimension or unit in ``dashboard.yaml`` or ``entry_form.yaml`` fails when
the file is read (naming the file and the entry), not later as a silently empty figure.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from htx.stats.vocabulary import VocabularyError, vocabulary


class ConfigError(ValueError):
    """A data file of the web app is malformed; the message names the file."""


class Measure(BaseModel):
    """An indicator with its dims and unit (checked against ``stats/data/vocabulary.yaml``)."""

    model_config = ConfigDict(extra="forbid")
    indicator: str
    dims: dict[str, str] = {}
    unit: str

    @model_validator(mode="after")
    def _known(self) -> Measure:
        try:
            vocabulary().check(self.indicator, self.dims, self.unit, "actual")
        except VocabularyError as exc:
            raise ValueError(str(exc)) from None
        return self


class Series(Measure):
    label: str
    color: str


class DashboardConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status_subjects: dict[str, str]
    statuses: list[str]
    chart: list[Series]

    @model_validator(mode="after")
    def _statuses_known(self) -> DashboardConfig:
        unknown = set(self.statuses) - set(vocabulary().dims["status"])
        if unknown:
            raise ValueError(f"trạng thái không có trong bộ từ vựng: {sorted(unknown)}")
        return self


class EntryRow(Measure):
    stock: bool = False


class EntrySection(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str
    rows: list[EntryRow]


class EntryForm(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sections: list[EntrySection]


def _load(name: str, model: type[BaseModel]) -> dict[str, Any]:
    text = (resources.files("htx.web") / "data" / name).read_text("utf-8")
    try:
        return model.model_validate(yaml.safe_load(text)).model_dump()
    except ValidationError as exc:
        raise ConfigError(f"Tệp cấu hình {name} không hợp lệ: {exc}") from None


@cache
def dashboard_config() -> dict[str, Any]:
    """``dashboard.yaml``: headlines, the status table and the chart's series (validated)."""
    return _load("dashboard.yaml", DashboardConfig)


@cache
def entry_form() -> dict[str, Any]:
    """``entry_form.yaml``: the data-entry form's sections and its sum rules (validated)."""
    return _load("entry_form.yaml", EntryForm)
