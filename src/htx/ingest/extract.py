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
from decimal import Decimal

from htx.ingest.mentions import Mention, find_mentions
from htx.ingest.relations import Relations
from htx.ingest.structure import Item
from htx.ingest.words import GROUPS, LEFT_LIMIT, Extracted
from htx.stats.facts import Fact, Value

_WITH = re.compile(r"(?:với|thu\s+hút)\s+(?:tổng\s+số\s+)?(?:khoảng|gần|trên|hơn)?\s*$")
_UNKNOWN_LABEL = re.compile(r"(?!nào\b)[^\W\d_]{2,}")
_STILL_HAS = re.compile(r"\W*(?:ngoài\s+ra\s*,?\s*)?(?:tỉnh\s+|toàn\s+tỉnh\s+)?còn\s+có\s+")
_LISTED = re.compile(r"(?:,|;|\svà)\s*(?:khoảng|gần|trên|hơn)?\s*$")
_THEN = re.compile(r"\s*,\s*(?:với\s+)?(?:tổng\s+)?(?:vốn\s+điều\s+lệ|vốn\s+góp)\s*(?:là|đạt|khoảng|gần|trên|hơn)?\s*")
_OF_ORGS = re.compile(r"\s*(?:là|đạt|:|với\s+số\s+tiền|với\s+tổng\s+số\s+tiền)\s*(?:khoảng|gần|trên|hơn)?\s*")
_UNDER_WAY = re.compile(r"(?<!\w)đang\s")
_EVENTS = {"flow", "status"}
_LIST_JOIN = re.compile(r"\s*(?:và|,|;)\s*(?:có\s+)?")


@dataclass
class _Walk:
    """The state of one sentence's walk: its span, paragraph and header, and the facts read so far."""

    s0: int
    s1: int
    item: Item
    breakdown: Mention | None
    header: tuple[int, int] | None = None
    block_stop: bool = False
    prev_same: dict[int, Mention] = field(default_factory=dict)  # the last mention of every parenthesis group
    owners: dict[int, Mention] = field(default_factory=dict)  # the mention a parenthesis group belongs to
    last_fact: Mention | None = None
    last_in: dict[int, Mention] = field(default_factory=dict)  # the last fact of every parenthesis group
    facts: list[Mention] = field(default_factory=list)
    last_org: Mention | None = None


class _Resolver(Relations):
    def run(self) -> Extracted:
        mentions = find_mentions(self.folded, self.idx["cues"], self.idx["blockers"])
        self.count_nouns = {m.end for m in mentions if m.kind == "org" and (m.noun or {}).get("subject")}
        by_sentence: dict[tuple[int, int], list[Mention]] = {}
        for m in mentions:
            m.group = self.lay.group[m.num_start] if m.num_start < len(self.lay.group) else 0
            by_sentence.setdefault(self.lay.sentence_at(m.num_start), []).append(m)
        for ms in by_sentence.values():
            self.mark_runs(ms)
        breakdown: Mention | None = None
        last_item = -1
        for (s0, s1), ms in sorted(by_sentence.items()):
            item_no = self.lay.item_at(s0)
            item = self.lay.items[item_no]
            if item_no != last_item and item.list_header is None:
                breakdown = None
            if item_no != last_item:
                self.item_last = None
                self.item_totals = set()
            last_item = item_no
            breakdown = self.sentence(s0, s1, ms, item_no, breakdown)
        self.out.facts = restated([f for i, f in enumerate(self.out.facts) if i not in self.dropped])
        return self.out

    def mark_runs(self, ms: list[Mention]) -> None:
        """Lists of counts joined by "," or "và" ("96 HTX, 12 THT và 2 LHHTX đang hoạt động"): every item
        but the last reads the last one's tail for the qualifier they share."""
        by_group: dict[int, list[Mention]] = {}
        for m in ms:
            if m.kind in ("org", "person", "zero"):
                by_group.setdefault(m.group, []).append(m)
        for group in by_group.values():
            run: list[Mention] = []
            for m in group:
                if run and not (run[-1].kind == m.kind and not GROUPS.sub("", self.folded[run[-1].end:run[-1].tail_end]).strip()
                                and _LIST_JOIN.fullmatch(GROUPS.sub("", self.folded[run[-1].end:m.num_start]))):
                    self.close_run(run)
                    run = []
                run.append(m)
            self.close_run(run)

    @staticmethod
    def close_run(run: list[Mention]) -> None:
        for m in run:
            m.run_head = run[0]
        last = run[-1] if run else None
        if last is None or last.tail_end <= last.end:
            return
        for m in run[:-1]:
            m.run_tail = (last.end, last.tail_end)

    def fraction(self, m: Mention, indicator: str, dims: dict[str, str], unit: str, kind: str,
                 sentence: tuple[int, int], quote: tuple[int, int]) -> None:
        """The Y of "X/Y": a target when a plan word or a flow makes it one ("thành lập mới 37/50 THT,
        đạt 74% kế hoạch"), otherwise the total X is part of ("139/143 HTX hoạt động hiệu quả")."""
        assert m.plan_value is not None
        if kind == "plan" or "flow" in dims or self.cue_tags(sentence[0], sentence[1], "plan", "attainment"):
            self.add(m, indicator, dims, unit, "plan", m.plan_value, *quote)
            return
        whole = {d: v for d, v in dims.items() if d not in ("class", "status")}
        self.add(m, indicator, whole, unit, "actual", m.plan_value, *quote)

    def totals_in_group(self, m: Mention) -> bool:
        """Counts listed in a parenthesis after a total of another kind: "toàn tỉnh có 763 tổ chức kinh tế
        tập thể (bao gồm: 512 HTX, 3 QTDND và 194 THT)"."""
        if not m.group or m.group not in self.lay.group_open:
            return False
        opener = self.lay.group_open[m.group]
        return bool(self.cue_tags(opener, m.num_start, "breakdown")
                    and self.cue_tags(max(0, opener - LEFT_LIMIT), opener, "total"))

    def next_total(self, m: Mention, s0: int) -> bool:
        """"… có 181 tổ hợp tác. Có 111 hợp tác xã …": a sentence that goes on listing the paragraph's totals."""
        subject = (m.noun or {}).get("subject")
        if m.kind != "org" or not subject:
            return False
        if _STILL_HAS.fullmatch(self.folded, s0, m.num_start):  # "Ngoài ra, còn có 1 LHHTX và 130 THT"
            return True
        return bool(self.item_totals and subject not in self.item_totals
                    and re.fullmatch(r"\W*có\s+", self.folded[s0:m.num_start]))

    def listed_total(self, m: Mention, facts: list[Mention], seg: int) -> bool:
        """A count listed after totals of other organisations ("có 2 LHHTX, 194 HTX với 90.523 thành
        viên, 189 THT với 3.610 tổ viên") is a total too."""
        subject = (m.noun or {}).get("subject")
        totals = [f for f in facts if f.totalled and f.kind == "org" and (f.noun or {}).get("subject")]
        if m.kind != "org" or not subject or not totals \
                or not _LISTED.search(self.folded, max(seg - 2, m.num_start - 20), m.num_start):
            return False
        return all((f.noun or {}).get("subject") != subject for f in totals)

    def regular_part(self, m: Mention, parent: Mention, dims: dict[str, str]) -> bool:
        """"21,9 nghìn lao động (7,7 nghìn lao động thường xuyên, 14,2 nghìn thời vụ)": the regular part is the
        workers figure; the total of regular and seasonal workers is none (spec: seasonal are not a part)."""
        if not (parent.indicator or "").endswith(".workers") or "work" in parent.dims or "work" in dims:
            return False
        if not re.search(r"thường\s+xuyên", self.folded[m.end:m.tail_end]):
            return False
        if parent.fact_index is not None:
            self.dropped.add(parent.fact_index)
        return True

    def attach(self, m: Mention, last: Mention | None) -> None:
        """Heads counted with organisations ("15 HTX thành lập mới với 130 thành viên", "189 THT với 3.610
        tổ viên") are of those organisations: their subject, flow and sector."""
        if m.kind not in ("person", "money") or last is None or last.kind != "org" \
                or not (last.indicator or "").endswith(".count"):
            return
        between = GROUPS.sub("", self.folded[last.end:m.num_start])
        follows = self.attached is not None and self.attached[0] is last and _THEN.fullmatch(
            self.folded, self.attached[1], m.num_start)  # "với 65 xã viên, vốn điều lệ 13,14 tỷ đồng"
        if not follows and (m.kind != "person" or len(between) > 240 or ";" in between
                            or re.search(r"\d", between) or not _WITH.search(between)):
            return
        self.attached = (last, m.end)
        with_word = _WITH.search(self.folded, max(last.end, m.num_start - 30), m.num_start)
        m.left_floor = with_word.start() if with_word else self.attached[1]
        if "class" in last.dims:  # members of the effective HTX: a part no dim of theirs can name
            m.kind = "bare"
            return
        subject = (last.indicator or "").partition(".")[0]
        carried = {d: v for d, v in last.dims.items() if d in ("flow", "sector")}
        noun = dict(m.noun or {})
        m.noun = {**noun, "subject": subject, "dims": {**carried, **(noun.get("dims") or {})}}

    def sentence(self, s0: int, s1: int, ms: list[Mention], item_no: int,
                 breakdown: Mention | None) -> Mention | None:
        w = _Walk(s0, s1, self.lay.items[item_no], breakdown)
        colon = self.text.find(":", s0, s1)
        if colon != -1 and self.lay.group[colon] == 0 and not any(m.num_start < colon for m in ms):
            w.header = (s0, colon)
        w.block_stop = self.block_blocked(w.item.start, w.item.end)
        self.attached = None
        self.sentence_facts = w.facts
        for m in ms:
            self.mention(m, w)
        return w.breakdown

    def mention(self, m: Mention, w: _Walk) -> None:
        """Read one mention of the sentence walked by ``w``."""
        seg, header, left, before = self.prepare(m, w)
        if self.blocked(m, max(seg, min(left, m.num_start - 40)), w.header):
            return
        ranges = self.ranges(m, w)
        kind = "plan" if w.item.plan or any(t.entry.get("reach") == "sentence" for t in self.plan_cues(w.s0, m.num_start)) \
            or (self.plan_cues(seg, m.tail_end) and not _UNDER_WAY.search(self.folded, max(seg, m.num_start - 40), m.num_start)) \
            else "actual"  # "đang thực hiện giải thể 01 LHHTX theo kế hoạch": under way, not a target
        if self.change(m, w.last_fact):
            return
        if m.kind == "percent":
            self.percent(m, seg, left, header, ranges, kind, w.owners, w.last_fact, w.last_in, w.s0)
            return
        if m.kind == "bare":
            return
        self.find_breakdown(m, w, left)
        self.attach(m, w.last_org)
        if m.kind == "bare":
            return
        left = max(left, m.left_floor)  # the names listed before "với 65 xã viên" are not its dims
        parent = self.parent_of(m, w, left)
        own, qstart, qend = self.dims_of(m, left, header, kind)
        if self.folded.startswith("không", m.num_start) and not (set(own) - set(m.shared)) \
                and _UNKNOWN_LABEL.search(self.folded, m.end, m.tail_end):
            return  # "không có HTX chuyển sang mô hình công ty": a label the reader does not know
        m.own = own = self.share_list(m, before, own)
        extra: dict[str, str] = {}
        if parent is not None and parent.indicator is not None:
            extra = self.filter_dims(parent.indicator, {**(m.noun or {}).get("dims", {}), **own})
            if _EVENTS & set(extra) and _EVENTS & set(parent.dims):
                # "17 HTX thành lập mới, gồm …; 17 HTX ngừng hoạt động": a new total, not a part
                if parent is w.breakdown:
                    w.breakdown = None
                parent = None
        own_place = self.place_of(m, left)
        m.place = own_place or (parent.place if parent is not None else None)
        if parent is not None and parent.indicator is not None:
            if own_place is None and all(parent.dims.get(d) == v for d, v in extra.items()) \
                    and not self.regular_part(m, parent, extra):
                return  # no dim of its own: a part the vocabulary cannot name ("318 HTX dịch vụ tổng hợp")
            indicator, dims, kind = parent.indicator, {**parent.dims, **extra}, parent.fact_kind
        else:
            got = self.own_fact(m, w, ranges, own, header, kind, seg)
            if got is None:
                return
            indicator, dims = got
        self.record(m, w, indicator, dims, kind, (min(qstart, m.label_start) if m.label_start is not None else qstart, qend))

    def prepare(self, m: Mention, w: _Walk) -> tuple[int, tuple[int, int] | None, int, Mention | None]:
        """The segment, header and left edge of a mention's words, and the list item it follows."""
        seg = self.lay.segment_start(m.num_start, w.s0)
        own_label = w.header is not None and self.text.find(":", max(seg, w.header[1] + 1), m.num_start) != -1
        header = None if own_label else w.header
        prev = w.prev_same.get(m.group)
        left = max(seg, prev.tail_end if prev else seg, m.num_start - LEFT_LIMIT)
        if prev is not None and m.kind == "money" and prev.kind == "org" \
                and _OF_ORGS.fullmatch(self.folded, prev.end, m.num_start):
            left = prev.left_start  # "dư nợ trong hạn của 36 HTX là 11 tỷ đồng": the label serves both
        m.left_start = left
        if m.kind == "bare":
            self.read_label(m, left)
        if m.table is not None:  # a table cell reads its row's label as its header
            header, left = (m.table.row_start, m.table.label_end), m.table.label_end
            m.label_start = m.table.row_start
        # "thành lập mới 98 HTX (…), 210 THT và 2 LHHTX": the verb serves every number of the list
        pb = w.last_in.get(m.group)
        before = pb if pb is not None and prev is pb and pb.indicator and _LIST_JOIN.fullmatch(
            GROUPS.sub("", self.folded[pb.tail_end:m.num_start])) else None
        if m.kind != "bare":  # a bare number (an ordinal, "6 tháng") does not bound the next one's words
            w.prev_same[m.group] = m
        opener = self.text.find("(", m.tail_end, m.tail_end + 2)  # a group opened right after belongs to it
        if opener != -1:
            w.owners[self.lay.group[opener + 1] if opener + 1 < len(self.text) else 0] = m
        return seg, header, left, before

    def ranges(self, m: Mention, w: _Walk) -> list[tuple[int, int]]:
        """Where to look for a mention's subject and measure, nearest first."""
        item = w.item
        out = [(w.s0, m.num_start)]
        if item.header_end and item.start < w.s0:
            out.append((item.start, item.header_end))
        if item.list_header is not None:
            lh = self.lay.items[item.list_header]
            out.append((lh.start, lh.end))
        out += [(item.start, w.s0), (m.end, m.tail_end)]
        if m.table is not None:
            out.append((m.table.table_start, w.s0))
        return out

    def find_breakdown(self, m: Mention, w: _Walk, left: int) -> None:
        """The total a mention may break down ("trong đó", "gồm", "trong tổng số")."""
        if m.group != 0:
            return
        if w.breakdown is not None and self.cue_tags(left, m.num_start, "total"):
            w.breakdown = None
        if self.cue_tags(w.breakdown.tail_end if w.breakdown else left, m.num_start, "breakdown") \
                and w.last_fact is not None and w.last_fact.group == 0:
            # "15 HTX đăng ký mới với 130 thành viên, trong đó 14 HTX …": the total of its own kind
            w.breakdown = next((f for f in reversed(w.facts) if f.kind == m.kind and f.group == 0), w.last_fact)
        elif w.last_fact is None and self.item_last is not None \
                and self.cue_tags(max(w.s0, left), m.num_start, "breakdown"):
            w.breakdown = self.item_last  # "… 137 HTX đang hoạt động. Trong tổng số HTX có 121 HTX nông nghiệp"

    def parent_of(self, m: Mention, w: _Walk, left: int) -> Mention | None:
        """The total a mention is a part of: its parenthesis' owner or the breakdown it follows."""
        parent = w.owners.get(m.group) if m.group else None
        if parent is None and m.group == 0:
            parent = w.breakdown
        if parent is not None and (parent.indicator is None or not self.compatible(parent, m)
                                   or self.names_other_measure(m, left, parent)):
            if parent is w.breakdown:
                w.breakdown = None
            return None
        return parent

    def share_list(self, m: Mention, before: Mention | None, own: dict[str, str]) -> dict[str, str]:
        """"thành lập mới 10 HTX và 25 THT": the words before a list serve its items."""
        if before is None:
            return own
        if ";" not in self.folded[before.tail_end:m.num_start] or not own:
            own = {**before.shared, **own}
            m.shared = {**before.shared, **m.shared}
        # "toàn tỉnh có 512 HTX, 3 QTDND và 194 THT": a list of totals names different organisations
        m.totalled = before.totalled and (m.noun or {}).get("subject") != (before.noun or {}).get("subject")
        return own

    def own_fact(self, m: Mention, w: _Walk, ranges: list[tuple[int, int]], own: dict[str, str],
                 header: tuple[int, int] | None, kind: str, seg: int) -> tuple[str, dict[str, str]] | None:
        """(indicator, dims) of a mention that is no part of another, or None when it is no statistic."""
        sec = self.lay.items[w.item.section] if w.item.section is not None else None
        got = self.indicator(m, ranges, after=(m.tail_end, w.s1), section=(sec.start, sec.end) if sec else None)
        if got is None:
            return None
        indicator, implied = got
        dims = self.filter_dims(indicator, {**implied, **own, **self.per_dims(m)})
        if (w.block_stop and indicator.startswith("fund.")) or (m.value == 0 and not dims):
            return None
        m.totalled = m.totalled or self.listed_total(m, w.facts, seg) or self.totals_in_group(m) \
            or self.next_total(m, w.s0) or bool(
            self.cue_tags(max(seg, m.num_start - LEFT_LIMIT), m.num_start, "total")
            or (header and self.cue_tags(header[0], header[1], "total")))
        if indicator.endswith(".income_avg") and "per" not in dims:
            return None  # "thu nhập bình quân 3,9 triệu đồng": an income with no period is no average
        if indicator.endswith(".count") and not dims and kind == "actual" and m.plan_value is None \
                and not m.totalled and m.place is None:
            return None
        if m.suffix and not indicator.endswith("_avg") and re.search(r"htx|tht|hợp|đơn", m.suffix):
            return None
        return indicator, dims

    def record(self, m: Mention, w: _Walk, indicator: str, dims: dict[str, str], kind: str,
               quote: tuple[int, int]) -> None:
        """Store a mention's fact (and the plan of its X/Y) and remember it for the ones after it."""
        m.indicator, m.dims, m.fact_kind, m.quote_start = indicator, dims, kind, quote[0]
        unit = self.unit_of(indicator)
        i = self.add(m, indicator, dims, unit, kind, m.value, *quote)
        if i is None:
            m.indicator = None
            return
        m.fact_index = i
        if m.plan_value is not None:
            self.fraction(m, indicator, dims, unit, kind, (w.s0, w.s1), quote)
        w.last_fact = m
        w.facts.append(m)
        if m.kind == "org":
            w.last_org = m
        if m.kind == "org" and m.group == 0:
            self.item_last = m
            if m.totalled:
                self.item_totals.add((m.noun or {}).get("subject"))
        w.last_in[m.group] = m


def restated(facts: list[Fact]) -> list[Fact]:
    """Facts without the rounded restatements of a precise one: a headline's "gần 500 HTX" beside the
    body's 479 is one statistic, stated precisely once (spec/facts.md, gold conventions)."""
    exact_values: dict[tuple[object, ...], list[Value]] = {}
    for f in facts:
        if not f.approximate:
            exact_values.setdefault(f.key, []).append(f.value)
    def near(precise: Value, rounded: Value) -> bool:
        gap = abs(Decimal(precise) - Decimal(rounded))
        return bool(0 < gap <= abs(Decimal(precise)) * Decimal("0.1"))

    shares: dict[tuple[object, ...], set[frozenset[tuple[str, str]]]] = {}
    for f in facts:
        if f.unit == "percent":
            shares.setdefault((f.indicator, f.kind, f.value), set()).add(frozenset(f.dims.items()))

    def vaguer(f: Fact) -> bool:  # "60% số HTX nông nghiệp" in a headline, "… đang hoạt động" in the text
        if f.unit != "percent":
            return False
        mine = frozenset(f.dims.items())
        return any(mine < other for other in shares.get((f.indicator, f.kind, f.value), ()))

    return [f for f in facts if not (f.approximate and any(near(v, f.value) for v in exact_values.get(f.key, [])))
            and not vaguer(f)]


def extract_facts(text: str, period: str | None = None, plan_document: bool = False,
                  province: str | None = None) -> Extracted:
    """Facts and changes of one text (``province``: the document's, whose districts it may name)."""
    return _Resolver(text, period, plan_document, province).run()


__all__ = ["Extracted", "extract_facts"]
