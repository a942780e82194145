"""Use cases of typed figures (nhập số liệu); publishing them is ``services.publishing``."""

from __future__ import annotations

from htx.db import facts_repo, web_queries
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Fact, Place, exact
from htx.stats.periods import Period


def save_entry(uow: UnitOfWork, actor: Actor, place: Place, period: Period, facts: list[Fact]) -> int:
    """Replace the figures typed for ``place`` and ``period`` by ``facts`` (accepted); how many are stored.

    The audit entry records only the figures that changed.
    """
    session = uow.session
    old_rows = web_queries.user_facts(session, place, period.code)
    old = {f"{r.kind}|{r.indicator}|{r.dims_key}": str(exact(r.value)) for r in old_rows}
    for r in old_rows:
        web_queries.delete_fact(session, r)
    session.flush()
    # stocks are stored with as_of; keep the period code too so the form finds them again
    rows = facts_repo.add_facts(session, facts, review="accepted")
    for r in rows:
        r.period = period.code
    new = {f"{r.kind}|{r.indicator}|{r.dims_key}": str(exact(r.value)) for r in rows}
    changed_old = {k: v for k, v in old.items() if new.get(k) != v}
    changed_new = {k: v for k, v in new.items() if old.get(k) != v}
    if changed_old or changed_new:
        log(uow, actor, "entry", "facts", f"{place}@{period.code}", changed_old, changed_new, count=len(rows))
    uow.commit()
    return len(rows)
