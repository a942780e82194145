"""The input of every report writer (dữ liệu đầu vào của báo cáo) and how to build it from figures.

A :class:`ReportInput` holds everything a BÁO CÁO prints: who issues it, its number, place
and date, the place and period it describes, the facts of the period, of the previous
period, of the same period last year and of the last periods (for charts), notes,
recipients (nơi nhận) and signer. Writers are pure functions of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol

from htx.reports.vet import Rejected, vet
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

Level = Literal["country", "province", "district", "commune"]
BODIES = ("alliance", "province", "commune", "department")  # issuing bodies, see htx.reports.issuers
Geography = Literal["new", "old"]


class FigureSource(Protocol):
    """Anything that gives the facts of a place for a period (stocks at its end, flows over it)."""

    def figures(self, place: Place, period: Period) -> list[Fact]: ...


@dataclass(frozen=True)
class Issuer:
    """The issuing body (cơ quan ban hành), e.g. ``LIÊN MINH HTX TỈNH LẠNG SƠN``, and its parent line."""

    name: str
    parent: str | None = None
    short: str = "Liên minh HTX"


@dataclass(frozen=True)
class Signer:
    """The signature block (chữ ký): authority line (``TM. BAN THƯỜNG VỤ``), title and name."""

    title: str
    name: str
    authority: str | None = None


@dataclass(frozen=True)
class ReportPlace:
    """The place a report describes: its name as printed, its level and its geography (era)."""

    name: str
    level: Level = "province"
    geography: Geography = "new"
    place: Place | None = None


@dataclass
class ReportInput:
    """Everything one report prints; see the module docstring."""

    issuer: Issuer
    number: str
    issue_place: str
    issue_date: date
    subject: str
    place: ReportPlace
    period: Period
    current: list[Fact] = field(default_factory=list)
    previous: list[Fact] = field(default_factory=list)
    last_year: list[Fact] = field(default_factory=list)
    series: dict[str, list[Fact]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer: Signer | None = None
    kind: str = "BÁO CÁO"
    rejected: list[Rejected] = field(default_factory=list)
    mark: str | None = None  # printed above the title, e.g. "MẪU — số liệu giả lập" on samples
    targets: list[Fact] = field(default_factory=list)  # plans stored for the next period (part two)

    @property
    def next_period(self) -> Period:
        return following(self.period)

    @property
    def has_data(self) -> bool:
        return bool(self.current)

    @property
    def as_of(self) -> date:
        """The data's own reference date: the date most of the stocks printed are taken on (else the period's end).

        A report whose figures run "đến ngày 28/02/2021" says so, not 31/03/2021.
        """
        days = Counter(f.as_of for f in self.current if f.as_of and f.as_of <= self.period.end)
        if not days:
            return self.period.end
        return max(days, key=lambda d: (days[d], d))

    @property
    def annexed(self) -> list[Rejected]:
        """Rejected figures the prose would have printed (stated percents are never printed: recomputed)."""
        return [r for r in self.rejected if r.fact.unit != "percent" and r.fact.kind != "attainment"]


def following(period: Period) -> Period:
    """The period of the same length just after (2023-H1 → 2023-H2, 2023-Q4 → 2024-Q1)."""
    per_year = 12 // period.months
    if period.kind == "year" or period.index == per_year:
        return Period(period.year + 1, period.kind, 1)
    return Period(period.year, period.kind, period.index + 1)


DEFAULT_RECIPIENTS = ("Liên minh HTX Việt Nam", "Thường trực Tỉnh ủy", "UBND tỉnh", "Lưu: VT")
APPROXIMATE_NOTE = "Một số số liệu là ước tính do chia tách địa giới hành chính (đánh dấu ước tính trong cơ sở dữ liệu)."
REHOMED_RULE = ("Khi quy đổi, số liệu nhắc lại trong cùng văn bản chỉ tính một lần; chỉ cộng số liệu của các tỉnh cũ "
                "khác nhau và chỉ khi có đủ số liệu của mọi tỉnh cũ hợp thành; số bình quân được tính lại theo số "
                "HTX (số lao động) của từng tỉnh, tỷ lệ được tính lại từ số đếm; chỉ tiêu không đủ số liệu để quy đổi "
                "thì không nêu.")
REHOMED_NOTE = "Số liệu trước 01/7/2025 được quy đổi sang địa giới hành chính mới ({sources})."


def data_notes(facts: Iterable[Fact]) -> list[str]:
    """Notes the figures themselves call for: re-homed old figures and approximate ones."""
    facts = list(facts)
    notes: list[str] = []
    rehomed = sorted({f.source.note for f in facts if f.source and f.source.note and "quy đổi" in f.source.note})
    if rehomed:
        notes.append(REHOMED_NOTE.format(sources="; ".join(rehomed)))
        notes.append(REHOMED_RULE)
    if any(f.approximate for f in facts):
        notes.append(APPROXIMATE_NOTE)
    return notes


def build_report_input(
    source: FigureSource,
    place: Place,
    period: Period,
    *,
    place_name: str,
    issuer: Issuer,
    number: str = "    /BC-LMHTX",
    issue_place: str | None = None,
    issue_date: date | None = None,
    subject: str | None = None,
    signer: Signer | None = None,
    recipients: Iterable[str] = DEFAULT_RECIPIENTS,
    notes: Iterable[str] = (),
    series_length: int = 8,
) -> ReportInput:
    """Ask ``source`` for the figures of the period, the previous one, last year's and the series."""
    current, rejected = vet(source.figures(place, period))
    previous = vet(source.figures(place, period.previous))[0]
    last_year = vet(source.figures(place, period.same_last_year))[0]
    series: dict[str, list[Fact]] = {}
    for p in period.series(series_length):
        if p == period:
            series[p.code] = current
        elif p == period.previous:
            series[p.code] = previous
        elif p == period.same_last_year:
            series[p.code] = last_year
        else:
            series[p.code] = vet(source.figures(place, p))[0]
    targets = [f for f in vet(source.figures(place, following(period)))[0] if f.kind == "plan"]
    all_notes = list(notes) + [n for n in data_notes(current + previous + last_year) if n not in notes]
    return ReportInput(
        issuer=issuer,
        number=number,
        issue_place=issue_place or place_name,
        issue_date=issue_date or date.today(),
        subject=subject or f"Tình hình phát triển kinh tế tập thể {period.label_vi()}",
        place=ReportPlace(place_name, place.level, place.era, place),
        period=period,
        current=current,
        previous=previous,
        last_year=last_year,
        series=series,
        notes=all_notes,
        recipients=list(recipients),
        signer=signer,
        rejected=rejected,
        targets=targets,
    )
