"""Metadata of a report (thông tin văn bản): number, place, date, kind, subject, signer, province, period.

Administrative documents follow Nghị định 30/2020/NĐ-CP: "Số: 08/BC-LM" (the type code after
the slash names the kind when the heading is missing: /KH- is a KẾ HOẠCH), "Bắc Giang, ngày
17 tháng 3 năm 2021", the kind in capitals (BÁO CÁO), the subject (trích yếu, one to three
lines) below it and the signer's name last. A saved web article has a headline first, a
publication stamp ("Thứ Ba, 14/05/2019", "09:15 03/04/2021") and a byline near the end; a page
saver may add "SOURCE:"/"TITLE:" lines above it, which are not the headline. The signer is
read in :mod:`metadata_signer`, the province in :mod:`metadata_place`, the period in
:mod:`metadata_period`; every expression is a lexicon entry (``lexicon/metadata.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from htx.ingest.lexicon import fold, lexicon, rules
from htx.ingest.metadata_period import body_period, title_period
from htx.ingest.metadata_place import province
from htx.ingest.metadata_signer import signer
from htx.ingest.model import DocumentInfo

HEAD_LINES = 25
SUBJECT_LINES = 3
_CELL = re.compile(r"\s+\|\s+")
PLAN_KINDS = ("KẾ HOẠCH", "CHƯƠNG TRÌNH", "ĐỀ ÁN")


@dataclass(frozen=True)
class Line:
    """A non-empty line of the text (a cell of a flattened .docx table row counts as one) and where it starts."""

    text: str
    start: int
    folded: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str, folded: str) -> list[Line]:
    out = []
    pos = 0
    for raw in text.split("\n"):
        cells, last = [], 0
        for sep in _CELL.finditer(raw):
            cells.append((raw[last:sep.start()], pos + last))
            last = sep.end()
        cells.append((raw[last:], pos + last))
        for cell, at in cells:
            stripped = cell.strip().strip("*|").strip()
            if stripped:
                start = at + cell.find(stripped)
                out.append(Line(stripped, start, folded[start:start + len(stripped)]))
        pos += len(raw) + 1
    return out


@dataclass
class _Header:
    """What the header says, with the lines the body scan leaves out."""

    info: DocumentInfo = field(default_factory=DocumentInfo)
    url: str | None = None
    title: str | None = None
    body_start: int = 0
    masked: list[Line] = field(default_factory=list)


def _saved_page(lines: list[Line], h: _Header) -> list[Line]:
    """Drop the page saver's SOURCE/TITLE lines; keep the address and the title without the saver's notes."""
    table = rules("metadata")
    rest = list(lines)
    while rest:
        m = table["saved_page"].regex.match(rest[0].folded)
        if m is None:
            break
        value = rest[0].text[m.start("value"):].strip()
        if m.group("label") in ("source", "url", "link", "nguồn"):
            h.url = h.url or value
        else:
            h.title = _strip_notes(value) or None
        h.masked.append(rest.pop(0))
    return rest


def _strip_notes(value: str) -> str:
    folded = fold(value)
    out, last = [], 0
    for m in rules("metadata")["saver_note"].regex.finditer(folded):
        out.append(value[last:m.start()])
        last = m.end()
    out.append(value[last:])
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def _number(line: Line, h: _Header) -> bool:
    m = rules("metadata")["number"].regex.match(line.folded)
    if m is None:
        return False
    value = re.sub(r"\s+", "", line.text[m.start("value"):m.end("value")]).rstrip(".,;")
    h.info.number = value if value[:1].isalnum() else None
    code = rules("metadata")["type_code"].regex.search(fold(value))
    if code:  # the kind printed as a heading, when there is one, replaces this later
        h.info.kind = rules("metadata")["type_code"].entry["map"].get(code.group("code"))
    h.body_start = max(h.body_start, line.end)
    return True


def _place_date(lines: list[Line], h: _Header) -> int | None:
    """Place and date of issue from the head; the index of the line where the date ends."""
    head = lines[:HEAD_LINES]
    joined = "\n".join(ln.text for ln in head)
    m = rules("metadata")["place_date"].regex.search("\n".join(ln.folded for ln in head))
    if m is None:
        return None
    h.info.place = joined[m.start("place"):m.end("place")].strip()
    y, mo = int(m.group("y")), int(m.group("m"))
    h.info.date = f"{y:04d}-{mo:02d}" + (f"-{int(m.group('d')):02d}" if m.group("d") else "")
    return joined.count("\n", 0, m.end())


def _subject(lines: list[Line], at: int, h: _Header) -> None:
    """The trích yếu: up to three lines after ``at``, continued while the text runs on."""
    table = rules("metadata")
    picked: list[Line] = []
    for line in lines[at + 1:at + 1 + SUBJECT_LINES]:
        folded = line.folded
        if table["rule_line"].regex.match(folded) or table["subject_stop"].regex.match(folded):
            break
        if table["number"].regex.match(folded) or table["place_date"].regex.match(folded):
            break
        if picked and not _continues(picked[-1].text, line.text):
            break
        picked.append(line)
    if picked:
        subject = " ".join(ln.text for ln in picked)
        lead = table["subject_lead"].regex.match(fold(subject))
        h.info.subject = subject[lead.end():].strip() if lead else subject
        h.body_start = picked[-1].end


def _continues(previous: str, line: str) -> bool:
    """A subject runs on a line that starts in lower case, after a comma, or in capitals after capitals."""
    if line[:1].islower() or previous.rstrip().endswith((",", "và", "-", "–")):
        return True
    return previous.isupper() and line.isupper()


def _stamp(head: list[Line], h: _Header) -> None:
    """The publication date of a web page: a labelled line ("Ngày đăng: …") or an unlabelled stamp."""
    table = rules("metadata")
    label = lexicon().taggers["documents.published"]
    for line in head:
        folded = line.folded
        m = table["stamp"].regex.match(folded)
        if m is None and label.regex.match(folded):
            m = table["dmy"].regex.search(folded)
        if m is None:
            continue
        day, month, year = int(m.group("d")), int(m.group("m")), int(m.group("y"))
        h.masked.append(line)
        if 1 <= day <= 31 and 1 <= month <= 12 and h.info.date is None:
            h.info.date = f"{year:04d}-{month:02d}-{day:02d}"


def _header(lines: list[Line]) -> _Header:
    h = _Header()
    rest = _saved_page(lines, h)
    head = rest[:HEAD_LINES]
    kinds = _kinds()
    numbered = next((True for line in head if _number(line, h)), False)
    date_line = _place_date(rest, h)
    if date_line is not None:
        h.body_start = max(h.body_start, head[date_line].end)
    kind_at = next((i for i, ln in enumerate(head) if ln.text.isupper() and ln.folded in kinds), None)
    if kind_at is not None:
        h.info.kind = head[kind_at].text
        _subject(head, kind_at, h)
    elif date_line is not None:
        _subject(head, date_line, h)
    if numbered or h.info.date is not None or kind_at is not None:  # a printed kind heading: not a news page
        return h
    h.info.kind = "news"
    headline = h.title or (rest[0].text if rest else None)
    h.info.subject = headline
    if rest and headline and rest[0].folded == fold(headline):
        h.masked.append(rest[0])
    _stamp(head, h)
    return h


def _masked(folded: str, masked: list[Line]) -> str:
    chars = list(folded)
    for line in masked:
        chars[line.start:line.end] = " " * (line.end - line.start)
    return "".join(chars)


@cache
def _kinds() -> frozenset[str]:
    return frozenset(fold(p) for p in lexicon().phrases("documents", role="kind"))


def read_metadata(text: str) -> DocumentInfo:
    """The metadata of a report's text (fields it does not state are None)."""
    whole = fold(text)
    lines = _lines(text, whole)
    h = _header(lines)
    info = h.info
    body_lines = [ln for ln in lines if ln not in h.masked]
    info.signer = signer([(ln.text, ln.folded) for ln in body_lines])
    folded = _masked(whole, h.masked)
    title_mentions = (info.subject if info.kind == "news" else h.title) or ""  # the headline names the province too
    info.province = province(text + "\n" + title_mentions, folded + "\n" + fold(title_mentions), info.place, h.url)
    info.period = _report_period(info, text, folded, h.body_start)
    return info


def _report_period(info: DocumentInfo, text: str, folded: str, body_start: int) -> str | None:
    """The period the results cover: title, statistics portal form, then the text (see metadata_period)."""
    plan_document = (info.kind or "").upper().startswith(PLAN_KINDS)
    reading = title_period(fold(info.subject), info.date, plan_document) if info.subject else None
    if reading and reading.code:
        return reading.code
    portal = _portal_period(folded)
    if portal:
        return portal
    found = body_period(folded, body_start, info.date, reading.template if reading else None, text)
    if found:
        return found
    if info.kind == "news" and reading and reading.plan:
        return reading.plan  # an article about targets only: the period they are set for
    return None


def _portal_period(folded: str) -> str | None:
    """The year and kind of period of a statistics portal's form ("Năm báo cáo: 2023", "Kỳ báo cáo: Quý II")."""
    table = rules("metadata")
    year = table["portal_year"].regex.search(folded)
    if year is None:
        return None
    y = year.group("y")
    kind = table["portal_period"].regex.search(folded, year.end(), year.end() + 200) \
        or table["portal_period"].regex.search(folded)
    if kind:
        phrase = kind.group("p")
        reading = title_period(f"{phrase} năm {y}" if phrase.startswith("quý") else f"{phrase} {y}", None)
        if reading.code:
            return reading.code
    return y
