"""Rebuild the packaged administrative-unit data (src/htx/geo/data/*.csv.gz) from the CSVs.

Usage: python scripts/build_geo_data.py [SOURCE_DIR]
SOURCE_DIR defaults to ../shared/data/admin-units (relative to the repository root).
"""

from __future__ import annotations

import sys
from pathlib import Path

from htx.geo.build import build, write

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "admin-units"
OUT_DIR = REPO / "src" / "htx" / "geo" / "data"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    tables = build(source)
    for path in write(tables, OUT_DIR):
        sys.stdout.write(f"wrote {path} ({path.stat().st_size:,} bytes)\n")
    sys.stdout.write(f"{len(tables.units):,} units, {len(tables.successions):,} successions\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
