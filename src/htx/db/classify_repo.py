"""Reads and writes of classification (phân loại HTX): rule sets, sheets, and the rows summaries need.

Also the figures provider of the feature (``figures`` / ``places_kept``, see
``htx.stats.figures.PROVIDERS``): ``htx.count`` by ``size`` for a year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from htx.classify import rules as rulebook
from htx.classify.size import size_class
from htx.classify.summary import GradeRow, size_facts, summarise_sizes
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
    if place.era == "new":
        col = Organisation.province_code if place.level == "province" else Organisation.commune_code
    else:
        col = Organisation.old_province_code if place.level == "province" else Organisation.old_commune_code
    return [col == place.code]


def _existing_on(day: date) -> Any:
    """Organisations not dissolved on ``day`` (their status interval covering the day)."""
    return (select(StatusInterval.organisation_id)
            .where(StatusInterval.valid_from <= day,
                   or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day),
                   StatusInterval.status != "dissolved"))


def _province_col(era: str) -> Any:
    return Organisation.province_code if era == "new" else Organisation.old_province_code


def grade_inputs(session: Session, place: Place, year: int, era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, org id, kind, founded_on, typed class, sheet status, sheet grade, sheet exclusions)
    of every HTX/QTDND/LHHTX existing on 31/12 of ``year`` in ``place`` (one query)."""
    day = date(year, 12, 31)
    q = (select(_province_col(era), Organisation.id, Organisation.kind, Organisation.founded_on,
                OrgYear.classification, ScoreSheetRow.status, ScoreSheetRow.grade, ScoreSheetRow.exclusions)
         .outerjoin(OrgYear, and_(OrgYear.organisation_id == Organisation.id, OrgYear.year == year))
         .outerjoin(ScoreSheetRow, and_(ScoreSheetRow.organisation_id == Organisation.id, ScoreSheetRow.year == year))
         .where(Organisation.kind.in_(SCORED_KINDS), Organisation.id.in_(_existing_on(day)), *place_filter(place)))
    return [tuple(r) for r in session.execute(q)]


def size_inputs(session: Session, place: Place, year: int, era: str = "new") -> list[tuple[Any, ...]]:
    """(province code, org id, kind, sector, members, revenue of its latest year ≤ ``year``, total capital of
    its latest sheet ≤ ``year``) of every HTX existing on 31/12 of ``year`` in ``place``."""
    day = date(year, 12, 31)
    last_rev = (select(OrgYear.organisation_id, func.max(OrgYear.year).label("y"))
                .where(OrgYear.year <= year, OrgYear.revenue.is_not(None)).group_by(OrgYear.organisation_id).subquery())
    rev = (select(OrgYear.organisation_id, OrgYear.revenue)
           .join(last_rev, and_(last_rev.c.organisation_id == OrgYear.organisation_id, last_rev.c.y == OrgYear.year))
           .subquery())
    last_cap = (select(ScoreSheetRow.organisation_id, func.max(ScoreSheetRow.year).label("y"))
                .where(ScoreSheetRow.year <= year, ScoreSheetRow.total_capital.is_not(None))
                .group_by(ScoreSheetRow.organisation_id).subquery())
    cap = (select(ScoreSheetRow.organisation_id, ScoreSheetRow.total_capital)
           .join(last_cap, and_(last_cap.c.organisation_id == ScoreSheetRow.organisation_id,
                                last_cap.c.y == ScoreSheetRow.year)).subquery())
    q = (select(_province_col(era), Organisation.id, Organisation.kind, Organisation.sector, Organisation.members,
                rev.c.revenue, cap.c.total_capital)
         .outerjoin(rev, rev.c.organisation_id == Organisation.id)
         .outerjoin(cap, cap.c.organisation_id == Organisation.id)
         .where(Organisation.kind == "HTX", Organisation.id.in_(_existing_on(day)), *place_filter(place)))
    return [tuple(r) for r in session.execute(q)]


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


def grade_row(org_id: int, kind: str, founded_on: date | None, typed: str | None, status: str | None,
              grade: str | None, exclusions: list[str] | None, year: int) -> GradeRow:
    """A confirmed sheet wins; else the officer-typed class; else what the registry shows by itself
    (a QTDND, or founded after 1/1 of the year, is not graded)."""
    if status == "confirmed" and grade:
        return GradeRow(org_id, grade, tuple(exclusions or ()), status)
    if typed:
        return GradeRow(org_id, typed, (), status)
    if kind == "QTDND":
        return GradeRow(org_id, "unrated", ("credit_fund",), status)
    if founded_on is not None and founded_on > date(year, 1, 1):
        return GradeRow(org_id, "unrated", ("under_12_months",), status)
    return GradeRow(org_id, None, (), status)


# --- the figures provider --------------------------------------------------------------

def size_rule_set(session: Session, year: int) -> rulebook.SizeRuleSet | None:
    """The size rule set valid on 31/12 of ``year``: the newest stored version, else the shipped one."""
    day = date(year, 12, 31)
    stored = [rulebook.from_stored(r.body) for r in latest_versions(rule_sets(session, "size"))]
    candidates = stored or [r for r in rulebook.shipped() if r.kind == "size"]
    valid = [r for r in candidates if isinstance(r, rulebook.SizeRuleSet) and r.valid_on(day)]
    return max(valid, key=lambda r: r.valid_from) if valid else None


def figures(session: Session, place: Place, period: Period) -> list[Fact]:
    """``htx.count`` by ``size`` of a year period (sizes exist from NĐ 113/2024, 1/11/2024)."""
    if period.kind != "year":
        return []
    rules = size_rule_set(session, period.year)
    if rules is None:
        return []
    rows = size_inputs(session, place, period.year, place.era)
    summary = summarise_sizes(size_class(rules, k, s, m, r, c) for _, _, k, s, m, r, c in rows)
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
