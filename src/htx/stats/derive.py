"""Facts derived from the registry (số liệu tính từ sổ đăng ký): pure mapping of aggregate rows.

The organisation kinds map onto fact subjects: THT → ``tht``, HTX and QTDND → ``htx`` (a
QTDND is an HTX of sector ``credit``, as the reports count them), LHHTX → ``lhhtx``.
A total (``{}``) counts organisations that exist on the day: active, suspended or stopped,
not dissolved — as "Tổng số HTX: 830 HTX (765 … đang hoạt động, 22 … tạm ngừng …, 43 …
ngừng hoạt động chờ giải thể)" does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from htx.stats.facts import Fact, Place, Source
from htx.stats.vocabulary import vocabulary

SUBJECT = {"THT": "tht", "HTX": "htx", "QTDND": "htx", "LHHTX": "lhhtx"}
REGISTRY = Source(kind="registry")
# organisations that still exist: every status of the vocabulary but "dissolved" (active, suspended, stopped)
EXISTING = tuple(s for s in vocabulary().dims["status"] if s != "dissolved")


def _fact(indicator: str, value: int | Decimal, unit: str, dims: dict[str, str], place: Place,
          as_of: date | None = None, period: str | None = None) -> Fact:
    return Fact(indicator, value, unit, dims, as_of=as_of, period=period, place=place, source=REGISTRY)


def count_facts(rows: Iterable[tuple[str, str, str, int]], place: Place, day: date) -> list[Fact]:
    """From (kind, status, sector, n): totals, by status, by sector, by status × sector."""
    acc: dict[tuple[str, tuple[tuple[str, str], ...]], int] = defaultdict(int)
    seen_subjects: set[str] = set()
    for kind, status, sector, n in rows:
        s = SUBJECT[kind]
        seen_subjects.add(s)
        if status not in EXISTING:
            continue
        for dims in ((), (("status", status),), (("sector", sector),), (("sector", sector), ("status", status))):
            acc[(s, dims)] += n
    out = [_fact(f"{s}.count", n, "unit", dict(d), place, as_of=day) for (s, d), n in sorted(acc.items())]
    for s in seen_subjects:  # a subject with only dissolved organisations still has a total of 0
        if (s, ()) not in acc:
            out.append(_fact(f"{s}.count", 0, "unit", {}, place, as_of=day))
    return out


def flow_facts(rows: Iterable[tuple[str, str, str, int]], place: Place, period: str,
               subjects: Iterable[str] = ("tht", "htx", "lhhtx")) -> list[Fact]:
    """From (kind, event, sector, n): foundings and dissolutions in the period (0 when none)."""
    acc: dict[tuple[str, tuple[tuple[str, str], ...]], int] = defaultdict(int)
    for kind, event, sector, n in rows:
        flow = "founded" if event == "founded" else "dissolved"
        s = SUBJECT[kind]
        acc[(s, (("flow", flow),))] += n
        acc[(s, (("flow", flow), ("sector", sector)))] += n
    for s in subjects:
        for flow in ("founded", "dissolved"):
            acc.setdefault((s, (("flow", flow),)), 0)
    return [_fact(f"{s}.count", n, "unit", dict(d), place, period=period) for (s, d), n in sorted(acc.items())]


def sum_facts(rows: Iterable[tuple[str, dict[str, int | None]]], place: Place, day: date) -> list[Fact]:
    """Members, workers, charter capital and managers by education, per subject."""
    acc: dict[tuple[str, str], int] = defaultdict(int)
    present: set[tuple[str, str]] = set()
    for kind, sums in rows:
        s = SUBJECT[kind]
        for name, v in sums.items():
            if v is not None:
                acc[(s, name)] += v
                present.add((s, name))
    out: list[Fact] = []
    units = {"members": "member", "workers": "person", "charter_capital": "VND"}
    for (s, name), v in sorted(acc.items()):
        if (s, name) not in present:
            continue
        if name in units:
            out.append(_fact(f"{s}.{name}", v, units[name], {}, place, as_of=day))
        else:
            edu = name.removeprefix("managers_")
            out.append(_fact(f"{s}.managers", v, "person", {"education": edu}, place, as_of=day))
    for s in {s for s, _ in present}:
        parts = [acc[(s, f"managers_{e}")] for e in ("higher", "vocational", "untrained") if (s, f"managers_{e}") in present]
        if parts:
            out.append(_fact(f"{s}.managers", sum(parts), "person", {}, place, as_of=day))
    return out


def class_facts(rows: Iterable[tuple[str, str | None, int]], place: Place, year: int) -> list[Fact]:
    acc: dict[tuple[str, str], int] = defaultdict(int)
    for kind, cls, n in rows:
        if cls is None:
            continue
        acc[(SUBJECT[kind], cls)] += n
    return [_fact(f"{s}.count", n, "unit", {"class": c}, place, period=str(year)) for (s, c), n in sorted(acc.items())]


def average_facts(rows: Iterable[tuple[str, int | None, int | None, int]], place: Place, year: int) -> list[Fact]:
    """Average revenue and profit per organisation (integer đồng, rounded half up)."""
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for kind, revenue, profit, n in rows:
        a = acc[SUBJECT[kind]]
        if revenue is not None:
            a[0] += revenue
            a[2] += n
        if profit is not None:
            a[1] += profit
            a[3] += n
    out = []
    for s, (rev, prof, nr, np_) in sorted(acc.items()):
        if nr:
            out.append(_fact(f"{s}.revenue_avg", _div(rev, nr), "VND", {}, place, period=str(year)))
        if np_:
            out.append(_fact(f"{s}.profit_avg", _div(prof, np_), "VND", {}, place, period=str(year)))
    return out


def alliance_facts(rows: Iterable[tuple[str, int]], place: Place, day: date) -> list[Fact]:
    rows = list(rows)
    if not rows:
        return []
    out = [_fact("alliance.members", n, "unit", {"member_type": t}, place, as_of=day) for t, n in rows]
    out.append(_fact("alliance.members", sum(n for _, n in rows), "unit", {}, place, as_of=day))
    return out


def _div(total: int, n: int) -> int:
    return int((Decimal(total) / n).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(part: int | Decimal | None, whole: int | Decimal | None, decimals: int = 2) -> Decimal | None:
    """``part / whole × 100`` rounded half up: the one percent of htx (shares, attainment).

    None when either is missing or the whole is zero — never an invented figure.
    """
    if part is None or not whole:
        return None
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(q, rounding=ROUND_HALF_UP)


def percent_change(now: int | Decimal | None, before: int | Decimal | None, decimals: int = 1) -> Decimal | None:
    """Growth ``(now − before) / before × 100`` rounded half up; None when either is missing or before is 0."""
    if now is None or before is None or Decimal(before) == 0:
        return None
    q = Decimal(1).scaleb(-decimals)
    return ((Decimal(now) - Decimal(before)) * 100 / Decimal(before)).quantize(q, rounding=ROUND_HALF_UP)
