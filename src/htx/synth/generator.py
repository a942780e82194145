"""Generator of the synthetic country: organisations over real communes, lifecycles, yearly figures, report facts.

Pure and deterministic: each new-era province gets its own random stream seeded by
``(seed, province)``, so a province generated alone equals the same province generated in
the national run (ids aside). Rows are plain dicts keyed by column name, ready for a bulk
insert; every organisation has ``origin="synthetic"`` and a name ending in "(giả lập)", every
fact ``source_kind="synthetic"``.

Report facts mimic ~40 quarterly reports per province (2016-Q1 … 2025-Q4): before
1 July 2025 they are kept under the 63 old provinces (so re-homing into the 34 new ones is
exercised), afterwards under the new provinces. Their values follow the generated registry
with a few percent of reporting noise.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources
from itertools import accumulate
from typing import Any

import yaml

from htx.geo import Gazetteer
from htx.registry.lifecycle import Event, intervals
from htx.stats.facts import Fact
from htx.stats.periods import Period

END = date(2026, 6, 30)  # last day with events
REFORM = date(2025, 7, 1)
FIRST_FIGURE_YEAR, LAST_FIGURE_YEAR = 2015, 2025
FIRST_REPORT, LAST_REPORT = Period(2016, "quarter", 1), Period(2025, "quarter", 4)
SUBJECT = {"THT": "tht", "HTX": "htx", "QTDND": "htx", "LHHTX": "lhhtx"}
KINDS = ("HTX", "THT", "LHHTX", "QTDND")
KIND_LETTER = {"HTX": "H", "THT": "T", "LHHTX": "L", "QTDND": "Q"}
TABLES = ("organisation", "org_event", "org_status", "org_year", "alliance_membership", "union_member", "fact",
          "plan_target")
SYNTHETIC_AUTHOR = "synthetic"  # ``plan_target.entered_by`` of synthetic plan targets
PLAN_YEARS = {"old": range(2016, 2026), "new": range(2026, 2027)}  # who set each year's plan (in January)
Row = dict[str, Any]


@cache
def profile() -> dict[str, Any]:
    """Sizes, shares and words of the synthetic country (``data/profile.yaml``)."""
    text = resources.files("htx.synth").joinpath("data/profile.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    if set(data["totals"]) != set(KINDS) or set(data["sectors"]) != set(KINDS):
        raise ValueError("profile.yaml: totals and sectors need HTX, THT, LHHTX and QTDND")
    return data


@dataclass
class Batch:
    """Rows of one province (or, with ``province=""``, the report facts), table by table."""

    province: str
    tables: dict[str, list[Row]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def __len__(self) -> int:
        return sum(len(rows) for rows in self.tables.values())


@dataclass(frozen=True)
class Plan:
    """What to generate: ``national`` (all 34 new provinces) or one ``province``, scaled by ``factor``."""

    scale: str = "national"
    seed: int = 1
    province: str | None = None
    factor: float = 1.0

    def provinces(self, gaz: Gazetteer) -> list[str]:
        if self.scale == "province":
            code = (self.province or "20").zfill(2)
            if gaz.get("new", "province", code) is None:
                raise ValueError(f"unknown new-era province code {code!r}")
            return [code]
        if self.scale != "national":
            raise ValueError(f"scale must be national or province, got {self.scale!r}")
        return sorted(u.code for u in gaz.provinces("new"))

    def counts(self, gaz: Gazetteer, code: str) -> dict[str, int]:
        """Organisations to generate per kind in a province: national totals × commune share × factor."""
        p = profile()
        share = len(gaz.communes("new", code)) / len(gaz.communes("new"))
        extra = 1 + p["dissolved_share"]
        return {k: max(1, round(p["totals"][k] * self.factor * share * extra)) for k in KINDS}

    def expected_organisations(self, gaz: Gazetteer) -> int:
        return sum(sum(self.counts(gaz, c).values()) for c in self.provinces(gaz))


class Tally:
    """Founding and ending dates (with members and workers) per (era, province, subject), for report facts."""

    def __init__(self) -> None:
        self.starts: dict[tuple[str, str, str], list[tuple[date, int, int]]] = defaultdict(list)
        self.ends: dict[tuple[str, str, str], list[tuple[date, int, int]]] = defaultdict(list)
        self._ready: dict[tuple[str, str, str], tuple[list[date], list[int], list[int], list[date], list[int], list[int]]] = {}

    def add(self, key: tuple[str, str, str], founded: date, ended: date | None, members: int, workers: int) -> None:
        self.starts[key].append((founded, members, workers))
        if ended is not None:
            self.ends[key].append((ended, members, workers))

    def keys(self, era: str) -> list[str]:
        return sorted({code for e, code, _ in self.starts if e == era})

    def _index(self, key: tuple[str, str, str]):
        if key not in self._ready:
            s, e = sorted(self.starts.get(key, [])), sorted(self.ends.get(key, []))
            self._ready[key] = ([d for d, _, _ in s], [0, *accumulate(m for _, m, _ in s)], [0, *accumulate(w for _, _, w in s)],
                                [d for d, _, _ in e], [0, *accumulate(m for _, m, _ in e)], [0, *accumulate(w for _, _, w in e)])
        return self._ready[key]

    def existing(self, key: tuple[str, str, str], day: date) -> tuple[int, int, int]:
        """(organisations, members, workers) founded on or before ``day`` and not ended by then."""
        sd, sm, sw, ed, em, ew = self._index(key)
        i, j = bisect.bisect_right(sd, day), bisect.bisect_right(ed, day)
        return i - j, sm[i] - em[j], sw[i] - ew[j]

    def founded(self, key: tuple[str, str, str], start: date, end: date) -> int:
        sd = self._index(key)[0]
        return bisect.bisect_right(sd, end) - bisect.bisect_left(sd, start)


def _day_between(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def _weighted(rng: random.Random, table: dict[str, int]) -> str:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _founding(rng: random.Random, p: dict[str, Any]) -> date:
    if rng.random() < p["founded_before_2015"]:
        return _day_between(rng, date(p["first_founding_year"], 1, 1), date(2014, 12, 31))
    span = (END - date(2015, 1, 1)).days
    return date(2015, 1, 1) + timedelta(days=int(span * rng.random() ** 0.8))  # more foundings lately


def _lifecycle(rng: random.Random, founded: date, rates: dict[str, float]) -> tuple[list[Event], bool]:
    """Events after founding (up to END) and whether the last one is a merger."""
    events = [Event("founded", founded)]
    r = rng.random()
    merged = False
    cut = rates["dissolved"]
    if r < cut:
        if founded.year < 2015 and rng.random() < rates["dissolved_in_2015_2017_if_old"]:
            on = _day_between(rng, date(2015, 1, 1), date(2017, 12, 31))
        else:
            on = founded + timedelta(days=rng.randrange(365, 4000))
        events.append(Event("dissolved", on))
    elif r < (cut := cut + rates["merged"]):
        events.append(Event("merged", founded + timedelta(days=rng.randrange(365, 3000))))
        merged = True
    elif r < (cut := cut + rates["suspended"]):
        on = founded + timedelta(days=rng.randrange(180, 2500))
        events.append(Event("suspended", on))
        if rng.random() < rates["resumed_after_suspension"]:
            events.append(Event("resumed", on + timedelta(days=rng.randrange(90, 700))))
    elif r < cut + rates["stopped"]:
        events.append(Event("stopped", founded + timedelta(days=rng.randrange(180, 2500))))
    kept = [e for e in events if e.on <= END]
    return kept, merged and len(kept) == len(events)


def _money(x: float) -> int:
    """Whole millions of đồng."""
    return int(x // 1_000_000) * 1_000_000


def _sizes(rng: random.Random, kind: str) -> dict[str, int | None]:
    if kind == "THT":
        members, capital = rng.randint(5, 30), None
    elif kind == "QTDND":
        members, capital = rng.randint(300, 3000), _money(rng.lognormvariate(math.log(3e9), 0.6))
    elif kind == "LHHTX":
        members, capital = rng.randint(3, 15), _money(rng.lognormvariate(math.log(5e9), 0.7))
    else:
        members, capital = int(rng.lognormvariate(math.log(25), 0.8)) + 7, _money(rng.lognormvariate(math.log(8e8), 1.0))
    return {"members": members, "charter_capital": capital, "workers": rng.randint(2, 12 if kind == "THT" else 60),
            "managers_higher": rng.randint(0, 3), "managers_vocational": rng.randint(0, 3),
            "managers_untrained": rng.randint(0, 2)}


def _places(gaz: Gazetteer, code: str) -> list[tuple[str, str, str | None, str | None]]:
    """(new commune, its short name, an old commune it came from, that commune's old province) of a province."""
    out = []
    for new in sorted(gaz.communes("new", code), key=lambda u: u.code):
        olds = [u for u, _ in gaz.predecessors(new) if u.level == "commune"]
        old_provinces = sorted({u.province_code for u, _ in gaz.predecessors(new)})
        out.append((new.code, new.short_name, olds[0].code if olds else None, old_provinces[0] if old_provinces else None))
        for extra in olds[1:]:
            out.append((new.code, new.short_name, extra.code, extra.province_code))
    return out


def province_batch(gaz: Gazetteer, plan: Plan, code: str, first_id: int, tally: Tally | None = None) -> Batch:
    """All registry rows of one new-era province; organisation ids start at ``first_id``."""
    p = profile()
    rates = p["rates"]
    rng = random.Random(f"{plan.seed}:{code}")
    places = _places(gaz, code)
    batch = Batch(code)
    t = batch.tables
    next_id = first_id
    by_kind: dict[str, list[int]] = defaultdict(list)
    seq = 0
    for kind, n in plan.counts(gaz, code).items():
        for _ in range(n):
            seq += 1
            org_id, next_id = next_id, next_id + 1
            commune, commune_name, old_commune, old_province = rng.choice(places)
            sector = _weighted(rng, p["sectors"][kind])
            founded = _founding(rng, p)
            events, merged = _lifecycle(rng, founded, rates)
            target = rng.choice(by_kind[kind]) if merged and by_kind[kind] else None
            if merged and target is None:
                events[-1] = Event("dissolved", events[-1].on)
            ended = events[-1].on if events[-1].kind in ("dissolved", "merged") else None
            sizes = _sizes(rng, kind)
            name = f"{p['name_prefix'][kind]} {rng.choice(p['name_stems'])} {commune_name} {seq} {p['name_marker']}"
            t["organisation"].append({
                "id": org_id, "kind": kind, "name": name, "code": f"SYN{code}{KIND_LETTER[kind]}{seq:06d}",
                "tax_code": None, "commune_code": commune, "province_code": code, "old_commune_code": old_commune,
                "old_province_code": old_province, "sector": sector, "founded_on": founded, **sizes,
                "origin": "synthetic",
            })
            for e in events:
                t["org_event"].append({"organisation_id": org_id, "kind": e.kind, "on": e.on,
                                       "merged_into_id": target if e.kind == "merged" else None, "note": None})
            for iv in intervals(events):
                t["org_status"].append({"organisation_id": org_id, "status": iv.status, "valid_from": iv.valid_from,
                                        "valid_to": iv.valid_to})
            if kind != "THT":
                _years(rng, p, t["org_year"], org_id, kind, founded, ended)
                _membership(rng, rates, t["alliance_membership"], org_id, founded, ended)
            by_kind[kind].append(org_id)
            if tally is not None:
                members, workers = int(sizes["members"] or 0), int(sizes["workers"] or 0)
                tally.add(("new", code, SUBJECT[kind]), founded, ended, members, workers)
                if old_province:
                    tally.add(("old", old_province, SUBJECT[kind]), founded, ended, members, workers)
    for union in by_kind["LHHTX"]:
        pool = by_kind["HTX"]
        for member in rng.sample(pool, min(len(pool), rng.randint(3, 12))):
            t["union_member"].append({"union_id": union, "member_id": member, "joined_on": None})
    return batch


def _years(rng: random.Random, p: dict[str, Any], rows: list[Row], org_id: int, kind: str,
           founded: date, ended: date | None) -> None:
    median = {"QTDND": 15e9, "LHHTX": 20e9}.get(kind, 2.5e9)
    base = rng.lognormvariate(math.log(median), 0.9)
    for year in range(max(FIRST_FIGURE_YEAR, founded.year), LAST_FIGURE_YEAR + 1):
        year_end = date(year, 12, 31)
        if founded > year_end or (ended is not None and ended <= year_end):
            continue
        revenue = _money(base * 1.06 ** (year - FIRST_FIGURE_YEAR) * rng.uniform(0.8, 1.2))
        rows.append({"organisation_id": org_id, "year": year, "classification": _weighted(rng, p["classification"]),
                     "revenue": revenue, "profit": _money(revenue * rng.uniform(-0.04, 0.12)),
                     "income_avg": _money(rng.uniform(3.5e6, 9e6))})


def _membership(rng: random.Random, rates: dict[str, float], rows: list[Row], org_id: int,
                founded: date, ended: date | None) -> None:
    if rng.random() >= rates["alliance_member"]:
        return
    joined = founded + timedelta(days=rng.randrange(30, 700))
    if joined > END or (ended is not None and ended <= joined):
        return
    rows.append({"organisation_id": org_id, "member_type": "official" if rng.random() < rates["alliance_official"] else "associate",
                 "joined_on": joined, "left_on": ended})


# --- report facts ------------------------------------------------------------------------

def _quarters() -> list[Period]:
    out, q = [], FIRST_REPORT
    while q <= LAST_REPORT:
        out.append(q)
        q = Period(q.year + q.index // 4, "quarter", q.index % 4 + 1)
    return out


def _fact(indicator: str, value: int | Decimal, unit: str, dims: dict[str, str], era: str, code: str,
          as_of: date | None, period: str | None, note: str) -> Row:
    _check_shape(indicator, tuple(sorted(dims.items())), unit)
    return {"indicator": indicator, "dims": dims, "unit": unit, "kind": "actual", "value": Decimal(value),
            "place_era": era, "place_level": "province", "place_code": code, "as_of": as_of, "period": period,
            "source_kind": "synthetic", "document_id": None, "quote": None, "start": None, "end": None,
            "entered_by": None, "note": note, "approximate": False, "review": "accepted", "reviewed_by": None,
            "reviewed_at": None, "published": True}


@cache
def _check_shape(indicator: str, dims: tuple[tuple[str, str], ...], unit: str) -> None:
    Fact(indicator, 0, unit, dict(dims))  # raises VocabularyError on a shape the vocabulary does not know


def report_facts(tally: Tally, seed: int) -> Batch:
    """The facts of the quarterly reports: old provinces before July 2025, new ones after."""
    note = profile()["fact_note"]
    batch = Batch("")
    rows = batch.tables["fact"]
    for q in _quarters():
        era = "old" if q.start < REFORM else "new"
        for code in tally.keys(era):
            rng = random.Random(f"{seed}:report:{era}:{code}:{q.code}")

            def noisy(v: int, rng: random.Random = rng) -> int:
                return max(0, round(v * rng.uniform(0.97, 1.03)))

            day = q.end
            for subject in ("tht", "htx", "lhhtx"):
                n, members, workers = tally.existing((era, code, subject), day)
                rows.append(_fact(f"{subject}.count", noisy(n), "unit", {}, era, code, day, None, note))
                if subject == "lhhtx":
                    continue
                rows.append(_fact(f"{subject}.members", noisy(members), "member", {}, era, code, day, None, note))
                rows.append(_fact(f"{subject}.count", noisy(tally.founded((era, code, subject), q.start, q.end)),
                                  "unit", {"flow": "founded"}, era, code, None, q.code, note))
                if subject == "htx":
                    rows.append(_fact("htx.workers", noisy(workers), "person", {}, era, code, day, None, note))
                    rows.append(_fact("htx.count", noisy(round(n * rng.uniform(0.86, 0.95))), "unit",
                                      {"status": "active"}, era, code, day, None, note))
                    share = Decimal(rng.randint(5500, 7000)) / 100
                    rows.append(_fact("htx.count", share, "percent", {"sector": "agriculture"}, era, code, day, None, note))
    return batch


def plan_targets(tally: Tally, seed: int, batch: Batch) -> None:
    """Yearly plan targets (chỉ tiêu kế hoạch) of each province, set in January by the province of the day.

    Targets scatter around what then happened (a founding target 20 % under to 30 % over the
    foundings of the year), so attainment is sometimes above, sometimes under 100 %.
    """
    rows = batch.tables["plan_target"]
    for era, years in PLAN_YEARS.items():
        for code in tally.keys(era):
            for year in years:
                rng = random.Random(f"{seed}:plan:{era}:{code}:{year}")
                start, end = date(year, 1, 1), date(year, 12, 31)

                def target(indicator: str, value: float, unit: str, dims: dict[str, str],
                           rng: random.Random = rng, code: str = code, era: str = era, year: int = year) -> None:
                    _check_shape(indicator, tuple(sorted(dims.items())), unit)
                    rows.append({"place_era": era, "place_level": "province", "place_code": code, "period": str(year),
                                 "indicator": indicator, "dims": dims,
                                 "dims_key": ";".join(f"{k}={v}" for k, v in sorted(dims.items())), "unit": unit,
                                 "value": Decimal(max(1, round(value))), "entered_by": SYNTHETIC_AUTHOR})

                for subject in ("htx", "tht"):
                    founded = tally.founded((era, code, subject), start, end)
                    target(f"{subject}.count", founded * rng.uniform(0.8, 1.3), "unit", {"flow": "founded"})
                n, members, _ = tally.existing((era, code, "htx"), end)
                target("htx.count", n * rng.uniform(0.97, 1.08), "unit", {})
                target("htx.members", members * rng.uniform(0.95, 1.1), "member", {})


def generate(gaz: Gazetteer, plan: Plan, first_id: int = 1) -> Iterator[Batch]:
    """Province batches in code order, then the report facts and plan targets batch."""
    tally = Tally()
    next_id = first_id
    for code in plan.provinces(gaz):
        batch = province_batch(gaz, plan, code, next_id, tally)
        next_id += len(batch.tables["organisation"])
        yield batch
    last = report_facts(tally, plan.seed)
    plan_targets(tally, plan.seed, last)
    yield last
