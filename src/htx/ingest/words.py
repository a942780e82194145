"""Words around a number (từ ngữ quanh số liệu): the subject, measure and dims the phrase tables name.

The base of the report reader (see :mod:`htx.ingest.extract`): the text's tags per phrase
table, its layout, and the look-ups that say what a mention counts: the closest subject
phrase, the closest measure phrase that fits the kind of number, the dims named around it,
and the label of a number that has no unit noun.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from htx.ingest.lexicon import Tag, TagIndex, fold, lexicon, phrase_pattern
from htx.ingest.mentions import Mention, noun_tagger
from htx.ingest.model import Change
from htx.ingest.numbers import money_unit
from htx.ingest.places import place_finder
from htx.ingest.structure import Layout, layout
from htx.ingest.tables import cell_of
from htx.stats.facts import Fact, Place, Source, Value, exact
from htx.stats.vocabulary import VocabularyError, vocabulary

LEFT_LIMIT = 80
_NEAR_GAP = re.compile(r"^[\s:,]*(?:(?:là|có|gồm|đạt|chiếm|lên|trên|khoảng|gần|hơn|với|được|từ)\s*)*[\s:]*$")
AS_OF = re.compile(r"(?:(?:tính\s+)?đến(?:\s+hết)?|tại(?:\s+thời\s+điểm)?|đến\s+nay)\s+(?:ngày\s+)?"
                   r"(?:(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})|tháng\s+(?P<mm>\d{1,2})/(?P<my>\d{4})"
                   r"|(?:cuối\s+)?năm\s+(?P<yy>\d{4}))")  # "đến 30/6/2023", "đến tháng 11/2023", "đến hết năm 2021"
GROUPS = re.compile(r"\([^()]*\)")
HEAD_COUNTS = ("members", "workers", "managers")
APPROXIMATE = re.compile(r"(?<!\w)(?:gần|khoảng|trên|hơn|xấp\s+xỉ|ước(?:\s+(?:đạt|tính|khoảng|thực\s+hiện))?)"
                         r"(?:\s+(?:đạt|là|có|với))?\s*:?\s*$")  # "gần 500 HTX", "ước đạt 1.200 thành viên"
_SUBJECT_GAP = re.compile(r"\s*(?:\([^()]{0,12}\))?\s*(?:thuộc\s+)?(?:lĩnh\s+vực\s+|ngành\s+)?")
_PER_UNIT_WORDS = re.compile(r"bình\s+quân|trung\s+bình|mỗi\s+(?:htx|hợp|tổ|thành)|(?:01|1)\s+(?:htx|hợp\s+tác)")
_CLAUSE_END = re.compile(r"[;()\n]|\.(?=\s|$)")
_AND_HTX = re.compile(r"các\s+(?:htx|hợp\s+tác\s+xã)\s+và\s+(?:các\s+)?(?:quỹ\s+)?$")
_SPAN_PENALTY = {"header": 10_000, "run": 5_000}
RUN_DIMS = ("status", "class", "flow")  # what a qualifier after a list gives all its items
YEAR_REF = re.compile(r"\s*(?:với\s+)?(?:cuối\s+|đầu\s+)?năm\s+(\d{4})")
STOCK_MEASURES = {"count", "members", "workers", "managers", "area", "charter_capital", "capital",
                   "projects", "borrowers", "outstanding"}


@cache
def _label_end() -> re.Pattern[str]:
    """A label ends right before its number: "số thành viên là 36.105", "tổng số lao động: 12.000"."""
    words = "|".join(phrase_pattern(p) for p in lexicon().phrases("cues", cue="label"))
    return re.compile(rf"(?:\s*:|\s+(?:{words}|lên))(?:\s+(?:khoảng|trên|gần|hơn))?\s*$")


@dataclass
class Extracted:
    """What the extractor finds in one text."""

    facts: list[Fact] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)



class Words:
    """One report's text, tags and layout, and the word look-ups of the reader."""

    def __init__(self, text: str, period: str | None, plan_document: bool, province: str | None = None) -> None:
        lex = lexicon()
        self.text, self.folded = text, fold(text)
        self.lay: Layout = layout(text, self.folded, plan_document)
        self.period = period
        self.idx = {n: TagIndex(lex.taggers[n].tags(self.folded))
                    for n in ("subjects", "measures", "dims", "cues", "blockers")}
        self.applies = lex.applies_to
        self.voc = vocabulary()
        self.out = Extracted()
        self.as_of = [(m.start(), m) for m in AS_OF.finditer(self.folded)]
        self.as_of_starts = [start for start, _ in self.as_of]
        self.as_of_days: dict[int, date | None] = {}
        self.count_nouns: set[int] = set()
        self.places = place_finder(province)
        self.item_last: Mention | None = None  # the last count of the current paragraph
        self.item_totals: set[str | None] = set()  # subjects counted as totals in the current paragraph
        self.dropped: set[int] = set()
        self.attached: tuple[Mention, int] | None = None  # the count the last "với N thành viên" belongs to
        self.sentence_facts: list[Mention] = []
        self.has_fund: bool | None = None  # facts found to be no statistic once their parts were read

    # -- helpers -------------------------------------------------------------------------
    def visible(self, tag_pos: int, group: int) -> bool:
        return self.lay.group[tag_pos] == group

    def abbreviation(self, tag: Tag) -> bool:
        """Whether a tag is all of its parenthesis: "Kinh tế tập thể (HTX)", not "(bao gồm các QTDND)"."""
        return self.text[tag.start - 1:tag.start] == "(" and self.text[tag.end:tag.end + 1] == ")"

    def cue_tags(self, start: int, end: int, *cues: str) -> list[Tag]:
        return [t for t in self.idx["cues"].within(start, end) if t.entry["cue"] in cues]

    def closest(self, name: str, start: int, end: int, accept: Any) -> Tag | None:
        for tag in reversed(self.idx[name].within(start, end)):
            if accept(tag.entry):
                return tag
        return None

    def blocked(self, m: Mention, clause_start: int, header: tuple[int, int] | None) -> bool:
        spans = [(clause_start, m.tail_end)] + ([header] if header else [])
        return any(t.entry["scope"] == "sentence" for s, e in spans for t in self.idx["blockers"].within(s, e))

    def block_blocked(self, item_start: int, item_end: int) -> bool:
        return any(t.entry["scope"] == "block" for t in self.idx["blockers"].within(item_start, item_end))

    # -- dims ----------------------------------------------------------------------------
    def tag_applies(self, tag: Tag, m: Mention, where: str, kind: str, measure: Tag | None) -> bool:
        """Whether a dim phrase found in span ``where`` (header, left, tail, run, score) qualifies ``m``."""
        entry = tag.entry
        if entry.get("only_kind", kind) != kind or entry["dim"] in ("per", "none") or not self.visible(tag.start, m.group):
            return False
        if where == "left" and measure is not None and tag.end <= measure.start \
                and "," in self.folded[tag.end:measure.start]:
            return False  # "các HTX hoạt động trong lĩnh vực nông nghiệp, doanh thu bình quân …": another clause
        if (where == "tail" and tag.end <= m.end and m.kind != "org") or (where == "run" and entry["dim"] not in RUN_DIMS):
            return False
        if entry["dim"] == "sector" and entry["value"] == "credit" \
                and _AND_HTX.search(self.folded, max(0, tag.start - 30), tag.start):
            return False  # "các HTX và Quỹ tín dụng thu hút 11,9 nghìn thành viên": both, no sector
        if where == "score" and not entry.get("strong"):
            return False  # "32 HTX hoạt động hiệu quả với tổng điểm từ 80 điểm trở lên"
        if entry.get("near") and (where != "left" or not _NEAR_GAP.match(self.folded[tag.end:m.num_start])):
            return False
        if entry.get("closing") and (where != "tail" or self.folded[tag.end:m.tail_end].strip()):
            return False  # "2 HTX xây dựng và 5 HTX dịch vụ", not "20 HTX xây dựng kho lạnh"
        # "215 HTX hoạt động", not "03 HTX bổ sung thông tin hoạt động"
        return not (entry.get("adjacent") and GROUPS.sub("", self.folded[m.end:tag.start]).strip())

    def dims_of(self, m: Mention, left_start: int, header: tuple[int, int] | None,
                kind: str = "actual") -> tuple[dict[str, str], int, int]:
        """Dims named around a mention (closest phrase per dim) and the quote span they need."""
        found: dict[str, tuple[int, str, Tag, str]] = {}
        spans = []
        if header:
            spans.append((header[0], header[1], "header"))
        spans += [(left_start, m.num_start, "left"), (m.num_start, m.tail_end, "tail")]
        if m.run_tail is not None:
            spans.append((m.run_tail[0], m.run_tail[1], "run"))
        clause = _CLAUSE_END.search(self.folded, m.tail_end, m.tail_end + 120)
        spans.append((m.tail_end, clause.start() if clause else m.tail_end, "score"))
        measure = self.closest("measures", left_start, m.num_start, lambda e: m.kind in e["accepts"]) \
            if m.kind in ("money", "person") else None
        for s, e, where in spans:
            for tag in self.idx["dims"].within(s, e, overlap=where == "tail"):
                if not self.tag_applies(tag, m, where, kind, measure):
                    continue
                entry = tag.entry
                dist = m.num_start - tag.end if where == "left" else max(0, tag.start - m.end)
                dist += _SPAN_PENALTY.get(where, 0) - (100_000 if entry.get("strong") else 0)  # a score decides
                prev = found.get(entry["dim"])
                if prev is None or dist < prev[0]:
                    found[entry["dim"]] = (dist, entry["value"], tag, where)
        qstart = min([m.num_start] + [t.start for _, _, t, w in found.values() if w == "left"])
        qend = max([m.end] + [t.end for _, _, t, w in found.values() if w == "tail"])
        m.shared = {d: v for d, (_, v, _, w) in found.items() if w in ("left", "header")}
        return {d: v for d, (_, v, _, _) in found.items()}, qstart, qend

    def per_dims(self, m: Mention) -> dict[str, str]:
        if not m.suffix:
            return {}
        words = re.findall(r"[^\W\d_]+", m.suffix)
        if words and words[-1] in ("tháng",):
            return {"per": "month"}
        if words and words[-1] in ("năm",):
            return {"per": "year"}
        return {}

    # -- subject and measure --------------------------------------------------------------
    def subject_near(self, m: Mention, ranges: list[tuple[int, int]], own_sentence: bool = False,
                     after: tuple[int, int] | None = None) -> Tag | None:
        """Closest subject phrase (range by range); with ``own_sentence`` a measure's own subject
        ("vốn điều lệ của các HTX") beats a noun counted in the sentence ("1.025 THT"), and of counted
        nouns the sentence's first wins; ``after``: the rest of the sentence, when nothing comes before."""
        if own_sentence and ranges:
            tags = [t for t in self.idx["subjects"].within(*ranges[0])
                    if self.visible(t.start, m.group) or self.abbreviation(t)]
            free = [t for t in tags if t.end not in self.count_nouns]
            if free or tags:
                return free[-1] if free else tags[0]
            ranges = ranges[1:]
            later = self.idx["subjects"].within(*after) if after is not None else []
            if later and ranges and self.lay.sentence_at(ranges[0][0])[0] != self.lay.sentence_at(m.num_start)[0]:
                return later[0]  # "Tổng số hộ thành viên trên 413.700 hộ, bình quân … /hợp tác xã": this sentence's
        for s, e in ranges:
            tag = self.closest("subjects", s, e, lambda entry: True)
            if tag is not None:
                return tag
        if after is not None:
            tags = self.idx["subjects"].within(*after)
            return tags[0] if tags else None
        return None

    def fund_named(self, m: Mention) -> bool:
        """Whether the text names a fund at all ("tổng vốn hoạt động là 7 tỷ" of an alliance is not the fund's)."""
        if self.has_fund is None:
            self.has_fund = any(t.entry["subject"] == "fund" for t in self.idx["subjects"].tags)
        return self.has_fund

    def credit_fund_before(self, m: Mention) -> bool:
        s0 = self.lay.sentence_at(m.num_start)[0]
        tags = self.idx["subjects"].within(max(s0, m.num_start - 80), m.num_start)
        return bool(tags) and tags[-1].entry["subject"] == "htx" and (tags[-1].entry.get("dims") or {}).get("sector") == "credit"

    def per_unit(self, m: Mention, mtag: Tag | None) -> bool:
        """Whether a money figure is written per unit: "…/năm/HTX", "mỗi HTX", "bình quân"."""
        if re.search(r"htx|tht|hợp|đơn|1\s*tổ", m.suffix or ""):
            return True
        start = mtag.start if mtag is not None and mtag.start < m.num_start else max(0, m.num_start - 40)
        seg = self.lay.segment_start(m.num_start, self.lay.sentence_at(m.num_start)[0])
        return bool(_PER_UNIT_WORDS.search(self.folded, max(seg, start - 80), m.num_start))

    def sector_after(self, stag: Tag) -> dict[str, str]:
        """The sector written right after a subject ("Khối HTX nông nghiệp có 12.000 thành viên"):
        the subject's figures that follow are of that sector."""
        for tag in self.idx["dims"].within(stag.end, stag.end + 30):
            if tag.entry["dim"] == "sector" and _SUBJECT_GAP.fullmatch(self.folded[stag.end:tag.start]):
                return {"sector": tag.entry["value"]}
        return {}

    def measure_near(self, m: Mention, ranges: list[tuple[int, int]]) -> Tag | None:
        kinds = {"person", "org"} if m.kind == "zero" else {m.kind}
        for s, e in ranges:
            tag = self.closest("measures", s, e, lambda entry: bool(kinds & set(entry["accepts"])))
            if tag is not None:
                return tag
        return None

    def measure_tag(self, m: Mention, ranges: list[tuple[int, int]]) -> Tag | None:
        """The measure phrase of a mention: in its own words for a count, else the closest that fits."""
        tail_measure = self.closest("measures", m.num_start, m.tail_end, lambda e: m.kind in e["accepts"])
        mtag = tail_measure if m.kind in ("org", "project") and tail_measure else self.measure_near(m, ranges)
        if m.kind == "org" and mtag is not None and mtag is not tail_measure and mtag.end <= m.num_start \
                and re.search(r"\d", self.folded[mtag.end:m.num_start]):
            return None  # "… 41.600 thành viên; 3 LHHTX, 8.400 THT": another figure's measure
        return mtag

    def subject_of(self, m: Mention, ranges: list[tuple[int, int]], after: tuple[int, int] | None,
                   section: tuple[int, int] | None, implied: dict[str, str]) -> tuple[str | None, dict[str, str]]:
        """The subject named around a mention (or in the section heading) and the dims it implies."""
        stag = self.subject_near(m, ranges + [(m.num_start, m.end)],
                                 own_sentence=m.kind in ("money", "person", "area"), after=after)
        if stag is None and section is not None:
            stag = self.closest("subjects", *section, lambda entry: True)
        if stag is None:
            return None, implied
        implied = {**(stag.entry.get("dims") or {}), **implied} if stag.start >= ranges[0][0] else implied
        if m.kind != "org" and stag.end not in self.count_nouns:
            implied = {**self.sector_after(stag), **implied}
        if stag.entry.get("dims") and _AND_HTX.search(self.folded, max(0, stag.start - 25), stag.start):
            implied = {d: v for d, v in implied.items() if d not in stag.entry["dims"]}  # "các HTX và QTDND"
        return stag.entry["subject"], implied

    def measure_of(self, m: Mention, mtag: Tag | None, subject: str, ranges: list[tuple[int, int]],
                   section: tuple[int, int] | None) -> tuple[str, str] | None:
        """(subject, measure) by the kind of number: money and area, heads, projects, organisations."""
        mentry = mtag.entry if mtag else None
        noun = m.noun or {}
        if m.kind == "area":
            return subject, "area"
        if m.kind == "money":
            if mentry is None:
                return None
            measure = (mentry.get("by_subject") or {}).get(subject, mentry["measure"])
            if measure in ("revenue_avg", "profit_avg") and re.search(r"/\s*tháng", m.suffix or ""):
                return None  # "70 triệu đồng/tháng/HTX": the vocabulary's averages are per year
            return subject, str(measure)
        if m.kind == "person":
            found = noun.get("measure") or (mentry["measure"] if mentry else None)
            return None if found is None else (subject, str(found))
        if m.kind == "project":
            if mentry is None or not mentry.get("by_kind"):
                return None
            return subject, str(mentry["by_kind"]["project"])
        if mentry is not None and m.kind == "zero":  # "thành viên: không"
            return subject, (mentry["measure"] if mentry["measure"] in ("members", "workers", "managers") else "count")
        if mentry is None or m.kind != "org":
            return subject, "count"
        if mentry.get("by_kind"):
            return "fund", str(mentry["by_kind"]["org"])
        if mentry["measure"] == "borrowers":
            return "fund", "borrowers"
        if mentry["measure"] == "members":  # "68 HTX thành viên" of a union or the alliance
            atag = self.subject_near(m, ranges)
            if section and mtag is not None and (atag is None or 0 <= mtag.start - atag.end <= 1):  # "Số HTX thành viên: 19"
                atag = self.closest("subjects", *section, lambda entry: True) or atag
            if atag is not None and atag.entry["subject"] in ("alliance", "lhhtx") and atag.end != m.end:
                return atag.entry["subject"], "members"
        return subject, "count"

    def indicator(self, m: Mention, ranges: list[tuple[int, int]], after: tuple[int, int] | None = None,
                  section: tuple[int, int] | None = None) -> tuple[str, dict[str, str]] | None:
        """(indicator, implied dims) of a mention that is not a breakdown of another; ``section``: the
        numbered heading above ("2. Liên hiệp hợp tác xã"), whose subject serves when the text names none."""
        noun = m.noun or {}
        implied: dict[str, str] = dict(noun.get("dims") or {})
        mtag = self.measure_tag(m, ranges)
        mentry = mtag.entry if mtag else None
        subject = noun.get("subject")
        if mentry and mentry.get("measure") == "none":
            return None  # "thu nhập của thành viên": a measure the vocabulary does not have
        if mentry and mentry.get("subject"):
            subject = mentry["subject"]
            if subject == "fund" and (self.credit_fund_before(m) or (mentry["measure"] == "capital" and not self.fund_named(m))):
                return None  # "Quỹ tín dụng có tổng nguồn vốn 607 tỷ": a credit fund, not the support fund
        if subject is None:
            subject, implied = self.subject_of(m, ranges, after, section, implied)
        if subject is None and mentry is not None and (m.kind == "person" or mentry.get("measure") == "income_avg"):
            subject = mentry.get("default_subject")  # "Tổng số thành viên 19.870 người": the HTX's
        if subject is None:
            return None
        if mentry is not None and mentry.get("per_unit") and not self.per_unit(m, mtag):
            return None  # "lợi nhuận 120 tỷ đồng": a total the vocabulary has no measure for
        got = self.measure_of(m, mtag, subject, ranges, section)
        if got is None:
            return None
        subject, measure = got
        if subject == "alliance" and measure == "count":
            return None
        indicator = f"{subject}.{measure}"
        try:
            self.voc.measure(indicator)
        except VocabularyError:
            return None
        return indicator, implied

    # -- numbers without a unit noun --------------------------------------------------------
    def is_unit_cell(self, start: int, end: int) -> bool:
        cell = self.folded[start:end].strip()
        if money_unit(cell) is not None:
            return True
        tag = noun_tagger().match_at(cell, 0)
        return tag is not None and tag.end == len(cell)

    def read_label(self, m: Mention, left: int) -> None:
        """Kind (and unit noun) of a bare number from its table row or from the label before it."""
        table = cell_of(self.text, m.num_start, m.end, self.is_unit_cell)
        if table is not None:
            m.table = table
            if table.unit is not None:
                cell = self.folded[table.unit[0]:table.unit[1]].strip()
                money = money_unit(cell)
                if money is not None:
                    m.value = exact(Decimal(m.value) * money[0])
                    m.kind, m.suffix = "money", money[1]
                    return
                tag = noun_tagger().match_at(cell, 0)
                if tag is not None:
                    m.kind, m.noun = tag.entry["kind"], tag.entry
                    return
            label = (table.row_start, table.label_end)
        else:
            gap = _label_end().search(self.folded, max(left, m.num_start - 30), m.num_start)
            if gap is None or gap.start() <= left:
                return
            label = (left, gap.start())
        if not isinstance(m.value, int):
            return
        mtag = self.closest("measures", *label, lambda e: "person" in e["accepts"] and e["measure"] in HEAD_COUNTS)
        if mtag is not None:
            m.kind, m.noun, m.label_start = "person", {"kind": "person", "measure": mtag.entry["measure"]}, mtag.start
            return
        nouns = [t for t in noun_tagger().tags(self.folded, *label) if t.entry["kind"] in ("org", "project")]
        if nouns:
            m.kind, m.noun, m.label_start = nouns[-1].entry["kind"], nouns[-1].entry, nouns[-1].start

    def unit_of(self, indicator: str) -> str:
        return self.voc.units_of(indicator)[0]

    def filter_dims(self, indicator: str, dims: dict[str, str]) -> dict[str, str]:
        """The dims the measure takes; a flow is an event, so the status or class of the units it
        befell is not its dim ("giải thể 40 HTX ngừng hoạt động" is 40 dissolutions)."""
        measure = indicator.partition(".")[2]
        out = {d: v for d, v in dims.items() if measure in self.applies.get(d, [])}
        if "flow" in out:
            out.pop("status", None)
            out.pop("class", None)
        return out

    # -- facts ---------------------------------------------------------------------------
    def place_of(self, m: Mention, left: int) -> Place | None:
        """The district or commune a count is of ("Tân Lạc 36 HTX", "6 HTX ở huyện Nghĩa Đàn")."""
        if self.places is None or m.kind not in ("org", "person"):
            return None
        return self.places.label(self.folded, left, m.num_start) or self.places.after(self.folded, m.end, m.tail_end)

    def add(self, m: Mention, indicator: str, dims: dict[str, str], unit: str, kind: str,
            value: Value, qstart: int, qend: int) -> int | None:
        try:
            fact = Fact(indicator=indicator, value=value, unit=unit, dims=dims, kind=kind,
                        as_of=self.as_of_for(indicator, dims, kind, qstart),
                        period=self.period_for(indicator, dims, kind, m),
                        source=Source("document", quote=self.text[qstart:qend], start=qstart, end=qend),
                        place=m.place,
                        approximate=bool(APPROXIMATE.search(self.folded, max(0, m.num_start - 30), m.num_start)))
        except VocabularyError:
            return None
        self.out.facts.append(fact)
        return len(self.out.facts) - 1

    def as_of_for(self, indicator: str, dims: dict[str, str], kind: str, pos: int) -> date | None:
        if kind != "actual" or "flow" in dims or indicator.partition(".")[2] not in STOCK_MEASURES:
            return None
        i = bisect.bisect_right(self.as_of_starts, pos) - 1  # the last date stated before the fact
        if i < 0 or pos - self.as_of[i][0] >= 2000:
            return None
        if i not in self.as_of_days:
            self.as_of_days[i] = self.as_of_day(self.as_of[i][1])
        return self.as_of_days[i]

    @staticmethod
    def as_of_day(best: re.Match[str]) -> date | None:
        """The day an as-of phrase names (the last day of a month or year named alone)."""
        try:
            if best.group("y"):
                return date(int(best.group("y")), int(best.group("m")), int(best.group("d")))
            if best.group("my"):  # the end of the month named
                year, month = int(best.group("my")), int(best.group("mm"))
                return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            return date(int(best.group("yy")), 12, 31)
        except ValueError:
            return None

    def period_for(self, indicator: str, dims: dict[str, str], kind: str, m: Mention) -> str | None:
        if kind == "plan":
            item = self.lay.items[self.lay.item_at(m.num_start)]
            return item.plan_year
        measure = indicator.partition(".")[2]
        if "flow" in dims or measure.endswith("_avg") or measure == "interest_collected":
            return self.period
        return None
