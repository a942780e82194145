"""The contact list of a round's frame (danh sách liên hệ: điện thoại, email, Zalo) read from XLSX or JSON.

Provincial alliances send the list "để đưa vào hệ thống" (spec/survey.md §1.1). One sheet
``Liên hệ`` with the cooperative's registry code (or its id) and any of phone, e-mail, Zalo.
All or nothing: every bad cell is reported by sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from htx.tabular import CellError, ImportErrors, read_rows

SHEETS = {"contacts": ["Liên hệ", "Lien he", "contacts"]}
COLUMNS = {"contacts": {
    "code": ["Mã HTX", "Mã", "Mã số HTX", "code"],
    "id": ["ID", "Mã hệ thống", "organisation_id"],
    "name": ["Tên HTX", "Tên", "name"],
    "phone": ["Điện thoại", "Số điện thoại", "SĐT", "phone"],
    "email": ["Email", "Thư điện tử", "e-mail"],
    "zalo": ["Zalo"],
}}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


@dataclass(frozen=True)
class Contact:
    """One row: which cooperative (registry code or id) and its contact."""

    code: str | None
    id: int | None
    phone: str | None
    email: str | None
    zalo: str | None
    row: int


def read_contacts(path: Path) -> list[Contact]:
    rows = read_rows(path, SHEETS, COLUMNS, {})
    out: list[Contact] = []
    errors: list[CellError] = []
    for r in rows["contacts"]:
        code, org_id = r.text("code"), r.integer("id")
        if code is None and org_id is None:
            r.fail("code", "cần Mã HTX hoặc ID / registry code or id required")
        phone, email, zalo = r.text("phone"), r.text("email"), r.text("zalo")
        if phone and not PHONE.match(phone):
            r.fail("phone", f"'{phone}' không phải số điện thoại")
        if email and not EMAIL.match(email):
            r.fail("email", f"'{email}' không phải địa chỉ email")
        if zalo and not PHONE.match(zalo):
            r.fail("zalo", f"'{zalo}' không phải số Zalo")
        errors += r.errors
        out.append(Contact(code, org_id, phone, email, zalo, r.number))
    if errors:
        raise ImportErrors(path.name, errors)
    return out
