"""The reporting calendar: the packaged file loads, due dates and the pre-reform district step, bad files refused."""

from __future__ import annotations

from datetime import date

import pytest

from htx.stats.periods import Period
from htx.workflow.calendar import CalendarError, default_calendar, parse_calendar


def test_december_cascade_after_the_reform() -> None:
    ds = default_calendar().dataset("annual_update")
    steps = ds.steps_for(Period.parse("2025"))
    assert [(s.level, s.due.on(Period.parse("2025"))) for s in steps] == [
        ("coop", date(2025, 12, 15)), ("commune", date(2025, 12, 18)), ("province", date(2025, 12, 21))]
    assert ds.child_level(Period.parse("2025"), "province") == "commune"


def test_district_step_holds_until_30_june_2025() -> None:
    ds = default_calendar().dataset("annual_update")
    assert [s.level for s in ds.steps_for(Period.parse("2024"))] == ["coop", "district", "province"]
    half = default_calendar().dataset("half_year")
    # H1 2025 is due on 10/07/2025, after the reform: the commune, not the district, owes it
    assert [s.level for s in half.steps_for(Period.parse("2025-H1"))] == ["commune", "province"]
    assert [s.level for s in half.steps_for(Period.parse("2024-H2"))] == ["district", "province"]


def test_days_after_end() -> None:
    q = default_calendar().dataset("alliance_quarterly")
    assert q.steps[0].due.on(Period.parse("2025-Q3")) == date(2025, 10, 15)
    assert q.accepts(Period.parse("2025-Q3")) and not q.accepts(Period.parse("2025"))


def test_unknown_dataset_is_named() -> None:
    with pytest.raises(CalendarError, match="Không có loại báo cáo 'nope'"):
        default_calendar().dataset("nope")


BAD = """
version: 1
valid_from: 2024-07-01
basis: x
reform_day: 2025-07-01
blocking_rules: []
datasets:
  - code: annual_update
    name: A
    period: year
    basis: b
    steps:
      - level: coop
        due: {month_day: "13-15"}
"""


def test_bad_file_names_file_and_key() -> None:
    with pytest.raises(CalendarError) as info:
        parse_calendar(BAD, "lich.yaml")
    msg = str(info.value)
    assert "lich.yaml" in msg and "datasets[0] (annual_update).steps[0].due.month_day" in msg
    assert "không đúng dạng" in msg


def test_duplicate_codes_and_bad_yaml_refused() -> None:
    fixed = BAD.replace('"13-15"', '"12-15"')
    dup = fixed + fixed.split("datasets:\n")[1]
    with pytest.raises(CalendarError, match="trùng: annual_update"):
        parse_calendar(dup, "lich.yaml")
    with pytest.raises(CalendarError, match="lich.yaml: không đọc được YAML"):
        parse_calendar("a: [", "lich.yaml")
