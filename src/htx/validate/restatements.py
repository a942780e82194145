"""One figure stated twice (nêu lại một số liệu): within a document, and against stored facts.

A document that gives one key two values is usually describing two things the reader could
not tell apart (two dates, a district and the province, a sub-group), so a conflict inside a
document is always a note "cần xem lại", never an error. Values whose ranges overlap (a
rounded or approximate restatement: "gần 500" and 497) are not conflicts at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from htx.formatting import format_quantity
from htx.stats.facts import Fact
from htx.validate.bounds import bounds
from htx.validate.findings import Finding, quotes
from htx.validate.scope import FactIndex, certainty, compatible, when

SEVERAL = "một văn bản có thể nêu cùng chỉ tiêu cho nhiều thời điểm, địa bàn hoặc nhóm khác nhau"


def _disjoint(a: Fact, b: Fact) -> bool:
    return not bounds(a).overlaps(bounds(b))


def check_conflicts(facts: list[Fact]) -> list[Finding]:
    """Statements of one key, at compatible times, whose values cannot be the same figure (notes)."""
    index = FactIndex(facts)
    out = []
    for stated in index.by_key.values():
        clashing = [f for i, f in enumerate(stated)
                    if any(compatible(f, g) and _disjoint(f, g) for j, g in enumerate(stated) if i != j)]
        if not clashing:
            continue
        shown = " và ".join(dict.fromkeys(format_quantity(f.value, f.unit) for f in clashing))
        message = f"Văn bản ghi nhiều giá trị khác nhau cho cùng một số liệu: {shown}"
        out.append(Finding("conflict", message, quotes(*clashing), clashing[0].value, clashing[1].value,
                           False, SEVERAL))
    return out


def check_against_stored(facts: list[Fact], stored: Iterable[Fact]) -> list[Finding]:
    """A document's facts against stored ones: same key, place and time, values that cannot agree."""
    by_key: dict[tuple[Any, ...], list[Fact]] = defaultdict(list)
    for s in stored:
        by_key[(*s.key, when(s))].append(s)
    out = []
    for f in facts:
        for s in by_key.get((*f.key, when(f)), []):
            if f.place is not None and s.place is not None and f.place != s.place:
                continue
            if _disjoint(f, s):
                sure, reason = certainty([[f], [s]])
                origin = s.source.describe() if s.source is not None else "đã lưu"
                message = (f"Số liệu đã lưu ({origin}) là {format_quantity(s.value, s.unit)}, "
                           f"văn bản ghi {format_quantity(f.value, f.unit)}")
                out.append(Finding("stored_conflict", message, quotes(f), s.value, f.value, sure, reason))
    return out
