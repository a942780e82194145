"""Build the packaged geo data from the two source CSVs of ``shared/data/admin-units``.

Sources: ``communes-pre-2025-07.csv`` (units before 1 July 2025, somewhat older than
30 June 2025) and ``conversion-2025-07.csv`` (old commune → new commune). The
conversion file's old side is taken as the units in force on 30 June 2025; the pre-2025
file adds older units (flagged not in force) and the province / district lists. Known
label errors are fixed from ``data/conversion.yaml``; every other inconsistency stops
the build. Output: two gzipped CSV tables, ``units.csv.gz`` and ``successions.csv.gz``.

Run through ``scripts/build_geo_data.py``; tests rebuild and compare with the shipped data.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from htx.geo.model import LAST_OLD_DAY, REFORM_DAY
from htx.geo.tables import GeoDataError, conversion_tables, name_tables
from htx.geo.text import clean

PRE_FILE = "communes-pre-2025-07.csv"
CONVERSION_FILE = "conversion-2025-07.csv"
UNIT_COLUMNS = (
    "era",
    "level",
    "code",
    "name",
    "short_name",
    "type",
    "province_code",
    "district_code",
    "valid_from",
    "valid_to",
    "in_force",
    "in_pre_file",
    "alt_name",
)
SUCCESSION_COLUMNS = (
    "row",
    "old_code",
    "old_name",
    "old_district_code",
    "old_province_code",
    "new_code",
    "new_province_code",
    "relation",
    "note_kind",
    "note",
)
_CODED = re.compile(r"^(.*?)\s*\((\d+)\)\s*$")
_LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}


@dataclass
class GeoTables:
    """Rows of the two packaged tables (all values strings, "" for none)."""

    units: list[dict[str, str]]
    successions: list[dict[str, str]]


def _coded(text: str) -> tuple[str, str]:
    """ "Quận Ba Đình (001)" → ("Quận Ba Đình", "001")."""
    match = _CODED.match(clean(text))
    if not match:
        raise GeoDataError(f"expected 'Name (code)', got {text!r}")
    return match.group(1), match.group(2)


def _consensus(code: str, names: Counter[str]) -> str:
    if len(names) != 1:
        raise GeoDataError(f"code {code} has several names {sorted(names)}: add a correction")
    return next(iter(names))


def read_pre(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: clean(v) for k, v in row.items()} for row in csv.DictReader(fh)]


def read_conversion(path: Path) -> list[list[str]]:
    """Data records (two header rows and the province separator rows dropped)."""
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    return [r for r in records[2:] if any(cell.strip() for cell in r[1:])]


class _Builder:
    def __init__(self, pre: list[dict[str, str]], conversion: list[list[str]]) -> None:
        self.names = name_tables()
        self.conv = conversion_tables()
        self.pre = pre
        self.conversion = conversion
        self.used: Counter[tuple[str, int]] = Counter()
        self.units: list[dict[str, str]] = []
        self.successions: list[dict[str, str]] = []

    def _split(
        self, name: str, level: str, code: str, parent_type: str | None = None
    ) -> tuple[str, str, str]:
        parts = self.names.split_name(name, level, parent_type)
        if parts is None:
            raise GeoDataError(f"{level} {code}: no unit type fits the name {name!r}")
        return parts

    def _unit(
        self,
        era: str,
        level: str,
        code: str,
        name: str,
        province: str,
        district: str = "",
        *,
        in_force: bool = True,
        in_pre: bool = False,
        alt_name: str = "",
        parent_type: str | None = None,
    ) -> None:
        full, short, type_ = self._split(name, level, code, parent_type)
        self.units.append(
            {
                "era": era,
                "level": level,
                "code": code,
                "name": full,
                "short_name": short,
                "type": type_,
                "province_code": province,
                "district_code": district,
                "valid_from": REFORM_DAY.isoformat() if era == "new" else "",
                "valid_to": LAST_OLD_DAY.isoformat() if era == "old" and in_force else "",
                "in_force": "1" if in_force else "0",  # on 30 June 2025 (old era only)
                "in_pre_file": "1" if in_pre else "0",
                "alt_name": alt_name if alt_name != full else "",
            }
        )

    def _correction(self, group: str, index: int) -> None:
        self.used[(group, index)] += 1

    def build(self) -> GeoTables:  # noqa: C901 — one pass over the two official files, kept whole so the corrections read in file order
        pre_prov: dict[str, str] = {}
        pre_dist: dict[str, tuple[str, str]] = {}
        pre_comm: dict[str, dict[str, str]] = {}
        for r in self.pre:
            pre_prov[r["Mã TP"]] = r["Tỉnh Thành Phố"]
            pre_dist[r["Mã QH"]] = (r["Quận Huyện"], r["Mã TP"])
            if r["Mã PX"]:
                pre_comm[r["Mã PX"]] = r
        corr = self.conv.corrections

        old_names: dict[str, Counter[str]] = defaultdict(Counter)
        old_parent: dict[str, tuple[str, str]] = {}
        dist_names: dict[str, Counter[str]] = defaultdict(Counter)
        new_prov: dict[str, Counter[str]] = defaultdict(Counter)
        new_names: dict[str, Counter[str]] = defaultdict(Counter)
        new_parent: dict[str, str] = {}
        for row_no, rec in enumerate(self.conversion, start=1):
            new_prov_name, new_prov_code = _coded(rec[0])
            new_prov[new_prov_code][new_prov_name] += 1
            new_code, new_name = rec[2].strip(), clean(rec[1])
            for i, c in enumerate(corr["new_names"]):
                if c["code"] == new_code:
                    new_name = c["right"]
                    self._correction("new_names", i)
            new_names[new_code][new_name] += 1
            if new_parent.setdefault(new_code, new_prov_code) != new_prov_code:
                raise GeoDataError(f"new commune {new_code} in two provinces")
            old_code, old_name = rec[4].strip(), clean(rec[3])
            for i, c in enumerate(corr["old_codes"]):
                if c["code"] == old_code and c["name"] == old_name:
                    old_code = c["right"]
                    self._correction("old_codes", i)
            for i, c in enumerate(corr["old_names"]):
                if c["code"] == old_code and c["wrong"] == old_name:
                    old_name = c["right"]
                    self._correction("old_names", i)
            dist_name, dist_code = _coded(rec[6])
            if dist_code not in pre_dist:
                raise GeoDataError(f"row {row_no}: unknown old district {rec[6]!r}")
            dist_names[dist_code][self._split(dist_name, "district", dist_code)[0]] += 1
            prov_label = clean(rec[7])
            prov_code = pre_dist[dist_code][1]
            if _coded(prov_label)[1] != prov_code:
                for i, c in enumerate(corr["old_provinces"]):
                    if (
                        c["wrong"] == prov_label
                        and c["right"] == prov_code
                        and (c.get("old_code") == old_code or c.get("district") == dist_code)
                    ):
                        self._correction("old_provinces", i)
                        break
                else:
                    raise GeoDataError(f"row {row_no}: province {prov_label!r} vs district")
            if old_code:
                old_names[old_code][old_name] += 1
                if old_parent.setdefault(old_code, (dist_code, prov_code)) != (
                    dist_code,
                    prov_code,
                ):
                    raise GeoDataError(f"old commune {old_code} in two districts")
            kind = self.conv.classify_note(rec[5])
            self.successions.append(
                {
                    "row": str(row_no),
                    "old_code": old_code,
                    "old_name": old_name,
                    "old_district_code": dist_code,
                    "old_province_code": prov_code,
                    "new_code": new_code,
                    "new_province_code": new_prov_code,
                    "relation": kind.relation,
                    "note_kind": kind.kind,
                    "note": rec[5],
                }
            )
        for group, entries in corr.items():
            for i, entry in enumerate(entries):
                if not self.used[(group, i)]:
                    raise GeoDataError(f"correction {group} {entry} matched no row")

        prov_type = {}
        for code, name in sorted(pre_prov.items()):
            self._unit("old", "province", code, name, code, in_pre=True)
            prov_type[code] = self.units[-1]["type"]
        for code, (pre_name, prov) in sorted(pre_dist.items()):
            name = _consensus(code, dist_names[code]) if code in dist_names else pre_name
            self._unit(
                "old",
                "district",
                code,
                name,
                prov,
                code,
                in_force=code in dist_names,
                in_pre=True,
                alt_name=pre_name,
                parent_type=prov_type[prov],
            )
        for code in sorted(set(old_names) | set(pre_comm)):
            pre_row = pre_comm.get(code)
            if code in old_names:
                name = _consensus(code, old_names[code])
                if self.names.split_name(name, "commune") is None and pre_row:
                    name = pre_row["Phường Xã"]  # "Xuân Phước", "Thi trấn Ngan Dừa"
                dist, prov = old_parent[code]
            else:
                assert pre_row is not None
                name, dist, prov = pre_row["Phường Xã"], pre_row["Mã QH"], pre_row["Mã TP"]
            self._unit(
                "old",
                "commune",
                code,
                name,
                prov,
                dist,
                in_force=code in old_names,
                in_pre=pre_row is not None,
                alt_name=pre_row["Phường Xã"] if pre_row else "",
            )
        for code in sorted(new_prov):
            self._unit(
                "new", "province", code, _consensus(code, new_prov[code]), code, in_force=False
            )
        for code in sorted(new_names):
            self._unit(
                "new",
                "commune",
                code,
                _consensus(code, new_names[code]),
                new_parent[code],
                in_force=False,
            )
        return GeoTables(self.units, self.successions)


def build(source_dir: Path) -> GeoTables:
    """Read the two CSVs in ``source_dir`` and return the packaged tables."""
    pre = read_pre(source_dir / PRE_FILE)
    conversion = read_conversion(source_dir / CONVERSION_FILE)
    return _Builder(pre, conversion).build()


def to_csv(rows: list[dict[str, str]], columns: tuple[str, ...]) -> bytes:
    """Deterministic CSV (LF line ends) of ``rows``."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def serialise(tables: GeoTables) -> dict[str, bytes]:
    """File name → uncompressed CSV bytes of the packaged data."""
    return {
        "units.csv.gz": to_csv(tables.units, UNIT_COLUMNS),
        "successions.csv.gz": to_csv(tables.successions, SUCCESSION_COLUMNS),
    }


def write(tables: GeoTables, out_dir: Path) -> list[Path]:
    """Write the gzipped tables (mtime 0, so a rebuild gives the same bytes)."""
    written = []
    for name, payload in serialise(tables).items():
        path = out_dir / name
        with path.open("wb") as raw, gzip.GzipFile("", "wb", 9, raw, mtime=0) as gz:
            gz.write(payload)
        written.append(path)
    return written
