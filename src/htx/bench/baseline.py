"""The plain pandas baseline: read the registry's raw rows and group them by province with pandas.

It computes the same registry aggregates as ``national_figures`` (counts by status and
sector, sums, flows, classes and revenue/profit totals, alliance members) for each period,
so the ratio of the two times says what the summary tables buy. pandas is imported lazily
(it is a bench-only dependency).
"""

from __future__ import annotations

import time
from typing import Any

from htx.stats.periods import Period

MEASURES = ["members", "workers", "charter_capital", "managers_higher", "managers_vocational", "managers_untrained"]


def read_raw(url: str) -> dict[str, Any]:
    """The raw tables the figures come from, as DataFrames (dates as datetime64)."""
    import pandas as pd
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            org = pd.read_sql(f"SELECT id, province_code, kind, sector, {', '.join(MEASURES)} FROM organisation", conn)
            st = pd.read_sql("SELECT organisation_id, status, valid_from, valid_to FROM org_status", conn)
            ev = pd.read_sql("SELECT organisation_id, kind AS event, \"on\" FROM org_event "
                             "WHERE kind IN ('founded', 'dissolved', 'merged')", conn)
            yr = pd.read_sql("SELECT organisation_id, year, classification, revenue, profit FROM org_year", conn)
            am = pd.read_sql("SELECT organisation_id, member_type, joined_on, left_on FROM alliance_membership", conn)
    finally:
        engine.dispose()
    for df, cols in ((st, ["valid_from", "valid_to"]), (ev, ["on"]), (am, ["joined_on", "left_on"])):
        for c in cols:
            df[c] = pd.to_datetime(df[c])
    return {"org": org.set_index("id"), "st": st, "ev": ev, "yr": yr, "am": am}


def aggregate(raw: dict[str, Any], period: Period) -> dict[str, Any]:
    """Every registry aggregate of one period for all provinces, by pandas group-by."""
    import pandas as pd

    org, st, ev, yr, am = raw["org"], raw["st"], raw["ev"], raw["yr"], raw["am"]
    day = pd.Timestamp(period.end)
    start = pd.Timestamp(period.start)
    year = period.report_year
    cur = st[(st.valid_from <= day) & (st.valid_to.isna() | (st.valid_to > day))].join(org, on="organisation_id")
    counts = cur.groupby(["province_code", "kind", "status", "sector"]).size()
    alive = cur[cur.status != "dissolved"]
    sums = alive.groupby(["province_code", "kind"])[MEASURES].agg(["sum", "count"])
    flows = (ev[(ev["on"] >= start) & (ev["on"] <= day)].join(org, on="organisation_id")
             .groupby(["province_code", "kind", "event", "sector"]).size())
    y = yr[yr.year == year].join(org, on="organisation_id")
    classes = y.groupby(["province_code", "kind", "classification"]).size()
    money = y.groupby(["province_code", "kind"])[["revenue", "profit"]].agg(["sum", "count"])
    members = am[(am.joined_on <= day) & (am.left_on.isna() | (am.left_on > day))].join(org, on="organisation_id")
    alliance = members.groupby(["province_code", "member_type"]).size()
    return {"counts": counts, "sums": sums, "flows": flows, "classes": classes, "money": money, "alliance": alliance}


def existing_by_province(result: dict[str, Any]) -> dict[str, int]:
    """Organisations existing (not dissolved) per province: a check against ``national_figures``."""
    counts = result["counts"]
    alive = counts[counts.index.get_level_values("status") != "dissolved"]
    return {str(k): int(v) for k, v in alive.groupby(level="province_code").sum().items()}


def timed(url: str, periods: list[Period]) -> tuple[float, float, dict[str, Any]]:
    """(seconds to read + aggregate, seconds to aggregate only, the first period's result)."""
    t0 = time.perf_counter()
    raw = read_raw(url)
    t1 = time.perf_counter()
    results = [aggregate(raw, p) for p in periods]
    t2 = time.perf_counter()
    return t2 - t0, t2 - t1, results[0]

