"""Completeness and timeliness (tính đầy đủ, kịp thời): of the units expected to report, how many did, on time, approved.

Rates follow DHIS2's reporting rate: 100 × received ÷ expected, here as exact decimals. A
rate with no expected unit is absent (None), never an invented zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from htx.workflow.states import DONE, LOCKED


@dataclass(frozen=True)
class Filed:
    """What is known of one unit's filing: its state and whether it came by the due date."""

    state: str
    on_time: bool | None


@dataclass
class Row:
    """One line of the completeness table (a province, or the country)."""

    code: str
    name: str
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0
    missing: list[str] = field(default_factory=list)

    def rate(self, count: int) -> Decimal | None:
        if not self.expected:
            return None
        return (Decimal(100 * count) / self.expected).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def submitted_pct(self) -> Decimal | None:
        return self.rate(self.submitted)

    @property
    def on_time_pct(self) -> Decimal | None:
        return self.rate(self.on_time)

    @property
    def approved_pct(self) -> Decimal | None:
        return self.rate(self.approved)

    def add(self, key: str, filed: Filed | None) -> None:
        self.expected += 1
        if filed is None or filed.state not in DONE:
            self.missing.append(key)
            return
        self.submitted += 1
        self.on_time += bool(filed.on_time)
        self.approved += filed.state in LOCKED

    def to_json(self) -> dict[str, object]:
        def num(d: Decimal | None) -> float | None:
            return None if d is None else float(d)

        return {"code": self.code, "name": self.name, "expected": self.expected, "submitted": self.submitted,
                "on_time": self.on_time, "approved": self.approved, "submitted_pct": num(self.submitted_pct),
                "on_time_pct": num(self.on_time_pct), "approved_pct": num(self.approved_pct),
                "missing": len(self.missing)}


def tally(groups: Mapping[str, tuple[str, Iterable[str]]], filed: Mapping[str, Filed]) -> list[Row]:
    """One row per group (code → (name, expected unit keys)), counting each unit's filing once."""
    rows = []
    for code, (name, keys) in groups.items():
        row = Row(code, name)
        for key in keys:
            row.add(key, filed.get(key))
        rows.append(row)
    return rows


def from_counts(code: str, name: str, expected: int, states: Iterable[tuple[str, bool | None, int]]) -> Row:
    """A row from counts already grouped by the database: (state, on_time, number of units)."""
    row = Row(code, name, expected=expected)
    for state, timely, n in states:
        if state in DONE:
            row.submitted += n
            row.on_time += n if timely else 0
            row.approved += n if state in LOCKED else 0
    return row


def total(rows: list[Row], code: str = "VN", name: str = "Toàn quốc") -> Row:
    out = Row(code, name)
    for r in rows:
        out.expected += r.expected
        out.submitted += r.submitted
        out.on_time += r.on_time
        out.approved += r.approved
    return out


def ranked(rows: list[Row]) -> list[Row]:
    """Best first: approved rate, then submitted, then on time; rows without expected units last."""
    def key(r: Row) -> tuple[int, Decimal, Decimal, Decimal, str]:
        z = Decimal(0)
        return (0 if r.expected else 1, -(r.approved_pct or z), -(r.submitted_pct or z), -(r.on_time_pct or z), r.name)

    return sorted(rows, key=key)
