"""What the checks return (kết quả kiểm tra): findings that are certain, notes to look at again.

A :class:`Finding` carries its certainty. A certain one ("lỗi số liệu") is raised only when
the arithmetic fails under every reading of the facts; an uncertain one is a note "cần xem
lại" (the facts may not describe the same thing): it is shown apart and never blocks anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from htx.stats.facts import Fact, Value


@dataclass(frozen=True)
class Finding:
    """A problem in the figures: rule code, Vietnamese message, the quotes involved, numbers, certainty.

    ``reason`` says (in Vietnamese) why an uncertain finding is only a note.
    """

    rule: str
    message: str
    quotes: list[dict[str, Any]] = field(default_factory=list)
    expected: Value | None = None
    stated: Value | None = None
    certain: bool = True
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        def num(v: Value | None) -> Any:
            return v if v is None or isinstance(v, int) else float(v)

        out = {"rule": self.rule, "message": self.message, "quotes": self.quotes,
               "expected": num(self.expected), "stated": num(self.stated),
               "certainty": "certain" if self.certain else "uncertain"}
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class CheckReport:
    """The outcome of :func:`htx.validate.check_facts`: ``findings`` (certain) and ``notes`` (cần xem lại)."""

    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    def add(self, items: list[Finding]) -> None:
        seen = {(f.rule, f.message) for f in self.findings + self.notes}
        for item in items:
            if (item.rule, item.message) in seen:
                continue
            seen.add((item.rule, item.message))
            (self.findings if item.certain else self.notes).append(item)

    def to_json(self) -> dict[str, Any]:
        return {"findings": [f.to_json() for f in self.findings], "notes": [n.to_json() for n in self.notes]}


def quotes(*facts: Fact) -> list[dict[str, Any]]:
    """The quotes and offsets of the facts that have them (document sources)."""
    out = []
    for f in facts:
        if f.source is not None and f.source.quote is not None:
            item = {"quote": f.source.quote, "start": f.source.start, "end": f.source.end}
            if item not in out:
                out.append(item)
    return out
