"""Whether two figures may be compared (so sánh với kỳ trước, cùng kỳ năm trước): the one rule.

The dashboard, its JSON API and the written reports compare a figure with an earlier one only
through :func:`compare`. A change is computed only when both sides are there and comparable:

- **same kind of source** — figures counted from the registry are compared with figures
  counted from the registry, figures reported by the provinces (read from reports, typed in)
  with reported ones, the fund's and activity books with their own; a report's count against a
  half-filled registry is not a change (it gave "+82.900,0%");
- **same units covered** — a new province's figure for a period before the 1 July 2025 reform
  is the sum of its old provinces' figures (``stats.figures.rehome_old``); when some old
  provinces are missing from that sum it covers less than the province, and it is not compared;
- **a non-zero base** (no percent of nothing).

Otherwise the comparison is absent and :attr:`Comparison.missing` says what is missing, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from htx.stats.derive import percent_change
from htx.stats.facts import Fact
from htx.stats.figures import REHOMED, is_rehomed

SOURCE_CLASS = {"registry": "registry", "document": "reported", "user": "reported", "synthetic": "reported",
                "ledger": "ledger", "activity": "activity"}
CLASS_NAMES = {"registry": "tính từ sổ đăng ký", "reported": "do tỉnh báo cáo", "ledger": "từ sổ Quỹ",
               "activity": "từ sổ hoạt động"}


@dataclass(frozen=True)
class Comparison:
    """A figure against an earlier one: the percent change, or why there is none."""

    now: Fact | None
    before: Fact | None
    change: Decimal | None
    missing: str | None  # None when ``change`` is given

    @property
    def before_value(self) -> int | Decimal | None:
        return self.before.value if self.before is not None and self.change is not None else None


def source_class(f: Fact) -> str:
    return SOURCE_CLASS.get(f.source.kind if f.source is not None else "", "reported")


def old_provinces_missing(f: Fact, predecessors: Iterable[str]) -> list[str]:
    """The old provinces a re-homed figure should include but does not (codes, sorted)."""
    if not is_rehomed(f):
        return []
    got = {c.strip() for c in (f.source.note or "")[len(REHOMED):].split(",")} if f.source else set()
    return sorted(set(predecessors) - got)


def compare(now: Fact | None, before: Fact | None, before_label: str,
            predecessors: Iterable[str] = (), names: dict[str, str] | None = None) -> Comparison:
    """``now`` against ``before`` (``before_label``: "kỳ trước", "cùng kỳ năm trước"), by the rules above.

    ``predecessors``: the old provinces of the place (codes) when it is a new province, so that a
    re-homed figure covering only some of them is refused; ``names`` gives their names for the message.
    """
    if now is None or before is None:
        side = "kỳ này" if now is None else before_label
        return Comparison(now, before, None, f"Không so sánh: chưa có số liệu {side}")
    a, b = source_class(now), source_class(before)
    if a != b:
        return Comparison(now, before, None, f"Không so sánh: số liệu kỳ này {CLASS_NAMES[a]}, "
                                             f"{before_label} {CLASS_NAMES[b]}")
    olds = list(predecessors)
    for side, f in (("kỳ này", now), (before_label, before)):
        lacking = old_provinces_missing(f, olds)
        if lacking:
            who = ", ".join((names or {}).get(c, c) for c in lacking)
            return Comparison(now, before, None, f"Không so sánh: số liệu {side} thiếu tỉnh cũ {who}")
    change = percent_change(now.value, before.value)
    if change is None:
        return Comparison(now, before, None, f"Không so sánh: số liệu {before_label} bằng 0")
    return Comparison(now, before, change, None)
