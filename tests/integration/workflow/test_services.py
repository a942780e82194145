"""Workflow use cases on SQLite and PostgreSQL: submit with checks, approve, lock, audited reopen, conflicts, completeness."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session, sessionmaker

from htx.services import UnitOfWork
from htx.services import workflow as wf
from htx.services import workflow_status as ws
from htx.workflow import TransitionError

from .helpers import (
    ADMIN,
    COMMUNE_KEY,
    COMMUNE_PLACE,
    COMMUNES,
    PROVINCE,
    PROVINCE_KEY,
    TINH,
    XA,
    counts,
    log_edit,
    store,
)

PERIOD = "2025-H2"
END = date(2025, 12, 31)


def test_submit_approve_lock_reopen_chain(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        store(uow.session, counts(COMMUNE_PLACE, END, 10, 8, 1, 1), PERIOD)
        row = wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY, now=datetime(2026, 1, 5, 9))
        assert (row.state, row.on_time, row.version) == ("submitted", True, 1)
        sid = row.id
    with UnitOfWork(db) as uow:
        with pytest.raises(TransitionError, match="không có quyền"):
            wf.decide(uow, XA, sid, "approve")
        assert wf.decide(uow, TINH, sid, "approve").state == "approved"
    with UnitOfWork(db) as uow:
        with pytest.raises(wf.Locked, match="đã được phê duyệt"):
            wf.assert_editable(uow, COMMUNE_PLACE, PERIOD)
        with pytest.raises(wf.Locked):  # a stock figure of a day in the period is locked too
            wf.assert_editable(uow, COMMUNE_PLACE, None, date(2025, 9, 30))
        wf.assert_editable(uow, COMMUNE_PLACE, "2026-H1")  # another period stays open
        with pytest.raises(TransitionError, match="Mở lại cần ghi lý do"):
            wf.decide(uow, TINH, sid, "reopen", text="")
        assert ws.obligations(uow, TINH, COMMUNE_KEY, PERIOD)[0].state == "approved"  # nothing written
        assert wf.decide(uow, ADMIN, sid, "reopen", text="Sai số HTX đang hoạt động").state == "reopened"
    with UnitOfWork(db) as uow:
        wf.assert_editable(uow, COMMUNE_PLACE, PERIOD)
        uow.rollback()
        log_edit(uow.session, COMMUNE_PLACE, PERIOD, "admin", {"actual|htx.count|status=active": "8"},
                 {"actual|htx.count|status=active": "9"})
        assert wf.decide(uow, ADMIN, sid, "approve").state == "approved"
    with UnitOfWork(db) as uow:
        events, edits = ws.history(uow, ADMIN, sid)
        assert [(e.action, e.from_state, e.to_state) for e in events] == [
            ("submit", "owed", "submitted"), ("approve", "submitted", "approved"),
            ("reopen", "approved", "reopened"), ("approve", "reopened", "approved")]
        assert events[2].note == "Sai số HTX đang hoạt động"
        assert [(e.key, e.old, e.new, e.user) for e in edits] == [("actual|htx.count|status=active", "8", "9", "admin")]
        assert edits[0].label == "Số lượng hợp tác xã (đang hoạt động)"
        rep = ws.report_facts(uow, COMMUNE_PLACE, PERIOD)
        assert rep.approved and len(rep.facts) == 4
        assert rep.header is not None and "Số liệu điều chỉnh ngày" in rep.header
        assert [(a.old, a.new) for a in rep.adjusted] == [("8", "9")]


def test_blocking_findings_need_a_justification(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        store(uow.session, counts(COMMUNE_PLACE, END, 10, 8, 1, 3), PERIOD)  # parts 12 > total 10
        with pytest.raises(TransitionError, match="cảnh báo chặn việc nộp"):
            wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY)
    with UnitOfWork(db) as uow:
        assert ws.obligations(uow, XA, COMMUNE_KEY, PERIOD)[0].row is None  # nothing half-written
        row = wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY, justification="Số liệu sơ bộ, xã đang rà soát")
        assert row.justification == "Số liệu sơ bộ, xã đang rà soát"
        assert any(f["rule"] == "parts_total" for f in row.findings)


def test_unapproved_facts_are_absent_unless_draft(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        store(uow.session, counts(COMMUNE_PLACE, END, 10, 8, 1, 1), PERIOD)
        rep = ws.report_facts(uow, COMMUNE_PLACE, PERIOD)
        assert rep.facts == [] and rep.header == "Chưa có số liệu được phê duyệt cho kỳ này."
        draft = ws.report_facts(uow, COMMUNE_PLACE, PERIOD, include_unapproved=True)
        assert len(draft.facts) == 4 and draft.header == "Bản nháp: có số liệu chưa được phê duyệt."


def test_province_approval_waits_for_communes(db: sessionmaker[Session]) -> None:
    prov = {"username": "langson", "role": "province", "province_code": PROVINCE}
    with UnitOfWork(db) as uow:
        actor = wf.AccountActor(**prov)  # type: ignore[arg-type]
        sid = wf.submit(uow, actor, "half_year", PERIOD, PROVINCE_KEY).id
        with pytest.raises(TransitionError, match=f"Còn {len(COMMUNES)} đơn vị cấp dưới"):
            wf.decide(uow, ADMIN, sid, "approve")
        row = wf.decide(uow, ADMIN, sid, "approve", text="Các xã chưa nộp: đã nhắc bằng công văn")
        assert row.state == "approved" and row.missing_note == "Các xã chưa nộp: đã nhắc bằng công văn"


def test_stale_version_is_a_conflict(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        sid = wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY).id
        wf.decide(uow, TINH, sid, "return", text="Thiếu số THT", expected_version=1)
    with UnitOfWork(db) as uow, pytest.raises(wf.Conflict, match="vừa được langson thay đổi"):
        wf.decide(uow, TINH, sid, "approve", expected_version=1)
    with UnitOfWork(db) as uow:
        assert ws.obligations(uow, XA, COMMUNE_KEY, PERIOD)[0].state == "returned"
        assert wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY, expected_version=2).state == "submitted"


def test_completeness_national_and_province(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY, now=datetime(2026, 1, 5))
        other = f"new:commune:{COMMUNES[1]}"
        wf.submit(uow, wf.AccountActor("xa2", "commune", PROVINCE, COMMUNES[1]), "half_year", PERIOD, other,
                  now=datetime(2026, 1, 20))
        sid = ws.obligations(uow, TINH, other, PERIOD)[0].row.id  # type: ignore[union-attr]
        wf.decide(uow, TINH, sid, "approve")
        national = ws.completeness(uow, "half_year", PERIOD)
        assert len(national.rows) == 34 and national.total.expected == 3321
        top = national.rows[0]
        assert (top.code, top.expected, top.submitted, top.on_time, top.approved) == (PROVINCE, len(COMMUNES), 2, 1, 1)
        assert national.rows[1].submitted_pct == 0  # a province with communes and no filing: 0 %, not absent
        one = ws.completeness(uow, "half_year", PERIOD, PROVINCE)
        assert len(one.missing) == len(COMMUNES) - 2
        assert COMMUNE_KEY not in {m["unit"] for m in one.missing}


def test_due_within_seven_days(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        due = ws.due_soon(uow, XA, today=date(2025, 12, 14))
        assert [(o.dataset.code, o.period.code, o.due, o.status) for o in due] == [
            ("annual_update", "2025", date(2025, 12, 18), "owed"),
            ("classification_round", "2025", date(2025, 12, 18), "owed")]
        wf.submit(uow, XA, "annual_update", "2025", COMMUNE_KEY)
        late = ws.due_soon(uow, XA, today=date(2025, 12, 20))
        assert [(o.dataset.code, o.status) for o in late] == [("classification_round", "late")]
        assert ws.due_soon(uow, ADMIN, today=date(2025, 12, 14)) == []  # no own unit


def test_cooperative_completeness_counts_active_ones(db: sessionmaker[Session]) -> None:
    from sqlalchemy import func, or_, select

    from htx.db.engine import unit_of_work
    from htx.db.models import Organisation, StatusInterval
    from htx.db.registry_repo import save_records
    from htx.geo import gazetteer
    from htx.registry.sample import sample_records

    with unit_of_work(db) as s:
        records, resolve = sample_records(gazetteer(), PROVINCE, 80, 7)
        save_records(s, records, origin="sample", resolve=resolve)
    day = date(2025, 12, 31)
    with db() as s:
        active = list(s.execute(
            select(Organisation.id, Organisation.commune_code).join(StatusInterval)
            .where(Organisation.kind.in_(["HTX", "LHHTX"]), StatusInterval.status == "active",
                   StatusInterval.valid_from <= day, or_(StatusInterval.valid_to.is_(None), StatusInterval.valid_to > day))))
        total = s.scalar(select(func.count()).select_from(Organisation))
        assert total is not None and total > len(active) > 1
    org_id, commune = active[0]
    coop = wf.AccountActor("htx", "coop", PROVINCE, commune, org_id)
    with UnitOfWork(db) as uow:
        wf.submit(uow, coop, "annual_update", "2025", f"org:{org_id}", now=datetime(2025, 12, 10))
        national = ws.completeness(uow, "annual_update", "2025")
        assert national.level == "coop" and national.total.expected == len(active)
        top = national.rows[0]
        assert (top.code, top.expected, top.submitted, top.on_time, top.approved) == (PROVINCE, len(active), 1, 1, 0)
        one = ws.completeness(uow, "annual_update", "2025", PROVINCE)
        assert len(one.units) == len(active) and len(one.missing) == len(active) - 1
        assert {u["unit"] for u in one.units if not u["missing"]} == {f"org:{org_id}"}


def test_a_filing_may_rest_on_a_read_report_of_its_place(db: sessionmaker[Session]) -> None:
    from htx.db.models import Document

    with db() as s:
        ours = Document(content_hash="a" * 64, filename="a.txt", text=".", place_era="new", place_code=PROVINCE,
                        period=PERIOD)
        other = Document(content_hash="b" * 64, filename="b.txt", text=".", place_era="new", place_code="24",
                         period=PERIOD)
        s.add_all([ours, other])
        s.commit()
        ours_id, other_id = ours.id, other.id
    prov = wf.AccountActor("langson", "province", PROVINCE)
    with UnitOfWork(db) as uow:
        with pytest.raises(TransitionError, match=f"Văn bản #{other_id} không phải báo cáo của"):
            wf.submit(uow, prov, "half_year", PERIOD, PROVINCE_KEY, document_id=other_id)
        with pytest.raises(TransitionError, match="Không có văn bản #999999"):
            wf.submit(uow, prov, "half_year", PERIOD, PROVINCE_KEY, document_id=999999)
        assert wf.submit(uow, prov, "half_year", PERIOD, PROVINCE_KEY, document_id=ours_id).document_id == ours_id
