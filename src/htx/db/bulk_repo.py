"""Bulk loading of the synthetic country: COPY on PostgreSQL, ``executemany`` elsewhere; wiping it again."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, text
from sqlalchemy.orm import Session

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
from htx.db.models_fund import PlanTargetRow

SYNTHETIC = "synthetic"
TABLES: dict[str, type[Any]] = {
    "organisation": Organisation, "org_event": OrgEvent, "org_status": StatusInterval, "org_year": OrgYear,
    "alliance_membership": AllianceMembership, "union_member": UnionMember, "fact": FactRow,
    "plan_target": PlanTargetRow,
}
# Insert order (parents first).
ORDER = ("organisation", "org_event", "org_status", "org_year", "alliance_membership", "union_member", "fact",
         "plan_target")


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
    session.execute(delete(PlanTargetRow).where(PlanTargetRow.entered_by == SYNTHETIC))
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
