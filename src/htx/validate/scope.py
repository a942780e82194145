"""Which facts may be compared (so sánh được): same place, time, kind and dims, and how sure that is.

Facts are compared only within one place (a sub-unit's facts only with that sub-unit's).
Times must agree: equal ``(as_of, period)``, or one side undated. Equal times make the
comparison certain; an undated side makes it a note. A share and the count it is the share
of must be stated together in the text (within :data:`NEAR` characters) to be paired with
certainty; facts without offsets (typed in, gold files) count as stated together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from htx.stats.facts import Fact
from htx.stats.vocabulary import vocabulary
from htx.validate.bounds import bounds

NEAR = 160
BREAKDOWN_NEAR = 160  # a total and its breakdown ("gồm …", "trong đó …") stand within one sentence
TIME_UNSURE = "thời điểm của các số liệu chưa chắc trùng nhau"
APART = "tỷ lệ và số lượng không được nêu cùng chỗ trong văn bản"
SCATTERED = "tổng số và các thành phần không được nêu cùng chỗ trong văn bản"
SNAPSHOTS = "văn bản nêu tổng số ở nhiều thời điểm; số liệu không ghi thời điểm chưa rõ thuộc thời điểm nào"
AMBIGUOUS = "một số liệu được nêu với nhiều giá trị khác nhau, chưa rõ giá trị nào được dùng"

Key = tuple[str, tuple[tuple[str, str], ...], str, str, Any]


def when(f: Fact) -> tuple[Any, Any]:
    return (f.as_of, f.period)


def undated(f: Fact) -> bool:
    return f.as_of is None and f.period is None


def compatible(a: Fact, b: Fact) -> bool:
    """Same time, or one of them undated."""
    return when(a) == when(b) or undated(a) or undated(b)


def dims_key(dims: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(dims.items()))


def key(f: Fact, dims: dict[str, str] | None = None, unit: str | None = None, kind: str | None = None) -> Key:
    return (f.indicator, dims_key(f.dims if dims is None else dims), unit or f.unit, kind or f.kind, f.place)


def summable(indicator: str) -> bool:
    """False for averages (bình quân), which are never added up nor shared."""
    return indicator.partition(".")[2] not in vocabulary().not_summed


def together(a: Fact, b: Fact, near: int = NEAR) -> bool:
    """Stated within ``near`` characters of each other in the text (or positions unknown)."""
    sa, sb = a.source, b.source
    if sa is None or sb is None or None in (sa.start, sa.end, sb.start, sb.end):
        return True
    assert sa.start is not None and sa.end is not None and sb.start is not None and sb.end is not None
    gap = max(sa.start, sb.start) - min(sa.end, sb.end)
    return gap <= near


def nearest(ref: Fact, facts: Sequence[Fact]) -> Fact:
    """The statement closest to ``ref`` in the text (the first when positions are unknown)."""
    def gap(f: Fact) -> int:
        a, b = ref.source, f.source
        if a is None or b is None or a.start is None or b.start is None:
            return 0
        return abs(a.start - b.start)
    return min(facts, key=gap)


class FactIndex:
    """The facts of one document by key, each statement kept (a key may be stated several times).

    ``snapshots``: a total (a key without dims) is stated with values that cannot agree.
    """

    def __init__(self, facts: Iterable[Fact]) -> None:
        self.facts = list(facts)
        self.by_key: dict[Key, list[Fact]] = defaultdict(list)
        self.units: dict[str, str] = {}
        self._like: dict[tuple[Key, tuple[Any, Any]], list[Fact]] = {}
        seen: set[tuple[Any, ...]] = set()
        self.distinct: list[Fact] = []  # one fact per statement repeated word for word
        for f in self.facts:
            self.by_key[key(f)].append(f)
            statement = (key(f), when(f), f.value, f.approximate)
            if statement not in seen:
                seen.add(statement)
                self.distinct.append(f)
            if f.unit != "percent":
                self.units.setdefault(f.indicator, f.unit)
        self.snapshots = any(k[1] == () and k[2] != "percent" and k[3] == "actual" and ambiguous(stated)
                             for k, stated in self.by_key.items())

    def certainty(self, groups: Iterable[Sequence[Fact]], pairs: Iterable[tuple[Fact, Fact]] = (),
                  breakdown: Iterable[tuple[Fact, Fact]] = ()) -> tuple[bool, str | None]:
        """:func:`certainty`, and uncertain for undated facts when the document's totals have several dates.

        ``breakdown``: (whole, part) pairs that must stand within :data:`BREAKDOWN_NEAR` characters.

        A document that gives a total twice with two values ("203 HTX" at 30/6, "204 HTX" at
        year end) speaks of two moments; its undated figures may belong to either.
        """
        groups = list(groups)
        if self.snapshots and any(undated(f) for g in groups for f in g):
            return False, SNAPSHOTS
        if not all(together(whole, part, BREAKDOWN_NEAR) for whole, part in breakdown):
            return False, SCATTERED
        return certainty(groups, pairs)

    def like(self, ref: Fact, dims: dict[str, str] | None = None, unit: str | None = None,
             kind: str | None = None) -> list[Fact]:
        """Statements of ``ref``'s indicator with these dims/unit/kind, at a time compatible with ``ref``."""
        wanted = (key(ref, dims, unit, kind), when(ref))
        found = self._like.get(wanted)
        if found is None:
            found = self._like[wanted] = [f for f in self.by_key.get(wanted[0], []) if compatible(ref, f)]
        return found

    def count_unit(self, ref: Fact) -> str | None:
        """The non-percent unit the document uses for ``ref``'s indicator (None when only percents)."""
        return self.units.get(ref.indicator)


def ambiguous(statements: Sequence[Fact]) -> bool:
    """Several statements of one figure that cannot all be the same value."""
    ranges = list({bounds(f) for f in statements})
    return any(not a.overlaps(b) for i, a in enumerate(ranges) for b in ranges[i + 1:])


def certainty(groups: Iterable[Sequence[Fact]], pairs: Iterable[tuple[Fact, Fact]] = ()) -> tuple[bool, str | None]:
    """Certain when every figure has one value, one time, and every (share, count) pair is stated together.

    ``groups``: the statements of each figure involved (a key may be stated several times).
    """
    groups = list(groups)
    items = [f for g in groups for f in g]
    if len({when(f) for f in items}) > 1:
        return False, TIME_UNSURE
    if any(ambiguous(g) for g in groups):
        return False, AMBIGUOUS
    if not all(together(a, b) for a, b in pairs):
        return False, APART
    return True, None
