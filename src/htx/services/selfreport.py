"""Use cases of a cooperative's yearly self-report (tự báo cáo) and of its classification (xếp loại)."""

from __future__ import annotations

from datetime import date
from typing import Any

from htx.db import history_repo
from htx.db import selfreport_repo as repo
from htx.db.models import Organisation
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork


def file_self_report(uow: UnitOfWork, actor: Actor, org: Organisation, year: int, values: dict[str, Any]) -> bool:
    """Store the cooperative's figures of ``year`` (checked by the form); whether anything changed.

    Its members, workers, capital and managers hold from today (``history_repo``): earlier periods keep theirs.
    """
    before = history_repo.measures_of(org)
    old, new = repo.save_self_report(uow.session, org, year, values)
    if history_repo.measures_of(org) != before:
        history_repo.record(uow.session, org, before, date.today(), actor.username)
    log(uow, actor, "self_report", "organisation", org.id, old, new,
        note=f"Tự báo cáo năm {year}" + ("" if new else " (không thay đổi)"))
    uow.commit()
    return bool(new)


def set_classification(uow: UnitOfWork, actor: Actor, org: Organisation, year: int,
                       classification: str | None) -> bool:
    """Confirm (or clear) the organisation's classification of ``year``; whether it changed."""
    old, new = repo.set_classification(uow.session, org, year, classification)
    if new:
        log(uow, actor, "classify", "organisation", org.id, old, new, note=f"Xếp loại năm {year}")
    uow.commit()
    return bool(new)
