"""The web app's YAML files are validated when read: a misspelt indicator or status fails at load."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from htx.web.config import DashboardConfig, EntryForm, dashboard_config, entry_form


def test_the_shipped_files_are_valid() -> None:
    assert dashboard_config()["statuses"] == ["active", "suspended", "stopped"]
    assert all(row["unit"] for s in entry_form()["sections"] for row in s["rows"])


def test_an_unknown_indicator_is_refused() -> None:
    with pytest.raises(ValidationError, match="htx.cuont"):
        EntryForm.model_validate({"sections": [{"title": "x", "rows": [
            {"indicator": "htx.cuont", "dims": {}, "unit": "unit"}]}], "sums": []})


def test_an_unknown_status_is_refused() -> None:
    with pytest.raises(ValidationError, match="closed"):
        DashboardConfig.model_validate({"status_subjects": {}, "statuses": ["active", "closed"],
                                        "chart": []})


def test_the_api_statuses_are_the_vocabulary_statuses() -> None:
    from typing import get_args

    from htx.registry.orgform import STATUSES
    from htx.stats.vocabulary import vocabulary
    from htx.web.schemas import Status

    assert tuple(get_args(Status)) == STATUSES == tuple(vocabulary().dims["status"])
