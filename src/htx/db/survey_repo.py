"""Storage of the satisfaction survey: rounds, their frame, responses and frozen results (see ``models_survey``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.orm import Session

from htx.db.models import AllianceMembership, Organisation, StatusInterval
from htx.db.models_survey import SurveyFrameRow, SurveyResponseRow, SurveyResultRow, SurveyRoundRow

# --- rounds -------------------------------------------------------------------------------

def get_round(session: Session, code: str) -> SurveyRoundRow | None:
    return session.scalar(select(SurveyRoundRow).where(SurveyRoundRow.code == code))


def rounds(session: Session) -> list[SurveyRoundRow]:
    return list(session.scalars(select(SurveyRoundRow).order_by(SurveyRoundRow.year.desc(), SurveyRoundRow.code)))


def latest_published(session: Session, before_year: int | None = None) -> SurveyRoundRow | None:
    q = select(SurveyRoundRow).where(SurveyRoundRow.status == "published")
    if before_year is not None:
        q = q.where(SurveyRoundRow.year < before_year)
    return session.scalar(q.order_by(SurveyRoundRow.year.desc(), SurveyRoundRow.published_at.desc()).limit(1))


def set_status(session: Session, round_id: int, src: str, dst: str) -> bool:
    """Compare-and-set the round's status (a concurrent transition makes it return False)."""
    res = session.execute(update(SurveyRoundRow).where(SurveyRoundRow.id == round_id, SurveyRoundRow.status == src)
                          .values(status=dst).execution_options(synchronize_session=False))
    return (res.rowcount or 0) == 1  # type: ignore[attr-defined]


def status_now(session: Session, round_id: int) -> str | None:
    """The round's committed status, read with a share lock (PostgreSQL) so a transition waits for this transaction."""
    return session.scalar(select(SurveyRoundRow.status).where(SurveyRoundRow.id == round_id)
                          .with_for_update(read=True))


def add_round(session: Session, **values: Any) -> SurveyRoundRow:
    row = SurveyRoundRow(**values)
    session.add(row)
    session.flush()
    return row


# --- frame ----------------------------------------------------------------------------------

def frame_candidates(session: Session, kinds: Sequence[str], members_only: bool,
                     day: dt.date) -> list[tuple[int, str, str, str | None]]:
    """(id, name, province, commune) of organisations of ``kinds`` active on ``day`` (and alliance members then)."""
    active = (select(StatusInterval.organisation_id)
              .where(StatusInterval.status == "active", StatusInterval.valid_from <= day,
                     or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day)))
    q = select(Organisation.id, Organisation.name, Organisation.province_code, Organisation.commune_code).where(
        Organisation.kind.in_(list(kinds)), Organisation.id.in_(active))
    if members_only:
        members = select(AllianceMembership.organisation_id).where(
            AllianceMembership.joined_on <= day,
            or_(AllianceMembership.left_on.is_(None), AllianceMembership.left_on > day))
        q = q.where(Organisation.id.in_(members))
    return [(int(i), n, p, c) for i, n, p, c in session.execute(q.order_by(Organisation.id))]


def insert_frame(session: Session, round_id: int, rows: Sequence[dict[str, Any]]) -> int:
    if rows:
        session.execute(insert(SurveyFrameRow), [{**r, "round_id": round_id} for r in rows])
    return len(rows)


def frame_row(session: Session, round_id: int, org_id: int) -> SurveyFrameRow | None:
    return session.scalar(select(SurveyFrameRow).where(SurveyFrameRow.round_id == round_id,
                                                       SurveyFrameRow.organisation_id == org_id))


def frame_counts(session: Session, round_id: int, province: str | None = None) -> dict[tuple[str, str | None], int]:
    """(province, commune) → cooperatives in the frame (commune None when grouping by province only)."""
    if province is None:
        q = (select(SurveyFrameRow.province_code, func.count()).where(SurveyFrameRow.round_id == round_id)
             .group_by(SurveyFrameRow.province_code))
        return {(p, None): int(n) for p, n in session.execute(q)}
    q2 = (select(SurveyFrameRow.province_code, SurveyFrameRow.commune_code, func.count())
          .where(SurveyFrameRow.round_id == round_id, SurveyFrameRow.province_code == province)
          .group_by(SurveyFrameRow.province_code, SurveyFrameRow.commune_code))
    return {(p, c): int(n) for p, c, n in session.execute(q2)}


def submitted_counts(session: Session, round_id: int, province: str | None = None) -> dict[tuple[str, str | None], int]:
    """Like :func:`frame_counts`, for submitted forms of frame cooperatives."""
    base = and_(SurveyResponseRow.round_id == round_id, SurveyResponseRow.status == "submitted")
    if province is None:
        q = (select(SurveyResponseRow.province_code, func.count()).where(base)
             .group_by(SurveyResponseRow.province_code))
        return {(p, None): int(n) for p, n in session.execute(q)}
    q2 = (select(SurveyResponseRow.province_code, SurveyResponseRow.commune_code, func.count())
          .where(base, SurveyResponseRow.province_code == province)
          .group_by(SurveyResponseRow.province_code, SurveyResponseRow.commune_code))
    return {(p, c): int(n) for p, c, n in session.execute(q2)}


def non_respondents(session: Session, round_id: int, province: str | None, commune: str | None,
                    limit: int = 500) -> tuple[int, list[SurveyFrameRow]]:
    """Frame cooperatives without a submitted form (total, first ``limit`` by name)."""
    done = select(SurveyResponseRow.organisation_id).where(SurveyResponseRow.round_id == round_id,
                                                           SurveyResponseRow.status == "submitted")
    conds = [SurveyFrameRow.round_id == round_id, SurveyFrameRow.organisation_id.not_in(done)]
    if province:
        conds.append(SurveyFrameRow.province_code == province)
    if commune:
        conds.append(SurveyFrameRow.commune_code == commune)
    total = session.scalar(select(func.count()).select_from(SurveyFrameRow).where(*conds)) or 0
    rows = session.scalars(select(SurveyFrameRow).where(*conds).order_by(SurveyFrameRow.name).limit(limit))
    return int(total), list(rows)


def frame_ids_by_code(session: Session, round_id: int, codes: Sequence[str]) -> dict[str, int]:
    """Registry code → organisation id, for codes of organisations in the round's frame."""
    if not codes:
        return {}
    q = (select(Organisation.code, Organisation.id)
         .join(SurveyFrameRow, and_(SurveyFrameRow.organisation_id == Organisation.id, SurveyFrameRow.round_id == round_id))
         .where(Organisation.code.in_(list(codes))))
    return {c: int(i) for c, i in session.execute(q) if c}


def set_contacts(session: Session, round_id: int, contacts: dict[int, dict[str, str | None]]) -> int:
    n = 0
    for org_id, values in contacts.items():
        res = session.execute(update(SurveyFrameRow).where(SurveyFrameRow.round_id == round_id,
                                                           SurveyFrameRow.organisation_id == org_id).values(**values))
        n += res.rowcount or 0  # type: ignore[attr-defined]
    return n


# --- responses ------------------------------------------------------------------------------

def response(session: Session, round_id: int, org_id: int) -> SurveyResponseRow | None:
    return session.scalar(select(SurveyResponseRow).where(SurveyResponseRow.round_id == round_id,
                                                          SurveyResponseRow.organisation_id == org_id))


def add_response(session: Session, **values: Any) -> SurveyResponseRow:
    row = SurveyResponseRow(**values)
    session.add(row)
    session.flush()
    return row


def update_draft(session: Session, response_id: int, version: int, **values: Any) -> bool:
    """Compare-and-set: change a draft only if nobody submitted or saved it since ``version`` was read."""
    res = session.execute(
        update(SurveyResponseRow)
        .where(SurveyResponseRow.id == response_id, SurveyResponseRow.status == "draft",
               SurveyResponseRow.version == version)
        .values(version=version + 1, **values)
        .execution_options(synchronize_session=False))
    return (res.rowcount or 0) == 1  # type: ignore[attr-defined]


def submitted(session: Session, round_id: int) -> Iterator[tuple[int, str, str | None, dict[str, Any]]]:
    """(organisation, province, commune, answers) of every submitted form of the round."""
    q = (select(SurveyResponseRow.organisation_id, SurveyResponseRow.province_code, SurveyResponseRow.commune_code,
                SurveyResponseRow.answers)
         .where(SurveyResponseRow.round_id == round_id, SurveyResponseRow.status == "submitted"))
    for org, p, c, a in session.execute(q):
        yield org, p, c, a or {}


def comments(session: Session, round_id: int, province: str | None) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(province, commune, comments) of submitted forms that carry a comment."""
    q = select(SurveyResponseRow.province_code, SurveyResponseRow.commune_code, SurveyResponseRow.comments).where(
        SurveyResponseRow.round_id == round_id, SurveyResponseRow.status == "submitted")
    if province:
        q = q.where(SurveyResponseRow.province_code == province)
    return [(p, c, m) for p, c, m in session.execute(q.order_by(SurveyResponseRow.province_code,
                                                                SurveyResponseRow.commune_code,
                                                                SurveyResponseRow.id)) if m]


def bulk_responses(session: Session, rows: Sequence[dict[str, Any]]) -> int:
    if rows:
        session.execute(insert(SurveyResponseRow), list(rows))
    return len(rows)


def frame_rows(session: Session, round_id: int) -> list[SurveyFrameRow]:
    return list(session.scalars(select(SurveyFrameRow).where(SurveyFrameRow.round_id == round_id)
                                .order_by(SurveyFrameRow.organisation_id)))


def responding_orgs(session: Session, round_id: int) -> set[int]:
    return set(session.scalars(select(SurveyResponseRow.organisation_id).where(SurveyResponseRow.round_id == round_id)))


# --- results --------------------------------------------------------------------------------

def result(session: Session, round_id: int) -> SurveyResultRow | None:
    return session.scalar(select(SurveyResultRow).where(SurveyResultRow.round_id == round_id))


def save_result(session: Session, round_id: int, method_version: str, payload: dict[str, Any],
                at: dt.datetime) -> SurveyResultRow:
    row = SurveyResultRow(round_id=round_id, method_version=method_version, payload=payload, computed_at=at)
    session.add(row)
    session.flush()
    return row
