"""Activities of the alliance (hoạt động): trainings, outreach conferences, fairs, awards, membership.

Each record is a plain frozen dataclass (id, date, place, …). Functions turn the records of a
place and period into facts of the vocabulary: ``training.classes``/``participants``,
``outreach.events``/``participants``, ``alliance.members`` (stock, by ``member_type``) and
the flow of units joining (``alliance.members``/``htx.count`` with ``flow: joined``). Fairs
and awards have no indicator in the vocabulary; they are summarised instead.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from htx.programs.support import phrases
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period

MEMBER_TYPES = ("official", "associate")
ORG_KINDS = ("htx", "tht", "lhhtx", "other")
ACTIVITY_SOURCE = Source(kind="activity", note="sổ hoạt động của Liên minh HTX")


@dataclass(frozen=True)
class Training:
    """One training class (lớp tập huấn, bồi dưỡng)."""

    id: int
    date: dt.date
    place: Place
    title: str
    topic: str
    participants: int
    organiser: str = ""


@dataclass(frozen=True)
class OutreachEvent:
    """One awareness conference (hội nghị tuyên truyền)."""

    id: int
    date: dt.date
    place: Place
    title: str
    participants: int


@dataclass(frozen=True)
class Fair:
    """A trade fair or exhibition (hội chợ, triển lãm) and how many cooperatives took part."""

    id: int
    date: dt.date
    place: Place
    name: str
    cooperatives: int
    products: int = 0


@dataclass(frozen=True)
class Award:
    """An emulation flag, certificate or medal (cờ thi đua, bằng khen, giấy khen, kỷ niệm chương)."""

    id: int
    date: dt.date
    place: Place
    kind: str  # emulation_flag, certificate_of_merit, letter_of_merit, commemorative_medal
    level: str  # government, central_alliance, province, provincial_alliance, district
    recipient_kind: str  # collective (tập thể) or individual (cá nhân)
    recipient_name: str
    recipient_id: int | None = None
    decision_no: str = ""

    def __post_init__(self) -> None:
        p = phrases()
        for attr, table in (("kind", "award_kinds"), ("level", "award_levels"), ("recipient_kind", "recipient_kinds")):
            if getattr(self, attr) not in p[table]:
                raise ValueError(f"award {self.id}: unknown {attr} {getattr(self, attr)!r}")


@dataclass(frozen=True)
class MembershipChange:
    """A unit joining (kết nạp) or leaving the alliance, as official or associate member."""

    id: int
    date: dt.date
    place: Place
    org_name: str
    change: str  # joined or left
    member_type: str  # official or associate
    org_kind: str = "htx"
    org_id: int | None = None
    decision_no: str = ""

    def __post_init__(self) -> None:
        if self.change not in ("joined", "left"):
            raise ValueError(f"membership change {self.id}: change must be joined or left")
        if self.member_type not in MEMBER_TYPES:
            raise ValueError(f"membership change {self.id}: unknown member type {self.member_type!r}")
        if self.org_kind not in ORG_KINDS:
            raise ValueError(f"membership change {self.id}: unknown organisation kind {self.org_kind!r}")


class _Dated(Protocol):
    @property
    def date(self) -> dt.date: ...
    @property
    def place(self) -> Place: ...


T = TypeVar("T", bound=_Dated)
Within = Callable[[Place], bool]


def select(items: Iterable[T], place: Place | None = None, start: dt.date | None = None,
           end: dt.date | None = None, within: Within | None = None) -> list[T]:
    """Records of ``place`` (or for which ``within(place)`` holds) dated in ``[start, end]``."""
    def here(p: Place) -> bool:
        if within is not None:
            return within(p)
        return place is None or p == place
    return [x for x in items if here(x.place) and (start is None or x.date >= start) and (end is None or x.date <= end)]


def _fact(indicator: str, value: int, unit: str, place: Place | None, dims: dict[str, str] | None = None,
          period: Period | None = None, as_of: dt.date | None = None) -> Fact:
    return Fact(indicator, value, unit, dims or {}, period=period.code if period else None, as_of=as_of,
                place=place, source=ACTIVITY_SOURCE)


def training_facts(items: Iterable[Training], period: Period, place: Place | None = None,
                   within: Within | None = None) -> list[Fact]:
    got = select(items, place, period.start, period.end, within)
    return [_fact("training.classes", len(got), "unit", place, period=period),
            _fact("training.participants", sum(t.participants for t in got), "person", place, period=period)]


def outreach_facts(items: Iterable[OutreachEvent], period: Period, place: Place | None = None,
                   within: Within | None = None) -> list[Fact]:
    got = select(items, place, period.start, period.end, within)
    return [_fact("outreach.events", len(got), "unit", place, period=period),
            _fact("outreach.participants", sum(e.participants for e in got), "person", place, period=period)]


def members_on(changes: Sequence[MembershipChange], on: dt.date, place: Place | None = None,
               baseline: dict[str, int] | None = None, baseline_on: dt.date | None = None,
               within: Within | None = None) -> dict[str, int]:
    """Members by type at the end of ``on``: ``baseline`` (counted on ``baseline_on``) plus later changes."""
    counts = {t: (baseline or {}).get(t, 0) for t in MEMBER_TYPES}
    start = baseline_on + dt.timedelta(days=1) if baseline_on else None
    for c in select(changes, place, start, on, within):
        counts[c.member_type] += 1 if c.change == "joined" else -1
    if any(v < 0 for v in counts.values()):
        raise ValueError(f"more members left than there were on {on.isoformat()}: {counts}")
    return counts


def membership_facts(changes: Sequence[MembershipChange], on: dt.date, place: Place | None = None,
                     baseline: dict[str, int] | None = None, baseline_on: dt.date | None = None,
                     within: Within | None = None) -> list[Fact]:
    """``alliance.members`` at the end of ``on``: total and by ``member_type``."""
    counts = members_on(changes, on, place, baseline, baseline_on, within)
    return [_fact("alliance.members", sum(counts.values()), "unit", place, as_of=on)] + [
        _fact("alliance.members", counts[t], "unit", place, {"member_type": t}, as_of=on) for t in MEMBER_TYPES
    ]


def joined_facts(changes: Iterable[MembershipChange], period: Period, place: Place | None = None,
                 within: Within | None = None) -> list[Fact]:
    """Units admitted in ``period`` (kết nạp): ``alliance.members`` and, for cooperatives, ``htx.count``."""
    got = [c for c in select(changes, place, period.start, period.end, within) if c.change == "joined"]
    return [_fact("alliance.members", len(got), "unit", place, {"flow": "joined"}, period=period),
            _fact("htx.count", sum(c.org_kind == "htx" for c in got), "unit", place, {"flow": "joined"}, period=period)]


def fair_summary(items: Iterable[Fair], period: Period, place: Place | None = None,
                 within: Within | None = None) -> dict[str, int]:
    got = select(items, place, period.start, period.end, within)
    return {"fairs": len(got), "cooperatives": sum(f.cooperatives for f in got), "products": sum(f.products for f in got)}


def award_summary(items: Iterable[Award], period: Period, place: Place | None = None,
                  within: Within | None = None) -> list[str]:
    """Lines like ``Cờ thi đua của UBND tỉnh: 2 tập thể`` for the awards of a period."""
    p = phrases()
    counts: dict[tuple[str, str, str], int] = {}
    for a in select(items, place, period.start, period.end, within):
        key = (a.kind, a.level, a.recipient_kind)
        counts[key] = counts.get(key, 0) + 1
    return [f"{p['award_kinds'][k]} của {p['award_levels'][lv]}: {n:02d} {p['recipient_kinds'][r]}"
            for (k, lv, r), n in sorted(counts.items())]
