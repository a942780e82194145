"""Use case: the headline figures of every province (overview, public page), by the dashboard's one rule.

A province's figures come from the national table (``services.national``), which gives for each
province exactly the facts ``FigureService.figures`` gives its dashboard; the headline figures
are then picked by ``htx.stats.headlines`` on every page. The public page keeps only the stored
figures that were published (``published_only``). It does not sum old provinces' published
figures into a new province (a sum of the provinces that happened to publish is no province's
figure): for a period before the 1 July 2025 reform it shows them under the old provinces'
own names (``era="old"``), next to what was published under the new provinces.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext

from htx.db.figures_repo import Book
from htx.services.national import figures_by_province
from htx.services.uow import UnitOfWork
from htx.stats.facts import Fact
from htx.stats.figures import is_rehomed
from htx.stats.headlines import headline_facts, overview_definitions, published_facts
from htx.stats.periods import Period

ProvinceHeadlines = dict[str, dict[str, Fact | None]]


def province_headlines(uow: UnitOfWork, books: Sequence[Book], period: Period, era: str = "new",
                       published_only: bool = False) -> ProvinceHeadlines:
    """Province code → headline key → fact (None when absent) for the overview's columns.

    ``published_only``: only figures that were published (công bố) — what the public page shows.
    """
    session = uow.session
    (table,) = figures_by_province(lambda: nullcontext(session), books, [period], era, published_only)
    defs = overview_definitions()
    out: ProvinceHeadlines = {}
    for code, facts in table.items():
        if published_only:
            facts = [f for f in published_facts(facts) if not is_rehomed(f)]
        out[code] = headline_facts(facts, defs)
    return out
