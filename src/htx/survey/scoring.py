"""Scoring of a survey round (tính điểm): forms → item, dimension and provincial index scores.

Method version 1 (the design anchors of spec/survey.md §4; the official scoring regulation is
not public):

* a form is **valid** when every required item has an answer on its scale or a "missing"
  answer (không biết / không áp dụng); **incomplete** when a required item is blank;
  **invalid** when an answer is off the scale or names an unknown item. Only valid forms count;
  the others are counted and reported.
* item score = mean of the answers on the scale rescaled to 0–100, ``(mean − low)/(high − low) × 100``;
  item satisfied share = % of answers among ``scoring.satisfied`` (e.g. 4–5). "Missing" answers
  count in neither numerator nor denominator, never as zeros.
* dimension score = mean of its answered item scores; index = Σ weight × dimension score
  (weights add up to 1), for both the mean score and the satisfied share. A province with fewer
  valid forms than ``scoring.min_responses`` gets no index ("chưa đủ phiếu"); so does a
  province where a whole dimension went unanswered.
* rank among provinces with an index (ties share a rank), quartile band as PAPI (1: ≥ 75th
  percentile … 4: < 25th), change from the previous round only when both rounds have the same
  method and the same dimensions and weights.

Sums are integers and ratios :class:`fractions.Fraction`; published values are decimals rounded
half-up to 2 places.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import quantiles
from typing import Any

from htx.survey.model import Questionnaire

METHOD_VERSION = "1"
COUNTRY = ""  # the key of the whole country in the results
WEAKEST = 3
CENT = Decimal("0.01")


def dec(x: Fraction | None) -> Decimal | None:
    """A ratio rounded half-up to 2 decimals (None stays None)."""
    if x is None:
        return None
    return (Decimal(x.numerator) / Decimal(x.denominator)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Form:
    """A submitted form (phiếu đã nộp): who answered, where, and the raw answers by item code."""

    organisation_id: int
    province: str
    commune: str | None
    answers: Mapping[str, int | str]
    comments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """What a form may answer, compiled once per questionnaire: item → (required, low, high, 'missing' codes)."""

    items: tuple[tuple[str, bool, int, int, frozenset[str]], ...]
    known: frozenset[str]

    @classmethod
    def of(cls, q: Questionnaire) -> Rules:
        items = tuple((i.code, i.required, q.scale_of(i).low, q.scale_of(i).high,
                       frozenset(m.code for m in q.scale_of(i).missing)) for _, i in q.items)
        return cls(items, frozenset(code for code, *_ in items))


def check_form(q: Questionnaire, answers: Mapping[str, Any], rules: Rules | None = None) -> tuple[str, list[str]]:
    """(status, problems): status ``valid``, ``incomplete`` or ``invalid``; problems in Vietnamese by item."""
    rules = rules if rules is not None else Rules.of(q)
    problems = [f"{code}: không có câu hỏi này trong bảng hỏi" for code in answers if code not in rules.known]
    invalid, incomplete = bool(problems), False
    for code, required, low, high, missing in rules.items:
        value = answers.get(code)
        if value is None or value == "":
            if required:
                problems.append(f"{code}: câu hỏi bắt buộc chưa trả lời")
                incomplete = True
        elif not (low <= value <= high if type(value) is int else isinstance(value, str) and value in missing):
            problems.append(f"{code}: câu trả lời {value!r} không có trên thang đo")
            invalid = True
    return ("invalid" if invalid else "incomplete" if incomplete else "valid"), problems


@dataclass
class ItemTally:
    """Integer sums of one item's answers: count on the scale, their total, satisfied ones, missing ones."""

    n: int = 0
    total: int = 0
    satisfied: int = 0
    missing: int = 0


@dataclass
class Tally:
    """Counts of one province (or the country): frame, forms by status, item sums of the valid forms."""

    place: str
    frame: int = 0
    submitted: int = 0
    valid: int = 0
    incomplete: int = 0
    invalid: int = 0
    items: dict[str, ItemTally] = field(default_factory=dict)


def tally(q: Questionnaire, forms: Iterable[Form], frame: Mapping[str, int]) -> dict[str, Tally]:
    """Sum the forms per province and for the country (key ``COUNTRY``); every frame province appears."""
    out = {p: Tally(p, frame=n) for p, n in frame.items()}
    country = Tally(COUNTRY, frame=sum(frame.values()))
    rules = Rules.of(q)
    pairs: dict[str, Counter[tuple[str, int | str]]] = {}  # province → (item, answer) → forms
    for form in forms:
        t = out.get(form.province)
        if t is None:
            t = out[form.province] = Tally(form.province)
        status, _ = check_form(q, form.answers, rules)
        t.submitted += 1
        country.submitted += 1
        setattr(t, status, getattr(t, status) + 1)
        setattr(country, status, getattr(country, status) + 1)
        if status == "valid":
            counter = pairs.get(form.province)
            if counter is None:
                counter = pairs[form.province] = Counter()
            counter.update(form.answers.items())
    satisfied = set(q.scoring.satisfied)
    for province, counter in pairs.items():
        for (code, value), k in counter.items():
            for t in (out[province], country):
                it = t.items.get(code)
                if it is None:
                    it = t.items[code] = ItemTally()
                if type(value) is int:
                    it.n += k
                    it.total += value * k
                    it.satisfied += k if value in satisfied else 0
                else:
                    it.missing += k
    out[COUNTRY] = country
    return out


def _item_scores(q: Questionnaire, t: Tally) -> dict[str, tuple[Fraction | None, Fraction | None, int, int]]:
    """Item code → (mean score 0–100, satisfied %, answers on the scale, missing answers)."""
    out: dict[str, tuple[Fraction | None, Fraction | None, int, int]] = {}
    for _, item in q.items:
        it = t.items.get(item.code, ItemTally())
        if it.n == 0:
            out[item.code] = (None, None, 0, it.missing)
            continue
        s = q.scale_of(item)
        mean = Fraction(it.total, it.n)
        out[item.code] = ((mean - s.low) / (s.high - s.low) * 100, Fraction(it.satisfied * 100, it.n), it.n, it.missing)
    return out


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def score_place(q: Questionnaire, t: Tally) -> dict[str, Any]:
    """One place's result: counts, response rate, and (with enough valid forms) its scores."""
    out: dict[str, Any] = {
        "place": t.place, "frame": t.frame, "submitted": t.submitted, "valid": t.valid,
        "incomplete": t.incomplete, "invalid": t.invalid,
        "response_rate": dec(Fraction(t.submitted * 100, t.frame)) if t.frame else None,
        "index": None, "satisfied_index": None, "dimensions": [], "note": None,
    }
    if t.valid < q.scoring.min_responses:
        out["note"] = f"chưa đủ phiếu ({t.valid}/{q.scoring.min_responses} phiếu hợp lệ)"
        return out
    items = _item_scores(q, t)
    index: Fraction | None = Fraction(0)
    top: Fraction | None = Fraction(0)
    for d in q.dimensions:
        scored = [(i, items[i.code]) for i in d.items]
        mean = _mean([s[0] for _, s in scored if s[0] is not None])
        share = _mean([s[1] for _, s in scored if s[1] is not None])
        ranked = sorted(((s[0], i.code) for i, s in scored if s[0] is not None), key=lambda p: (p[0], p[1]))
        out["dimensions"].append({
            "code": d.code, "title": d.title, "weight": str(d.weight), "score": dec(mean), "satisfied": dec(share),
            "items": [{"code": i.code, "text": i.text, "score": dec(s[0]), "satisfied": dec(s[1]), "answers": s[2],
                       "missing": s[3]} for i, s in scored],
            "weakest": [code for _, code in ranked[:WEAKEST]],
        })
        if mean is None or share is None:
            index = top = None
            out["note"] = f"không có câu trả lời nào cho lĩnh vực {d.code}"
        elif index is not None and top is not None:
            weight = Fraction(d.weight)
            index += weight * mean
            top += weight * share
    out["index"], out["satisfied_index"] = dec(index), dec(top)
    return out


def rank_and_band(results: list[dict[str, Any]]) -> None:
    """Rank (1 = best, ties share a rank) and quartile band (1 … 4) of the places that have an index."""
    scored = sorted((r for r in results if r["index"] is not None), key=lambda r: r["index"], reverse=True)
    cuts = quantiles([r["index"] for r in scored], n=4, method="inclusive") if len(scored) >= 2 else None
    for r in scored:
        r["rank"] = 1 + sum(1 for x in scored if x["index"] > r["index"])
        if cuts is None:
            r["band"] = 1
        else:
            v = r["index"]
            r["band"] = 1 if v >= cuts[2] else 2 if v >= cuts[1] else 3 if v >= cuts[0] else 4
    for r in results:
        r.setdefault("rank", None)
        r.setdefault("band", None)


def add_change(results: list[dict[str, Any]], previous: Mapping[str, Decimal | None] | None, why_not: str | None) -> None:
    """Change of the index from the previous round; None (with ``change_note``) when not comparable."""
    for r in results:
        before = previous.get(r["place"]) if previous is not None else None
        r["previous_index"] = before
        if previous is None:
            r["change"], r["change_note"] = None, why_not or "không có vòng trước đã công bố"
        elif before is None or r["index"] is None:
            r["change"], r["change_note"] = None, "thiếu chỉ số của một trong hai vòng"
        else:
            r["change"], r["change_note"] = r["index"] - before, None


def compute(q: Questionnaire, forms: Iterable[Form], frame: Mapping[str, int],
            previous: Mapping[str, Decimal | None] | None = None, why_not: str | None = None) -> dict[str, Any]:
    """The round's result: ``provinces`` (ranked) and ``country``, with the method version."""
    tallies = tally(q, forms, frame)
    provinces = [score_place(q, t) for p, t in sorted(tallies.items()) if p != COUNTRY]
    rank_and_band(provinces)
    country = score_place(q, tallies[COUNTRY])
    add_change(provinces, previous, why_not)
    add_change([country], previous, why_not)
    return {"method_version": METHOD_VERSION, "min_responses": q.scoring.min_responses,
            "provinces": provinces, "country": country}
