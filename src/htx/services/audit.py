"""Who does a use case (for the audit log, nhật ký), and the one way use cases write to the log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from htx.access import Principal
from htx.services.uow import UnitOfWork


@dataclass(frozen=True)
class Actor:
    """Who a write is done for (a logged-in user, or an officer named on the command line) and from where."""

    username: str | None
    ip: str = "-"
    user: Principal | None = None

    @classmethod
    def of(cls, user: Principal | None, ip: str = "-") -> Actor:
        return cls(user.username if user else None, ip, user)


def log(uow: UnitOfWork, actor: Actor, action: str, entity: str, entity_id: Any = None,
        old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, note: str | None = None,
        count: int = 1) -> None:
    """One audit entry, in the use case's transaction (the log and the change commit together)."""
    uow.audit(actor.username, action, entity, entity_id, old, new, ip=actor.ip, note=note, count=count)
