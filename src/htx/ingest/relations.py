"""How a number relates to the facts before it (quan hệ giữa các số): shares, attainments, changes.

A percent after a count is its share ("chiếm 36,2%") or the attainment of its plan
("đạt 74% so với kế hoạch"); "tăng 13 HTX so với năm 2022" is a change of the fact before
it; a breakdown is compatible with its total when it counts the same things.
"""

from __future__ import annotations

import re
from decimal import Decimal

from htx.ingest.lexicon import Tag
from htx.ingest.mentions import Mention
from htx.ingest.model import Change
from htx.ingest.words import HEAD_COUNTS, YEAR_REF, Words
from htx.stats.facts import Value

_REACHED = re.compile(r"(?<!\w)đạt\s*(?:khoảng|gần|trên|hơn|xấp\s+xỉ)?\s*$")
_ATTAINED = re.compile(r"(?:%|(?<!\w)đạt)\s*(?:so\s+với\s+)?$")


_BASE = re.compile(r"(?:trên\s+|so\s+với\s+)?(?:tổng\s+số|tổng)(?!\w)")
_LABEL_WORDS = {"số", "lượng", "các", "có", "là", "được", "đã", "đang", "hiện", "tổng", "đạt", "loại", "xếp", "trong",
                "đó", "hoạt", "động", "toàn", "tỉnh", "huyện", "nay", "năm", "của", "thuộc", "lĩnh", "vực", "ngành",
                "khối", "nhóm", "trở", "lên", "từ", "khoảng", "gần", "trên", "hơn", "và", "với", "mức", "ổn", "định",
                "bình", "thường"}


class Relations(Words):
    """Shares, attainments, changes and breakdown compatibility."""

    def unknown_label(self, start: int, end: int) -> bool:
        """Whether the words between the last subject before a share and the share cue name something
        no phrase table knows ("HTX [làm dịch vụ tưới tiêu] chiếm 100%")."""
        subjects = self.idx["subjects"].within(start, end)
        shares = self.cue_tags(start, end, "share")
        if not subjects or not shares or shares[-1].start < subjects[-1].end:
            return False
        return self.unknown_words(subjects[-1].end, shares[-1].start)

    def unknown_words(self, start: int, end: int) -> bool:
        """Whether [start, end) holds words no phrase table knows (beyond the little words of a label)."""
        gap = list(self.folded[start:end])
        for name in ("dims", "measures", "cues"):
            for tag in self.idx[name].within(start, end, overlap=True):
                if tag.entry.get("dim") == "none":
                    continue
                stop = min(tag.end, end)
                gap[tag.start - start:stop - start] = " " * (stop - tag.start)
        return bool(set(re.findall(r"[^\W\d_]+", "".join(gap))) - _LABEL_WORDS)

    def plan_cues(self, start: int, end: int) -> list[Tag]:
        """Plan words in [start, end) that open a target, not those of an attainment ("đạt 62% kế hoạch năm")."""
        return [t for t in self.cue_tags(start, end, "plan")
                if not _ATTAINED.search(self.folded, max(0, t.start - 12), t.start)]

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
        members = (parent.indicator or "").endswith(".members") and (child.noun or {}).get("measure") == "members"
        if parent.kind != child.kind and not (parent.kind == "zero" or child.kind == "zero" or members):
            return False  # "kết nạp 34 đơn vị thành viên (33 thành viên chính thức …)" are members either way
        psubject, _, pmeasure = (parent.indicator or "").partition(".")
        csubject = (child.noun or {}).get("subject")
        return not (csubject and pmeasure == "count" and csubject != psubject)

    def percent_ref(self, m: Mention, seg: int, s0: int, owner: Mention | None, last_fact: Mention | None,
                    last_in: dict[int, Mention]) -> Mention | None:
        """The fact a percent refers to: the last one of its segment, its parenthesis' owner, or the fact before
        the parenthesis it stands in."""
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
        return ref if ref is not None and ref.indicator is not None else None

    def reached(self, m: Mention, seg: int) -> bool:
        """"250 HTX, đạt 101,2%": a percent reached, with no share word nor subject of its own."""
        return not self.cue_tags(seg, m.num_start, "share") \
            and bool(_REACHED.search(self.folded, max(seg, m.num_start - 20), m.num_start)) \
            and not self.idx["subjects"].within(m.end, m.tail_end + 1)

    def percent(self, m: Mention, seg: int, left: int, header: tuple[int, int] | None,
                ranges: list[tuple[int, int]], kind: str, owners: dict[int, Mention],
                last_fact: Mention | None, last_in: dict[int, Mention], s0: int) -> None:
        owner = owners.get(m.group) if m.group else None
        ref = self.percent_ref(m, seg, s0, owner, last_fact, last_in)
        tail_cues = self.cue_tags(m.end, m.tail_end + 1, "attainment", "plan")
        share_cues = self.cue_tags(max(seg, m.num_start - 25), m.num_start, "share")
        if tail_cues:  # "08/14 HTX …, vốn điều lệ 13,14 tỷ, đạt 57% so với kế hoạch": the figure 8/14 = 57% is
            ref = next((f for f in reversed(self.sentence_facts) if f.plan_value and f.indicator
                        and abs(Decimal(f.value) * 100 / Decimal(f.plan_value) - Decimal(m.value)) <= 1), ref)
        if tail_cues and ref is not None and ref.indicator is not None:
            self.add(m, ref.indicator, ref.dims, "percent", "attainment", m.value,
                     share_cues[0].start if share_cues else m.num_start,
                     tail_cues[-1].end)
            return
        if ref is not None and not tail_cues and self.reached(m, seg):
            head = ref.run_head if ref.run_head is not None and ref.run_head.indicator else ref
            assert head.indicator is not None  # "204 HTX, 02 LHHTX, đạt 100,5%": attainment of the list's head
            self.add(m, head.indicator, head.dims, "percent", "attainment", m.value, m.num_start, m.end)
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
        if right_after and self.unknown_words(named[0].end, m.tail_end):
            return  # "83% HTX làm dịch vụ cung ứng vật tư nông nghiệp": a part the vocabulary cannot name
        heads = None if right_after else self.closest(
            "measures", seg, m.num_start, lambda e: "person" in e["accepts"] and e["measure"] in HEAD_COUNTS)
        if heads is not None:  # "cán bộ quản lý có trình độ đại học chiếm 34,7%": a share of heads
            noun = {"kind": "person", "measure": heads.entry["measure"]}
        if not right_after and heads is None and self.unknown_label(seg, m.num_start):
            return  # "số HTX làm dịch vụ cung ứng vật tư chiếm 80%": a part the vocabulary cannot name
        got = self.indicator(Mention(m.num_start, m.end, m.value, "person" if heads else "org", noun=noun), ranges)
        if got is None:
            return
        indicator, implied = got
        base = _BASE.search(self.folded, m.end, m.tail_end)
        if base is not None:  # "chiếm 36% tổng số HTX đang hoạt động": the base's words are not the part's
            m.tail_end = base.start()
        own, qstart, qend = self.dims_of(m, left, header, kind)
        dims = self.filter_dims(indicator, {**implied, **own})
        last = self.item_last
        if right_after and last is not None and last.indicator == indicator and "status" in last.dims \
                and "status" not in dims and last.dims.get("sector") == dims.get("sector"):
            # "350 HTX nông nghiệp đang hoạt động. … 60% số HTX nông nghiệp xếp loại khá, tốt": a share of those
            dims["status"] = last.dims["status"]
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
                return True  # "tăng 243 nghìn thành viên": a change against an unnamed reference, not a level
            limit = max(limit, comparison[0].end + 30)
        after = self.cue_tags(comparison[0].start, min(limit, comparison[0].end + 30),
                              "comparison", "same_period", "previous_year")
        ref_cue = next((t for t in after if t.entry["cue"] in ("same_period", "previous_year")), None)
        year = YEAR_REF.match(self.folded, comparison[0].end + 1)
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

