"""The text of a report (nội dung báo cáo): sections of sentences rendered from facts by templates.

Wording and layout are data: ``templates/report.vi.yaml`` (sections, words) and
``templates/sentences.vi.j2`` (one Jinja2 macro per paragraph). Rendering records every fact
a sentence states, including the percents it computes, in :attr:`Narrative.stated`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import yaml

from htx.formatting import format_number, format_quantity, format_vnd
from htx.reports.lookup import FactIndex, Figure, change
from htx.reports.model import ReportInput
from htx.stats.facts import Fact, Value
from htx.stats.periods import Period
from htx.stats.vocabulary import vocabulary

TEMPLATES = "htx.reports"
STATUS_ORDER = ("active", "suspended", "stopped")


@dataclass
class Part:
    title: str | None
    paragraphs: list[str]


@dataclass
class Section:
    title: str
    parts: list[Part]
    lead: str = ""


@dataclass
class Narrative:
    """What a writer prints: intro, numbered sections, closing, and the facts stated."""

    intro: str
    sections: list[Section]
    closing: str
    stated: list[Fact] = field(default_factory=list)

    def text(self) -> str:
        """Plain text in reading order (for tests and previews)."""
        lines = [self.intro]
        for s in self.sections:
            lines.append(s.title)
            if s.lead:
                lines.append(s.lead)
            for p in s.parts:
                if p.title:
                    lines.append(p.title)
                lines.extend(p.paragraphs)
        lines.append(self.closing)
        return "\n".join(lines)


def _read(name: str) -> str:
    return resources.files(TEMPLATES).joinpath(f"templates/{name}").read_text("utf-8")


@cache
def layout() -> dict[str, Any]:
    """The section layout and words of ``report.vi.yaml``."""
    data: dict[str, Any] = yaml.safe_load(_read("report.vi.yaml"))
    for key in ("sections", "statuses", "sectors", "nouns", "names", "scope", "alliance"):
        if key not in data:
            raise ValueError(f"report.vi.yaml: missing {key!r}")
    return data


# -- Jinja2 filters: Vietnamese number style; saying a Figure records it as stated -----------

def _value(x: Figure | Value) -> Value:
    if isinstance(x, Figure):
        x.say()
        return x.value
    return x


def f_num(x: Figure | Value) -> str:
    """``1970382`` → ``1.970.382``."""
    return format_number(_value(x))


def f_num2(x: Figure | Value) -> str:
    """Small counts written with two digits as reports do: ``7`` → ``07``."""
    v = _value(x)
    text = format_number(v)
    return "0" + text if isinstance(v, int) and 0 <= v < 10 else text


def f_vnd(x: Figure | Value) -> str:
    """Money: ``1970382000000`` → ``1.970.382 triệu đồng``."""
    return format_vnd(int(_value(x)))


def f_pct(x: Decimal | int) -> str:
    """A percent with up to two decimals, trailing zeros dropped: ``65,18%``, ``50%``, ``46,6%``."""
    d = Decimal(x).quantize(Decimal("0.01"))
    d = d.normalize() if d != d.to_integral_value() else d.to_integral_value()
    return format_number(d) + "%"


def f_capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of every htx report template, with the Vietnamese filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("htx.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "htm"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(num=f_num, num2=f_num2, vnd=f_vnd, pct=f_pct, capfirst=f_capfirst)
    return env


_SPACES = re.compile(r"\s+")
_BEFORE_PUNCT = re.compile(r"\s+([,;.:)])")
_AFTER_OPEN = re.compile(r"\(\s+")


def tidy(text: str) -> str:
    """Collapse the whitespace templates leave and the spaces before punctuation."""
    text = _SPACES.sub(" ", text).strip()
    text = _BEFORE_PUNCT.sub(r"\1", text)
    return _AFTER_OPEN.sub("(", text)


def previous_label(period: Period) -> str:
    """How a change phrase names the previous period: ``Quý IV/2022``, ``năm 2022``."""
    label = period.previous.label_vi()
    return label[:1].upper() + label[1:] if period.kind == "quarter" else label


class _Helpers:
    """Functions the sentence templates call: breakdowns, changes and plan pairs."""

    def __init__(self, inp: ReportInput, words: dict[str, Any]):
        self.F = FactIndex(inp.current)
        self.P = FactIndex(inp.previous)
        self.L = FactIndex(inp.last_year)
        self.words = words
        self.period = inp.period

    def _ordered(self, s: str, dim: str, order: list[str] | tuple[str, ...], indicator: str = "count",
                 unit: str = "unit", **fixed: str) -> list[tuple[str, Figure]]:
        present = set(self.F.dim_values(f"{s}.{indicator}", dim, unit, **fixed))
        out = []
        for code in order:
            fig = self.F.get(f"{s}.{indicator}", unit, **{**fixed, dim: code}) if code in present else None
            if fig is not None:
                out.append((code, fig))
        return out

    def statuses(self, s: str, **fixed: str) -> list[tuple[str, Figure]]:
        return self._ordered(s, "status", [c for c in STATUS_ORDER if c in self.words["statuses"]], **fixed)

    def sectors(self, s: str, indicator: str = "count", unit: str = "unit", **fixed: str) -> list[tuple[str, Figure]]:
        return self._ordered(s, "sector", list(self.words["sectors"]), indicator, unit, **fixed)

    def classes(self, s: str) -> list[tuple[str, Figure]]:
        return self._ordered(s, "class", list(self.words["classes"]))

    def educations(self, s: str) -> list[tuple[str, Figure]]:
        return self._ordered(s, "education", list(self.words["educations"]), indicator="managers", unit="person")

    def refs(self, fig: Figure) -> list[tuple[int | Decimal, str]]:
        """(change, reference label) against the same period last year and the previous period."""
        f = fig.fact
        dims = dict(f.dims)
        out: list[tuple[int | Decimal, str]] = []
        refs = [(self.L, self.words["same_period_label"])]
        if self.period.previous != self.period.same_last_year:
            refs.append((self.P, previous_label(self.period)))
        else:
            refs = [(self.L, self.period.previous.label_vi())]
        for idx, label in refs:
            d = change(fig, idx.value(f.indicator, f.unit, f.kind, **dims))
            if d is not None:
                out.append((d, label))
        return out

    def targets(self, plans: list[Fact]) -> list[tuple[Fact, str, str]]:
        """(plan, what, noun) of the next period's targets, labelled as the plan lines are."""
        labels = self.words.get("plan_labels", {})
        out = []
        for f in plans:
            if f.unit == "percent":
                continue
            flow = f.dims.get("flow")
            entry = labels.get(f"{f.indicator}/{flow}" if flow else f.indicator)
            label, noun = (entry["label"], entry["noun"]) if entry else (vocabulary().label(f.indicator, f.dims).lower(), "")
            out.append((f, label, noun))
        return out

    def plan_pairs(self) -> list[tuple[Figure | None, Figure, str, str]]:
        labels = self.words.get("plan_labels", {})
        out = []
        for f in self.F.facts():
            if f.kind != "plan" or f.unit == "percent":
                continue
            plan = self.F.get(f.indicator, f.unit, "plan", **f.dims)
            actual = self.F.get(f.indicator, f.unit, "actual", **f.dims)
            flow = f.dims.get("flow")
            entry = labels.get(f"{f.indicator}/{flow}" if flow else f.indicator)
            if entry is None:
                label, noun = vocabulary().label(f.indicator, f.dims).lower(), ""
            else:
                label, noun = entry["label"], entry["noun"]
            assert plan is not None
            out.append((actual, plan, label, noun))
        return out


def render(inp: ReportInput) -> Narrative:
    """Render the narrative of a report from its input."""
    words = layout()
    h = _Helpers(inp, words)
    level = inp.place.level
    context: dict[str, Any] = {
        "F": h.F, "P": h.P, "L": h.L, "w": words,
        "statuses": h.statuses, "sectors": h.sectors, "classes": h.classes,
        "educations": h.educations, "refs": h.refs, "plan_pairs": h.plan_pairs,
        "share": h.F.share, "attain": h.F.attainment,
        "scope": words["scope"][level], "alliance_name": words["alliance"][level],
        "issuer_short": inp.issuer.short, "place_name": inp.place.name,
        "period_label": inp.period.label_vi(), "period": inp.period,
        "as_of": f"{inp.as_of:%d/%m/%Y}",
        "has_data": inp.has_data, "note_list": inp.notes,
        "targets": h.targets(inp.targets), "next_label": inp.next_period.label_vi(),
    }
    module = environment().get_template("sentences.vi.j2").make_module(vars=context)

    def para(name: str) -> str:
        macro = getattr(module, name, None)
        if macro is None:
            raise ValueError(f"sentences.vi.j2 has no macro {name!r} (named in report.vi.yaml)")
        return tidy(str(macro()))

    sections = []
    for sec in words["sections"]:
        if level not in sec.get("levels", [level]):
            continue
        parts = []
        lead = para(sec["lead"]) if sec.get("lead") else ""
        for part in sec["parts"]:
            paragraphs = [p for p in (para(n) for n in part["paragraphs"]) if p]
            if paragraphs:
                parts.append(Part(part.get("title"), paragraphs))
        if not parts and not lead:  # a section with nothing is one sentence saying what is missing
            parts = [Part(None, [f"Chưa có số liệu về {sec['title'].lower()} của {inp.place.name} "
                                 f"{inp.period.label_vi()}."])]
        sections.append(Section(sec["title"], parts, lead))
    if inp.annexed:
        sections.append(annex(inp))
    return Narrative(para(words["intro"]), sections, para(words["closing"]), list(h.F.stated))


def annex(inp: ReportInput) -> Section:
    """The annex "số liệu cần kiểm tra": figures the checks rejected, with their source and the reason."""
    voc = vocabulary()
    lines = []
    for r in inp.annexed:
        f = r.fact
        where = f.source.describe() if f.source else "không rõ nguồn"
        label = voc.label(f.indicator, f.dims)
        kind = {"actual": "", "plan": " (kế hoạch)", "attainment": " (tỷ lệ đạt kế hoạch)"}.get(f.kind, "")
        lines.append(f"{label}{kind}: ghi nhận {format_quantity(f.value, f.unit)} — {r.reason}. Nguồn: {where}.")
    lead = ("Các số liệu dưới đây không được đưa vào nội dung báo cáo vì không qua được bước kiểm tra; "
            "đề nghị kiểm tra lại với nguồn.")
    return Section("SỐ LIỆU CẦN KIỂM TRA", [Part(None, lines)], lead)
