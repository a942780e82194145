"""Summary tables (bảng tổng hợp): kept fresh, read for many provinces and periods in few scans.

Readers: ``registry_rows`` gives, for several periods at once, the pre-grouped rows every
registry aggregate needs (one scan of each summary table for all the periods), and
``registry_facts`` turns them into the same facts ``htx.stats.figures.derived_facts`` gives
(a test checks it on both databases). ``grouped_rows`` queries the registry directly, one
grouped query per aggregate; it is kept for the measurements of ``docs/performance.md``.

Freshness: triggers mark the provinces touched by any registry write in ``summary_dirty``;
``keep_fresh`` makes every session that wrote rebuild them before it commits, and
``is_stale`` tells readers (who then query the registry directly) when a write made outside
a session left marks behind.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    event,
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

from htx.db import history_repo
from htx.db.models import (
    AllianceMembership,
    Organisation,
    OrgEvent,
    OrgYear,
    StatusInterval,
)
from htx.db.models_summary import (
    SummaryAlliance,
    SummaryDirty,
    SummaryFlow,
    SummaryStatus,
    SummaryYear,
)
from htx.db.registry_repo import status_subquery
from htx.stats import derive
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

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
    # a status interval is cut where the organisation's recorded measures or sector change
    # (history_repo): each piece adds the values in force over it, so a month end sums those in force then
    ver = history_repo.versions(prov.in_(codes))
    keys = [label, prov.label("province_code"), o.kind, st.status, ver.c.sector.label("sector")]
    start = case((ver.c.v_from.is_(None), st.valid_from), (ver.c.v_from > st.valid_from, ver.c.v_from),
                 else_=st.valid_from)
    end = case((ver.c.v_to.is_(None), st.valid_to), (st.valid_to.is_(None), ver.c.v_to),
               (ver.c.v_to < st.valid_to, ver.c.v_to), else_=st.valid_to)
    values = [func.coalesce(ver.c[m], 0).label(m) for m in MEASURES]
    present = [case((ver.c[m].is_not(None), 1), else_=0).label(f"{m}_n") for m in MEASURES]
    cond = [prov.in_(codes), or_(end.is_(None), end > start)]
    overlap = and_(ver.c.organisation_id == o.id, or_(ver.c.v_to.is_(None), ver.c.v_to > st.valid_from),
                   or_(ver.c.v_from.is_(None), st.valid_to.is_(None), ver.c.v_from < st.valid_to))
    plus = (select(*keys, _month(start).label("month"), literal(1, Integer).label("sign"), *values, *present)
            .join(st, st.organisation_id == o.id).join(ver, overlap).where(*cond))
    minus = (select(*keys, _month(end).label("month"), literal(-1, Integer).label("sign"), *values, *present)
             .join(st, st.organisation_id == o.id).join(ver, overlap).where(*cond, end.is_not(None)))
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


def is_stale(session: Session) -> bool:
    """Whether some province's summary rows wait to be rebuilt (a cheap read; no lock)."""
    return session.execute(select(SummaryDirty.era).limit(1)).first() is not None


def refresh_summary(session: Session) -> int:
    """Rebuild the summary rows of the provinces marked dirty by the triggers; the number rebuilt.

    Marks are taken (deleted) before rebuilding, so a write committed meanwhile leaves its
    own mark for the next refresh. On PostgreSQL an advisory lock, held until the
    transaction ends, keeps refreshes one at a time: a second writer rebuilds only after the
    first committed, and so sees its rows.
    """
    if not is_stale(session):
        return 0
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


# --- freshness on write -----------------------------------------------------------------

_WROTE = "summary_maybe_dirty"


def _note_write(session: Session, *_: Any) -> None:
    session.info[_WROTE] = True


def _note_dml(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


def _refresh_before_commit(session: Session) -> None:
    if session.info.pop(_WROTE, False):
        refresh_summary(session)


def keep_fresh(factory: sessionmaker[Session]) -> None:
    """Make every session of ``factory`` that wrote rebuild the summary rows its writes touched, before it commits.

    One province at national scale takes 30–60 ms, paid by the writer, so readers (pages,
    the API, reports) find the summary fresh and never write. Installed on the factory (not
    on every ``Session`` of the process); sessions made elsewhere leave the triggers' marks,
    and readers then query the registry until a rebuild.
    """
    if not event.contains(factory, "before_commit", _refresh_before_commit):
        event.listen(factory, "after_flush", _note_write)
        event.listen(factory, "do_orm_execute", _note_dml)
        event.listen(factory, "before_commit", _refresh_before_commit)


# --- reading several periods in one scan -------------------------------------------------

def _scope(session: Session, table: Any, era: str,
           codes: Sequence[str] | None) -> tuple[list[Any], list[Any]]:
    """(conditions, province key columns) for all provinces (``codes=None``), some, or the country (``()``).

    For all provinces on SQLite the era test is wrapped (``era || ''``) so SQLite scans the
    table instead of following the per-province index over half its rows (250 ms against
    73 ms at national scale); PostgreSQL needs the plain test to estimate the rows and choose
    a hash aggregate (70 ms against 150–190 ms for a sort on disk).
    """
    whole = codes is None or not codes
    if whole and session.get_bind().dialect.name == "sqlite":
        cond = [table.era.concat("") == era]
    else:
        cond = [table.era == era, *([] if whole else [table.province_code.in_(list(codes or []))])]
    return cond, ([] if codes is not None and not codes else [table.province_code])


class _Segments:
    """Months cut into segments ``(cuts[j-1], cuts[j]]`` so one grouped scan serves several periods.

    A row's segment is one ``CASE`` per row; each period then adds up the segments inside its
    range in Python. (A ``SUM(CASE …)`` column per period and measure was 3× slower: 39
    conditional sums per row instead of one ``CASE`` and 13 sums.)
    """

    def __init__(self, ranges: Sequence[tuple[int | None, int]]):
        self.ranges = list(ranges)  # per period: (first month or None for "since ever", last month)
        starts = [a for a, _ in ranges if a is not None]
        self.cuts = sorted({b for _, b in ranges} | {a - 1 for a in starts})
        self.low = min(starts) - 1 if len(starts) == len(self.ranges) else None  # nothing below it is read
        self._holding = [self._periods_holding(j) for j in range(len(self.cuts))]

    def where(self, month: Any) -> list[Any]:
        return [month <= self.cuts[-1], *([month > self.low] if self.low is not None else [])]

    def index(self, month: Any) -> Any:
        return case(*[(month <= c, j) for j, c in enumerate(self.cuts)], else_=len(self.cuts)).label("segment")

    def periods_of(self, j: int) -> list[int]:
        """Indexes of the periods whose range holds segment ``j`` (computed once per segment)."""
        return self._holding[j]

    def _periods_holding(self, j: int) -> list[int]:
        top, bottom = self.cuts[j], (self.cuts[j - 1] if j else None)
        return [i for i, (a, b) in enumerate(self.ranges)
                if top <= b and (a is None or (bottom is not None and bottom >= a - 1))]


def _scan(session: Session, table: Any, era: str, codes: Sequence[str] | None, segments: _Segments,
          keys: Sequence[str], values: Sequence[str], extra: Sequence[Any] = ()) -> list[tuple[str, tuple, list[list[int]]]]:
    """Rows (province, keys, per period the sums of ``values``) of ``table`` for the periods of ``segments``."""
    cond, where_key = _scope(session, table, era, codes)
    inner = (select(*where_key, *[getattr(table, k) for k in keys], segments.index(table.month),
                    *[getattr(table, v) for v in values])
             .where(*cond, *segments.where(table.month), *extra).subquery())
    group = [*([inner.c.province_code] if where_key else []), *[inner.c[k] for k in keys], inner.c.segment]
    q = select(*group, *[func.sum(inner.c[v]) for v in values]).group_by(*group)
    acc: dict[tuple[str, tuple], list[list[int]]] = {}
    width, n_key = len(values), len(group) - 1
    for row in session.execute(q):
        code = row[0] if where_key else ""
        k = tuple(row[1 if where_key else 0:n_key])
        sums = [int(x or 0) for x in row[n_key + 1:]]
        per = acc.setdefault((code, k), [[0] * width for _ in segments.ranges])
        for i in segments.periods_of(row[n_key]):
            target = per[i]
            for j, x in enumerate(sums):
                target[j] += x
    return [(code, k, per) for (code, k), per in acc.items()]


Rows = dict[str, dict[str, list[Any]]]


def registry_rows(session: Session, era: str, periods: Sequence[Period],
                  codes: Sequence[str] | None = None) -> list[Rows]:
    """For each period, per province, the rows of every registry aggregate of ``derived_facts``.

    One scan of each summary table serves all the periods (see ``_Segments``). ``codes``: the
    provinces (``None``: all of the era; ``()``: the whole country, keyed ``""``).
    """
    out: list[Rows] = [defaultdict(lambda: defaultdict(list)) for _ in periods]
    if codes is None and session.get_bind().dialect.name == "postgresql":
        # the grouping of ~80,000 summary rows fits in memory as a hash table (the 4 MB default spills a sort to disk)
        session.execute(text("SET LOCAL work_mem = '64MB'"))
    stocks = _Segments([(None, month_index(p.end)) for p in periods])
    k_ = len(MEASURES)
    names = ["n", *MEASURES, *(f"{m}_n" for m in MEASURES)]
    sums: list[dict[tuple[str, str], list[int]]] = [{} for _ in periods]
    for code, (k, status, sector), per in _scan(session, SummaryStatus, era, codes, stocks,
                                                ("kind", "status", "sector"), names):
        for i, v in enumerate(per):
            if v[0] <= 0:
                continue
            out[i][code]["counts"].append((k, status, sector, v[0]))
            if status != "dissolved":
                a = sums[i].setdefault((code, k), [0] * (2 * k_))
                for j in range(2 * k_):
                    a[j] += v[1 + j]
    for i, by_kind in enumerate(sums):
        for (code, k), a in by_kind.items():
            out[i][code]["sums"].append((k, {c: (a[j] if a[k_ + j] else None) for j, c in enumerate(MEASURES)}))
    flows = _Segments([(month_index(p.start), month_index(p.end)) for p in periods])
    for code, (k, e, sector), per in _scan(session, SummaryFlow, era, codes, flows, ("kind", "event", "sector"), ["n"]):
        for i, (n,) in enumerate(per):
            if n:
                out[i][code]["flows"].append((k, e, sector, n))
    for code, (t,), per in _scan(session, SummaryAlliance, era, codes, stocks, ("member_type",), ["n"]):
        for i, (n,) in enumerate(per):
            if n > 0:
                out[i][code]["alliance"].append((t, n))
    _years(session, era, periods, codes, out)
    return out


def _years(session: Session, era: str, periods: Sequence[Period], codes: Sequence[str] | None,
           out: list[Rows]) -> None:
    """Add the yearly classification counts and revenue/profit totals of each period's year to ``out``."""
    Y = SummaryYear
    cond, key = _scope(session, Y, era, codes)
    group = [*key, Y.kind, Y.year, Y.classification]
    by_year: dict[int, Rows] = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    q = (select(*group, func.sum(Y.n), func.sum(Y.revenue), func.sum(Y.revenue_n), func.sum(Y.profit),
                func.sum(Y.profit_n)).where(*cond, Y.year.in_(sorted({p.report_year for p in periods})))
         .group_by(*group))
    averages: dict[tuple[int, str, str], list[Any]] = {}
    for row in session.execute(q):
        code, (k, year, cls, n, rev, rev_n, prof, prof_n) = (row[0] if key else ""), row[len(key):]
        if cls is not None:
            by_year[year][code]["classes"].append((k, cls, int(n)))
        a = averages.setdefault((year, code, k), [None, None, 0])
        if rev_n:
            a[0] = (a[0] or 0) + int(rev)
        if prof_n:
            a[1] = (a[1] or 0) + int(prof)
        a[2] += int(rev_n)
    for (year, code, k), (rev, prof, n_rev) in averages.items():
        by_year[year][code]["averages"].append((k, rev, prof, n_rev))
    for period, rows in zip(periods, out, strict=True):
        for code, parts in by_year.get(period.report_year, {}).items():
            rows[code].update(parts)


def derived(rows: dict[str, list[Any]], place: Place, period: Period) -> list[Fact]:
    """The facts of ``htx.stats.figures.derived_facts`` from pre-grouped rows."""
    day, year = period.end, period.report_year
    out: list[Fact] = []
    out += derive.count_facts(rows.get("counts", []), place, day)
    out += derive.flow_facts(rows.get("flows", []), place, period.code)
    out += derive.sum_facts(rows.get("sums", []), place, day)
    out += derive.class_facts(rows.get("classes", []), place, year)
    out += derive.average_facts(rows.get("averages", []), place, year)
    out += derive.alliance_facts(rows.get("alliance", []), place, day)
    return out


def serves(place: Place) -> bool:
    """Places the summary answers: provinces of either era, and the country in the new era.

    (Old-era rows leave out organisations without an old province, i.e. those founded after
    the reform, which an old-era country total would count.)
    """
    return place.level == "province" or (place.level == "country" and place.era == "new")


def registry_facts(session: Session, place: Place, periods: Sequence[Period]) -> list[list[Fact]]:
    """For each period, the registry's facts of a province or of the country, from the summary."""
    if not serves(place):
        raise ValueError(f"the summary does not serve {place}")
    codes = [place.code] if place.level == "province" else []
    key = place.code if place.level == "province" else ""
    return [derived(rows.get(key, {}), place, p)
            for p, rows in zip(periods, registry_rows(session, place.era, periods, codes), strict=True)]


# --- national figures: the registry queried directly, grouped by province (measured, not used) ----

def grouped_rows(session: Session, era: str, period: Period) -> Rows:
    """Per province, the rows of every registry aggregate of ``derived_facts`` (one query each)."""
    day, prov = period.end, _province_col(era)
    st = status_subquery(day)
    out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    v_now, attrs_now = history_repo.in_force(day)
    sector = attrs_now["sector"]
    q = (select(prov, Organisation.kind, st.c.status, sector, func.count())
         .join(st, st.c.organisation_id == Organisation.id)
         .outerjoin(v_now, v_now.c.organisation_id == Organisation.id)
         .group_by(prov, Organisation.kind, st.c.status, sector))
    for code, k, s, sec, n in session.execute(q):
        out[code]["counts"].append((k, s, sec, int(n)))
    q = (select(prov, Organisation.kind, OrgEvent.kind, Organisation.sector, func.count())
         .join(OrgEvent, OrgEvent.organisation_id == Organisation.id)
         .where(OrgEvent.on >= period.start, OrgEvent.on <= period.end,
                OrgEvent.kind.in_(("founded", "dissolved", "merged")))
         .group_by(prov, Organisation.kind, OrgEvent.kind, Organisation.sector))
    for code, k, e, sec, n in session.execute(q):
        out[code]["flows"].append((k, e, sec, int(n)))
    v, attrs = history_repo.in_force(day)  # the values in force at the period's end
    cols = {m: attrs[m] for m in history_repo.MEASURES}
    q = (select(prov, Organisation.kind, *[func.sum(c) for c in cols.values()], *[func.count(c) for c in cols.values()])
         .join(st, st.c.organisation_id == Organisation.id)
         .outerjoin(v, v.c.organisation_id == Organisation.id)
         .where(st.c.status != "dissolved")
         .group_by(prov, Organisation.kind))
    n_cols = len(cols)
    for row in session.execute(q):
        values: list[Any] = list(row)
        sums = {name: (int(values[2 + i]) if values[2 + n_cols + i] else None) for i, name in enumerate(cols)}
        out[values[0]]["sums"].append((values[1], sums))
    year = period.report_year
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
