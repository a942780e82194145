"""The Word report follows Nghị định 30/2020: header, Số, sections, Nơi nhận, signer, A4, margins, font."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.shared import Mm, Pt

from htx.reports.docx_writer import issue_line


def _texts(path: Path) -> tuple[list[str], list[str]]:
    doc = Document(str(path))
    body = [p.text for p in doc.paragraphs]
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return body, cells


def test_header_and_footer(outputs: dict[str, Path]) -> None:
    body, cells = _texts(outputs["docx"])
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells
    assert "Độc lập - Tự do - Hạnh phúc" in cells
    assert "LIÊN MINH HTX TỈNH LẠNG SƠN" in cells
    assert "Số: 125/BC-LMHTX" in cells
    assert "Lạng Sơn, ngày 15 tháng 7 năm 2023" in cells
    assert "Nơi nhận:" in cells and "- Lưu: VT, KH." in cells
    assert "CHỦ TỊCH" in cells and "Nguyễn Văn An" in cells
    assert body.index("BÁO CÁO") + 1 == body.index("Tình hình phát triển kinh tế tập thể 6 tháng đầu năm 2023")


def test_numbered_sections(outputs: dict[str, Path]) -> None:
    body, _ = _texts(outputs["docx"])
    heads = [t for t in body if t[:3] in ("I. ", "II.", "III", "IV.")]
    assert heads[:2] == ["I. TÌNH HÌNH PHÁT TRIỂN KINH TẾ TẬP THỂ", "II. HOẠT ĐỘNG CỦA LIÊN MINH HỢP TÁC XÃ"]
    assert "1. Hợp tác xã" in body and "2. Liên hiệp hợp tác xã" in body


def test_page_margins_and_font(outputs: dict[str, Path]) -> None:
    doc = Document(str(outputs["docx"]))
    s = doc.sections[0]
    mm = {k: round(getattr(s, k).mm) for k in ("page_width", "page_height", "top_margin", "bottom_margin",
                                                 "left_margin", "right_margin")}
    assert (mm["page_width"], mm["page_height"]) == (210, 297)
    assert 20 <= mm["top_margin"] <= 25 and 20 <= mm["bottom_margin"] <= 25
    assert 30 <= mm["left_margin"] <= 35 and 15 <= mm["right_margin"] <= 20
    normal = doc.styles["Normal"].font
    assert normal.name == "Times New Roman" and Pt(13) <= normal.size <= Pt(14)
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].bold and title.alignment == 1  # centred


def test_charts_embedded(outputs: dict[str, Path]) -> None:
    doc = Document(str(outputs["docx"]))
    assert len(doc.inline_shapes) == sum(1 for k in outputs if k.startswith("chart:")) >= 3
    assert doc.inline_shapes[0].width <= Mm(165)


def test_issue_line_pads_day_and_early_months() -> None:
    assert issue_line("Bắc Giang", 5, 1, 2021) == "Bắc Giang, ngày 05 tháng 01 năm 2021"
    assert issue_line("Lạng Sơn", 15, 7, 2023) == "Lạng Sơn, ngày 15 tháng 7 năm 2023"


def test_text_is_styled_not_hard_formatted(outputs: dict[str, Path]) -> None:
    """An officer restyles the whole report in Word's style pane: titles and text carry styles, not run fonts."""
    doc = Document(str(outputs["docx"]))
    styles = {p.style.name if p.style else None for p in doc.paragraphs if p.text.startswith(("I. ", "II. "))}
    assert styles == {"Heading 1"}
    body = [p for p in doc.paragraphs if p.style is not None and p.style.name == "Body Text"]
    assert len(body) > 10 and all(r.font.size is None and r.font.bold is None for p in body for r in p.runs)
    assert doc.styles["Body Text"].font.name == "Times New Roman" and doc.styles["Body Text"].font.size.pt == 14
