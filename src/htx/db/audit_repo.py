"""The audit log (nhật ký thay đổi): every change made through the web application or its API."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from htx.db.models_web import AuditEntry


def _jsonable(value: Any) -> Any:
    """Dates, decimals and nested values as JSON-safe data (the log must be readable forever)."""
    return json.loads(json.dumps(value, default=lambda o: o.isoformat() if isinstance(o, date | datetime)
                                 else str(o) if isinstance(o, Decimal) else repr(o)))


def record(session: Session, user: str | None, action: str, entity: str, entity_id: Any = None,
           old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, ip: str | None = None,
           note: str | None = None, count: int = 1) -> AuditEntry:
    """Write one entry (in the caller's transaction, so the log and the change commit together)."""
    entry = AuditEntry(at=datetime.now(), username=user, action=action, entity=entity,
                       entity_id=None if entity_id is None else str(entity_id),
                       old=_jsonable(old) if old is not None else None,
                       new=_jsonable(new) if new is not None else None, ip=ip, note=note, count=count)
    session.add(entry)
    session.flush()
    return entry


def browse(session: Session, entity: str | None = None, user: str | None = None, limit: int = 50,
           offset: int = 0, entity_id: str | None = None) -> tuple[int, list[AuditEntry]]:
    """Newest first: (total, page)."""
    q = select(AuditEntry)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if user:
        q = q.where(AuditEntry.username == user)
    if entity_id:
        q = q.where(AuditEntry.entity_id == entity_id)
    total = int(session.scalar(select(func.count()).select_from(q.subquery())) or 0)
    rows = session.scalars(q.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset))
    return total, list(rows)
