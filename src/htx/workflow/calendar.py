"""The reporting calendar (lịch báo cáo): which dataset is owed by which level, for which periods, by when.

The calendar is data (``data/calendar.yaml``), checked at load by pydantic: a bad file raises
:class:`CalendarError` naming the file and the key, and nothing is loaded. A dataset has one
step per level (cooperative, district, commune, province); a step may hold only before or
only after the 1 July 2025 reform (the district step ends on 30 June 2025).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from htx.stats.periods import Period

LEVELS = ("coop", "district", "commune", "province")
LEVEL_LABELS = {"coop": "Hợp tác xã", "district": "Cấp huyện", "commune": "Cấp xã", "province": "Cấp tỉnh",
                "country": "Toàn quốc"}
PERIOD_KINDS = {"year": "năm", "half": "6 tháng", "quarter": "quý"}


class CalendarError(ValueError):
    """A calendar file that cannot be used; the message names the file and the key, in Vietnamese."""


class Due(BaseModel):
    """When a step is due: a fixed day of the period's year (``12-15``) or a number of days after the period."""

    model_config = ConfigDict(extra="forbid")
    month_day: str | None = Field(default=None, pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
    days_after_end: int | None = Field(default=None, ge=0, le=366)

    @model_validator(mode="after")
    def _one_rule(self) -> Due:
        if (self.month_day is None) == (self.days_after_end is None):
            raise ValueError("cần đúng một trong month_day hoặc days_after_end")
        return self

    def on(self, period: Period) -> date:
        if self.month_day is not None:
            month, day = (int(x) for x in self.month_day.split("-"))
            return date(period.end.year, month, day)
        assert self.days_after_end is not None
        return period.end + timedelta(days=self.days_after_end)


class Step(BaseModel):
    """One level's duty in a dataset's chain, optionally bounded in time (before/after the reform)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    level: Literal["coop", "district", "commune", "province"]
    due: Due
    kinds: list[Literal["HTX", "THT", "LHHTX", "QTDND"]] = Field(default_factory=list)
    valid_from: date | None = Field(default=None, alias="from")
    until: date | None = None
    confirmed: bool = True
    note: str | None = None

    def holds_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.until is None or day <= self.until)


class Dataset(BaseModel):
    """A kind of report (bộ số liệu / loại báo cáo) and the chain of levels that owe it."""

    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")
    name: str
    period: Literal["year", "half", "quarter"]
    basis: str
    steps: list[Step] = Field(min_length=1)

    def accepts(self, period: Period) -> bool:
        return period.kind == self.period

    def steps_for(self, period: Period) -> list[Step]:
        """The steps that hold for ``period`` (judged on each step's due date), in chain order."""
        return [s for s in self.steps if s.holds_on(s.due.on(period))]

    def step(self, period: Period, level: str) -> Step | None:
        return next((s for s in self.steps_for(period) if s.level == level), None)

    def child_level(self, period: Period, level: str) -> str | None:
        """The level just below ``level`` in this dataset's chain for ``period`` (None at the bottom)."""
        levels = [s.level for s in self.steps_for(period)]
        i = levels.index(level) if level in levels else -1
        return levels[i - 1] if i > 0 else None


class Calendar(BaseModel):
    """The whole calendar file."""

    model_config = ConfigDict(extra="forbid")
    version: int = Field(ge=1)
    valid_from: date
    basis: str
    reform_day: date
    blocking_rules: list[str]
    datasets: list[Dataset] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> Calendar:
        codes = [d.code for d in self.datasets]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"mã bộ số liệu trùng: {', '.join(dup)}")
        return self

    def dataset(self, code: str) -> Dataset:
        for d in self.datasets:
            if d.code == code:
                return d
        raise CalendarError(f"Không có loại báo cáo '{code}'. Có: {', '.join(d.code for d in self.datasets)}.")

    def era_of(self, day: date) -> str:
        return "old" if day < self.reform_day else "new"


def _where(loc: tuple[int | str, ...], raw: object) -> str:
    """``datasets[0] (annual_update).steps[1].due`` from a pydantic error location."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and "code" in node:
                out += f" ({node['code']})"
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(gốc)"


_MESSAGES = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép",
    "string_pattern_mismatch": "không đúng dạng (ngày: MM-DD; mã: chữ thường, số, gạch dưới)",
    "date_from_datetime_parsing": "không phải ngày (YYYY-MM-DD)",
    "date_parsing": "không phải ngày (YYYY-MM-DD)",
    "int_parsing": "không phải số nguyên",
    "too_short": "không được để trống",
    "string_type": "phải là chuỗi ký tự",
    "list_type": "phải là danh sách",
}


def _message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "literal_error":
        return f"giá trị không hợp lệ, phải là {error.get('ctx', {}).get('expected', '')}"
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    return _MESSAGES.get(kind, error["msg"])


def parse_calendar(text: str, name: str) -> Calendar:
    """Check a calendar file's text; :class:`CalendarError` names ``name`` and the key at fault."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CalendarError(f"{name}: không đọc được YAML ({exc})") from None
    if not isinstance(raw, dict):
        raise CalendarError(f"{name}: tệp phải là một bảng khóa → giá trị")
    try:
        return Calendar.model_validate(raw)
    except ValidationError as exc:
        lines = [f"{name}, khóa {_where(e['loc'], raw)}: {_message(e)}" for e in exc.errors()]
        raise CalendarError("Lịch báo cáo không hợp lệ — " + "; ".join(lines)) from None


def load_calendar(path: Path | None = None) -> Calendar:
    """The calendar of ``path`` (default: the packaged ``data/calendar.yaml``)."""
    if path is not None:
        return parse_calendar(path.read_text("utf-8"), str(path))
    return default_calendar()


@cache
def default_calendar() -> Calendar:
    text = (resources.files("htx.workflow") / "data" / "calendar.yaml").read_text("utf-8")
    return parse_calendar(text, "htx/workflow/data/calendar.yaml")
