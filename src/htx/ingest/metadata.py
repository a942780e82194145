"""Metadata of a report (thông tin văn bản): number, place, date, kind, subject, signer, province, period.

Administrative documents follow Nghị định 30/2020/NĐ-CP: "Số: 08/BC-LM", "Bắc Giang, ngày 17
tháng 3 năm 2021", the kind in capitals (BÁO CÁO), the subject (trích yếu) below it and the
signer's name last. A saved web article has a headline first and a byline near the end.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from htx.ingest.lexicon import fold, lexicon
from htx.ingest.model import DocumentInfo

_NUMBER = re.compile(r"^\W*số\s*(?:hiệu)?\s*:\s*(.*?)\s*$", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"^\W*(?P<place>[^\d,\n:]{2,40}?)\s*,\s*ngày\s*(?P<d>\d{1,2})?[\s.…_]*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})",
    re.IGNORECASE)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4, "01": 1, "02": 2, "03": 3, "04": 4}
_PERIODS = [
    ("quarter", re.compile(r"(?<!\w)quý\s+(iv|iii|ii|i|0?[1-4])(?:\s*(?:/|-|năm)\s*(\d{4}))")),
    ("half", re.compile(r"(?<!\w)(?:6|sáu)\s+tháng\s+(đầu|cuối)\s+năm\s+(\d{4})")),
    ("months", re.compile(r"(?<!\w)(\d{1,2}|ba|sáu|chín|mười hai)\s+tháng\s+(?:đầu\s+)?năm\s+(\d{4})")),
    ("cumulative", re.compile(r"(?<!\w)(?:đến|tính đến)\s+(?:hết\s+)?(?:ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})")),
    ("month", re.compile(r"(?<!\w)(?<!ngày\s)(?<!\d\s)tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})")),
    ("year", re.compile(r"(?<!\w)năm\s+(\d{4})(?![\d/-])")),
]
_NOT_REPORT_PERIOD = re.compile(r"(?:(?:kế hoạch|phương hướng|mục tiêu|chương trình)(?:\s+\w+){0,6}|luật[\w\s]{0,20}|"
                                r"tháng\s+\d{1,2}|khóa|giai đoạn|tầm nhìn|đến)\s*$")
_PORTAL_YEAR = re.compile(r"năm báo cáo\s*:?\s*(\d{4})", re.IGNORECASE)
_PORTAL_PERIOD = re.compile(r"kỳ báo cáo\s*:?\s*(quý\s+\w+|6 tháng đầu năm|6 tháng cuối năm|năm)", re.IGNORECASE)
_PROVINCE = re.compile(r"(?<!\w)(?:tỉnh|Tỉnh|TỈNH|thành phố|Thành phố|THÀNH PHỐ|TP\.?)\s+((?:[^\W\d_]+)(?:\s+[^\W\d_]+){0,3})")
_STOP_SUBJECT = re.compile(r"^\W*(?:kính gửi|căn cứ|thực hiện|\d+\.|[ivx]+\.|-)", re.IGNORECASE)
_CELL = re.compile(r"\s+\|\s+")
_DMY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
HEAD_LINES = 25


def _lines(text: str) -> list[str]:
    """Non-empty lines; the cells of a flattened .docx table row ("Số: 12/BC | CỘNG HÒA…") each count as one."""
    out = []
    for raw in text.split("\n"):
        for cell in _CELL.split(raw):
            line = cell.strip().strip("*").strip()
            if line:
                out.append(line)
    return out


def _period_in(folded: str) -> str | None:
    """The first reporting period named in ``folded``; None also when it has no code ("9 tháng đầu năm")."""
    return _period_found(folded) or None


def _period_found(folded: str) -> str | None:
    """Like :func:`_period_in`, but "" when the first period found has no code."""
    found: list[tuple[int, str]] = []
    for kind, rx in _PERIODS:
        for m in rx.finditer(folded):
            if _NOT_REPORT_PERIOD.search(folded[max(0, m.start() - 45):m.start()]) and kind != "cumulative":
                continue
            code = _period_code(kind, m)
            if code is not None:
                found.append((m.start(), code))
                break
    return min(found)[1] if found else None


def _period_code(kind: str, m: re.Match[str]) -> str | None:
    """The period code of a match; "" for a period the codes cannot write (9 months), None for no period."""
    if kind == "months":
        words = {"ba": 3, "sáu": 6, "chín": 9, "mười hai": 12}
        months = words.get(m.group(1)) or int(m.group(1))
        return {3: f"{m.group(2)}-Q1", 6: f"{m.group(2)}-H1", 12: m.group(2)}.get(months, "")
    if kind == "quarter":
        return f"{m.group(2)}-Q{_ROMAN[m.group(1)]}"
    if kind == "half":
        return f"{m.group(2)}-H{1 if m.group(1) == 'đầu' else 2}"
    if kind == "cumulative":
        day_month = (int(m.group(1)), int(m.group(2)))
        ends = {(31, 3): "Q1", (30, 6): "H1", (31, 12): ""}
        if day_month not in ends:
            return None
        return m.group(3) + (f"-{ends[day_month]}" if ends[day_month] else "")
    if kind == "month":
        month = int(m.group(1))
        return f"{m.group(2)}-{month:02d}" if 1 <= month <= 12 else None
    return m.group(1)


@lru_cache(maxsize=4096)
def _province_name(candidate: str) -> tuple[str, str] | None:
    """(code, name as written) when ``candidate`` (or its first words) names a province."""
    try:
        from htx.geo import gazetteer
    except ImportError:  # pragma: no cover - geo is part of the package
        return None
    words = candidate.split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        if not all(w[:1].isupper() for w in words[:n]):
            continue
        for unit in gazetteer().find(name, level="province", limit=3):
            if fold(unit.short_name) == fold(name):
                return unit.code, name
    return None


def _province(text: str, place: str | None) -> str | None:
    """The province most named; written as the text writes it in normal case (not an upper-case header)."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    written: dict[str, str] = {}
    for m in _PROVINCE.finditer(text):
        hit = _province_name(m.group(1))
        if hit:
            code, name = hit
            counts[code] += 1
            first.setdefault(code, (m.start(), name))
            if not name.isupper():
                written.setdefault(code, name)
    if counts:
        best = max(counts, key=lambda c: (counts[c], -first[c][0]))
        if best in written:
            return written[best]
        from htx.geo import gazetteer

        name = first[best][1]
        unit = next((u for u in gazetteer().find(name, level="province", limit=3) if fold(u.short_name) == fold(name)),
                    None)
        return unit.short_name if unit else name
    if place:
        from htx.geo import gazetteer

        unit = gazetteer().find_province(place)
        return unit.short_name if unit else None
    return None


def _signer(lines: list[str]) -> str | None:
    lex = lexicon()
    surnames = lex.taggers["documents.surname"]
    captions = lex.taggers["documents.caption"]
    for line in reversed(lines[-25:]):
        if line[:1] in "-+•*" or captions.regex.match(fold(line)) or any(c.isdigit() for c in line):
            continue
        name = re.split(r"\s+[-–]\s+|,", line)[0].strip().rstrip(".")
        words = name.split()
        if not 2 <= len(words) <= 5 or not all(w[:1].isupper() and w[1:] == w[1:].lower() for w in words):
            continue
        if surnames.regex.match(fold(words[0])) and surnames.regex.match(fold(words[0])).end() == len(words[0]):  # type: ignore[union-attr]
            return name
    return None


def _published(head: list[str]) -> str | None:
    """Publication date of a web article ("Ngày đăng: 12/10/2023")."""
    tagger = lexicon().taggers["documents.published"]
    for line in head:
        label = tagger.regex.match(fold(line))
        if label is None:
            continue
        d = _DMY.search(line, label.end())
        if d:
            day, month, year = int(d.group(1)), int(d.group(2)), int(d.group(3))
            if 1 <= day <= 31 and 1 <= month <= 12:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def read_metadata(text: str) -> DocumentInfo:
    """The metadata of a report's text (fields it does not state are None)."""
    lines = _lines(text)
    head = lines[:HEAD_LINES]
    info = DocumentInfo()
    kinds = {fold(p) for p in lexicon().phrases("documents", role="kind")}
    kind_at = None
    number_seen = False
    for i, line in enumerate(head):
        m = _NUMBER.match(line)
        if m and not number_seen:
            value = re.sub(r"\s+", "", m.group(1))
            info.number = value if value and value[0].isalnum() else None
            number_seen = True
            continue
        pd = _PLACE_DATE.match(line)
        if pd and info.date is None:
            info.place = pd.group("place").strip()
            y, mo = int(pd.group("y")), int(pd.group("m"))
            info.date = f"{y:04d}-{mo:02d}" + (f"-{int(pd.group('d')):02d}" if pd.group("d") else "")
            continue
        if kind_at is None and line.isupper() and fold(line) in kinds:
            info.kind, kind_at = line, i
    if kind_at is not None:
        rest = [ln for ln in head[kind_at + 1:kind_at + 4]]
        if rest and not _STOP_SUBJECT.match(rest[0]):
            info.subject = re.sub(r"^(?:V/v|Về việc)\s*", "", rest[0]).strip()
            if len(rest) > 1 and rest[1][:1].islower():
                info.subject += " " + rest[1]
    elif not number_seen and info.date is None and lines:
        info.kind = "news"
        info.subject = lines[0]
        info.date = _published(head)
    info.signer = _signer(lines)
    info.province = _province(text, info.place)
    info.period = _report_period(text, info.subject)
    return info


def _report_period(text: str, subject: str | None) -> str | None:
    if subject:
        found = _period_found(fold(subject))
        if found is not None:
            return found or None
    year = _PORTAL_YEAR.search(text)
    if year:
        kind = _PORTAL_PERIOD.search(text[year.end():year.end() + 200]) or _PORTAL_PERIOD.search(text)
        if kind:
            found = _period_in(fold(kind.group(1)) + " năm " + year.group(1)) if "quý" in fold(kind.group(1)) \
                else _period_in(fold(kind.group(1)) + " " + year.group(1))
            if found:
                return found
        return year.group(1)
    folded = fold(text)
    body = folded[len(subject or ""):] if subject is None else folded[folded.find(fold(subject)) + len(subject):]
    return _period_in(body[:6000])
