"""Numbers of a report with what stands right after them (số và đơn vị tính): the mentions.

A mention is a number that can be a statistic: ``830 HTX``, ``1.970.382 triệu đồng``,
``65,23 %``, ``37/50 THT``, ``: không``. Dates, legal references (``24/2018/NQ-HĐND``),
ranges (``2021-2025``), ordinals (``lần thứ 2``) and numbers glued to letters are not.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from htx.ingest.lexicon import Tagger, TagIndex, lexicon
from htx.ingest.numbers import NUMBER_TOKEN, parse_number, read_amount
from htx.stats.facts import Value, exact

_REF_AFTER = re.compile(r"\s*/\s*[^\W\d_]|-[^\W\d_]|\s*/\s*\d+\s*/|/\s*(?:19|20)\d\d(?!\d)|\s*[-–]\s*\d|\.\d+\.")
_RANGE_BEFORE = re.compile(r"(?:\d\s*[-–]\s*|/\s*|\d:|\d\s+(?:đến|tới)\s+)$")  # ranges, "16:51", "3,2 đến 4,1"
_RANGE_AFTER = re.compile(r"\s*(?:[-–]|đến|tới)\s*\d|:\d")
_SAVED_PAGE = re.compile(r"^(?:SOURCE|TITLE|URL):[^\n]*$", re.MULTILINE | re.IGNORECASE)  # a saved page's header lines
_FRACTION = re.compile(r"(\d+(?:[.,]\d+)*)\s*/\s*(\d+(?:[.,]\d+)*)(?![/\d])")
_PERCENT = re.compile(r"\s*(?:%|phần\s+trăm(?!\w))")
_PER = re.compile(r"(?:\s*/\s*(?:0?1\s*)?[^\W\d_]+(?:\s+(?:động|tác\s+xã|viên))?)+")
_ZERO_COLON = re.compile(r":\s*(không)(?=\s*(?:[.;,)]|$))", re.MULTILINE)
_ZERO_NONE = re.compile(r"(?<!\w)không\s+có\s+(?:thêm\s+)?(?=\w)")
_SPELLED = re.compile(r"\s*\((?:\s*[^\W\d_]+)+\s*\)")  # "07 (bảy) HTX": the number spelled out
_TAIL_STOP = re.compile(r"[,;()\n:]|\.(?=\s|$)|\s(?:và|(?<!so\s)với)\s|\d")
_ABBREVIATION = re.compile(r"\s*\(\s*[^\W\d_]{2,6}(?:\s[^\W\d_]{2,6})?\s*\)")  # "58 hợp tác xã (HTX) đang hoạt động"
_PER_ONE = re.compile(r"(?:bình\s+quân|trung\s+bình|của|mỗi|cho)\s*$")
_CURRENCY_END = re.compile(r"(?:đồng|đ|vnđ|vnd)\s*$")
_PER_TIME = re.compile(r"\s*/\s*(?:0?1\s*)?[^\W\d_]|\s*(?:mỗi|một|trên)\s+(?:năm|tháng|quý)(?!\w)")
TAIL_LIMIT = 80


@dataclass
class Mention:
    """A number that may be a statistic, with its unit noun and the words after it."""

    num_start: int
    end: int
    value: Value
    kind: str  # money, percent, org, project, person, area, zero, bare
    noun: dict[str, Any] | None = None
    suffix: str = ""
    plan_value: Value | None = None
    tail_end: int = 0
    group: int = 0
    indicator: str | None = None
    dims: dict[str, str] = field(default_factory=dict)
    own: dict[str, str] = field(default_factory=dict)
    fact_kind: str = "actual"
    quote_start: int = 0
    label_start: int | None = None  # where the label of a unit-less number starts ("số thành viên là 36.105")
    table: Any = None  # the TableCell a number fills (htx.ingest.tables)
    shared: dict[str, str] = field(default_factory=dict)  # dims named before a list, for its next items
    run_tail: tuple[int, int] | None = None  # the tail of the list's last item ("96 HTX, 12 THT đang hoạt động")
    run_head: Mention | None = None  # the first item of the list it belongs to
    place: Any = None  # the htx.stats.facts.Place below the province it is a figure of
    left_start: int = 0  # where the words that describe it start
    left_floor: int = 0  # where its own words start when it belongs to a count before it
    fact_index: int | None = None  # its fact in the reader's output
    totalled: bool = False  # a total cue ("toàn tỉnh có") stands before it or before its list


@cache
def noun_tagger() -> Tagger:
    """Nouns after a number (units.yaml without multipliers and currency, nor %)."""
    entries = [e for e in lexicon().entries("units") if e["kind"] not in ("multiplier", "currency", "percent")]
    return Tagger(entries, "units.nouns")


def _blocked_before(folded: str, pos: int, before: dict[int, Any], totals: dict[int, Any]) -> bool:
    j = pos
    while j > 0 and folded[j - 1] in " \t":
        j -= 1
    tag = before.get(j)
    if tag is None:
        return False
    cover = totals.get(j)
    return not (cover is not None and cover.start < tag.start)


def _unit_after(folded: str, pos: int, mention: Mention) -> None:
    pct = _PERCENT.match(folded, pos)
    if pct:
        mention.kind, mention.end = "percent", pct.end()
        return
    j = pos
    spelled = _SPELLED.match(folded, j)
    if spelled:
        j = spelled.end()
    while j < len(folded) and folded[j] in " \t":
        j += 1
    tag = noun_tagger().match_at(folded, j)
    if tag is not None:
        mention.kind, mention.noun, mention.end = tag.entry["kind"], tag.entry, tag.end


def _tail(folded: str, mention: Mention, clause_ends: list[int] | None = None) -> None:
    abbreviation = _ABBREVIATION.match(folded, mention.end)
    begin = abbreviation.end() if abbreviation else mention.end
    stop = _TAIL_STOP.search(folded, begin, mention.end + TAIL_LIMIT)
    mention.tail_end = stop.start() if stop else min(len(folded), mention.end + TAIL_LIMIT)
    if clause_ends:  # "6 HTX giải thể do không còn hoạt động": the cause is not the count's dims
        i = bisect.bisect_left(clause_ends, mention.end)
        if i < len(clause_ends) and clause_ends[i] < mention.tail_end:
            mention.tail_end = clause_ends[i]


def _fraction(folded: str, s: int, frac: re.Match[str]) -> Mention | None:
    """"37/50 THT": 37 of (or against a plan of) 50."""
    first, second = parse_number(frac.group(1)), parse_number(frac.group(2))
    if first is None or second is None or second <= 0:
        return None
    m = Mention(s, frac.end(), exact(first), "bare", plan_value=exact(second))
    _unit_after(folded, frac.end(), m)
    return m if m.kind in ("org", "person", "project", "area") else None


def _amount(folded: str, s: int) -> Mention | None:
    """A number with its unit noun or money words, or None when it is no statistic."""
    amount = read_amount(folded, s)
    if amount is None or _RANGE_AFTER.match(folded, amount.end):
        return None
    m = Mention(s, amount.end, amount.value, "money" if amount.money else "bare")
    if amount.money and amount.multiplied and not _CURRENCY_END.search(folded, s, amount.end):
        _unit_after(folded, amount.end, m)  # "5.935 nghìn thành viên", "3,1 triệu lao động": a scaled count
        if m.kind not in ("person", "org"):
            m.kind, m.end, m.noun = "money", amount.end, None
    if m.kind == "money":
        per = _PER.match(folded, amount.end)
        if per:
            m.suffix, m.end = per.group(), per.end()
        return m
    _unit_after(folded, amount.end, m)
    if m.kind == "bare" and folded[amount.end:amount.end + 1].isalpha():
        return None  # glued to letters: 300m2, Covid19
    if m.kind in ("org", "person") and _PER_TIME.match(folded, m.end):
        return None  # "trung bình 65 HTX/năm", "1.250 hộ thành viên/HTX": a rate, not a count
    if m.kind == "org" and m.value == 1 and _PER_ONE.search(folded, max(0, s - 20), s):
        return None  # "doanh thu bình quân 1 HTX nông nghiệp là 2 tỷ": one HTX is the unit of an average
    if (m.noun or {}).get("combined"):
        return None  # "9.100 thành viên và người lao động": two measures in one figure
    return m


def find_mentions(folded: str, cues: TagIndex, blockers: TagIndex) -> list[Mention]:
    """Every mention of ``folded`` in text order."""
    before = {t.end: t for t in blockers.tags if t.entry["scope"] == "before"}
    totals = {t.end: t for t in cues.tags if t.entry["cue"] == "total"}
    ends = [t.start for t in cues.tags if t.entry["cue"] == "clause_end"]
    out: list[Mention] = []
    header = [m.span() for m in _SAVED_PAGE.finditer(folded, 0, 2000)]
    for tok in NUMBER_TOKEN.finditer(folded):
        s, e = tok.span()
        if any(a <= s < b for a, b in header):
            continue
        if out and s < out[-1].end:  # "12 tỷ 350 triệu đồng": the 350 is part of the amount
            continue
        if _RANGE_BEFORE.search(folded, max(0, s - 6), s) or _blocked_before(folded, s, before, totals):
            continue
        frac = _FRACTION.match(folded, s)
        if frac and not re.match(r"(?:19|20)\d\d$", frac.group(2)):
            m = _fraction(folded, s, frac)
        elif _REF_AFTER.match(folded, e):
            continue
        else:
            m = _amount(folded, s)
        if m is not None:
            _tail(folded, m, ends)
            out.append(m)
    for z in _ZERO_COLON.finditer(folded):
        m = Mention(z.start(1), z.end(1), 0, "zero")
        _tail(folded, m, ends)
        out.append(m)
    for z in _ZERO_NONE.finditer(folded):
        m = Mention(z.start(), z.end(), 0, "zero")
        _unit_after(folded, z.end(), m)
        if m.kind == "org":
            _tail(folded, m, ends)
            out.append(m)
    out.sort(key=lambda m: m.num_start)
    return out
