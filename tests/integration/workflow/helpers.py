"""Shared pieces of the workflow integration tests: actors, places and figures."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from htx.db import audit_repo, facts_repo
from htx.geo import gazetteer
from htx.services.workflow import AccountActor
from htx.stats.facts import Fact, Place, Source

PROVINCE = "20"  # Lạng Sơn, new era
COMMUNES = sorted(u.code for u in gazetteer().communes("new", PROVINCE))
COMMUNE = COMMUNES[0]
COMMUNE_PLACE = Place("new", "commune", COMMUNE)
COMMUNE_KEY = str(COMMUNE_PLACE)
PROVINCE_KEY = f"new:province:{PROVINCE}"




XA = AccountActor("xa", "commune", PROVINCE, COMMUNE)
TINH = AccountActor("langson", "province", PROVINCE)
TINH2 = AccountActor("tinh2", "province", PROVINCE)
ADMIN = AccountActor("admin", "admin")


def counts(place: Place, period_end: date, total: int, active: int, suspended: int, stopped: int,
           user: str = "xa") -> list[Fact]:
    src = Source(kind="user", user=user)
    out = [Fact("htx.count", total, "unit", {}, as_of=period_end, place=place, source=src)]
    for status, n in (("active", active), ("suspended", suspended), ("stopped", stopped)):
        out.append(Fact("htx.count", n, "unit", {"status": status}, as_of=period_end, place=place, source=src))
    return out


def store(session: Session, facts: list[Fact], period: str) -> None:
    rows = facts_repo.add_facts(session, facts)
    for r in rows:
        r.period = period
    session.commit()


def log_edit(session: Session, place: Place, period: str, user: str, old: dict[str, str], new: dict[str, str]) -> None:
    """The audit entry the data-entry page writes for an edit of the figures."""
    audit_repo.record(session, user, "entry", "facts", f"{place}@{period}", old, new)
    session.commit()
