"""Periods live in :mod:`htx.periods` (a value type shared by geo and stats); re-exported here."""

from htx.periods import Period as Period
from htx.periods import PeriodError as PeriodError
