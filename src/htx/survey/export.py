"""The result of a round as XLSX or DOCX (xuất kết quả), for the country or one province.

Numbers are written as numbers in XLSX (2 decimals) and in Vietnamese style in DOCX; a
province below the minimum shows its note ("chưa đủ phiếu"), never a zero.
"""

from __future__ import annotations

import io
from typing import Any

from htx.survey import present

HEAD = ["Hạng", "Tỉnh, thành phố", "Danh sách", "Đã nộp", "Hợp lệ", "Tỷ lệ phản hồi (%)", "Chỉ số (0–100)",
        "Tỷ lệ hài lòng (%)", "Nhóm", "Thay đổi so với vòng trước", "Ghi chú"]


def _title(data: dict[str, Any], province: str | None) -> str:
    where = present.province_name(province) if province else "34 tỉnh, thành phố"
    return f"{data['summary']['title']} — {where}"


def _state(data: dict[str, Any]) -> str:
    if data["provisional"]:
        return "KẾT QUẢ TẠM TÍNH, CHƯA CÔNG BỐ"
    return f"Kết quả đã công bố ngày {data['computed_at']:%d/%m/%Y} (phương pháp phiên bản {data['method_version']})"


def _rows(data: dict[str, Any], province: str | None) -> list[dict[str, Any]]:
    rows = present.province_rows(data)
    if province:
        return [r for r in rows if r["place"] == province]
    return rows + [{**data["country"], "name": "Toàn quốc", "rank": None, "band": None}]


def _focus(data: dict[str, Any], province: str | None) -> dict[str, Any]:
    if province:
        return next((p for p in data["provinces"] if p["place"] == province), {"dimensions": [], "note": "không có"})
    return dict(data["country"])


def to_xlsx(data: dict[str, Any], province: str | None, comments: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Chỉ số theo tỉnh"
    ws.append([_title(data, province)])
    ws.append([_state(data) + f"; tối thiểu {data['min_responses']} phiếu hợp lệ mỗi tỉnh"])
    ws.append(HEAD)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for r in _rows(data, province):
        ws.append([r["rank"], r["name"], r["frame"], r["submitted"], r["valid"], r["response_rate"], r["index"],
                   r["satisfied_index"], present.band(r.get("band")) if r.get("band") else None, r.get("change"),
                   r["note"] or r.get("change_note")])
    for row in ws.iter_rows(min_row=4):
        for cell in row[5:8] + (row[9],):
            cell.number_format = "0.00"
    ws.column_dimensions["B"].width = 28
    focus = _focus(data, province)
    dims = wb.create_sheet("Lĩnh vực và câu hỏi")
    dims.append(["Lĩnh vực", "Trọng số", "Câu hỏi", "Nội dung", "Điểm (0–100)", "Tỷ lệ hài lòng (%)", "Số trả lời",
                 "Không biết / không áp dụng", "Yếu nhất"])
    for d in focus.get("dimensions", []):
        dims.append([d["title"], d["weight"], None, None, d["score"], d["satisfied"]])
        for i in d["items"]:
            dims.append([None, None, i["code"], i["text"], i["score"], i["satisfied"], i["answers"], i["missing"],
                         "x" if i["code"] in d["weakest"] else None])
    if comments:
        sheet = wb.create_sheet("Ý kiến")
        sheet.append(["Xã", "Câu hỏi", "Ý kiến"])
        for c in comments:
            sheet.append([present.commune_name(c["commune"]), c["question"], c["text"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_docx(data: dict[str, Any], province: str | None, comments: list[dict[str, Any]]) -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(_title(data, province), level=1)
    doc.add_paragraph(_state(data) + f". Tối thiểu {data['min_responses']} phiếu hợp lệ để công bố chỉ số của một tỉnh.")
    rows = _rows(data, province)
    table = doc.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Hạng", "Tỉnh, thành phố", "Hợp lệ / đã nộp", "Tỷ lệ phản hồi",
                                                "Chỉ số", "Tỷ lệ hài lòng", "Nhóm", "Thay đổi"], strict=True):
        cell.text = text
    for r in rows:
        cells = table.add_row().cells
        values = [str(r["rank"] or "—"), r["name"], f"{r['valid']}/{r['submitted']}", present.percent(r["response_rate"]),
                  present.score(r["index"]) if r["index"] is not None else (r["note"] or "—"),
                  present.percent(r["satisfied_index"]), present.band(r.get("band")), present.change(r.get("change"))]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    focus = _focus(data, province)
    if focus.get("dimensions"):
        doc.add_heading("Điểm theo lĩnh vực", level=2)
        for d in focus["dimensions"]:
            weakest = [i for i in d["items"] if i["code"] in d["weakest"]]
            doc.add_paragraph(
                f"{d['title']} (trọng số {d['weight']}): {present.score(d['score'])} điểm, "
                f"{present.percent(d['satisfied'])} hài lòng. Câu thấp nhất: "
                + "; ".join(f"{i['text']} ({present.score(i['score'])})" for i in weakest), style="List Bullet")
    if comments:
        doc.add_heading("Ý kiến của HTX", level=2)
        for c in comments:
            doc.add_paragraph(f"{present.commune_name(c['commune'])} — {c['question']}: {c['text']}", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
