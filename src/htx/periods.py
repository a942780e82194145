"""Reporting periods (kỳ báo cáo): year ``2021``, half ``2021-H1``, quarter ``2021-Q1``, month ``2021-03``.

A period knows its first and last day, the previous period of the same length and the same
period one year earlier, which is what every comparison in a report needs.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_PATTERN = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


class PeriodError(ValueError):
    """Text that is not a period code."""


@dataclass(frozen=True, order=True)
class Period:
    """A calendar period. ``kind`` is ``year``, ``half``, ``quarter`` or ``month``; ``index`` counts from 1."""

    year: int
    kind: str
    index: int = 1

    @classmethod
    def parse(cls, code: str) -> Period:
        m = _PATTERN.match(code.strip())
        if not m:
            raise PeriodError(f"not a period: {code!r} (expected 2021, 2021-H1, 2021-Q1 or 2021-03)")
        year, part = int(m.group(1)), m.group(2)
        if part is None:
            return cls(year, "year")
        if part[0] == "H":
            return cls(year, "half", int(part[1]))
        if part[0] == "Q":
            return cls(year, "quarter", int(part[1]))
        month = int(part)
        if not 1 <= month <= 12:
            raise PeriodError(f"not a month: {code!r}")
        return cls(year, "month", month)

    @property
    def months(self) -> int:
        return {"year": 12, "half": 6, "quarter": 3, "month": 1}[self.kind]

    @property
    def code(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}-H{self.index}"
        if self.kind == "quarter":
            return f"{self.year}-Q{self.index}"
        return f"{self.year}-{self.index:02d}"

    def __str__(self) -> str:
        return self.code

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        month = self.index * self.months
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def report_year(self) -> int:
        """The year whose yearly figures (classification, revenue, averages) this period's report shows.

        A year shows its own; a quarter, half or month shows the last closed year (2025-Q3 → 2024).
        """
        return self.year if self.kind == "year" else self.year - 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def previous(self) -> Period:
        """The period of the same length just before (2021-Q1 → 2020-Q4)."""
        per_year = 12 // self.months
        if self.index > 1:
            return Period(self.year, self.kind, self.index - 1)
        return Period(self.year - 1, self.kind, per_year)

    @property
    def same_last_year(self) -> Period:
        """The same period one year earlier (2021-Q1 → 2020-Q1)."""
        return Period(self.year - 1, self.kind, self.index)

    def label_vi(self) -> str:
        """``Quý I/2021``, ``6 tháng đầu năm 2023``, ``năm 2022``, ``tháng 3/2021``."""
        if self.kind == "year":
            return f"năm {self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {self.year}"
        if self.kind == "quarter":
            return f"Quý {('I', 'II', 'III', 'IV')[self.index - 1]}/{self.year}"
        return f"tháng {self.index}/{self.year}"

    def series(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        out = [self]
        while len(out) < count:
            out.append(out[-1].previous)
        return out[::-1]
