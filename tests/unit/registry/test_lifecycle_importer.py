"""Registry lifecycle rules and the import parser (pure, no database)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from htx.registry.importer import ImportErrors, parse_records, template_headers
from htx.registry.lifecycle import Event, LifecycleError, intervals, status_on


def test_status_follows_events() -> None:
    ev = [Event("founded", date(2019, 1, 1)), Event("suspended", date(2021, 6, 1)),
          Event("resumed", date(2022, 1, 1)), Event("merged", date(2024, 1, 1))]
    assert status_on(ev, date(2018, 12, 31)) is None
    assert status_on(ev, date(2021, 6, 1)) == "suspended"
    assert status_on(ev, date(2022, 1, 1)) == "active"
    assert status_on(ev, date(2025, 1, 1)) == "dissolved"
    assert [i.status for i in intervals(ev)] == ["active", "suspended", "active", "dissolved"]


@pytest.mark.parametrize("events", [
    [Event("resumed", date(2020, 1, 1))],
    [Event("founded", date(2020, 1, 1)), Event("dissolved", date(2021, 1, 1)), Event("resumed", date(2022, 1, 1))],
    [Event("founded", date(2020, 1, 1)), Event("founded", date(2021, 1, 1))],
])
def test_impossible_histories_refused(events: list[Event]) -> None:
    with pytest.raises(LifecycleError):
        intervals(events)


def _csv(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "dang-ky.csv"
    p.write_text(body, encoding="utf-8")
    return p


def test_csv_parse_with_vietnamese_headers_and_values(tmp_path: Path) -> None:
    f = _csv(tmp_path, "Loại hình,Tên,Mã tỉnh,Lĩnh vực,Ngày thành lập,Vốn điều lệ,Trạng thái,Ngày trạng thái\n"
                       "hợp tác xã,HTX A,20,Nông nghiệp,01/02/2020,1.500.000.000,tạm ngừng,2022-05-01\n"
                       "THT,THT B,20,dịch vụ,2021-03-04,,,\n")
    a, b = parse_records(f)
    assert (a.kind, a.sector, a.charter_capital, [e.kind for e in a.events]) == ("HTX", "agriculture", 1_500_000_000, ["founded", "suspended"])
    assert (b.kind, b.sector, b.charter_capital) == ("THT", "trade_services", None)


def test_every_bad_cell_is_named(tmp_path: Path) -> None:
    f = _csv(tmp_path, "Loại hình,Tên,Mã tỉnh,Lĩnh vực,Thành viên,Cột lạ\n")
    with pytest.raises(ImportErrors) as e:
        parse_records(f)
    assert "Cột lạ" in str(e.value)
    f = _csv(tmp_path, "Loại hình,Tên,Mã tỉnh,Lĩnh vực,Thành viên\nHTX,A,20,nông nghiệp,12\nHTX,,20,đánh cá,-3\n")
    with pytest.raises(ImportErrors) as e:
        parse_records(f)
    msg = str(e.value)
    assert "dang-ky.csv" in msg and "dòng/row 3, cột/column 'Tên'" in msg and "dòng/row 3, cột/column 'Lĩnh vực'" in msg
    assert "dòng/row 3, cột/column 'Thành viên'" in msg and "dòng/row 2" not in msg


def test_template_has_required_columns() -> None:
    headers = template_headers()
    assert {"kind", "name", "sector"} <= set(headers)


def test_import_applies_the_legal_minimums_tax_code_and_calendar(tmp_path: Path) -> None:
    ahead = date.fromordinal(date.today().toordinal() + 1).strftime("%d/%m/%Y")
    f = _csv(tmp_path, "Loại hình,Tên,Mã tỉnh,Lĩnh vực,Thành viên,Mã số thuế,Ngày thành lập\n"
                       "HTX,A,20,nông nghiệp,4,0101234567,01/01/2020\n"
                       "LHHTX,B,20,nông nghiệp,3,0101234567-01,01/01/2020\n"
                       f"THT,C,20,nông nghiệp,2,0101234567-001,{ahead}\n"
                       "HTX,D,20,nông nghiệp,5,,01/01/2020\n")
    with pytest.raises(ImportErrors) as e:
        parse_records(f)
    msg = str(e.value)
    assert "dòng/row 2, cột/column 'Thành viên'" in msg and "ít nhất 5 thành viên" in msg
    assert "dòng/row 3, cột/column 'Mã số thuế'" in msg and "dòng/row 3, cột/column 'Thành viên'" not in msg
    assert "dòng/row 4, cột/column 'Ngày thành lập'" in msg and "không được sau hôm nay" in msg
    assert "dòng/row 5" not in msg
