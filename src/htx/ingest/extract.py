"""Statistics of a report's text turned into facts (trích xuất số liệu), with their quotes.

For every mention (see :mod:`htx.ingest.mentions`) the words around it, looked up in the
phrase tables, say what it counts: the subject (closest subject phrase or the noun after
the number), the measure (closest measure phrase that fits the kind of number), the dims
(phrases in the mention's own clause), whether it is a plan, a share ("chiếm"), attainment
of a plan or a change against a reference ("tăng ... so với"). A breakdown ("trong đó",
parentheses) inherits what its total counts. Linear in the text length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from htx.ingest.lexicon import Tag, TagIndex, fold, lexicon, phrase_pattern
from htx.ingest.mentions import Mention, find_mentions, noun_tagger
from htx.ingest.model import Change
from htx.ingest.numbers import money_unit
from htx.ingest.structure import Layout, layout
from htx.ingest.tables import cell_of
from htx.stats.facts import Fact, Source, Value, exact
from htx.stats.vocabulary import VocabularyError, vocabulary

LEFT_LIMIT = 80
_NEAR_GAP = re.compile(r"^[\s:,]*(?:(?:là|có|gồm|đạt|chiếm|lên|trên|khoảng|gần|hơn|với|được|từ)\s*)*[\s:]*$")
_AS_OF = re.compile(r"(?:(?:tính\s+)?đến(?:\s+hết)?|tại(?:\s+thời\s+điểm)?|đến\s+nay)\s+(?:ngày\s+)?"
                    r"(\d{1,2})/(\d{1,2})/(\d{4})")
_GROUPS = re.compile(r"\([^()]*\)")
_HEAD_COUNTS = ("members", "workers", "managers")
_YEAR_REF = re.compile(r"\s*(?:với\s+)?(?:cuối\s+|đầu\s+)?năm\s+(\d{4})")
_STOCK_MEASURES = {"count", "members", "workers", "managers", "area", "charter_capital", "capital",
                   "projects", "borrowers", "outstanding"}


@cache
def _label_end() -> re.Pattern[str]:
    """A label ends right before its number: "số thành viên là 36.105", "tổng số lao động: 12.000"."""
    words = "|".join(phrase_pattern(p) for p in lexicon().phrases("cues", cue="label"))
    return re.compile(rf"(?:\s*:|\s+(?:{words}))(?:\s+(?:khoảng|trên|gần|hơn))?\s*$")


@dataclass
class Extracted:
    """What the extractor finds in one text."""

    facts: list[Fact] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


class _Resolver:
    def __init__(self, text: str, period: str | None, plan_document: bool) -> None:
        lex = lexicon()
        self.text, self.folded = text, fold(text)
        self.lay: Layout = layout(text, self.folded, plan_document)
        self.period = period
        self.idx = {n: TagIndex(lex.taggers[n].tags(self.folded))
                    for n in ("subjects", "measures", "dims", "cues", "blockers")}
        self.applies = lex.applies_to
        self.voc = vocabulary()
        self.out = Extracted()
        self.as_of = [(m.start(), m) for m in _AS_OF.finditer(self.folded)]
        self.count_nouns: set[int] = set()

    # -- helpers -------------------------------------------------------------------------
    def visible(self, tag_pos: int, group: int) -> bool:
        return self.lay.group[tag_pos] == group

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
    def dims_of(self, m: Mention, left_start: int, header: tuple[int, int] | None,
                kind: str = "actual") -> tuple[dict[str, str], int, int]:
        """Dims named around a mention (closest phrase per dim) and the quote span they need."""
        found: dict[str, tuple[int, str, Tag, str]] = {}
        spans = []
        if header:
            spans.append((header[0], header[1], "header"))
        spans += [(left_start, m.num_start, "left"), (m.num_start, m.tail_end, "tail")]
        for s, e, where in spans:
            for tag in self.idx["dims"].within(s, e, overlap=where == "tail"):
                entry = tag.entry
                if where == "tail" and tag.end <= m.end and m.kind != "org":
                    continue
                if entry.get("only_kind", kind) != kind:
                    continue
                if entry["dim"] == "per" or not self.visible(tag.start, m.group):
                    continue
                if entry.get("near") and (where != "left" or not _NEAR_GAP.match(self.folded[tag.end:m.num_start])):
                    continue
                dist = m.num_start - tag.end if where == "left" else max(0, tag.start - m.end)
                if where == "header":
                    dist += 10_000
                prev = found.get(entry["dim"])
                if prev is None or dist < prev[0]:
                    found[entry["dim"]] = (dist, entry["value"], tag, where)
        qstart = min([m.num_start] + [t.start for _, _, t, w in found.values() if w == "left"])
        qend = max([m.end] + [t.end for _, _, t, w in found.values() if w == "tail"])
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
            tags = self.idx["subjects"].within(*ranges[0])
            free = [t for t in tags if t.end not in self.count_nouns]
            if free or tags:
                return free[-1] if free else tags[0]
            ranges = ranges[1:]
        for s, e in ranges:
            tag = self.closest("subjects", s, e, lambda entry: True)
            if tag is not None:
                return tag
        if after is not None:
            tags = self.idx["subjects"].within(*after)
            return tags[0] if tags else None
        return None

    def measure_near(self, m: Mention, ranges: list[tuple[int, int]]) -> Tag | None:
        kinds = {"person", "org"} if m.kind == "zero" else {m.kind}
        for s, e in ranges:
            tag = self.closest("measures", s, e, lambda entry: bool(kinds & set(entry["accepts"])))
            if tag is not None:
                return tag
        return None

    def indicator(self, m: Mention, ranges: list[tuple[int, int]], after: tuple[int, int] | None = None,
                  section: tuple[int, int] | None = None) -> tuple[str, dict[str, str]] | None:
        """(indicator, implied dims) of a mention that is not a breakdown of another; ``section``: the
        numbered heading above ("2. Liên hiệp hợp tác xã"), whose subject serves when the text names none."""
        noun = m.noun or {}
        implied: dict[str, str] = dict(noun.get("dims") or {})
        tail_measure = self.closest("measures", m.num_start, m.tail_end, lambda e: m.kind in e["accepts"])
        mtag = tail_measure if m.kind in ("org", "project") and tail_measure else self.measure_near(m, ranges)
        mentry = mtag.entry if mtag else None
        subject = noun.get("subject")
        if mentry and mentry.get("subject"):
            subject = mentry["subject"]
        if subject is None:
            stag = self.subject_near(m, ranges + [(m.num_start, m.end)],
                                     own_sentence=m.kind in ("money", "person", "area"), after=after)
            if stag is None and section is not None:
                stag = self.closest("subjects", *section, lambda entry: True)
            if stag is not None:
                subject = stag.entry["subject"]
                implied = {**(stag.entry.get("dims") or {}), **implied} if stag.start >= ranges[0][0] else implied
        if subject is None and mentry is not None and m.kind == "person":
            subject = mentry.get("default_subject")  # "Tổng số thành viên 19.870 người": the HTX's
        if subject is None:
            return None
        kind = m.kind
        if kind in ("money", "area"):
            if kind == "area":
                measure = "area"
            elif mentry is None:
                return None
            else:
                measure = (mentry.get("by_subject") or {}).get(subject, mentry["measure"])
        elif kind == "person":
            found = noun.get("measure") or (mentry["measure"] if mentry else None)
            if found is None:
                return None
            measure = str(found)
        elif kind == "project":
            if mentry is None or not mentry.get("by_kind"):
                return None
            measure = mentry["by_kind"]["project"]
        else:  # org, zero
            measure = "count"
            if mentry is not None and kind == "org":
                if mentry.get("by_kind"):
                    measure, subject = mentry["by_kind"]["org"], "fund"
                elif mentry["measure"] == "members":  # "68 HTX thành viên" of a union or the alliance
                    atag = self.subject_near(m, ranges)
                    if section and mtag is not None and (atag is None or 0 <= mtag.start - atag.end <= 1):  # "Số HTX thành viên: 19"
                        atag = self.closest("subjects", *section, lambda entry: True) or atag
                    if atag is not None and atag.entry["subject"] in ("alliance", "lhhtx") and atag.end != m.end:
                        subject, measure = atag.entry["subject"], "members"
                elif mentry["measure"] == "borrowers":
                    subject, measure = "fund", "borrowers"
            elif mentry is not None and kind == "zero":
                measure = mentry["measure"] if mentry["measure"] in ("members", "workers", "managers") else "count"
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
        mtag = self.closest("measures", *label, lambda e: "person" in e["accepts"] and e["measure"] in _HEAD_COUNTS)
        if mtag is not None:
            m.kind, m.noun, m.label_start = "person", {"kind": "person", "measure": mtag.entry["measure"]}, mtag.start
            return
        nouns = [t for t in noun_tagger().tags(self.folded, *label) if t.entry["kind"] in ("org", "project")]
        if nouns:
            m.kind, m.noun, m.label_start = nouns[-1].entry["kind"], nouns[-1].entry, nouns[-1].start

    def unit_of(self, indicator: str) -> str:
        return self.voc.units_of(indicator)[0]

    def filter_dims(self, indicator: str, dims: dict[str, str]) -> dict[str, str]:
        measure = indicator.partition(".")[2]
        return {d: v for d, v in dims.items() if measure in self.applies.get(d, [])}

    # -- facts ---------------------------------------------------------------------------
    def add(self, m: Mention, indicator: str, dims: dict[str, str], unit: str, kind: str,
            value: Value, qstart: int, qend: int) -> int | None:
        try:
            fact = Fact(indicator=indicator, value=value, unit=unit, dims=dims, kind=kind,
                        as_of=self.as_of_for(indicator, dims, kind, qstart),
                        period=self.period_for(indicator, dims, kind, m),
                        source=Source("document", quote=self.text[qstart:qend], start=qstart, end=qend))
        except VocabularyError:
            return None
        self.out.facts.append(fact)
        return len(self.out.facts) - 1

    def as_of_for(self, indicator: str, dims: dict[str, str], kind: str, pos: int) -> date | None:
        if kind != "actual" or "flow" in dims or indicator.partition(".")[2] not in _STOCK_MEASURES:
            return None
        best = None
        for start, match in self.as_of:
            if start > pos:
                break
            if pos - start < 2000:
                best = match
        if best is None:
            return None
        try:
            return date(int(best.group(3)), int(best.group(2)), int(best.group(1)))
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

    def run(self) -> Extracted:
        mentions = find_mentions(self.folded, self.idx["cues"], self.idx["blockers"])
        self.count_nouns = {m.end for m in mentions if m.kind == "org" and (m.noun or {}).get("subject")}
        by_sentence: dict[tuple[int, int], list[Mention]] = {}
        for m in mentions:
            m.group = self.lay.group[m.num_start] if m.num_start < len(self.lay.group) else 0
            by_sentence.setdefault(self.lay.sentence_at(m.num_start), []).append(m)
        breakdown: Mention | None = None
        last_item = -1
        for (s0, s1), ms in sorted(by_sentence.items()):
            item_no = self.lay.item_at(s0)
            item = self.lay.items[item_no]
            if item_no != last_item and item.list_header is None:
                breakdown = None
            last_item = item_no
            breakdown = self.sentence(s0, s1, ms, item_no, breakdown)
        return self.out

    def sentence(self, s0: int, s1: int, ms: list[Mention], item_no: int,
                 breakdown: Mention | None) -> Mention | None:
        item = self.lay.items[item_no]
        colon = self.text.find(":", s0, s1)
        sentence_header = None
        if colon != -1 and self.lay.group[colon] == 0 and not any(m.num_start < colon for m in ms):
            sentence_header = (s0, colon)
        block_stop = self.block_blocked(item.start, item.end)
        topic = (item.start, item.header_end) if item.header_end else None
        lh = self.lay.items[item.list_header] if item.list_header is not None else None
        prev_same: dict[int, Mention] = {}
        owners: dict[int, Mention] = {}
        last_fact: Mention | None = None
        last_in: dict[int, Mention] = {}  # the last fact of every parenthesis group
        for m in ms:
            seg = self.lay.segment_start(m.num_start, s0)
            own_label = sentence_header is not None and self.text.find(":", max(seg, sentence_header[1] + 1), m.num_start) != -1
            header = None if own_label else sentence_header
            prev = prev_same.get(m.group)
            left = max(seg, prev.tail_end if prev else seg, m.num_start - LEFT_LIMIT)
            if m.kind == "bare":
                self.read_label(m, left)
            if m.table is not None:  # a table cell reads its row's label as its header
                header, left = (m.table.row_start, m.table.label_end), m.table.label_end
                m.label_start = m.table.row_start
            # "thành lập mới 98 HTX (…), 210 THT và 2 LHHTX": the verb serves every number of the list
            pb = last_in.get(m.group)
            before = pb if pb is not None and prev is pb and pb.indicator and re.fullmatch(
                r"\s*(?:và|,)\s*", _GROUPS.sub("", self.folded[pb.tail_end:m.num_start])) else None
            if m.kind != "bare":  # a bare number (an ordinal, "6 tháng") does not bound the next one's words
                prev_same[m.group] = m
            # a group opened right after this mention belongs to it
            opener = self.text.find("(", m.tail_end, m.tail_end + 2)
            if opener != -1:
                owners[self.lay.group[opener + 1] if opener + 1 < len(self.text) else 0] = m
            if self.blocked(m, max(seg, min(left, m.num_start - 40)), sentence_header):
                continue
            ranges = [(s0, m.num_start)]
            if topic and topic[0] < s0:
                ranges.append(topic)
            if lh is not None:
                ranges.append((lh.start, lh.end))
            ranges.append((item.start, s0))
            ranges.append((m.end, m.tail_end))
            if m.table is not None:
                ranges.append((m.table.table_start, s0))
            kind = "plan" if item.plan or self.cue_tags(seg, m.tail_end, "plan") or any(
                t.entry.get("reach") == "sentence" for t in self.cue_tags(s0, m.num_start, "plan")) else "actual"
            if self.change(m, last_fact):
                continue
            if m.kind == "percent":
                self.percent(m, seg, left, header, ranges, kind, owners, last_fact, last_in, s0)
                continue
            if m.kind in ("bare",):
                continue
            if m.group == 0 and breakdown is not None and self.cue_tags(left, m.num_start, "total"):
                breakdown = None
            if m.group == 0 and self.cue_tags(breakdown.tail_end if breakdown else left, m.num_start, "breakdown") \
                    and last_fact is not None and last_fact.group == 0:
                breakdown = last_fact
            parent = owners.get(m.group) if m.group else None
            if parent is None and m.group == 0:
                parent = breakdown
            if parent is not None and (parent.indicator is None or not self.compatible(parent, m)
                                       or self.names_other_measure(m, left, parent)):
                if parent is breakdown:
                    breakdown = None
                parent = None
            own, qstart, qend = self.dims_of(m, left, header, kind)
            if before is not None:  # "thành lập mới 10 HTX và 25 THT": the verb serves both
                own = {**before.own, **own}
            m.own = own
            if parent is not None and parent.indicator is not None:
                indicator = parent.indicator
                extra = self.filter_dims(indicator, {**(m.noun or {}).get("dims", {}), **own})
                if not extra:
                    continue
                dims = {**parent.dims, **extra}
                kind = parent.fact_kind
            else:
                sec = self.lay.items[item.section] if item.section is not None else None
                got = self.indicator(m, ranges, after=(m.tail_end, s1), section=(sec.start, sec.end) if sec else None)
                if got is None:
                    continue
                indicator, implied = got
                dims = self.filter_dims(indicator, {**implied, **own, **self.per_dims(m)})
                if block_stop and indicator.startswith("fund."):
                    continue
                unit = self.unit_of(indicator)
                if m.value == 0 and not dims:
                    continue
                if indicator.endswith(".count") and not dims and kind == "actual" and m.plan_value is None \
                        and not self.cue_tags(max(seg, m.num_start - LEFT_LIMIT), m.num_start, "total") \
                        and not (header and self.cue_tags(header[0], header[1], "total")):
                    continue
                if m.suffix and not indicator.endswith("_avg") and re.search(r"htx|tht|hợp|đơn", m.suffix):
                    continue
            if m.label_start is not None:
                qstart = min(qstart, m.label_start)
            m.indicator, m.dims, m.fact_kind, m.quote_start = indicator, dims, kind, qstart
            unit = self.unit_of(indicator)
            i = self.add(m, indicator, dims, unit, kind, m.value, qstart, qend)
            if i is None:
                m.indicator = None
                continue
            if m.plan_value is not None:
                self.add(m, indicator, dims, unit, "plan", m.plan_value, qstart, qend)
            last_fact = m
            last_in[m.group] = m
        return breakdown

    def names_other_measure(self, m: Mention, left: int, parent: Mention) -> bool:
        """"dư nợ …, trong đó nợ quá hạn 320 triệu; lãi thu được 612 triệu": the 612 names its own measure."""
        if m.kind not in ("money", "person"):
            return False
        subject, _, measure = (parent.indicator or "").partition(".")
        tag = self.closest("measures", left, m.num_start, lambda e: m.kind in e["accepts"])
        if tag is None:
            return False
        own = (tag.entry.get("by_subject") or {}).get(subject, tag.entry["measure"])
        return bool(own != measure)

    def compatible(self, parent: Mention, child: Mention) -> bool:
        if parent.kind != child.kind and not (parent.kind == "zero" or child.kind == "zero"):
            return False
        psubject, _, pmeasure = (parent.indicator or "").partition(".")
        csubject = (child.noun or {}).get("subject")
        return not (csubject and pmeasure == "count" and csubject != psubject)

    def percent(self, m: Mention, seg: int, left: int, header: tuple[int, int] | None,
                ranges: list[tuple[int, int]], kind: str, owners: dict[int, Mention],
                last_fact: Mention | None, last_in: dict[int, Mention], s0: int) -> None:
        owner = owners.get(m.group) if m.group else None
        same = last_in.get(m.group)
        ref: Mention | None = None
        if same is not None and same.num_start >= seg:
            ref = same  # "23 HTX (17 …, 6 …), đạt 46% kế hoạch": the 23, not the last of the parenthesis
        elif owner is not None:
            ref = owner
        elif m.group:  # "1.254 người có trình độ đại học (chiếm 32,1%)": the fact before the "("
            opener = self.lay.group_open[m.group]
            outer = last_in.get(self.lay.group[opener])
            if outer is not None and outer.num_start >= self.lay.segment_start(opener, s0):
                ref = outer
        elif last_fact is not None and last_fact.num_start >= seg:
            ref = last_fact
        if ref is not None and ref.indicator is None:
            ref = None
        tail_cues = self.cue_tags(m.end, m.tail_end + 1, "attainment", "plan")
        share_cues = self.cue_tags(max(seg, m.num_start - 25), m.num_start, "share")
        if tail_cues and ref is not None and ref.indicator is not None:
            self.add(m, ref.indicator, ref.dims, "percent", "attainment", m.value,
                     share_cues[0].start if share_cues else m.num_start,
                     tail_cues[-1].end)
            return
        if ref is not None and ref.indicator is not None and (share_cues or m.group and ref is owner):
            if ref.indicator.partition(".")[2] in ("count", "members", "workers", "managers"):
                qs = share_cues[0].start if share_cues else m.num_start
                self.add(m, ref.indicator, ref.dims, "percent", ref.fact_kind, m.value, qs, m.end)
            return
        of_subject = re.match(r"\s*(?:số\s+|các\s+)?", self.folded[m.end:m.end + 12])
        named = self.idx["subjects"].within(m.end + (of_subject.end() if of_subject else 0), m.end + 30)[:1]
        if not share_cues and not self.cue_tags(seg, m.num_start, "share") and not named:
            return
        # "70% HTX hoạt động đạt loại khá": the subject right after the percent is its own
        right_after = named and re.fullmatch(r"\s*(?:số\s+|các\s+)?", self.folded[m.end:named[0].start])
        noun = {"subject": named[0].entry["subject"], "dims": named[0].entry.get("dims") or {}} if right_after else None
        got = self.indicator(Mention(m.num_start, m.end, m.value, "org", noun=noun), ranges)
        if got is None:
            return
        indicator, implied = got
        own, qstart, qend = self.dims_of(m, left, header, kind)
        dims = self.filter_dims(indicator, {**implied, **own})
        if dims:
            self.add(m, indicator, dims, "percent", kind, m.value, qstart, qend)

    def change(self, m: Mention, last_fact: Mention | None) -> bool:
        j = m.num_start
        while j > 0 and self.folded[j - 1] in " \t":
            j -= 1
        cue = next((t for t in self.cue_tags(max(0, j - 20), j, "increase", "decrease") if t.end == j), None)
        if cue is None:
            return False
        stop = re.compile(r"[;.\n]").search(self.folded, m.end)
        limit = min(stop.start() if stop else len(self.folded), m.end + 60)
        comparison = self.cue_tags(m.end, limit, "comparison", "same_period", "previous_year")
        if not comparison:  # "So với năm 2022, tổng số HTX tăng 13 HTX": the reference leads the sentence
            s0 = max(self.lay.sentence_at(m.num_start)[0], cue.start - 80)
            comparison = self.cue_tags(s0, cue.start, "comparison")[:1]
            if not comparison:
                return False
            limit = max(limit, comparison[0].end + 30)
        after = self.cue_tags(comparison[0].start, min(limit, comparison[0].end + 30),
                              "comparison", "same_period", "previous_year")
        ref_cue = next((t for t in after if t.entry["cue"] in ("same_period", "previous_year")), None)
        year = _YEAR_REF.match(self.folded, comparison[0].end + 1)
        reference = ("same_period_last_year" if ref_cue and ref_cue.entry["cue"] == "same_period"
                     else "previous_year" if ref_cue else year.group(1) if year else None)
        base = last_fact
        noun_subject = (m.noun or {}).get("subject") if m.kind == "org" else None
        if base is None or base.indicator is None:
            if not noun_subject:
                return True
            indicator, dims, base_kind = f"{noun_subject}.count", {}, "actual"  # "tăng 13 HTX" alone
        else:
            indicator, dims, base_kind = base.indicator, dict(base.dims), base.fact_kind
        if noun_subject and noun_subject != indicator.partition(".")[0]:
            indicator, dims = f"{noun_subject}.count", {}
        sign = -1 if cue.entry["cue"] == "decrease" else 1
        unit = "percent" if m.kind == "percent" else self.unit_of(indicator)
        value: Value = m.value if isinstance(m.value, int) else Decimal(m.value)
        self.out.changes.append(Change(
            indicator=indicator, dims=dims, unit=unit, delta=sign * value,
            relative=m.kind == "percent", reference=reference, kind=base_kind,
            quote=self.text[cue.start:after[-1].end], start=cue.start, end=after[-1].end))
        return True


def extract_facts(text: str, period: str | None = None, plan_document: bool = False) -> Extracted:
    """Facts and changes of one text."""
    return _Resolver(text, period, plan_document).run()
