"""Lifecycle of an organisation (vòng đời): dated events and the status intervals they imply.

Events: ``founded`` (thành lập), ``suspended`` (tạm ngừng), ``resumed`` (hoạt động trở lại),
``stopped`` (ngừng hoạt động, chờ giải thể), ``dissolved`` (giải thể), ``merged`` (sáp nhập
vào tổ chức khác). Status on a day is set by the last event on or before it; an organisation
merged into another counts as dissolved from the merger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

KINDS = ("THT", "HTX", "LHHTX", "QTDND")
EVENT_KINDS = ("founded", "suspended", "resumed", "stopped", "dissolved", "merged")
STATUS_AFTER = {
    "founded": "active",
    "resumed": "active",
    "suspended": "suspended",
    "stopped": "stopped",
    "dissolved": "dissolved",
    "merged": "dissolved",
}
# Which event may follow which status (None: before founding).
ALLOWED = {
    None: {"founded"},
    "active": {"suspended", "stopped", "dissolved", "merged"},
    "suspended": {"resumed", "stopped", "dissolved", "merged"},
    "stopped": {"resumed", "dissolved", "merged"},
    "dissolved": set(),
}
CLASSES = ("good", "fair", "average", "weak")


class LifecycleError(ValueError):
    """An event sequence that cannot happen (e.g. resumed before founded)."""


@dataclass(frozen=True)
class Event:
    kind: str
    on: date


@dataclass(frozen=True)
class Interval:
    """``status`` holds from ``valid_from`` (inclusive) to ``valid_to`` (exclusive; None = still)."""

    status: str
    valid_from: date
    valid_to: date | None

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


def check_events(events: Iterable[Event]) -> list[Event]:
    """The events sorted by date, or :class:`LifecycleError` naming the first impossible one."""
    ordered = sorted(events, key=lambda e: (e.on, EVENT_KINDS.index(e.kind)))
    status: str | None = None
    for e in ordered:
        if e.kind not in STATUS_AFTER:
            raise LifecycleError(f"unknown event {e.kind!r}")
        if e.kind not in ALLOWED[status]:
            raise LifecycleError(
                f"sự kiện '{e.kind}' ngày {e.on:%d/%m/%Y} không hợp lệ khi trạng thái là "
                f"'{status or 'chưa thành lập'}' / event {e.kind!r} on {e.on} not allowed after {status}"
            )
        status = STATUS_AFTER[e.kind]
    return ordered


def intervals(events: Iterable[Event]) -> list[Interval]:
    """Status intervals implied by the events (validated)."""
    ordered = check_events(events)
    out: list[Interval] = []
    for i, e in enumerate(ordered):
        end = ordered[i + 1].on if i + 1 < len(ordered) else None
        if end == e.on:
            continue
        out.append(Interval(STATUS_AFTER[e.kind], e.on, end))
    return out


def status_on(events: Sequence[Event], day: date) -> str | None:
    """Status on ``day`` (None before founding)."""
    for iv in intervals(events):
        if iv.covers(day):
            return iv.status
    return None
