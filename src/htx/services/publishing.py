"""Use cases of publishing (công bố) a place's reviewed figures: preview, publish, unpublish (audited).

Only stored figures are published — figures typed in or read from reports and accepted by a
reviewer; figures computed live from the registry are not. The public page shows what is
published (``services.headlines``); for a period before the 1 July 2025 reform, the figures
published under an old province appear under the new province it joined (summed, with a note
naming the old provinces).
"""

from __future__ import annotations

from dataclasses import dataclass

from htx.db import publishing_repo
from htx.db.models import FactRow
from htx.geo.places import place_name
from htx.services.audit import Actor, log
from htx.services.uow import UnitOfWork
from htx.stats.facts import Place
from htx.stats.periods import Period


@dataclass
class Preview:
    """What publishing would change: figures not yet published, those already published, and why nothing."""

    place: Place
    period: Period
    pending: list[FactRow]
    published: list[FactRow]

    @property
    def reason(self) -> str | None:
        """Why publishing would publish nothing (Vietnamese), or None."""
        if self.pending:
            return None
        where = f"{place_name(self.place)}, {self.period.label_vi()}"
        if self.published:
            return f"Mọi số liệu đã duyệt của {where} đã được công bố ({len(self.published)} số liệu)."
        return (f"{where} chưa có số liệu đã duyệt để công bố. Chỉ số liệu nhập tay hoặc đọc từ báo cáo và đã "
                "duyệt mới được công bố; số liệu tính từ sổ đăng ký thì không.")


def preview(uow: UnitOfWork, place: Place, period: Period) -> Preview:
    rows = publishing_repo.rows(uow.session, place, period)
    return Preview(place, period, [r for r in rows if not r.published], [r for r in rows if r.published])


def publish(uow: UnitOfWork, actor: Actor, place: Place, period: Period) -> tuple[int, str | None]:
    """Publish the accepted figures of ``place`` for ``period``: (how many, why none when 0). Logged when any."""
    before = preview(uow, place, period)
    if before.reason is not None:
        return 0, before.reason
    ids = publishing_repo.set_published(uow.session, place, period, True)
    log(uow, actor, "publish", "facts", str(place), None, {"period": period.code, "published": ids}, count=len(ids))
    uow.commit()
    return len(ids), None


def unpublish(uow: UnitOfWork, actor: Actor, place: Place, period: Period, note: str = "") -> int:
    """Withdraw the published figures of ``place`` for ``period`` from the public page; how many (logged)."""
    ids = publishing_repo.set_published(uow.session, place, period, False)
    if ids:
        log(uow, actor, "unpublish", "facts", str(place), {"period": period.code, "published": ids}, None,
            note=note or None, count=len(ids))
        uow.commit()
    return len(ids)
