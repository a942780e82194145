"""Tabular imports (XLSX, CSV, JSON rows): header aliases, typed cells, and errors naming sheet, row and column.

Shared by the fund and programme importers. A workbook has named sheets; a JSON file is an
object whose keys are the sheet codes and whose values are lists of row objects. Every
problem becomes a :class:`CellError` naming the sheet, row and column; an import raises
:class:`ImportErrors` with all of them and yields nothing (all or nothing).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from babel.numbers import NumberFormatError, parse_decimal


def fold(text: Any) -> str:
    """Casefold without diacritics (đ → d) and with single spaces: the key for spellings."""
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    return " ".join(s.casefold().split())


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"sheet '{self.sheet}', " if self.sheet else ""
        return f"{where}dòng/row {self.row}, cột/column '{self.column}': {self.message}"


class ImportErrors(ValueError):
    """Every problem found in an import file; nothing was imported."""

    def __init__(self, filename: str, errors: list[CellError]):
        self.filename, self.errors = filename, errors
        lines = "\n".join(f"  - {e}" for e in errors[:50])
        more = f"\n  … và {len(errors) - 50} lỗi khác / more" if len(errors) > 50 else ""
        super().__init__(f"{filename}: {len(errors)} lỗi, không nhập dữ liệu nào / "
                         f"{len(errors)} error(s), nothing imported:\n{lines}{more}")


@dataclass
class Row:
    """One data row: raw values by field code, and the header text each came from."""

    sheet: str
    number: int
    values: dict[str, Any]
    headers: dict[str, str]
    errors: list[CellError] = field(default_factory=list)

    def fail(self, fieldname: str, message: str) -> None:
        self.errors.append(CellError(self.sheet, self.number, self.headers.get(fieldname, fieldname), message))

    def raw(self, fieldname: str) -> Any:
        v = self.values.get(fieldname)
        return None if isinstance(v, str) and not v.strip() else v

    def _get(self, fieldname: str, required: bool, convert: Any) -> Any:
        v = self.raw(fieldname)
        if v is None:
            if required:
                self.fail(fieldname, "bắt buộc / required")
            return None
        try:
            return convert(v)
        except (ValueError, InvalidOperation) as exc:
            self.fail(fieldname, str(exc))
            return None

    def text(self, fieldname: str, required: bool = False) -> str | None:
        return self._get(fieldname, required, lambda v: " ".join(unicodedata.normalize("NFC", str(v)).split()))

    def integer(self, fieldname: str, required: bool = False) -> int | None:
        return self._get(fieldname, required, to_int)

    def decimal(self, fieldname: str, required: bool = False) -> Decimal | None:
        return self._get(fieldname, required, to_decimal)

    def day(self, fieldname: str, required: bool = False) -> date | None:
        return self._get(fieldname, required, to_date)

    def code(self, fieldname: str, table: dict[str, str], required: bool = False) -> str | None:
        def convert(v: Any) -> str:
            code = table.get(fold(v))
            if code is None:
                raise ValueError(f"'{v}' không có trong danh mục / not a known value")
            return code
        return self._get(fieldname, required, convert)


def parse_number(text: str, strict: bool = False) -> Decimal:
    """A number typed in Vietnamese style: ``1.970.382``, ``65,23``, ``1 500 000`` → Decimal.

    The one parser of typed numbers (forms, registry files, the command line); babel reads the
    vi_VN grouping and decimal signs (``strict`` refuses misplaced group signs). ValueError
    (Vietnamese) when it is not a number.
    """
    try:
        return Decimal(parse_decimal(text.strip().replace(" ", ""), locale="vi_VN", strict=strict))
    except NumberFormatError:
        raise ValueError(f"'{text}' không phải là số") from None


def parse_whole(text: str) -> int:
    """A whole number ≥ 0 typed in Vietnamese style (``1.500.000``); ValueError (Vietnamese) otherwise."""
    d = parse_number(text)
    if d != d.to_integral_value() or d < 0:
        raise ValueError("phải là số nguyên không âm")
    return int(d)


def to_int(v: Any) -> int:
    """A whole number: ``1.970.382`` (Vietnamese grouping), ``1970382``, or a whole Excel number."""
    if isinstance(v, bool):
        raise ValueError(f"'{v}' không phải số / not a number")
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if not v.is_integer():
            raise ValueError(f"'{v}' không phải số nguyên / not a whole number")
        return int(v)
    s = str(v).strip().replace(" ", "").replace(".", "")
    if not s.lstrip("-").isdigit():
        raise ValueError(f"'{v}' không phải số nguyên / not a whole number")
    return int(s)


def to_decimal(v: Any) -> Decimal:
    """A decimal: ``6,6`` or ``6.6`` (a float cell goes through ``str``)."""
    if isinstance(v, bool):
        raise ValueError(f"'{v}' không phải số / not a number")
    s = str(v).strip().replace("%", "").replace(",", ".")
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"'{v}' không phải số / not a number") from None


def to_date(v: Any) -> date:
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    s = str(v).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{v}' không phải ngày (dd/mm/yyyy) / not a date")


def alias_table(aliases: dict[str, list[str]]) -> dict[str, str]:
    """``{code: [spellings]}`` → ``{folded spelling or code: code}``."""
    return {fold(a): code for code, spellings in aliases.items() for a in [code, *spellings]}


def map_header(sheet: str, header: list[str], col_of: dict[str, str],
               required: Iterable[str]) -> tuple[dict[str, int], list[CellError]]:
    """Column index of each known field, and an error for every unknown or missing required column."""
    index: dict[str, int] = {}
    errors: list[CellError] = []
    for i, h in enumerate(header):
        f = col_of.get(fold(h))
        if f is None and h:
            errors.append(CellError(sheet, 1, h, "cột không biết / unknown column"))
        elif f is not None:
            index[f] = i
    errors.extend(CellError(sheet, 1, f, "thiếu cột bắt buộc / required column missing")
                  for f in required if f not in index)
    return index, errors


def read_rows(path: Path, sheets: dict[str, list[str]], columns: dict[str, dict[str, list[str]]],
              required: dict[str, list[str]]) -> dict[str, list[Row]]:
    """Rows of every known sheet by sheet code; raise :class:`ImportErrors` on structural problems.

    Sheets absent from the file give no rows; unknown sheets and columns are errors, so that a
    misspelt header is never silently ignored.
    """
    raw = _read_raw(path)
    sheet_of = alias_table(sheets)
    errors: list[CellError] = []
    out: dict[str, list[Row]] = {code: [] for code in sheets}
    for title, (header, body) in raw.items():
        code = sheet_of.get(fold(title))
        if code is None:
            errors.append(CellError(title, 1, "-", f"sheet không biết / unknown sheet (known: {', '.join(s[0] for s in sheets.values())})"))
            continue
        index, header_errors = map_header(title, header, alias_table(columns[code]), required.get(code, []))
        errors.extend(header_errors)
        heads = {f: header[i] for f, i in index.items()}
        for number, cells in body:
            values = {f: (cells[i] if i < len(cells) else None) for f, i in index.items()}
            out[code].append(Row(title, number, values, heads))
    if errors:
        raise ImportErrors(path.name, errors)
    return out


def _read_raw(path: Path) -> dict[str, tuple[list[str], list[tuple[int, list[Any]]]]]:
    suffix = path.suffix.lower()
    result: dict[str, tuple[list[str], list[tuple[int, list[Any]]]]] = {}
    if suffix == ".json":
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportErrors(path.name, [CellError("-", 1, "-", f"JSON không đọc được / unreadable JSON: {exc}")]) from exc
        if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
            raise ImportErrors(path.name, [CellError("-", 1, "-", "cần {sheet: [rows]} / expected {sheet: [rows]}")])
        for title, items in data.items():
            keys = list(dict.fromkeys(k for item in items if isinstance(item, dict) for k in item))
            rows = [(n + 1, [item.get(k) if isinstance(item, dict) else None for k in keys]) for n, item in enumerate(items)]
            result[title] = (keys, rows)
        return result
    if suffix not in (".xlsx", ".xlsm"):
        raise ImportErrors(path.name, [CellError("-", 0, "-", "chỉ nhận .xlsx hoặc .json / only .xlsx or .json")])
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportErrors(path.name, [CellError("-", 1, "-", f"không đọc được tệp Excel / unreadable workbook: {exc}")]) from exc
    for ws in wb.worksheets:
        numbered = [(i + 1, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True))]
        numbered = [(n, r) for n, r in numbered if any(c not in (None, "") for c in r)]
        if numbered:
            header = [str(c or "").strip() for c in numbered[0][1]]
            result[ws.title] = (header, numbered[1:])
    wb.close()
    return result


def write_workbook(path: Path, sheets: Mapping[str, Sequence[Sequence[Any]]]) -> Path:
    """Write an XLSX with one sheet per title; the first row of each is a bold header, columns sized to it."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            append_safe(ws, r)
        if rows:
            for i, cell in enumerate(ws[1]):
                cell.font = Font(bold=True)
                ws.column_dimensions[cell.column_letter].width = max(12, len(str(rows[0][i] or "")) + 4)
    wb.save(path)
    return path


# Formula injection (CSV/XLSX injection, OWASP): a cell whose text starts with one of these is
# run as a formula by Excel/LibreOffice when the export is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: risky text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def append_safe(ws: Any, row: Iterable[Any]) -> None:
    """``ws.append(row)`` where every text stays text (openpyxl stores ``=…`` strings as formulas)."""
    ws.append(list(row))
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.data_type == "f":
            cell.data_type = "s"
