"""Two officers at once on PostgreSQL: one wins, the other gets a clear conflict message, nothing is lost."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from htx.db import workflow_repo
from htx.services import UnitOfWork
from htx.services import workflow as wf
from htx.services import workflow_status as ws

from .helpers import ADMIN, COMMUNE_KEY, COMMUNE_PLACE, TINH, XA, counts, store

PERIOD = "2025-H2"


@pytest.fixture()
def pg(db: sessionmaker[Session]) -> sessionmaker[Session]:
    if db.kw["bind"].dialect.name != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter; SQLite serialises writers")
    return db


def _submitted(db: sessionmaker[Session]) -> int:
    with UnitOfWork(db) as uow:
        return wf.submit(uow, XA, "half_year", PERIOD, COMMUNE_KEY).id


def _run(results: dict[str, Any], name: str, fn: Any) -> threading.Thread:
    def target() -> None:
        try:
            results[name] = fn()
        except Exception as exc:  # the test inspects what each side got
            results[name] = exc

    t = threading.Thread(target=target)
    t.start()
    return t


def test_two_approvers_at_once(pg: sessionmaker[Session]) -> None:
    sid = _submitted(pg)
    barrier = threading.Barrier(2)
    results: dict[str, Any] = {}

    def act(who: Any, action: str, text: str | None) -> str:
        with UnitOfWork(pg) as uow:
            barrier.wait()
            return wf.decide(uow, who, sid, action, text=text, expected_version=1).state

    threads = [_run(results, "tinh", lambda: act(TINH, "approve", None)),
               _run(results, "admin", lambda: act(ADMIN, "return", "Thiếu số liệu THT"))]
    for t in threads:
        t.join(20)
    won = [k for k, v in results.items() if isinstance(v, str)]
    lost = [v for v in results.values() if isinstance(v, wf.Conflict)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "thay đổi lúc" in str(lost[0]) and "chưa được ghi" in str(lost[0])
    with UnitOfWork(pg) as uow:
        assert ws.obligations(uow, TINH, COMMUNE_KEY, PERIOD)[0].state == results[won[0]]
        assert len(workflow_repo.events(uow.session, sid)) == 2  # submit + the winner


def test_edit_in_flight_beats_a_stale_approval(pg: sessionmaker[Session]) -> None:
    sid = _submitted(pg)
    results: dict[str, Any] = {}
    with UnitOfWork(pg) as editor:
        wf.assert_editable(editor, COMMUNE_PLACE, PERIOD)  # row locked, version bumped, not committed
        approver = _run(results, "approve", lambda: _approve(pg, sid))
        time.sleep(0.5)
        assert approver.is_alive(), "the approval must wait for the edit's transaction"
        store(editor.session, counts(COMMUNE_PLACE, date(2025, 12, 31), 5, 5, 0, 0), PERIOD)  # commits
    approver.join(20)
    assert isinstance(results["approve"], wf.Conflict)
    with UnitOfWork(pg) as uow:
        assert ws.obligations(uow, TINH, COMMUNE_KEY, PERIOD)[0].state == "submitted"
        assert len(ws.report_facts(uow, COMMUNE_PLACE, PERIOD, include_unapproved=True).facts) == 4  # edit kept


def _approve(db: sessionmaker[Session], sid: int) -> str:
    with UnitOfWork(db) as uow:
        return wf.decide(uow, TINH, sid, "approve").state


def test_approval_in_flight_locks_a_concurrent_edit(pg: sessionmaker[Session]) -> None:
    sid = _submitted(pg)
    results: dict[str, Any] = {}

    def edit() -> str:
        with UnitOfWork(pg) as uow:
            wf.assert_editable(uow, COMMUNE_PLACE, PERIOD)
            return "edited"

    with UnitOfWork(pg) as approver:
        row = workflow_repo.by_id(approver.session, sid)
        assert row is not None
        workflow_repo.change(approver.session, row, row.version,
                             {"state": "approved", "approved_at": datetime.now(), "updated_by": "langson"})
        editor = _run(results, "edit", edit)
        time.sleep(0.5)
        assert editor.is_alive(), "the edit must wait for the approval's transaction"
        approver.commit()
    editor.join(20)
    assert isinstance(results["edit"], wf.Locked)
