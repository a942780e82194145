"""Rules of the registry that come from the law or from the calendar (quy định): checked on every entry path.

The organisation form (:mod:`htx.registry.orgform`), the file import
(:mod:`htx.registry.importer`) and lifecycle events call these; each returns the Vietnamese
message of a refused value, or None. The legal minimums are data (``data/rules.yaml``).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

TAX_CODE = re.compile(r"\d{10}(-\d{3})?")
KIND_NAMES = {"HTX": "hợp tác xã", "LHHTX": "liên hiệp hợp tác xã", "THT": "tổ hợp tác", "QTDND": "quỹ tín dụng nhân dân"}


@cache
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((resources.files("htx.registry") / "data" / "rules.yaml").read_text("utf-8"))
    return data


def min_members(kind: str) -> int | None:
    """The least number of members the law allows for ``kind`` (None: no minimum)."""
    value = _rules()["min_members"].get(kind)
    return int(value) if isinstance(value, int) else None


def members_error(kind: str | None, members: int | None) -> str | None:
    """Message when ``members`` is below the legal minimum of ``kind`` (unknown counts are not judged)."""
    least = min_members(kind or "")
    if members is None or least is None or members >= least:
        return None
    unit = "hợp tác xã thành viên" if kind == "LHHTX" else "thành viên"
    return (f"Số thành viên: {KIND_NAMES[kind or '']} phải có ít nhất {least} {unit} "
            f"({_rules()['min_members']['reference']}); đã nhập {members}")


def tax_code_error(code: str | None) -> str | None:
    """Message when a tax code (mã số thuế) is neither 10 digits nor 10 digits, "-" and 3 digits."""
    if not code or TAX_CODE.fullmatch(code):
        return None
    return "Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu \"-\" và 3 chữ số (ví dụ 0101234567-001)"


def future_error(label: str, day: date | None, today: date | None = None) -> str | None:
    """Message when ``day`` (the date named ``label``) lies after today: events are recorded once they happen."""
    today = today or date.today()
    if day is None or day <= today:
        return None
    return f"{label} ({day:%d/%m/%Y}) không được sau hôm nay ({today:%d/%m/%Y})"
