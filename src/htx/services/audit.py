"""Who does a use case (for the audit log, nhật ký), and the one way use cases write to the log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from htx.access import Principal
from htx.db import audit_repo
from htx.services.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """The user a write is done for, and where the request came from."""

    user: Principal | None
    ip: str = "-"

    @property
    def username(self) -> str | None:
        return self.user.username if self.user else None


def log(uow: UnitOfWork, actor: Actor, action: str, entity: str, entity_id: Any = None,
        old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, note: str | None = None,
        count: int = 1) -> None:
    """One audit entry, in the use case's transaction (the log and the change commit together)."""
    audit_repo.record(uow.session, actor.username, action, entity, entity_id, old, new, ip=actor.ip, note=note,
                      count=count)
