"""The reporting period of a document (kỳ báo cáo): the period its results cover.

Read from the title (trích yếu or headline) first: its results part, before the words that
name the next period ("nhiệm vụ", "phương hướng", "kế hoạch"); a year written once at the
end of a two-part title ("… 6 tháng đầu năm, nhiệm vụ 6 tháng cuối năm 2023") applies to
both parts. Then from the text: the first period that frames figures — not a stock date
inside a month, a law's year, a comparison ("so với năm 2015"), the start of "từ năm X đến
nay", a span, a plan year, nor a period named after a figure of its sentence. A period
without a year ("từ đầu năm đến nay", "6 tháng đầu năm") takes the next year of its
sentence, else the document's date, else the next period of the text. Year to date is the
year (spec: "Từ đầu năm đến nay" in a text dated within the year is the year); three and
six months are Q1 and H1. The expressions are lexicon entries (``lexicon/metadata.yaml``).
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass

from htx.ingest.lexicon import rules

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH_WORDS = {"ba": 3, "sáu": 6, "chín": 9, "mười hai": 12}
_KINDS = ("p_span", "p_date", "p_as_of", "p_ytd", "p_through_date", "p_through_month", "p_through_quarter",
          "p_through_year", "p_quarter", "p_half", "p_months", "p_month", "p_year")
_SKIP = {"p_span", "p_date", "p_as_of"}
_SUBSET_KINDS = {"p_year", "p_month", "p_quarter", "p_half", "p_months"}
HEADING_CHARS = 120


@dataclass(frozen=True)
class Token:
    """A period named in a text: its span, the rule that found it, its code, or what it lacks.

    ``code`` is a period code ("2023", "2023-H1", "2023-Q2", "2023-03"); ``template`` is set
    when the year is missing ("H1", "Q2", "" for the whole year); both None for a span, a
    date or a stock date, which name no reporting period.
    """

    start: int
    end: int
    kind: str
    code: str | None
    template: str | None
    year: str | None


def _months(n: int, year: str | None) -> tuple[str | None, str | None]:
    """Year to date over ``n`` months: Q1, H1, else the year."""
    suffix = {3: "-Q1", 6: "-H1"}.get(n, "")
    if not 1 <= n <= 12:
        return None, None
    return (f"{year}{suffix}", None) if year else (None, suffix.lstrip("-"))


def _quarter(q: str) -> int:
    return _ROMAN.get(q) or int(q)


def _resolve(kind: str, m: re.Match[str]) -> tuple[str | None, str | None]:
    """(code, template) of a period match."""
    g = m.groupdict()
    year = g.get("y")
    if kind in _SKIP:
        return None, None
    if kind == "p_quarter":
        part = f"Q{_quarter(g['q'])}"
    elif kind == "p_half":
        part = "H1" if g["h"] == "đầu" else "H2"
    elif kind == "p_months":
        return _months(_MONTH_WORDS.get(g["n"]) or int(g["n"]), year)
    elif kind in ("p_ytd", "p_through_year", "p_year"):
        part = ""
    elif kind == "p_through_date":
        day, month = int(g["d"]), int(g["m"])
        if not 1 <= month <= 12 or day != calendar.monthrange(int(year or 2001), month)[1]:
            return None, None  # a day inside a month closes no period
        return _months(month, year)
    elif kind == "p_through_month":
        return _months(int(g["m"]), year)
    elif kind == "p_through_quarter":
        return _months(3 * _quarter(g["q"]), year)
    else:  # p_month
        month = int(g["m"])
        return (f"{year}-{month:02d}", None) if 1 <= month <= 12 else (None, None)
    if year:
        return f"{year}-{part}" if part else year, None
    return None, part


def tokens(folded: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Periods named in ``folded[start:end]``, leftmost then longest, none overlapping."""
    found: list[Token] = []
    table = rules("metadata")
    stop = len(folded) if end is None else end
    for kind in _KINDS:
        for m in table[kind].regex.finditer(folded, start, stop):
            code, template = _resolve(kind, m)
            found.append(Token(m.start(), m.end(), kind, code, template, m.groupdict().get("y")))
    found.sort(key=lambda t: (t.start, -(t.end - t.start)))
    out: list[Token] = []
    for t in found:
        if not out or t.start >= out[-1].end:
            out.append(t)
    return out


def _wrapped(text: str, newline: int) -> bool:
    """A line break inside a sentence: the next line goes on in lower case."""
    rest = text[newline + 1:newline + 40].lstrip()
    return rest[:1].islower()


_LAST_MONTH = {"Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12}


def year_of(template: str | None, date: str | None) -> str | None:
    """The year a period without one belongs to, from the document's date ("2022-01-10", "2022-01").

    A report is written during or after its period: "6 tháng cuối năm" dated January is last year's.
    """
    if not date or template is None:
        return None
    year, month = int(date[:4]), int(date[5:7]) if len(date) >= 7 else 12
    return str(year - 1 if month < _LAST_MONTH.get(template, 0) - 2 else year)


def _with_year(template: str, year: str) -> str:
    return f"{year}-{template}" if template else year


class _Context:
    """Sentence bounds and the contexts that disqualify a period, over one folded text."""

    def __init__(self, folded: str, text: str | None = None) -> None:
        self.folded = folded
        original = folded if text is None else text
        self.ends = [m.start() for m in rules("metadata")["sentence_end"].regex.finditer(folded)
                     if folded[m.start()] != "\n" or not _wrapped(original, m.start())]

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.ends, pos - 1)
        start = self.ends[i - 1] + 1 if i else 0
        end = self.ends[i] if i < len(self.ends) else len(self.folded)
        return start, end

    def is_plan(self, t: Token) -> bool:
        s0, s1 = self.sentence(t.start)
        table = rules("metadata")
        before = self.folded[max(s0, t.start - 120):t.start]
        after = self.folded[t.end:min(s1, t.end + 60)]
        return bool(table["p_plan_before"].regex.search(before) or table["p_plan_after"].regex.match(after))

    def is_blocked(self, t: Token, body: bool) -> bool:
        """A law's year, a comparison, a subset aside, or (in running text) a period after a figure."""
        s0, _ = self.sentence(t.start)
        table = rules("metadata")
        before = self.folded[max(s0, t.start - 60):t.start]
        if table["p_not_before"].regex.search(before):
            return True
        if t.kind in _SUBSET_KINDS and t.code and table["p_subset"].regex.search(before):
            return True
        return body and table["figure"].regex.search(self.folded, s0, t.start) is not None

    def year_after(self, t: Token, ts: list[Token]) -> str | None:
        """The year of the next period named in the same sentence (two-part titles)."""
        _, s1 = self.sentence(t.start)
        return next((u.year for u in ts if u.start >= t.end and u.start < s1 and u.year), None)


@dataclass
class PeriodReading:
    """What a title says: the results period, one waiting for its year, or only a plan period."""

    code: str | None = None
    template: str | None = None
    plan: str | None = None


def title_period(folded: str, date: str | None, plan_document: bool = False) -> PeriodReading:
    """The results period of a title; in a plan document (KẾ HOẠCH) every period of the title is the plan's."""
    ctx = _Context(folded)
    ts = tokens(folded)
    out = PeriodReading()
    for t in ts:
        if t.code is None and t.template is None or ctx.is_blocked(t, body=False):
            continue
        code = t.code or _complete(t, ctx.year_after(t, ts) or year_of(t.template, date))
        if plan_document or ctx.is_plan(t):
            out.plan = out.plan or code
            continue
        if code is None:
            out.template = t.template if out.template is None else out.template
            continue
        out.code = code
        return out
    return out


def _complete(t: Token, year: str | None) -> str | None:
    return _with_year(t.template, year) if year and t.template is not None else None


def body_period(folded: str, start: int, date: str | None, pending: str | None = None,
                text: str | None = None) -> str | None:
    """The first period framing figures in ``folded[start:]``; ``pending`` is a title's period without year.

    ``text`` is the text ``folded`` was folded from (its case tells a wrapped line from a new one).
    """
    ctx = _Context(folded, text)
    ts = tokens(folded, start)
    for i, t in enumerate(ts):
        if t.code is None and t.template is None:
            continue
        if ctx.is_blocked(t, body=True) or ctx.is_plan(t):
            continue
        if t.code is not None:
            return _with_year(pending, t.code[:4]) if pending is not None else _refine(folded, t, ts[i + 1:], ctx)
        year = ctx.year_after(t, ts[i + 1:]) or year_of(t.template, date)
        if year:
            return _with_year(t.template or "", year)
        pending = t.template if pending is None else pending
    return None


def _refine(folded: str, t: Token, rest: list[Token], ctx: _Context) -> str | None:
    """A year named in a heading, narrowed by the headings right under it ("NĂM 2013" / "I. … 6 tháng đầu năm 2013")."""
    line_start = folded.rfind("\n", 0, t.start) + 1
    line_end = folded.find("\n", t.end)
    line_end = len(folded) if line_end < 0 else line_end
    if t.code is None or len(t.code) != 4 or line_end - line_start > HEADING_CHARS:
        return t.code
    limit = line_end
    figure, bullet = rules("metadata")["figure"].regex, re.compile(r"\s*[-+•]")
    for _ in range(4):  # the next heading lines, up to the first line of running text
        nxt = folded.find("\n", limit + 1)
        nxt = len(folded) if nxt < 0 else nxt
        line = folded[limit + 1:nxt]
        if len(line) > HEADING_CHARS or figure.search(line) or bullet.match(line):
            break
        limit = nxt
    for u in rest:
        if u.start >= limit:
            break
        if u.code and u.code.startswith(t.code + "-") and not ctx.is_plan(u):
            return u.code
    return t.code
