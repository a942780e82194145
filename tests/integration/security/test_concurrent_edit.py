"""Issue 16 item 2 at the database: two real connections editing one organisation never lose an edit silently."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy.orm import Session, sessionmaker

from htx.access import Principal
from htx.db.models import Organisation
from htx.services import UnitOfWork
from htx.services.audit import Actor
from htx.services.registry import EditConflict, edit_organisation

OFFICER = Actor.of(Principal(id=1, username="langson", role="province", province_code="20"))
ADMIN = Actor.of(Principal(id=2, username="admin", role="admin"))


@pytest.fixture()
def org_id(db: sessionmaker[Session]) -> int:
    from htx.db.registry_repo import save_records
    from htx.geo import gazetteer
    from htx.registry.sample import sample_records

    with db() as s:
        records, resolve = sample_records(gazetteer(), "20", 1, 3)
        (org,) = save_records(s, records, origin="sample", resolve=resolve)
        s.commit()
        return org.id


def test_an_update_based_on_a_stale_read_is_refused_by_the_database(db: sessionmaker[Session], org_id: int) -> None:
    with db() as first, db() as second:
        a, b = first.get(Organisation, org_id), second.get(Organisation, org_id)  # both read version 1
        assert a is not None and b is not None and a.version == b.version == 1
        edit_organisation(UnitOfWork.over(first), OFFICER, a, {"members": "50"}, expected_version=1)
        with pytest.raises(EditConflict) as err:
            edit_organisation(UnitOfWork.over(second), ADMIN, b, {"members": "60"}, expected_version=1)
        assert err.value.saved == {"members": "50"} and err.value.typed == {"members": "60"}
        assert err.value.version == 2
    with db() as s:
        stored = s.get(Organisation, org_id)
        assert stored is not None and (stored.members, stored.version) == (50, 2)


def test_two_transactions_at_once_on_postgresql(db: sessionmaker[Session], org_id: int) -> None:
    """The second UPDATE waits on the first's row lock, then finds the version moved: a conflict, not an overwrite."""
    if db.kw["bind"].dialect.name != "postgresql":
        pytest.skip("row locks between concurrent transactions: PostgreSQL")
    first, second = db(), db()
    try:
        a, b = first.get(Organisation, org_id), second.get(Organisation, org_id)
        assert a is not None and b is not None
        a.members = 70
        first.flush()  # first holds the row lock, not yet committed
        outcome: list[object] = []

        def edit_second() -> None:
            try:
                edit_organisation(UnitOfWork.over(second), ADMIN, b, {"members": "80"}, expected_version=1)
                outcome.append("saved")
            except EditConflict as exc:
                outcome.append(exc)

        worker = threading.Thread(target=edit_second)
        worker.start()
        worker.join(0.5)
        assert worker.is_alive(), "the second UPDATE should wait for the first transaction"
        first.commit()
        worker.join(10)
        assert len(outcome) == 1 and isinstance(outcome[0], EditConflict), outcome
        assert outcome[0].saved == {"members": "70"}
    finally:
        first.close()
        second.close()
    with db() as s:
        stored = s.get(Organisation, org_id)
        assert stored is not None and stored.members == 70
