"""Support programmes (chương trình hỗ trợ HTX): disbursements by category, totals and summaries.

Categories (thành lập mới, đào tạo, xúc tiến thương mại, OCOP, …) are data in
``data/categories.yaml``; each :class:`Disbursement` is one payment to one beneficiary under a
programme and decision. Totals are per calendar year and cumulative; :func:`sentence` writes
them the way reports do: "đã hỗ trợ 12 HTX, tổng kinh phí 450 triệu đồng".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from htx.formatting import format_number, format_vnd
from htx.tabular import CellError, ImportErrors, alias_table, read_rows

BENEFICIARY_KINDS = ("htx", "tht", "lhhtx", "person", "other")


@cache
def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(resources.files("htx.programs").joinpath(f"data/{name}.yaml").read_text("utf-8"))
    return data


@dataclass(frozen=True)
class Category:
    code: str
    vi: str
    en: str
    aliases: tuple[str, ...] = ()


@cache
def categories() -> dict[str, Category]:
    """Programme categories by code, validated on first use."""
    out: dict[str, Category] = {}
    for code, spec in _data("categories").items():
        if not isinstance(spec, dict) or not spec.get("vi") or not spec.get("en"):
            raise ValueError(f"categories.yaml: {code} needs vi and en labels")
        out[code] = Category(code, spec["vi"], spec["en"], tuple(spec.get("aliases", ())))
    return out


def phrases() -> dict[str, Any]:
    return _data("phrases")


@dataclass(frozen=True)
class Disbursement:
    """One support payment (khoản kinh phí hỗ trợ) to one beneficiary, in integer VND."""

    id: int
    date: dt.date
    category: str
    beneficiary_name: str
    amount: int
    programme: str = ""
    decision_no: str = ""
    beneficiary_id: int | None = None
    beneficiary_kind: str = "htx"
    place: str | None = None
    created_by: str = ""

    def __post_init__(self) -> None:
        if self.category not in categories():
            raise ValueError(f"disbursement {self.id}: unknown category {self.category!r}")
        if self.beneficiary_kind not in BENEFICIARY_KINDS:
            raise ValueError(f"disbursement {self.id}: unknown beneficiary kind {self.beneficiary_kind!r}")
        if not isinstance(self.amount, int) or isinstance(self.amount, bool) or self.amount <= 0:
            raise ValueError(f"disbursement {self.id}: amount must be a positive whole number of đồng")

    @property
    def beneficiary_key(self) -> tuple[str, str]:
        ident = str(self.beneficiary_id) if self.beneficiary_id is not None else " ".join(self.beneficiary_name.casefold().split())
        return (self.beneficiary_kind, ident)


@dataclass(frozen=True)
class Totals:
    """Support given over some span: payments, distinct beneficiaries by kind, amount by category."""

    payments: int = 0
    amount: int = 0
    beneficiaries: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)

    @property
    def beneficiary_count(self) -> int:
        return sum(self.beneficiaries.values())


def totals(items: Iterable[Disbursement]) -> Totals:
    items = list(items)
    seen = {d.beneficiary_key for d in items}
    kinds: dict[str, int] = {}
    for kind, _ in seen:
        kinds[kind] = kinds.get(kind, 0) + 1
    cats: dict[str, int] = {}
    for d in items:
        cats[d.category] = cats.get(d.category, 0) + d.amount
    return Totals(len(items), sum(d.amount for d in items),
                  {k: kinds[k] for k in BENEFICIARY_KINDS if k in kinds}, dict(sorted(cats.items())))


def totals_by_year(items: Iterable[Disbursement]) -> dict[int, Totals]:
    by_year: dict[int, list[Disbursement]] = {}
    for d in items:
        by_year.setdefault(d.date.year, []).append(d)
    return {y: totals(ds) for y, ds in sorted(by_year.items())}


def cumulative(items: Iterable[Disbursement], through: dt.date | None = None,
               since: dt.date | None = None) -> Totals:
    """Totals of payments dated in ``[since, through]`` (open ends when None)."""
    return totals(d for d in items if (through is None or d.date <= through) and (since is None or d.date >= since))


def cumulative_by_year(items: Iterable[Disbursement]) -> dict[int, Totals]:
    """Running totals from the first year through each year end (lũy kế)."""
    items = list(items)
    years = sorted({d.date.year for d in items})
    return {y: cumulative(items, dt.date(y, 12, 31)) for y in years}


def sentence(t: Totals) -> str:
    """``đã hỗ trợ 12 HTX, tổng kinh phí 450 triệu đồng`` (words from ``data/phrases.yaml``)."""
    p = phrases()
    if not t.payments:
        return str(p["support_sentence_none"])
    parts = [f"{format_number(n)} {p['beneficiary_kinds'][k]}" for k, n in t.beneficiaries.items()]
    who = p["list_join"].join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return str(p["support_sentence"]).format(beneficiaries=who, amount=format_vnd(t.amount))


def parse_disbursements(path: Path) -> list[Disbursement]:
    """Validated disbursements from XLSX (sheet ``Kinh phí hỗ trợ``) or JSON: all rows, or ImportErrors."""
    cols = _data("columns")
    rows = read_rows(path, cols["sheets"], cols["columns"], cols["required"])
    cat_table = alias_table({c.code: [c.vi, c.en, *c.aliases] for c in categories().values()})
    kind_table = alias_table({k: [v] for k, v in phrases()["beneficiary_kinds"].items()})
    errors: list[CellError] = []
    out: list[Disbursement] = []
    seen: dict[int, int] = {}
    for row in rows["disbursements"]:
        ident = row.integer("id", True)
        on = row.day("date", True)
        cat = row.code("category", cat_table, True)
        name = row.text("beneficiary_name", True)
        amount = row.integer("amount", True)
        kind = row.code("beneficiary_kind", kind_table) or "htx"
        beneficiary_id = row.integer("beneficiary_id")
        if amount is not None and amount <= 0:
            row.fail("amount", "phải lớn hơn 0 / must be positive")
        if ident is not None:
            if ident in seen:
                row.fail("id", f"trùng với dòng {seen[ident]} / duplicate id")
            seen.setdefault(ident, row.number)
        if not row.errors and ident is not None and on and cat and name and amount:
            out.append(Disbursement(ident, on, cat, name, amount, row.text("programme") or "",
                                    row.text("decision_no") or "", beneficiary_id, kind,
                                    row.text("place"), row.text("created_by") or ""))
        errors.extend(row.errors)
    if errors:
        raise ImportErrors(path.name, errors)
    return out
