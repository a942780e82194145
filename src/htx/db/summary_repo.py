"""National-scale storage: bulk loading of synthetic data and the national report's figures in few queries.

``national_figures`` gives, for every province of an era, exactly the facts
``FigureService.figures`` gives for that province (a test checks it on both databases), but
with one grouped query per aggregate for all provinces together instead of one set of
queries per province: 8 queries instead of 34 × 8 (see ``docs/performance.md``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.orm import Session, sessionmaker

from htx.db import facts_repo
from htx.db.models import (
    AllianceMembership,
    FactRow,
    Organisation,
    OrgEvent,
    OrgYear,
    StatusInterval,
    UnionMember,
)
from htx.db.models_summary import (
    SummaryAlliance,
    SummaryDirty,
    SummaryFlow,
    SummaryStatus,
    SummaryYear,
)
from htx.db.registry_repo import status_subquery
from htx.geo import gazetteer
from htx.stats import derive
from htx.stats.facts import Fact, Place
from htx.stats.figures import REFORM, merge, rehome_old
from htx.stats.periods import Period

SYNTHETIC = "synthetic"
TABLES: dict[str, type[Any]] = {
    "organisation": Organisation, "org_event": OrgEvent, "org_status": StatusInterval, "org_year": OrgYear,
    "alliance_membership": AllianceMembership, "union_member": UnionMember, "fact": FactRow,
}
# Insert order (parents first).
ORDER = ("organisation", "org_event", "org_status", "org_year", "alliance_membership", "union_member", "fact")


# --- bulk loading ------------------------------------------------------------------------

def synthetic_counts(session: Session) -> tuple[int, int]:
    """(synthetic organisations, synthetic facts) already in the database."""
    orgs = session.scalar(select(func.count()).select_from(Organisation).where(Organisation.origin == SYNTHETIC))
    facts = session.scalar(select(func.count()).select_from(FactRow).where(FactRow.source_kind == SYNTHETIC))
    return int(orgs or 0), int(facts or 0)


def next_organisation_id(session: Session) -> int:
    return int(session.scalar(select(func.max(Organisation.id))) or 0) + 1


def delete_synthetic(session: Session) -> None:
    """Remove synthetic organisations (children first, no per-row cascades) and synthetic facts."""
    ids = select(Organisation.id).where(Organisation.origin == SYNTHETIC).scalar_subquery()
    session.execute(delete(FactRow).where(FactRow.source_kind == SYNTHETIC))
    session.execute(delete(UnionMember).where(or_(UnionMember.union_id.in_(ids), UnionMember.member_id.in_(ids))))
    session.execute(delete(AllianceMembership).where(AllianceMembership.organisation_id.in_(ids)))
    session.execute(delete(OrgYear).where(OrgYear.organisation_id.in_(ids)))
    session.execute(delete(StatusInterval).where(StatusInterval.organisation_id.in_(ids)))
    session.execute(delete(OrgEvent).where(or_(OrgEvent.organisation_id.in_(ids), OrgEvent.merged_into_id.in_(ids))))
    session.execute(delete(Organisation).where(Organisation.origin == SYNTHETIC))


def insert_rows(session: Session, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Insert dict rows into ``table`` in bulk: COPY on PostgreSQL, executemany elsewhere."""
    if not rows:
        return 0
    if table == "fact":
        rows = [{**r, "dims_key": facts_repo.dims_key(r["dims"])} for r in rows]
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        cols = list(rows[0])
        raw = conn.connection.dbapi_connection
        assert raw is not None
        names = ", ".join(f'"{c}"' for c in cols)
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in r.values()])
    else:
        session.execute(insert(TABLES[table]), list(rows))
    return len(rows)


def fix_sequences(session: Session) -> None:
    """After inserting explicit organisation ids, move PostgreSQL's id sequence past them."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT setval(pg_get_serial_sequence('organisation', 'id'), "
                             "COALESCE((SELECT max(id) FROM organisation), 1))"))


def analyze(session: Session) -> None:
    """Refresh the planner's statistics after a bulk load."""
    session.execute(text("ANALYZE"))


# --- summary tables ----------------------------------------------------------------------

def _province_col(era: str) -> Any:
    return Organisation.province_code if era == "new" else Organisation.old_province_code


def _month(col: Any) -> Any:
    """Month index ``year × 12 + month − 1`` of a date column, in SQL."""
    twelve: Any = literal_column("12")  # inline, so GROUP BY repeats the same text
    one: Any = literal_column("1")
    return cast(extract("year", col) * twelve + extract("month", col) - one, Integer)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


MEASURES = ("members", "workers", "charter_capital", "managers_higher", "managers_vocational", "managers_untrained")
SUMMARIES: tuple[type[Any], ...] = (SummaryStatus, SummaryFlow, SummaryYear, SummaryAlliance)


def _build(session: Session, era: str, codes: list[str]) -> None:
    """Insert the summary rows of the given provinces of ``era`` (their old rows already deleted)."""
    o, st, prov = Organisation, StatusInterval, _province_col(era)
    label = literal(era, String).label("era")
    keys = [label, prov.label("province_code"), o.kind, st.status, o.sector]
    values = [func.coalesce(getattr(o, m), 0).label(m) for m in MEASURES]
    present = [case((getattr(o, m).is_not(None), 1), else_=0).label(f"{m}_n") for m in MEASURES]
    cond = [prov.in_(codes), or_(st.valid_to.is_(None), st.valid_to > st.valid_from)]
    plus = (select(*keys, _month(st.valid_from).label("month"), literal(1, Integer).label("sign"), *values, *present)
            .join(st, st.organisation_id == o.id).where(*cond))
    minus = (select(*keys, _month(st.valid_to).label("month"), literal(-1, Integer).label("sign"), *values, *present)
             .join(st, st.organisation_id == o.id).where(*cond, st.valid_to.is_not(None)))
    u = union_all(plus, minus).subquery()
    names = [*MEASURES, *(f"{m}_n" for m in MEASURES)]
    group = [u.c.era, u.c.province_code, u.c.kind, u.c.status, u.c.sector, u.c.month]
    agg = select(*group, func.sum(u.c.sign), *[func.sum(u.c.sign * u.c[n]) for n in names]).group_by(*group)
    session.execute(insert(SummaryStatus).from_select(
        ["era", "province_code", "kind", "status", "sector", "month", "n", *names], agg))

    ev = OrgEvent
    flows = (select(label, prov, o.kind, ev.kind, o.sector, _month(ev.on), func.count())
             .join(ev, ev.organisation_id == o.id)
             .where(prov.in_(codes), ev.kind.in_(("founded", "dissolved", "merged")))
             .group_by(prov, o.kind, ev.kind, o.sector, _month(ev.on)))
    session.execute(insert(SummaryFlow).from_select(
        ["era", "province_code", "kind", "event", "sector", "month", "n"], flows))

    y = OrgYear
    years = (select(label, prov, o.kind, y.year, y.classification, func.count(), func.coalesce(func.sum(y.revenue), 0),
                    func.count(y.revenue), func.coalesce(func.sum(y.profit), 0), func.count(y.profit))
             .join(y, y.organisation_id == o.id).where(prov.in_(codes))
             .group_by(prov, o.kind, y.year, y.classification))
    session.execute(insert(SummaryYear).from_select(
        ["era", "province_code", "kind", "year", "classification", "n", "revenue", "revenue_n", "profit", "profit_n"],
        years))

    am = AllianceMembership
    acond = [prov.in_(codes), or_(am.left_on.is_(None), am.left_on > am.joined_on)]
    a_plus = (select(label, prov.label("province_code"), am.member_type, _month(am.joined_on).label("month"),
                     literal(1, Integer).label("sign")).join(o, o.id == am.organisation_id).where(*acond))
    a_minus = (select(label, prov.label("province_code"), am.member_type, _month(am.left_on).label("month"),
                      literal(-1, Integer).label("sign")).join(o, o.id == am.organisation_id)
               .where(*acond, am.left_on.is_not(None)))
    ua = union_all(a_plus, a_minus).subquery()
    agroup = [ua.c.era, ua.c.province_code, ua.c.member_type, ua.c.month]
    session.execute(insert(SummaryAlliance).from_select(
        ["era", "province_code", "member_type", "month", "n"],
        select(*agroup, func.sum(ua.c.sign)).group_by(*agroup)))


def _only(table: Any, era: str, codes: list[str] | None) -> list[Any]:
    """Rows of ``era`` (and of ``codes``). For all provinces the era test is wrapped (``era || ''``) so the
    database scans the table instead of following the per-province index over half its rows."""
    if codes is None:
        return [table.era.concat("") == era]
    return [table.era == era, table.province_code.in_(codes)]


def refresh_summary(session: Session) -> int:
    """Rebuild the summary rows of the provinces marked dirty by the triggers; the number rebuilt.

    Marks are taken (deleted) before rebuilding, so a write committed meanwhile leaves its
    own mark for the next reader. On PostgreSQL an advisory lock keeps refreshes one at a time.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(73110003)"))
    dirty = session.execute(delete(SummaryDirty).returning(SummaryDirty.era, SummaryDirty.province_code)).all()
    for era in ("new", "old"):
        codes = sorted({c for e, c in dirty if e == era})
        for i in range(0, len(codes), 200):
            chunk = codes[i:i + 200]
            for table in SUMMARIES:
                session.execute(delete(table).where(table.era == era, table.province_code.in_(chunk)))
            _build(session, era, chunk)
    return len(dirty)


def _summary_rows(session: Session, era: str, period: Period,
                  codes: list[str] | None = None) -> dict[str, dict[str, list[Any]]]:
    """Per province (all, or ``codes``), the rows of every registry aggregate of ``derived_facts``, from the summary."""
    m, year = month_index(period.end), (period.year if period.kind == "year" else period.year - 1)
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    S = SummaryStatus
    # one scan gives the counts by status × sector and, summed over the non-dissolved ones, the sums
    q: Any = (select(S.province_code, S.kind, S.status, S.sector, func.sum(S.n),
                     *[func.sum(getattr(S, c)) for c in MEASURES], *[func.sum(getattr(S, f"{c}_n")) for c in MEASURES])
              .where(*_only(S, era, codes), S.month <= m).group_by(S.province_code, S.kind, S.status, S.sector)
              .having(func.sum(S.n) > 0))
    k_ = len(MEASURES)
    sums: dict[tuple[str, str], list[int]] = {}
    for row in session.execute(q):
        v: list[Any] = list(row)
        code, k, status, sector, n = v[:5]
        out[code]["counts"].append((k, status, sector, int(n)))
        if status != "dissolved":
            acc = sums.setdefault((code, k), [0] * (2 * k_))
            for i in range(2 * k_):
                acc[i] += int(v[5 + i] or 0)
    for (code, k), acc in sums.items():
        out[code]["sums"].append((k, {c: (acc[i] if acc[k_ + i] else None) for i, c in enumerate(MEASURES)}))
    F = SummaryFlow
    q = (select(F.province_code, F.kind, F.event, F.sector, func.sum(F.n))
         .where(*_only(F, era, codes), F.month >= month_index(period.start), F.month <= m)
         .group_by(F.province_code, F.kind, F.event, F.sector).having(func.sum(F.n) > 0))
    for code, k, e, sector, n in session.execute(q):
        out[code]["flows"].append((k, e, sector, int(n)))
    Y = SummaryYear
    q = (select(Y.province_code, Y.kind, Y.classification, func.sum(Y.n), func.sum(Y.revenue), func.sum(Y.revenue_n),
                func.sum(Y.profit), func.sum(Y.profit_n))
         .where(*_only(Y, era, codes), Y.year == year).group_by(Y.province_code, Y.kind, Y.classification))
    averages: dict[tuple[str, str], list[Any]] = {}
    for code, k, cls, n, rev, rev_n, prof, prof_n in session.execute(q):
        if cls is not None:
            out[code]["classes"].append((k, cls, int(n)))
        a = averages.setdefault((code, k), [None, None, 0])
        if rev_n:
            a[0] = (a[0] or 0) + int(rev)
        if prof_n:
            a[1] = (a[1] or 0) + int(prof)
        a[2] += int(rev_n)
    for (code, k), (rev, prof, n_rev) in averages.items():
        out[code]["averages"].append((k, rev, prof, n_rev))
    A = SummaryAlliance
    q = (select(A.province_code, A.member_type, func.sum(A.n)).where(*_only(A, era, codes), A.month <= m)
         .group_by(A.province_code, A.member_type).having(func.sum(A.n) > 0))
    for code, t, n in session.execute(q):
        out[code]["alliance"].append((t, int(n)))
    return out


# --- national figures: the registry queried directly, grouped by province (measured, not used) ----

def _grouped(session: Session, era: str, period: Period) -> dict[str, dict[str, list[Any]]]:
    """Per province, the rows of every registry aggregate of ``derived_facts`` (one query each)."""
    day, prov = period.end, _province_col(era)
    st = status_subquery(day)
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    q = (select(prov, Organisation.kind, st.c.status, Organisation.sector, func.count())
         .join(st, st.c.organisation_id == Organisation.id)
         .group_by(prov, Organisation.kind, st.c.status, Organisation.sector))
    for code, k, s, sec, n in session.execute(q):
        out[code]["counts"].append((k, s, sec, int(n)))
    q = (select(prov, Organisation.kind, OrgEvent.kind, Organisation.sector, func.count())
         .join(OrgEvent, OrgEvent.organisation_id == Organisation.id)
         .where(OrgEvent.on >= period.start, OrgEvent.on <= period.end,
                OrgEvent.kind.in_(("founded", "dissolved", "merged")))
         .group_by(prov, Organisation.kind, OrgEvent.kind, Organisation.sector))
    for code, k, e, sec, n in session.execute(q):
        out[code]["flows"].append((k, e, sec, int(n)))
    cols = {"members": Organisation.members, "workers": Organisation.workers,
            "charter_capital": Organisation.charter_capital, "managers_higher": Organisation.managers_higher,
            "managers_vocational": Organisation.managers_vocational,
            "managers_untrained": Organisation.managers_untrained}
    q = (select(prov, Organisation.kind, *[func.sum(c) for c in cols.values()], *[func.count(c) for c in cols.values()])
         .join(st, st.c.organisation_id == Organisation.id)
         .where(st.c.status != "dissolved")
         .group_by(prov, Organisation.kind))
    n_cols = len(cols)
    for row in session.execute(q):
        values: list[Any] = list(row)
        sums = {name: (int(values[2 + i]) if values[2 + n_cols + i] else None) for i, name in enumerate(cols)}
        out[values[0]]["sums"].append((values[1], sums))
    year = period.year if period.kind == "year" else period.year - 1
    q = (select(prov, Organisation.kind, OrgYear.classification, func.count(), func.sum(OrgYear.revenue),
                func.sum(OrgYear.profit), func.count(OrgYear.revenue))
         .join(OrgYear, OrgYear.organisation_id == Organisation.id)
         .where(OrgYear.year == year)
         .group_by(prov, Organisation.kind, OrgYear.classification))
    averages: dict[tuple[str, str], list[int | None]] = {}
    for code, k, cls, n, rev, prof, n_rev in session.execute(q):
        if cls is not None:
            out[code]["classes"].append((k, cls, int(n)))
        a = averages.setdefault((code, k), [None, None, 0])
        if rev is not None:
            a[0] = (a[0] or 0) + int(rev)
        if prof is not None:
            a[1] = (a[1] or 0) + int(prof)
        a[2] = int(a[2] or 0) + int(n_rev)
    for (code, k), (rev, prof, n_rev) in averages.items():
        out[code]["averages"].append((k, rev, prof, n_rev or 0))
    q = (select(prov, AllianceMembership.member_type, func.count())
         .join(Organisation, Organisation.id == AllianceMembership.organisation_id)
         .where(AllianceMembership.joined_on <= day,
                or_(AllianceMembership.left_on.is_(None), AllianceMembership.left_on > day))
         .group_by(prov, AllianceMembership.member_type))
    for code, t, n in session.execute(q):
        out[code]["alliance"].append((t, int(n)))
    return out


def _derived(rows: dict[str, list[Any]], place: Place, period: Period) -> list[Fact]:
    """The same facts as ``htx.stats.figures.derived_facts`` from pre-grouped rows."""
    day = period.end
    year = period.year if period.kind == "year" else period.year - 1
    out: list[Fact] = []
    out += derive.count_facts(rows.get("counts", []), place, day)
    out += derive.flow_facts(rows.get("flows", []), place, period.code)
    out += derive.sum_facts(rows.get("sums", []), place, day)
    out += derive.class_facts(rows.get("classes", []), place, year)
    out += derive.average_facts(rows.get("averages", []), place, year)
    out += derive.alliance_facts(rows.get("alliance", []), place, day)
    return out


def _stored(session: Session, era: str, codes: Iterable[str], period: Period,
            published_only: bool) -> dict[str, list[tuple[int, Fact]]]:
    """Accepted stored facts (with their ids) of the provinces of ``era`` for the period (one query), by province."""
    q = select(FactRow).where(
        FactRow.place_era == era, FactRow.place_level == "province", FactRow.place_code.in_(list(codes)),
        FactRow.review == "accepted",
        or_(FactRow.period == period.code, and_(FactRow.as_of >= period.start, FactRow.as_of <= period.end)),
    )
    if published_only:
        q = q.where(FactRow.published.is_(True))
    out: dict[str, list[tuple[int, Fact]]] = defaultdict(list)
    for row in session.scalars(q.order_by(FactRow.id)):
        out[row.place_code or ""].append((row.id, facts_repo.from_row(row)))
    return out


def national_figures(factory: sessionmaker[Session], period: Period, era: str = "new",
                     published_only: bool = False, method: str = "summary",
                     provinces: list[str] | None = None) -> dict[str, list[Fact]]:
    """Figures of every province of ``era`` for ``period``: province code → the facts of ``FigureService.figures``.

    ``method="summary"`` (default) refreshes and reads the summary tables; ``"grouped"``
    queries the registry directly, one grouped query per aggregate (kept for measurements).
    ``provinces`` restricts the result to those codes (a dashboard needs one).
    """
    gaz = gazetteer()
    codes = sorted(provinces) if provinces is not None else sorted(u.code for u in gaz.provinces(era))
    with factory() as session:
        if method == "summary":
            if refresh_summary(session):
                session.commit()
            grouped = _summary_rows(session, era, period, codes if provinces is not None else None)
        else:
            grouped = _grouped(session, era, period)
        stored = _stored(session, era, codes, period, published_only)
        old_stored: dict[str, list[tuple[int, Fact]]] = {}
        if era == "new" and period.start < REFORM:
            olds = sorted({u.code for c in codes for u, _ in gaz.predecessors(gaz.unit("new", "province", c))})
            old_stored = _stored(session, "old", olds, period, published_only)
    out: dict[str, list[Fact]] = {}
    for code in codes:
        target = Place(era, "province", code)  # type: ignore[arg-type]
        facts = [f for _, f in stored.get(code, [])]
        if old_stored:
            olds = [u.code for u, _ in gaz.predecessors(gaz.unit("new", "province", code))]
            ordered = sorted((p for c in olds for p in old_stored.get(c, [])), key=lambda p: p[0])
            facts += rehome_old([f for _, f in ordered], target)
        out[code] = merge(_derived(grouped.get(code, {}), target, period), facts)
    return out


def province_figures(factory: sessionmaker[Session], place: Place, period: Period,
                     published_only: bool = False) -> list[Fact]:
    """The facts of ``FigureService.figures(place, period)`` for one province, from the summary tables."""
    if place.level != "province":
        raise ValueError(f"province_figures takes a province, got {place}")
    return national_figures(factory, period, place.era, published_only, provinces=[place.code])[place.code]


def comparison_periods(period: Period) -> list[Period]:
    """The periods a national report shows: the period, the previous one and the same one last year."""
    return [period, period.previous, period.same_last_year]
