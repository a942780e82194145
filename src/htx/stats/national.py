"""The national report's periods (the table itself is read by ``htx.services.national``)."""

from __future__ import annotations

from htx.stats.periods import Period


def comparison_periods(period: Period) -> list[Period]:
    """The periods a national report shows: the period, the previous one and the same one last year."""
    return [period, period.previous, period.same_last_year]
