"""Fixtures of the geo tests: the packaged gazetteer."""

from __future__ import annotations

import pytest

from htx.geo import Gazetteer, gazetteer


@pytest.fixture(scope="session")
def gaz() -> Gazetteer:
    return gazetteer()
