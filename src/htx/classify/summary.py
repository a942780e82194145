"""Counts and shares per class (xếp loại) and per size (quy mô), completeness and year-on-year change.

Pure aggregation of per-organisation rows. Shares of a grade are over the graded organisations
(tốt + khá + trung bình + yếu), as reports write "78,1% đạt khá, tốt"; with none graded there
is no share (None), never an invented 0%. Completeness says how many were graded, how many
were not graded and why, and how many have no result at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from htx.classify import GRADE_LABELS, GRADES, SIZE_LABELS, SIZES
from htx.classify.size import SizeResult
from htx.stats.facts import Fact, Place, Source

GRADED = GRADES[:4]
REGISTRY = Source(kind="registry", note="phân loại, quy mô HTX (classify)")


@dataclass(frozen=True)
class GradeRow:
    """One organisation's year (or ``count`` alike): its grade (None: no result), exclusion reasons, its sheet's status."""

    organisation_id: int | None
    grade: str | None
    reasons: tuple[str, ...] = ()
    sheet_status: str | None = None
    count: int = 1


def grade_row(org_id: int | None, kind: str, founded_late: bool, typed: str | None, status: str | None,
              grade: str | None, exclusions: Iterable[str] | None, count: int = 1) -> GradeRow:
    """The year's result of an organisation: a confirmed sheet wins; else the class an officer typed; else
    what the registry shows by itself (a QTDND, or one founded after 1/1 of the year, is not graded)."""
    if status == "confirmed" and grade:
        return GradeRow(org_id, grade, tuple(exclusions or ()), status, count)
    if typed:
        return GradeRow(org_id, typed, (), status, count)
    if kind == "QTDND":
        return GradeRow(org_id, "unrated", ("credit_fund",), status, count)
    if founded_late:
        return GradeRow(org_id, "unrated", ("under_12_months",), status, count)
    return GradeRow(org_id, None, (), status, count)


def share(part: int, whole: int) -> Decimal | None:
    """Percent with two decimals (half up); None when ``whole`` is 0."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class ClassSummary:
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADED, 0))
    unrated: Counter[str] = field(default_factory=Counter)
    unrated_total: int = 0
    missing: int = 0
    sheets: Counter[str] = field(default_factory=Counter)

    @property
    def graded(self) -> int:
        return sum(self.counts.values())

    def share(self, grade: str) -> Decimal | None:
        return share(self.counts[grade], self.graded)

    @property
    def good_fair_share(self) -> Decimal | None:
        return share(self.counts["good"] + self.counts["fair"], self.graded)

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total, "graded": self.graded, "unrated": self.unrated_total, "missing": self.missing,
            "counts": dict(self.counts), "unrated_reasons": dict(self.unrated), "sheets": dict(self.sheets),
            "shares": {g: _num(self.share(g)) for g in GRADED}, "good_fair_share": _num(self.good_fair_share),
        }


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def summarise_grades(rows: Iterable[GradeRow]) -> ClassSummary:
    out = ClassSummary()
    for r in rows:
        out.total += r.count
        if r.sheet_status:
            out.sheets[r.sheet_status] += r.count
        if r.grade in GRADED:
            out.counts[r.grade] += r.count
        elif r.grade == "unrated":
            out.unrated_total += r.count
            for reason in r.reasons or ("other",):
                out.unrated[reason] += r.count
        else:
            out.missing += r.count
    return out


@dataclass
class SizeSummary:
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SIZES, 0))
    undetermined: Counter[str] = field(default_factory=Counter)

    @property
    def determined(self) -> int:
        return sum(self.counts.values())

    def share(self, size: str) -> Decimal | None:
        return share(self.counts[size], self.determined)

    def to_json(self) -> dict[str, Any]:
        return {"total": self.total, "determined": self.determined, "counts": dict(self.counts),
                "shares": {s: _num(self.share(s)) for s in SIZES},
                "undetermined": sum(self.undetermined.values()), "undetermined_reasons": dict(self.undetermined)}


def summarise_sizes(results: Iterable[tuple[SizeResult, int]]) -> SizeSummary:
    """From (result, number of HTX with it)."""
    out = SizeSummary()
    for r, n in results:
        out.total += n
        if r.size is not None:
            out.counts[r.size] += n
        else:
            out.undetermined[r.reason or "không rõ"] += n
    return out


def change(this: ClassSummary, last: ClassSummary) -> dict[str, int | None]:
    """Year-on-year change of each grade's count; None where either year graded nobody (not comparable)."""
    if not this.graded or not last.graded:
        return dict.fromkeys(GRADED, None)
    return {g: this.counts[g] - last.counts[g] for g in GRADED}


def size_facts(summary: SizeSummary, place: Place, year: int) -> list[Fact]:
    """``htx.count`` by ``size`` for the year (only determined sizes; an undetermined HTX is not guessed)."""
    if not summary.determined:
        return []
    return [Fact("htx.count", n, "unit", {"size": s}, period=str(year), place=place, source=REGISTRY)
            for s, n in summary.counts.items()]


def completeness_sentence(s: ClassSummary, labels: dict[str, str] | None = None) -> str:
    """``412/530 HTX đã được xếp loại; 37 không xếp loại (…); 81 chưa có kết quả``."""
    parts = [f"{s.graded}/{s.total} HTX đã được xếp loại"]
    if s.unrated_total:
        reasons = ", ".join(f"{n} {(labels or {}).get(r, r)}" for r, n in s.unrated.most_common())
        parts.append(f"{s.unrated_total} không xếp loại ({reasons})")
    if s.missing:
        parts.append(f"{s.missing} chưa có kết quả")
    return "; ".join(parts)


def grade_label(grade: str | None) -> str:
    return GRADE_LABELS.get(grade or "", "—")


def size_label(size: str | None) -> str:
    return SIZE_LABELS.get(size or "", "—")
