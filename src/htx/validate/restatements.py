"""One figure stated twice (nêu lại một số liệu): within a document, and against stored facts.

A headline (tiêu đề) restates a figure of the body, often rounded (500 for 479): when the body
gives that figure one value and the headline another that cannot be it, even rounded ("45 HTX hoạt động hiệu quả" over a body saying
54), the document contradicts itself — a certain finding. Otherwise a document that gives one key two values is usually describing two things the reader could
not tell apart (two dates, a district and the province, a sub-group), so a conflict inside a
document is always a note "cần xem lại", never an error. Values whose ranges overlap (a
rounded or approximate restatement: "gần 500" and 497) are not conflicts at all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from htx.formatting import format_quantity
from htx.stats.facts import Fact
from htx.stats.vocabulary import vocabulary
from htx.validate.bounds import as_rounded, bounds, hull
from htx.validate.findings import Finding, quotes
from htx.validate.scope import FactIndex, ambiguous, certainty, compatible, when

HEADLINE = ("tiêu đề nêu lại số liệu của nội dung: giá trị phải khớp (sai lệch trong phạm vi làm tròn, "
            "“gần”, “khoảng”, “trên” không tính)")
SEVERAL = "một văn bản có thể nêu cùng chỉ tiêu cho nhiều thời điểm, địa bàn hoặc nhóm khác nhau"


def _disjoint(a: Fact, b: Fact) -> bool:
    return not bounds(a).overlaps(bounds(b))


def check_conflicts(facts: list[Fact], headline: Sequence[tuple[int, int]] = (),
                    index: FactIndex | None = None) -> list[Finding]:
    """Statements of one key, at compatible times, whose values cannot be the same figure (notes).

    Statements in the headline are left to :func:`check_headline`.
    """
    if index is None or headline:
        index = FactIndex(f for f in facts if not _inside(f, headline))
    out = []
    for all_stated in index.by_key.values():
        stated = list({(when(f), f.value, f.approximate): f for f in reversed(all_stated)}.values())[::-1]
        clashing = [f for i, f in enumerate(stated)
                    if any(compatible(f, g) and _disjoint(f, g) for j, g in enumerate(stated) if i != j)]
        if not clashing:
            continue
        shown = " và ".join(dict.fromkeys(format_quantity(f.value, f.unit) for f in clashing))
        label = vocabulary().label(clashing[0].indicator, clashing[0].dims)
        kind = "" if clashing[0].kind == "actual" else f" ({vocabulary().kinds[clashing[0].kind]['vi']})"
        message = f"{label}{kind}: văn bản ghi nhiều giá trị khác nhau cho cùng một số liệu: {shown}"
        out.append(Finding("conflict", message, quotes(*clashing), clashing[0].value, clashing[1].value,
                           False, SEVERAL))
    return out


def _inside(f: Fact, spans: Sequence[tuple[int, int]]) -> bool:
    src = f.source
    if src is None or src.start is None or src.end is None:
        return False
    return any(a <= src.start and src.end <= b for a, b in spans)


def check_headline(facts: list[Fact], spans: Sequence[tuple[int, int]],
                   index: FactIndex | None = None) -> list[Finding]:
    """A figure of the headline against the same figure in the body (spans: the headline's offsets)."""
    if not spans:
        return []
    index = index or FactIndex(facts)
    out = []
    for stated in index.by_key.values():
        body = [f for f in stated if not _inside(f, spans)]
        for head in (f for f in stated if _inside(f, spans)):
            said = [f for f in body if compatible(f, head)]
            if not said or ambiguous(said) or as_rounded(head).overlaps(hull(bounds(f) for f in said)):
                continue
            label = vocabulary().label(head.indicator, head.dims)
            message = (f"{label}: tiêu đề ghi {format_quantity(head.value, head.unit)}, "
                       f"nội dung ghi {format_quantity(said[0].value, said[0].unit)}")
            out.append(Finding("headline_conflict", message, quotes(head, said[0]), said[0].value, head.value))
            break
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
