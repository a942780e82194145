"""What the report reader returns: document metadata, facts, changes and findings."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from htx.stats.facts import Fact, Value

if TYPE_CHECKING:
    from htx.validate import Finding


class ReadError(Exception):
    """A file the reader cannot read; the message names the file and the problem (vi / en)."""


def _json_value(value: Value) -> int | float:
    return value if isinstance(value, int) else float(value)


@dataclass(frozen=True)
class Change:
    """A change against a reference (so sánh): "giảm 07 so với năm 2022" is delta -7, reference "2022".

    ``reference`` is a period code, ``same_period_last_year``, ``previous_year`` or None;
    ``relative`` marks a change stated in percent ("tăng 12%").
    """

    indicator: str
    dims: dict[str, str]
    unit: str
    delta: Value
    relative: bool
    reference: str | None
    kind: str
    quote: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["delta"] = _json_value(self.delta)
        return out


@dataclass
class DocumentInfo:
    """Metadata of a report (thông tin văn bản), as spec/facts.md describes it."""

    number: str | None = None
    place: str | None = None
    date: str | None = None
    kind: str | None = None
    subject: str | None = None
    signer: str | None = None
    province: str | None = None
    period: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Extraction:
    """A document read: its text, metadata, facts, changes, findings and file hash."""

    text: str
    document: DocumentInfo
    facts: list[Fact] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)  # uncertain findings: "cần xem lại", never errors
    content_hash: str | None = None
    filename: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "document": self.document.to_json(),
            "facts": [f.to_json() for f in self.facts],
            "changes": [c.to_json() for c in self.changes],
            "findings": [f.to_json() for f in self.findings],
            "notes": [n.to_json() for n in self.notes],
        }
        if self.filename:
            out["file"] = self.filename
        if self.content_hash:
            out["content_hash"] = self.content_hash
        return out
