"""The sector a whole report is about (phạm vi báo cáo): "Tình hình hợp tác xã nông nghiệp …".

A report whose title names cooperatives of one sector ("hợp tác xã nông nghiệp") states
every cooperative figure of that sector even where a sentence does not repeat it
("Các HTX có 24.760 thành viên"). :func:`document_scope` reads that sector from the title
(the ``subject`` of the metadata) with the phrase tables; :func:`apply_scope` adds it to the
cooperative facts that name no sector.
"""

from __future__ import annotations

import dataclasses
import re

from htx.ingest.lexicon import fold, lexicon
from htx.stats.facts import Fact

_JOIN = re.compile(r"^[\s,-]*$")


def document_scope(subject: str | None) -> dict[str, str]:
    """``{"sector": …}`` when the title names cooperatives of one sector right after their name."""
    if not subject:
        return {}
    folded = fold(subject)
    lex = lexicon()
    subjects = lex.taggers["subjects"].tags(folded)
    if {t.entry["subject"] for t in subjects} != {"htx"}:
        return {}  # "hợp tác xã, tổ hợp tác …": the report is about more than cooperatives
    sectors = {t.entry["value"]: t for t in lex.taggers["dims"].tags(folded) if t.entry["dim"] == "sector"}
    if len(sectors) != 1:
        return {}
    value, tag = next(iter(sectors.items()))
    if not any(_JOIN.match(folded[s.end:tag.start]) for s in subjects if s.end <= tag.start):
        return {}
    return {"sector": value}


def apply_scope(facts: list[Fact], scope: dict[str, str]) -> list[Fact]:
    """Cooperative facts with the report's sector added where they name none."""
    if not scope:
        return facts
    applies = lexicon().applies_to
    out = []
    for f in facts:
        measure = f.indicator.partition(".")[2]
        extra = {d: v for d, v in scope.items()
                 if f.indicator.startswith("htx.") and d not in f.dims and measure in applies.get(d, [])}
        out.append(dataclasses.replace(f, dims={**f.dims, **extra}) if extra else f)
    return out
