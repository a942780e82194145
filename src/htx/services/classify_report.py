"""Use cases of classification reporting (tổng hợp kết quả xếp loại, quy mô HTX): summaries, lists, export.

Counts and shares per class and per size for a commune, a province or the country in either
geography, the national table of all provinces in one pass (the bench times it), who has
not submitted as the deadline nears, and the compiled list as XLSX.
"""

from __future__ import annotations

import io
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from htx.classify import GRADE_LABELS, SIZE_LABELS
from htx.classify import rules as rulebook
from htx.classify.size import SizeResult, size_class
from htx.classify.summary import (
    ClassSummary,
    GradeRow,
    SizeSummary,
    change,
    completeness_sentence,
    grade_row,
    summarise_grades,
    summarise_sizes,
)
from htx.db import classify_repo as repo
from htx.db.models import Organisation
from htx.services.classify import STATUS_LABELS, ensure_shipped
from htx.services.uow import UnitOfWork
from htx.stats.facts import COUNTRY, Place

REASON_LABELS = {"under_12_months": "hoạt động dưới 12 tháng", "stopped_over_3_months": "ngừng hoạt động trên 3 tháng",
                 "credit_fund": "quỹ tín dụng nhân dân (Ngân hàng Nhà nước đánh giá)", "sanction": "bị xử phạt hành chính",
                 "other": "lý do khác"}


@dataclass
class PlaceSummary:
    place: Place
    year: int
    classes: ClassSummary
    previous: ClassSummary
    sizes: SizeSummary
    size_rules: str | None

    @property
    def change(self) -> dict[str, int | None]:
        return change(self.classes, self.previous)

    @property
    def completeness(self) -> str:
        return completeness_sentence(self.classes, REASON_LABELS)

    def to_json(self) -> dict[str, Any]:
        return {"place": str(self.place), "year": self.year, "classes": self.classes.to_json(),
                "previous_year": self.previous.to_json(), "change": self.change, "completeness": self.completeness,
                "sizes": self.sizes.to_json(), "size_rule_set": self.size_rules}


def _grades(uow: UnitOfWork, place: Place, year: int, era: str) -> dict[str, ClassSummary]:
    """Class summaries per province code, and ``*`` for the whole place (one grouped query)."""
    by: dict[str, list[GradeRow]] = defaultdict(list)
    for prov, kind, late, typed, status, grade, excl, n in repo.grade_counts(uow.session, place, year, era):
        r = grade_row(None, kind, bool(late), typed, status, grade, json.loads(excl) if excl else (), n)
        by[prov or ""].append(r)
        by["*"].append(r)
    return {k: summarise_grades(v) for k, v in by.items()}


def _sizes(uow: UnitOfWork, place: Place, year: int, era: str) -> tuple[dict[str, SizeSummary], str | None]:
    rules = repo.size_rule_set(uow.session, year)
    if rules is None:
        rows = repo.size_inputs(uow.session, place, year, era)
        none = SizeResult(None, None, f"chưa có bộ quy tắc quy mô hiệu lực năm {year}")
        counts = [(prov, none, 1) for prov, *_ in rows]
    else:
        counts = [(prov, size_class(rules, kind, sector, m, r, c), n)
                  for prov, kind, sector, m, r, c, n in repo.size_counts(uow.session, place, year, rules, era)]
    by: dict[str, list[tuple[SizeResult, int]]] = defaultdict(list)
    for prov, result, n in counts:
        by[prov or ""].append((result, n))
        by["*"].append((result, n))
    label = f"{rules.code} v{rules.version}" if rules else None
    return {k: summarise_sizes(v) for k, v in by.items()}, label


def summary(uow: UnitOfWork, place: Place, year: int) -> PlaceSummary:
    """Class and size summary of a place (any level, either era) for ``year``, with last year's classes."""
    era = place.era if place.level != "country" else "new"
    now, before = _grades(uow, place, year, era), _grades(uow, place, year - 1, era)
    sizes, label = _sizes(uow, place, year, era)
    out = PlaceSummary(place, year, now.get("*", ClassSummary()), before.get("*", ClassSummary()),
                       sizes.get("*", SizeSummary()), label)
    uow.commit()
    return out


def national(uow: UnitOfWork, year: int, era: str = "new") -> list[PlaceSummary]:
    """The class and size summary of every province of ``era`` (one query per measure, not per province)."""
    from htx.geo import gazetteer

    now, before = _grades(uow, COUNTRY, year, era), _grades(uow, COUNTRY, year - 1, era)
    sizes, label = _sizes(uow, COUNTRY, year, era)
    out = []
    for unit in gazetteer().provinces(era):
        code = unit.code
        out.append(PlaceSummary(Place.parse(f"{era}:province:{code}"), year, now.get(code, ClassSummary()),
                                before.get(code, ClassSummary()), sizes.get(code, SizeSummary()), label))
    uow.commit()
    return out


def _late(founded: date | None, year: int) -> bool:
    return founded is not None and founded > date(year, 1, 1)


@dataclass
class Pending:
    """An organisation that has not handed in its sheet (or whose sheet was returned)."""

    org: Organisation
    status: str | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status or "", "Chưa có bảng điểm")


def deadlines(year: int) -> list[tuple[str, str, date]]:
    """(rule set code, label, date) of every shipped scoring rule set's deadlines for ``year``, by date."""
    out = [(r.code, d.label, d.on(year)) for r in rulebook.shipped() if isinstance(r, rulebook.ScoringRuleSet)
           for d in r.deadlines]
    return sorted(out, key=lambda t: t[2])


def pending(uow: UnitOfWork, place: Place, year: int, limit: int | None = None) -> tuple[int, list[Pending]]:
    """Organisations of ``place`` still to submit for ``year`` (no sheet, draft or returned; excluded ones left
    out): how many, and the first ``limit`` of them by name."""
    ensure_shipped(uow)
    rows = repo.grade_inputs(uow.session, place, year, place.era if place.level != "country" else "new")
    todo: list[tuple[str, int, str | None]] = []
    for _, org_id, kind, founded, typed, status, grade, excl, name in rows:
        r = grade_row(org_id, kind, _late(founded, year), typed, status, grade, excl)
        if r.grade is None and status not in ("submitted", "confirmed"):
            todo.append((name, org_id, status))
    todo.sort()
    shown = todo if limit is None else todo[:limit]
    orgs = repo.organisations(uow.session, [i for _, i, _ in shown])
    out = [Pending(orgs[i], st) for _, i, st in shown]
    uow.commit()
    return len(todo), out


def sheets_to_review(uow: UnitOfWork, place: Place, year: int) -> list[tuple[Any, Organisation]]:
    out = repo.sheets_of(uow.session, place, year, ("submitted", "returned", "confirmed"))
    uow.commit()
    return out


def size_list(uow: UnitOfWork, place: Place, year: int, size: str | None = None) -> list[tuple[Organisation, SizeResult]]:
    """Every HTX of the place with its size class (``size``: only that class; ``unknown``: undetermined)."""
    rules = repo.size_rule_set(uow.session, year)
    rows = repo.size_inputs(uow.session, place, year, place.era if place.level != "country" else "new")
    results = {}
    for _, org_id, kind, sector, members, revenue, capital in rows:
        r = (size_class(rules, kind, sector, members, revenue, capital) if rules is not None
             else SizeResult(None, None, f"chưa có bộ quy tắc quy mô hiệu lực năm {year}"))
        if size is None or r.size == size or (size == "unknown" and r.size is None):
            results[org_id] = r
    orgs = repo.organisations(uow.session, list(results))
    out = sorted(((orgs[i], r) for i, r in results.items()), key=lambda t: (t[0].name, t[0].id))
    uow.commit()
    return out


def export_xlsx(uow: UnitOfWork, place: Place, year: int) -> bytes:
    """The compiled list (danh sách HTX theo kết quả xếp loại): one row per organisation, then the totals."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from htx.geo.places import place_name

    rows = repo.grade_inputs(uow.session, place, year, place.era if place.level != "country" else "new")
    graded = [(i, grade_row(i, k, _late(f, year), t, st, g, e)) for _, i, k, f, t, st, g, e, _ in rows]
    orgs = repo.organisations(uow.session, [i for i, _ in graded])
    sheets = {s.organisation_id: s for s, _ in repo.sheets_of(uow.session, place, year, ("confirmed",))}
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách xếp loại"
    ws.append([f"DANH SÁCH HỢP TÁC XÃ THEO KẾT QUẢ XẾP LOẠI NĂM {year} — {place_name(place)}"])
    ws["A1"].font = Font(bold=True)
    ws.append(["STT", "Tên hợp tác xã", "Mã số", "Loại hình", "Tổng điểm", "Xếp loại", "Lý do không xếp loại",
               "Căn cứ (bộ quy tắc)", "Ghi chú"])
    for c in ws[2]:
        c.font = Font(bold=True)
    ordered = sorted(graded, key=lambda t: (orgs[t[0]].name, t[0]))
    for n, (org_id, r) in enumerate(ordered, 1):
        o, sh = orgs[org_id], sheets.get(org_id)
        basis = (f"bảng điểm #{sh.id}, {sh.rule_set.code} v{sh.rule_set.version}" if sh is not None
                 else "cán bộ nhập xếp loại" if r.grade in GRADE_LABELS and not r.reasons else "sổ đăng ký")
        ws.append([n, o.name, o.code, o.kind, float(sh.total) if sh is not None and sh.total is not None else None,
                   GRADE_LABELS.get(r.grade or "", "Chưa có kết quả"),
                   "; ".join(REASON_LABELS.get(x, x) for x in r.reasons) or None, basis, None])
    s = summarise_grades(r for _, r in graded)
    ws.append([])
    ws.append(["", "Tổng hợp", None, None, None, None, None, None, completeness_sentence(s, REASON_LABELS)])
    for g, n in s.counts.items():
        pct = s.share(g)
        ws.append(["", GRADE_LABELS[g], n, None, None, None, None, None,
                   None if pct is None else f"{str(pct).replace('.', ',')}%"])
    for col, width in zip("ABCDEFGHI", (6, 40, 14, 9, 10, 16, 34, 30, 40), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    uow.commit()
    return buf.getvalue()


def size_labels() -> dict[str, str]:
    return dict(SIZE_LABELS)
