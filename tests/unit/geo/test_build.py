"""The packaged data is exactly what the build makes of the shared CSVs (needs ../shared)."""

from __future__ import annotations

import gzip
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from htx.geo.build import CONVERSION_FILE, build, read_conversion, serialise

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def source(shared_dir: Path) -> Path:
    return shared_dir / "data" / "admin-units"


def test_rebuild_matches_packaged_data(source: Path) -> None:
    rebuilt = serialise(build(source))
    for name, payload in rebuilt.items():
        packaged = resources.files("htx.geo").joinpath("data", name).read_bytes()
        assert gzip.decompress(packaged) == payload, (
            f"{name} drifted: run scripts/build_geo_data.py"
        )


def test_conversion_records_not_lines(source: Path) -> None:
    records = read_conversion(source / CONVERSION_FILE)
    assert len(records) == 10_571
    assert sum(1 for r in records if "\n" in r[1]) == 870
    new_of: dict[str, set[str]] = defaultdict(set)
    for r in records:
        if r[4].strip():
            new_of[r[4].strip()].add(r[2])
    # as written, 441 old codes have several new communes (2 are transposed codes)
    assert sum(1 for v in new_of.values() if len(v) > 1) == 441
