"""Layout of a report's text (bố cục): items, sentences, parentheses, headings and plan parts.

An *item* is a paragraph with the lines that merely continue it (a line starting in lower
case or with a date). A *list header* is an item ending with ":"; the list items after it
(starting with -, +, •) read it as their context. Headings (numbered or upper-case lines)
switch between a results part and a plan part ("KẾ HOẠCH NĂM 2021", "Mục tiêu cụ thể").
Everything is computed once, in linear time.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from htx.ingest.lexicon import lexicon
from htx.ingest.tables import CELL_SEP

_NUMBERING = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+\S")
_MARKER = re.compile(r"^\s*[-+•*–]\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=\S)|(?<=…)(?=[^\W\d_])")  # "…dịch vụ nông nghiệp…Các HTX có"
_YEAR = re.compile(r"năm\s+(\d{4})")


@dataclass
class Item:
    """A paragraph and its continuation lines."""

    start: int
    end: int
    header_end: int | None = None  # end of "Topic:" at the item's start
    list_header: int | None = None  # index of the item this list item belongs to
    section: int | None = None  # index of the numbered heading ("1. Hợp tác xã") above the item
    plan: bool = False
    plan_year: str | None = None
    sentences: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Layout:
    """Items, sentences, parenthesis groups and semicolons of one text."""

    text: str
    folded: str
    items: list[Item]
    group: list[int]  # innermost parenthesis group of every character (0 = none)
    group_open: dict[int, int]  # group -> index of its "("
    group_close: dict[int, int]
    semis: dict[int, list[int]]  # group -> positions of ";" inside it (not nested)
    _item_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _sentences: list[tuple[int, int, int]] = field(default_factory=list)

    def item_at(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._item_starts, pos) - 1)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._sentence_starts, pos) - 1)
        s, e, _ = self._sentences[i]
        return s, e

    def segment_start(self, pos: int, floor: int) -> int:
        """Start of the ";"-segment of ``pos`` inside its parenthesis group (≥ ``floor``)."""
        g = self.group[pos] if pos < len(self.group) else 0
        start = max(floor, self.group_open.get(g, -1) + 1)
        semis = self.semis.get(g, [])
        i = bisect.bisect_left(semis, pos) - 1
        if i >= 0 and semis[i] >= start:
            start = semis[i] + 1
        return start


def _is_heading(line: str) -> bool:
    stripped = line.strip().strip("*").strip()
    if not stripped or len(stripped) > 160:
        return False
    letters = [c for c in stripped if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3
    return upper or bool(_NUMBERING.match(stripped)) or stripped.lower().startswith("phần thứ")


def _heading_mode(folded_line: str) -> str | None:
    lex = lexicon()
    if lex.taggers["documents.stock_heading"].regex.search(folded_line):
        return "actual"  # "Một số chỉ tiêu chủ yếu (tính đến 30/9/2024)": figures at a date are results
    folded_line = lex.taggers["documents.agency"].regex.sub(lambda m: " " * len(m.group()), folded_line)
    plan = lex.taggers["documents.plan_heading"].regex.search(folded_line)
    actual = lex.taggers["documents.actual_heading"].regex.search(folded_line)
    if plan and (not actual or plan.start() < actual.start()):
        return "plan"
    if actual:
        return "actual"
    return None


def _continues(prev: str, line: str) -> bool:
    first = line.lstrip()[:1]
    if not first or _MARKER.match(line) or _NUMBERING.match(line) or _is_heading(prev):
        return False
    if CELL_SEP in line or CELL_SEP in prev:  # a row of a flattened table stands alone
        return False
    if first.islower() or (first.isdigit() and not _NUMBERING.match(line)):
        return True
    tail = prev.rstrip()[-1:]
    if bool(tail) and (tail.islower() or tail == ","):
        return True
    # a hard-wrapped line ("… bao gồm: HTX NN-DV-TM\nĐại Lộc, HTX VT …"): the sentence has not ended
    return bool(tail) and tail not in ".!?:;…)\"”" and len(prev) > 60


def _lines(text: str) -> tuple[list[tuple[int, int]], set[int]]:
    """Spans of the non-empty lines, and the starts of those that follow an empty line."""
    lines: list[tuple[int, int]] = []
    after_blank: set[int] = set()
    pos, blank = 0, False
    for raw in text.split("\n"):
        if raw.strip():
            if blank:
                after_blank.add(pos)
            lines.append((pos, pos + len(raw)))
        blank = not raw.strip()
        pos += len(raw) + 1
    return lines, after_blank


def _group_item(text: str, item: Item, next_id: int, group: list[int], group_open: dict[int, int],
                group_close: dict[int, int], semis: dict[int, list[int]]) -> int:
    """Mark the parenthesis group of every character of one item (and its ";"); the last group id used."""
    stack: list[int] = []
    for i in range(item.start, item.end):
        ch = text[i]
        if ch == "(":
            next_id += 1
            group_open[next_id] = i
            group[i] = stack[-1] if stack else 0
            stack.append(next_id)
            continue
        if ch == ")" and stack:
            g = stack.pop()
            group_close[g] = i
            group[i] = stack[-1] if stack else 0
            continue
        current = stack[-1] if stack else 0
        group[i] = current
        if ch == ";":
            semis.setdefault(current, []).append(i)
    for g in stack:
        group_close[g] = item.end
    return next_id


def layout(text: str, folded: str, plan_document: bool = False) -> Layout:
    """The layout of ``text`` (``folded`` is its same-length comparison copy)."""
    lines, after_blank = _lines(text)
    items: list[Item] = []
    plan, plan_year = plan_document, None
    open_header: int | None = None
    section: int | None = None
    for start, end in lines:
        line = text[start:end]
        # a blank line ends a paragraph, unless a page break cut a sentence ("…tính đến\n\n28/02/2021, dư nợ")
        paragraph = start in after_blank and line.lstrip()[:1].isupper()
        if items and not paragraph and _continues(text[items[-1].start:items[-1].end], line):
            items[-1].end = end
            continue
        if _is_heading(line):
            mode = _heading_mode(folded[start:end])
            if mode is not None:
                plan = mode == "plan"
                y = _YEAR.search(folded[start:end])
                plan_year = y.group(1) if plan and y else (plan_year if plan else None)
            open_header = None
        item = Item(start, end, plan=plan, plan_year=plan_year, section=section)
        if _NUMBERING.match(line) and _is_heading(line) and len(line) < 80 and "." not in line.strip()[3:]:
            section = len(items)
        if open_header is not None and _MARKER.match(line):
            item.list_header = open_header
        elif not _MARKER.match(line):
            open_header = None
        items.append(item)
        if line.rstrip().endswith(":"):
            open_header = len(items) - 1
    group = [0] * len(text)
    group_open: dict[int, int] = {}
    group_close: dict[int, int] = {}
    semis: dict[int, list[int]] = {}
    sentences: list[tuple[int, int, int]] = []
    next_id = 0
    for idx, item in enumerate(items):
        next_id = _group_item(text, item, next_id, group, group_open, group_close, semis)
        colon = text.find(":", item.start, min(item.end, item.start + 120))
        item.header_end = colon if colon != -1 else None
        s = item.start
        for m in _SENTENCE_END.finditer(text, item.start, item.end):
            if group[m.start()] == 0:
                item.sentences.append((s, m.start()))
                s = m.end()
        item.sentences.append((s, item.end))
        sentences.extend((a, b, idx) for a, b in item.sentences)
    lay = Layout(text, folded, items, group, group_open, group_close, semis)
    lay._item_starts = [it.start for it in items]
    lay._sentences = sentences or [(0, len(text), 0)]
    lay._sentence_starts = [s for s, _, _ in lay._sentences]
    if not items:
        lay.items = [Item(0, len(text), sentences=[(0, len(text))])]
        lay._item_starts = [0]
    return lay
