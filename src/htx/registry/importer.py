"""Registry import (nhập sổ đăng ký) from CSV or XLSX: all rows valid, or nothing.

Parsing is pure: it returns :class:`OrgRecord` values or raises :class:`ImportErrors` listing
every bad cell by row and column. Headers and value spellings are data
(``data/columns.yaml``, ``data/values.yaml``).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from htx.registry.lifecycle import Event, LifecycleError, check_events
from htx.registry.rules import future_error, members_error, tax_code_error
from htx.tabular import (
    CellError,
    ImportErrors,
    alias_table,
    fold,
    map_header,
    parse_number,
    to_date,
)

REQUIRED = ("kind", "name", "sector")
SHEET = ""  # a registry file has one sheet (or is a CSV): errors name row and column only


@cache
def _tables() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    pkg = resources.files("htx.registry") / "data"
    cols = yaml.safe_load((pkg / "columns.yaml").read_text("utf-8"))
    vals = yaml.safe_load((pkg / "values.yaml").read_text("utf-8"))
    return alias_table(cols), {fieldname: alias_table(table) for fieldname, table in vals.items()}


@dataclass
class OrgRecord:
    """One organisation as imported (row number kept for error messages)."""

    row: int
    kind: str
    name: str
    sector: str
    era: str = "new"
    code: str | None = None
    tax_code: str | None = None
    province_code: str | None = None
    commune_code: str | None = None
    founded_on: date | None = None
    events: list[Event] = field(default_factory=list)
    charter_capital: int | None = None
    members: int | None = None
    workers: int | None = None
    managers_higher: int | None = None
    managers_vocational: int | None = None
    managers_untrained: int | None = None
    classification: str | None = None
    classification_year: int | None = None
    revenue: int | None = None
    profit: int | None = None
    alliance_member: str | None = None
    alliance_joined_on: date | None = None
    union_code: str | None = None


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Header and (row number, cells) of a CSV or XLSX file; row numbers as a user sees them."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportErrors(path.name, [CellError(SHEET, 1, "-", "tệp không phải UTF-8 / file is not UTF-8")]) from exc
        rows = list(csv.reader(io.StringIO(text)))
        numbered = [(i + 1, r) for i, r in enumerate(rows)]
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportErrors(path.name, [CellError(SHEET, 1, "-", f"không đọc được tệp Excel / unreadable workbook: {exc}")]) from exc
        ws = wb.worksheets[0]
        numbered = [(i + 1, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True))]
        wb.close()
    else:
        raise ImportErrors(path.name, [CellError(SHEET, 0, "-", "chỉ nhận .csv hoặc .xlsx / only .csv or .xlsx")])
    numbered = [(n, r) for n, r in numbered if any(c not in (None, "") for c in r)]
    if not numbered:
        raise ImportErrors(path.name, [CellError(SHEET, 1, "-", "tệp rỗng / empty file")])
    header = [str(c or "").strip() for c in numbered[0][1]]
    return header, numbered[1:]


def _text(v: Any) -> str | None:
    if v is None:
        return None
    s = unicodedata.normalize("NFC", str(v)).strip()
    return " ".join(s.split()) or None


def _int(v: Any) -> int:
    if isinstance(v, int | float) and not isinstance(v, bool):
        if float(v) != int(v):
            raise ValueError(f"'{v}' không phải số nguyên / not a whole number")
        return int(v)
    try:
        d = parse_number(str(v))
    except ValueError as exc:
        raise ValueError(f"'{v}' không phải số / not a number") from exc
    if d != d.to_integral_value() or d < 0:
        raise ValueError(f"'{v}' phải là số nguyên không âm / must be a whole number ≥ 0")
    return int(Decimal(d))


def _code(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


INT_FIELDS = ("charter_capital", "members", "workers", "managers_higher", "managers_vocational",
              "managers_untrained", "classification_year", "revenue", "profit")
DATE_FIELDS = ("founded_on", "status_on", "alliance_joined_on")
CODE_FIELDS = ("code", "tax_code", "province_code", "commune_code", "union_code")
ENUM_FIELDS = ("kind", "sector", "status", "classification", "alliance_member", "era")

PlaceCheck = Callable[[str, str | None, str | None], str | None]


def parse_records(path: Path, place_check: PlaceCheck | None = None) -> list[OrgRecord]:
    """Validate every row; return records or raise :class:`ImportErrors` naming each bad cell.

    ``place_check(era, province_code, commune_code)`` returns an error message or None and
    fills nothing in: the caller resolves codes to units.
    """
    headers_map, values = _tables()
    header, rows = read_rows(path)
    columns, errors = map_header(SHEET, header, headers_map, REQUIRED)
    if errors:
        raise ImportErrors(path.name, errors)
    records: list[OrgRecord] = []
    seen_codes: dict[str, int] = {}
    for rownum, cells in rows:
        rec, row_errors = _parse_row(rownum, cells, columns, header, values, place_check)
        if rec and rec.code:
            if rec.code in seen_codes:
                row_errors.append(CellError(SHEET, rownum, header[columns["code"]],
                                            f"mã trùng với dòng {seen_codes[rec.code]} / duplicate code"))
            seen_codes[rec.code] = rownum
        errors.extend(row_errors)
        if rec and not row_errors:
            records.append(rec)
    if errors:
        raise ImportErrors(path.name, errors)
    return records


def _parse_row(rownum: int, cells: list[Any], columns: dict[str, int], header: list[str],  # noqa: C901 — one check per column; goes with the shared organisation validator
               values: dict[str, dict[str, str]], place_check: PlaceCheck | None,
               ) -> tuple[OrgRecord | None, list[CellError]]:
    errs: list[CellError] = []
    got: dict[str, Any] = {}
    for f, i in columns.items():
        raw = cells[i] if i < len(cells) else None
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if f in REQUIRED:
                errs.append(CellError(SHEET, rownum, header[i], "bắt buộc / required"))
            continue
        try:
            if f in INT_FIELDS:
                got[f] = _int(raw)
            elif f in DATE_FIELDS:
                got[f] = to_date(raw)
            elif f in CODE_FIELDS:
                got[f] = _code(raw)
            elif f in ENUM_FIELDS:
                code = values[f].get(fold(str(raw)))
                if code is None:
                    allowed = ", ".join(sorted(set(values[f].values())))
                    raise ValueError(f"'{raw}' không hợp lệ; chọn một trong: {allowed} / invalid value")
                got[f] = code
            else:
                got[f] = _text(raw)
        except ValueError as exc:
            errs.append(CellError(SHEET, rownum, header[i], str(exc)))
    if errs:
        return None, errs
    col = {f: header[i] for f, i in columns.items()}
    if place_check is not None:
        msg = place_check(got.get("era", "new"), got.get("province_code"), got.get("commune_code"))
        if msg:
            errs.append(CellError(SHEET, rownum, col.get("commune_code") or col.get("province_code") or "province_code", msg))
    if "province_code" not in got and "commune_code" not in got:
        errs.append(CellError(SHEET, rownum, "province_code", "cần mã tỉnh hoặc mã xã / a province or commune code is needed"))
    errs.extend(_rule_errors(rownum, got, col))
    events = _events(got)
    try:
        check_events(events)
    except LifecycleError as exc:
        errs.append(CellError(SHEET, rownum, col.get("status", "status"), str(exc)))
    if errs:
        return None, errs
    rec = OrgRecord(row=rownum, events=events, **{k: v for k, v in got.items() if k not in ("status", "status_on")})
    return rec, []


def _rule_errors(rownum: int, got: dict[str, Any], col: dict[str, str]) -> list[CellError]:
    """The registry's legal and calendar rules (``registry.rules``, shared with the form) on one row."""
    found = [("members", members_error(got.get("kind"), got.get("members"))),
             ("tax_code", tax_code_error(got.get("tax_code"))),
             ("founded_on", future_error("Ngày thành lập", got.get("founded_on"))),
             ("status_on", future_error("Ngày chuyển trạng thái", got.get("status_on")))]
    return [CellError(SHEET, rownum, col.get(f, f), message) for f, message in found if message]


def _events(got: dict[str, Any]) -> list[Event]:
    events: list[Event] = []
    if got.get("founded_on"):
        events.append(Event("founded", got["founded_on"]))
    status = got.get("status")
    if status and status != "active":
        on = got.get("status_on") or got.get("founded_on")
        kind = {"suspended": "suspended", "stopped": "stopped", "dissolved": "dissolved"}[status]
        if on is not None:
            events.append(Event(kind, on))
    return events


def template_headers() -> list[str]:
    """Headers of a blank import template, in Vietnamese (first spelling after the code)."""
    pkg = resources.files("htx.registry") / "data"
    cols = yaml.safe_load((pkg / "columns.yaml").read_text("utf-8"))
    return [aliases[0] for aliases in cols.values()]


def iter_record_dicts(records: Iterable[OrgRecord]) -> Iterable[dict[str, Any]]:
    for r in records:
        yield {k: v for k, v in r.__dict__.items() if k not in ("row", "events")}
