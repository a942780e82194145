"""Reads and writes of classification (phân loại HTX): rule sets, sheets, and the rows summaries need.

Also the figures provider of the feature (``figures`` / ``places_kept``, see
``htx.bootstrap.books``): ``htx.count`` by ``size`` for a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import String, and_, bindparam, case, cast, func, literal, or_, select, text
from sqlalchemy.orm import Session, aliased

from htx.classify import rules as rulebook
from htx.classify.size import size_class
from htx.classify.summary import size_facts, summarise_sizes
from htx.db.models import Organisation, OrgYear, StatusInterval
from htx.db.models_classify import ClassifyRuleSetRow, ScoreSheetRow, SheetEventRow
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

SCORED_KINDS = ("HTX", "QTDND", "LHHTX")


# --- rule sets -------------------------------------------------------------------------

def rule_sets(session: Session, kind: str | None = None) -> list[ClassifyRuleSetRow]:
    q = select(ClassifyRuleSetRow)
    if kind:
        q = q.where(ClassifyRuleSetRow.kind == kind)
    return list(session.scalars(q.order_by(ClassifyRuleSetRow.code, ClassifyRuleSetRow.version)))


def rule_set(session: Session, rule_set_id: int) -> ClassifyRuleSetRow | None:
    return session.get(ClassifyRuleSetRow, rule_set_id)


def find_rule_set(session: Session, code: str, version: int) -> ClassifyRuleSetRow | None:
    return session.scalar(select(ClassifyRuleSetRow).where(ClassifyRuleSetRow.code == code,
                                                           ClassifyRuleSetRow.version == version))


def add_rule_set(session: Session, rs: rulebook.RuleSet, content_hash: str, by: str | None) -> ClassifyRuleSetRow:
    row = ClassifyRuleSetRow(code=rs.code, version=rs.version, kind=rs.kind, title=rs.title,
                             valid_from=rs.valid_from, valid_to=rs.valid_to, body=rulebook.dump(rs),
                             content_hash=content_hash, loaded_by=by)
    session.add(row)
    session.flush()
    return row


def latest_versions(rows: Sequence[ClassifyRuleSetRow]) -> list[ClassifyRuleSetRow]:
    """The newest version of each code."""
    best: dict[str, ClassifyRuleSetRow] = {}
    for r in rows:
        if r.code not in best or r.version > best[r.code].version:
            best[r.code] = r
    return list(best.values())


# --- sheets ----------------------------------------------------------------------------

def sheet(session: Session, org_id: int, year: int) -> ScoreSheetRow | None:
    return session.scalar(select(ScoreSheetRow).where(ScoreSheetRow.organisation_id == org_id,
                                                      ScoreSheetRow.year == year))


def sheet_by_id(session: Session, sheet_id: int) -> ScoreSheetRow | None:
    return session.get(ScoreSheetRow, sheet_id)


def add_event(session: Session, row: ScoreSheetRow, action: str, by: str | None, comment: str | None = None) -> None:
    row.events.append(SheetEventRow(action=action, username=by, at=datetime.now(), comment=comment,
                                    total=row.total, grade=row.grade))


def place_filter(place: Place) -> list[Any]:
    """Conditions on ``Organisation`` selecting a place's organisations (either era)."""
    if place.level == "country":
        return []
    return [_place_column(place.era, place.level) == place.code]


def _province_col(era: str) -> Any:
    return Organisation.province_code if era == "new" else Organisation.old_province_code


def grade_inputs(session: Session, place: Place, year: int, era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, org id, kind, founded_on, typed class, sheet status, sheet grade, sheet exclusions, name)
    of every HTX/QTDND/LHHTX existing on 31/12 of ``year`` in ``place`` (one query)."""
    day = date(year, 12, 31)
    q = (select(_province_col(era), Organisation.id, Organisation.kind, Organisation.founded_on,
                OrgYear.classification, ScoreSheetRow.status, ScoreSheetRow.grade, ScoreSheetRow.exclusions,
                Organisation.name)
         .outerjoin(OrgYear, and_(OrgYear.organisation_id == Organisation.id, OrgYear.year == year))
         .outerjoin(ScoreSheetRow, and_(ScoreSheetRow.organisation_id == Organisation.id, ScoreSheetRow.year == year))
         .where(Organisation.kind.in_(SCORED_KINDS), _exists_on(day), *place_filter(place)))
    return [tuple(r) for r in session.execute(q)]


def size_inputs(session: Session, place: Place, year: int, era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, org id, kind, sector, members, revenue of its latest year ≤ ``year``, total capital of
    its latest sheet ≤ ``year``) of every HTX existing on 31/12 of ``year`` in ``place``."""
    day = date(year, 12, 31)
    joined, (rev, cap) = _latest_figures(year)
    q = _with_latest(select(_province_col(era), Organisation.id, Organisation.kind, Organisation.sector,
                            Organisation.members, rev, cap), year, joined)
    q = q.where(Organisation.kind == "HTX", _exists_on(day), *place_filter(place))
    return [tuple(r) for r in session.execute(q)]


def _exists_on(day: date) -> Any:
    """The organisation exists (is not dissolved) on ``day``: its status interval covering the day.

    An EXISTS per organisation (index seek) rather than a join driven by the status table: three times
    less work on SQLite at national scale."""
    return (select(StatusInterval.id)
            .where(StatusInterval.organisation_id == Organisation.id, StatusInterval.valid_from <= day,
                   or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day),
                   StatusInterval.status != "dissolved")
            .correlate(Organisation).exists())


def _tune(session: Session, one_place: bool = False) -> None:
    """PostgreSQL compiles these aggregates with JIT (its cost estimate is high) and spends more time compiling
    than running them (~350 ms of ~700 ms measured): off for this transaction. For one place it also scans the
    HTX with parallel workers whose start-up costs more than the scan (55 ms against 6 ms with the index,
    measured per province): off too. The national query keeps its workers (they help it)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    if one_place:
        session.execute(text("SELECT set_config('jit', 'off', true), "
                             "set_config('max_parallel_workers_per_gather', '0', true)"))
    else:
        session.execute(text("SELECT set_config('jit', 'off', true)"))


def grade_counts(session: Session, place: Place, year: int, era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, kind, founded after 1/1, typed class, sheet status, sheet grade, sheet exclusions as
    JSON text, count) of the HTX/QTDND/LHHTX existing on 31/12 of ``year``: one grouped query."""
    day = date(year, 12, 31)
    late = case((Organisation.founded_on > date(year, 1, 1), literal(1)), else_=literal(0))
    excl = cast(ScoreSheetRow.exclusions, String)
    cols = (_province_col(era), Organisation.kind, late, OrgYear.classification, ScoreSheetRow.status,
            ScoreSheetRow.grade, excl)
    q = (select(*cols, func.count())
         .outerjoin(OrgYear, and_(OrgYear.organisation_id == Organisation.id, OrgYear.year == year))
         .outerjoin(ScoreSheetRow, and_(ScoreSheetRow.organisation_id == Organisation.id, ScoreSheetRow.year == year))
         .where(Organisation.kind.in_(SCORED_KINDS), _exists_on(day), *place_filter(place))
         .group_by(*cols))
    _tune(session, place.level != "country")
    return [tuple(r) for r in session.execute(q)]


def _bucket(col: Any, cuts: Sequence[int]) -> Any:
    """The largest of ``cuts`` the value reaches (-1 below all, NULL when unknown): enough to apply thresholds."""
    whens = [(col.is_(None), literal(None))] + [(col >= c, literal(c)) for c in sorted(set(cuts), reverse=True)]
    return case(*whens, else_=literal(-1))


def size_counts(session: Session, place: Place, year: int, rules: rulebook.SizeRuleSet,
                era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, kind, sector, members, revenue, capital, count) of the HTX existing on 31/12 of ``year``,
    each figure bucketed to the thresholds of ``rules`` (so the size rules give the same answer): one query."""
    classes = [c for s in rules.sectors.values() for c in s.classes]
    cuts = tuple(tuple(sorted({getattr(c, k) for c in classes}, reverse=True)) for k in ("members", "revenue", "capital"))
    statement = _size_statement(era, place.era, place.level, year, cuts)
    _tune(session, place.level != "country")
    params = {} if place.level == "country" else {"place_code": place.code}
    return [tuple(r) for r in session.execute(statement, params)]


@lru_cache(maxsize=64)
def _size_statement(era: str, place_era: str, level: str, year: int, cuts: tuple[tuple[int, ...], ...]) -> Any:
    """The grouped size query, built once per shape (the figures provider runs it for each of 34 provinces;
    building the expression was most of its cost); the place's code is a bound parameter."""
    day = date(year, 12, 31)
    joined, (rev, cap) = _latest_figures(year)
    # the code is rendered into the SQL at execution (literal_execute): with a bound parameter, psycopg's
    # prepared statement gets PostgreSQL's generic plan, a sequential scan (94 ms against 6 ms per province)
    code = bindparam("place_code", type_=String(), literal_execute=True)
    where = [] if level == "country" else [_place_column(place_era, level) == code]
    inner = (_with_latest(select(_province_col(era).label("prov"), Organisation.kind, Organisation.sector,
                                 Organisation.members, rev.label("revenue"), cap.label("capital")), year, joined)
             .where(Organisation.kind == "HTX", _exists_on(day), *where)
             ).cte("htx_figures").prefix_with("MATERIALIZED")  # each row's subqueries once, not once per bucket test
    members, revenue, capital = cuts
    cols = (inner.c.prov, inner.c.kind, inner.c.sector, _bucket(inner.c.members, members),
            _bucket(inner.c.revenue, revenue), _bucket(inner.c.capital, capital))
    return select(*cols, func.count()).group_by(*cols)


def _place_column(era: str, level: str) -> Any:
    if era == "new":
        return Organisation.province_code if level == "province" else Organisation.commune_code
    return Organisation.old_province_code if level == "province" else Organisation.old_commune_code


def _latest_figures(year: int) -> tuple[Any, Any]:
    """Each organisation's revenue of its latest year ≤ ``year`` that has one, and the total capital of its
    latest sheet ≤ ``year`` that has one: the year's own row first (a join), the older ones only when it has
    none (COALESCE evaluates the correlated lookup lazily, on both databases)."""
    this_year = aliased(OrgYear)
    this_sheet = aliased(ScoreSheetRow)
    older_rev = (select(OrgYear.revenue)
                 .where(OrgYear.organisation_id == Organisation.id, OrgYear.year < year, OrgYear.revenue.is_not(None))
                 .order_by(OrgYear.year.desc()).limit(1).correlate(Organisation).scalar_subquery())
    older_cap = (select(ScoreSheetRow.total_capital)
                 .where(ScoreSheetRow.organisation_id == Organisation.id, ScoreSheetRow.year < year,
                        ScoreSheetRow.total_capital.is_not(None))
                 .order_by(ScoreSheetRow.year.desc()).limit(1).correlate(Organisation).scalar_subquery())
    return (this_year, this_sheet), (func.coalesce(this_year.revenue, older_rev),
                                     func.coalesce(this_sheet.total_capital, older_cap))


def _with_latest(q: Any, year: int, joined: tuple[Any, Any]) -> Any:
    this_year, this_sheet = joined
    return (q.outerjoin(this_year, and_(this_year.organisation_id == Organisation.id, this_year.year == year))
            .outerjoin(this_sheet, and_(this_sheet.organisation_id == Organisation.id, this_sheet.year == year)))


def sheets_of(session: Session, place: Place, year: int, statuses: Sequence[str] = ()) -> list[tuple[ScoreSheetRow, Organisation]]:
    q = (select(ScoreSheetRow, Organisation).join(Organisation, Organisation.id == ScoreSheetRow.organisation_id)
         .where(ScoreSheetRow.year == year, *place_filter(place)))
    if statuses:
        q = q.where(ScoreSheetRow.status.in_(statuses))
    return [(s, o) for s, o in session.execute(q.order_by(Organisation.name, Organisation.id))]


def organisations(session: Session, ids: Sequence[int]) -> dict[int, Organisation]:
    if not ids:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}


# --- the figures provider --------------------------------------------------------------

def size_rule_set(session: Session, year: int) -> rulebook.SizeRuleSet | None:
    """The size rule set valid on 31/12 of ``year``: the newest stored version, else the shipped one."""
    day = date(year, 12, 31)
    rows = session.execute(select(ClassifyRuleSetRow.code, ClassifyRuleSetRow.version, ClassifyRuleSetRow.content_hash,
                                  ClassifyRuleSetRow.id).where(ClassifyRuleSetRow.kind == "size")).all()
    newest: dict[str, Any] = {}
    for r in rows:
        if r.code not in newest or r.version > newest[r.code].version:
            newest[r.code] = r
    stored = [_parsed(session, r.code, r.version, r.content_hash, r.id) for r in newest.values()]
    candidates = stored or [r for r in rulebook.shipped() if r.kind == "size"]
    valid = [r for r in candidates if isinstance(r, rulebook.SizeRuleSet) and r.valid_on(day)]
    return max(valid, key=lambda r: r.valid_from) if valid else None


_PARSED: dict[tuple[str, int, str], rulebook.RuleSet] = {}


def _parsed(session: Session, code: str, version: int, content_hash: str, row_id: int) -> rulebook.RuleSet:
    """A stored rule set, validated once per (code, version, content): stored rows never change."""
    key = (code, version, content_hash)
    if key not in _PARSED:
        row = session.get(ClassifyRuleSetRow, row_id)
        assert row is not None
        _PARSED[key] = rulebook.from_stored(row.body)
    return _PARSED[key]


def figures(session: Session, place: Place, period: Period) -> list[Fact]:
    """``htx.count`` by ``size`` of a year period (sizes exist from NĐ 113/2024, 1/11/2024)."""
    if period.kind != "year":
        return []
    rules = size_rule_set(session, period.year)
    if rules is None:
        return []
    rows = size_counts(session, place, period.year, rules, place.era)
    summary = summarise_sizes((size_class(rules, k, s, m, r, c), n) for _, k, s, m, r, c, n in rows)
    return size_facts(summary, place, period.year)


def places_kept(session: Session, era: str, level: str, periods: Sequence[Period] = ()) -> set[str]:
    """Places with HTX (a national read asks only those), and only for year periods with a size rule set."""
    years = [p.year for p in periods if p.kind == "year" and p.year >= 2024] if periods else [2024]
    if not years:
        return set()
    col = {("new", "province"): Organisation.province_code, ("old", "province"): Organisation.old_province_code,
           ("new", "commune"): Organisation.commune_code, ("old", "commune"): Organisation.old_commune_code}.get((era, level))
    if col is None:
        return set()
    return {c for c in session.scalars(select(col).where(Organisation.kind == "HTX").distinct()) if c}
