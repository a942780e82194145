"""Consistency checks of facts (kiểm tra số liệu): one entry point, :func:`check_facts`.

Used by the report reader (``htx.ingest``), the web data entry, and — as they come — the
report writer and the submission workflow. Rules: parts of a declared partition against
their whole (``parts_total``, ``shares_counts_total``), shares of a partition within 100 %
(``shares_sum``), a stated share against count / whole (``percent``), shares at most 100 %
(``percent_range``), attainment against actual / plan (``attainment``), one figure stated
with two values (``conflict``, always a note), a headline against its body (``headline_conflict``)
and a document against stored facts (``stored_conflict``).
A finding is certain only when the arithmetic fails under every reading of the facts, at
one place and time; anything less is a note "cần xem lại" that never blocks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from htx.stats.facts import Fact
from htx.validate.findings import CheckReport, Finding
from htx.validate.partitions import check_parts, check_share_sums
from htx.validate.restatements import check_against_stored, check_conflicts, check_headline
from htx.validate.scope import FactIndex
from htx.validate.shares import check_attainment, check_percent_range, check_percents


def check_facts(facts: Iterable[Fact], stored: Iterable[Fact] | None = None,
                headline: Sequence[tuple[int, int]] = ()) -> CheckReport:
    """Every rule over a set of facts (one document, or one form).

    ``stored``: facts to compare against; ``headline``: (start, end) offsets of the
    document's headline in the text its facts quote.
    """
    items = list(facts)
    report = CheckReport()
    index = FactIndex(items)
    for rule in (check_parts, check_percents, check_share_sums, check_attainment):
        report.add(rule(items, index))
    report.add(check_percent_range(items))
    report.add(check_headline(items, headline, index))
    report.add(check_conflicts(items, headline, index))
    if stored is not None:
        report.add(check_against_stored(items, stored))
    return report


__all__ = ["CheckReport", "Finding", "check_facts"]
