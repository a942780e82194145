"""Reading narrative reports (đọc báo cáo): text, metadata, facts with quotes, and checks.

``extract_file("bao-cao.docx")`` reads a .txt/.docx/.pdf/.html report and returns an
:class:`Extraction`: the document's metadata, every statistic of the vocabulary as a
:class:`~htx.stats.facts.Fact` with the quote and offsets that state it, changes against
a reference period, and the findings of the consistency checks (and their notes "cần xem lại").
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from htx.ingest.extract import extract_facts
from htx.ingest.metadata import read_metadata
from htx.ingest.model import Change, DocumentInfo, Extraction, ReadError
from htx.ingest.readers import read_file
from htx.ingest.scope import apply_scope, document_scope


def extract_text(text: str, filename: str | None = None) -> Extraction:
    """Metadata, facts, changes and findings of a report's text (NFC expected)."""
    from htx.validate import check_facts

    info = read_metadata(text)
    plan_document = (info.kind or "").upper().startswith(("KẾ HOẠCH", "CHƯƠNG TRÌNH"))
    found = extract_facts(text, period=info.period, plan_document=plan_document, province=info.province)
    # a report's trích yếu states its scope; a news page's headline only draws the eye
    if info.kind != "news":
        found.facts = apply_scope(found.facts, document_scope(info.subject))
    extraction = Extraction(text=text, document=info, facts=found.facts, changes=found.changes,
                            filename=filename)
    report = check_facts(found.facts, headline=headline_spans(text, info.subject))
    extraction.findings, extraction.notes = report.findings, report.notes
    return extraction


def headline_spans(text: str, subject: str | None) -> list[tuple[int, int]]:
    """Where the headline (trích yếu / title) stands in the text: the checks compare it with the body."""
    if not subject or len(subject) < 12:
        return []
    found, start = [], text.find(subject)
    while start >= 0:
        found.append((start, start + len(subject)))
        start = text.find(subject, start + 1)
    return found


def extract_file(path: str | Path) -> Extraction:
    """Read a report file and extract it; :class:`ReadError` when the file is unreadable."""
    p = Path(path)
    text = read_file(p)
    extraction = extract_text(text, filename=p.name)
    extraction.content_hash = hashlib.sha256(p.read_bytes()).hexdigest()
    return extraction


__all__ = ["Change", "DocumentInfo", "Extraction", "ReadError", "extract_file", "extract_text", "read_file"]
