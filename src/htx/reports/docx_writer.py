"""The BÁO CÁO as a Word file (văn bản hành chính) in the layout of Nghị định 30/2020/NĐ-CP.

Header table (issuing body left, Quốc hiệu and Tiêu ngữ right, each over a short rule),
Số/ký hiệu, place and date in italic, kind and trích yếu centred in bold, numbered sections,
charts, then Nơi nhận (bottom left, small) and the signature (bottom right). A4, Times New
Roman 14 pt, margins top/bottom 20 mm, left 30 mm, right 15 mm.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from htx.reports.charts import Chart
from htx.reports.model import ReportInput
from htx.reports.narrative import Narrative, render

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
PAGE_MM = (210, 297)
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]
LEFT_COL_MM, RIGHT_COL_MM = 68, TEXT_WIDTH_MM - 68
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def issue_line(place: str, day: int, month: int, year: int) -> str:
    """``Lạng Sơn, ngày 15 tháng 7 năm 2023``; days below 10 and months 1–2 take a leading 0."""
    d = f"{day:02d}" if day < 10 else str(day)
    m = f"{month:02d}" if month < 3 else str(month)
    return f"{place}, ngày {d} tháng {m} năm {year}"


def _font(run_or_style, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    font = run_or_style.font
    font.name = FONT
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic


STYLES = {  # name → (bold, first-line indent): what an officer edits in Word's style pane
    "Heading 1": (True, True),
    "Heading 2": (True, True),
    "Body Text": (False, True),
}


def _styles(doc) -> None:
    """Section titles, part titles and the text as Word styles (Heading 1, Heading 2, Body Text), not run formatting."""
    for name, (bold, indent) in STYLES.items():
        style = doc.styles[name]
        _font(style, BODY_PT, bold, False)
        style.font.color.rgb = None
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt.first_line_indent = Cm(1.27) if indent else None
        fmt.space_before, fmt.space_after = Pt(6 if name == "Heading 1" else 0), Pt(6)
        fmt.line_spacing = 1.15
        fmt.keep_with_next = name != "Body Text"


def _styled(doc, text: str, style: str) -> Paragraph:
    p = doc.add_paragraph(text, style=style)
    return p


def _para(container, text: str = "", *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER, first_line: bool = False,
          before: float = 0, after: float = 0, upper: bool = False) -> Paragraph:
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_line:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run = p.add_run(text.upper() if upper else text)
        _font(run, size, bold, italic)
    return p


def _rule(cell: _Cell | _BodyCell, width_mm: float, cell_mm: float) -> None:
    """A short centred horizontal rule under a header line (a bottom border on an indented paragraph)."""
    p = cell.add_paragraph()
    side = Mm(max((cell_mm - width_mm) / 2 - 2, 0))
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    ppr = p._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    border.append(bottom)
    ppr.append(border)


def _first_para(cell: _Cell) -> Paragraph:
    """The empty paragraph every new cell starts with, to write into before adding more."""
    return cell.paragraphs[0]


def _cell_text(cell: _Cell, text: str, first: bool, **kw) -> Paragraph:
    if first:
        p = _first_para(cell)
        p.alignment = kw.pop("align", WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Pt(0)
        run = p.add_run(text.upper() if kw.pop("upper", False) else text)
        _font(run, kw.get("size", BODY_PT), kw.get("bold"), kw.get("italic"))
        return p
    return _para(cell, text, **kw)


def _header(doc, inp: ReportInput) -> None:
    """Three rows: bodies over rules; Số alone on the left; place and date alone on the right.

    Keeping Số and the date in rows of their own lets a reader that joins the cells of a row
    (as htx's own reader does) find each of them on a line of its own.
    """
    table = doc.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Mm(LEFT_COL_MM), Mm(RIGHT_COL_MM)
    left, right = table.rows[0].cells
    first = True
    if inp.issuer.parent:
        _cell_text(left, inp.issuer.parent, first, size=12, upper=True)
        first = False
    _cell_text(left, inp.issuer.name, first, size=12, bold=True, upper=True)
    _rule(left, 25, LEFT_COL_MM)
    _cell_text(right, QUOC_HIEU, True, size=12, bold=True)
    _para(right, TIEU_NGU, size=14, bold=True)
    _rule(right, 58, RIGHT_COL_MM)
    _cell_text(table.rows[1].cells[0], f"Số: {inp.number}", True, size=13)
    d = inp.issue_date
    _cell_text(table.rows[2].cells[1], issue_line(inp.issue_place, d.day, d.month, d.year), True,
               size=14, italic=True)


def _body(doc, inp: ReportInput, narrative: Narrative, charts: Sequence[Chart]) -> None:
    if inp.mark:
        _para(doc, inp.mark, size=12, bold=True, italic=True, before=6)
    _para(doc, inp.kind, size=14, bold=True, before=18)
    _para(doc, inp.subject, size=14, bold=True)
    _rule(_BodyCell(doc), 40, TEXT_WIDTH_MM)
    _styled(doc, narrative.intro, "Body Text").paragraph_format.space_before = Pt(12)
    chart_after = 0  # charts follow the first section (the situation they picture)
    for i, section in enumerate(narrative.sections):
        _styled(doc, f"{ROMAN[i]}. {section.title}", "Heading 1")
        if section.lead:
            _styled(doc, section.lead, "Body Text")
        n = 0
        for part in section.parts:
            if part.title:
                n += 1
                _styled(doc, f"{n}. {part.title}", "Heading 2")
            for text in part.paragraphs:
                _styled(doc, text, "Body Text")
        if i == chart_after:
            for chart in charts:
                p = _para(doc, before=6)
                p.add_run().add_picture(str(chart.path), width=Mm(150))
                _para(doc, chart.title, size=12, italic=True, after=6)
    _styled(doc, narrative.closing, "Body Text").paragraph_format.space_after = Pt(12)


class _BodyCell:
    """Lets :func:`_rule` add a paragraph to the document body as it does to a cell."""

    def __init__(self, doc):
        self.doc = doc

    def add_paragraph(self) -> Paragraph:
        return self.doc.add_paragraph()


def _footer(doc, inp: ReportInput) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(LEFT_COL_MM + 10), Mm(RIGHT_COL_MM - 10)
    p = _first_para(left)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _font(p.add_run("Nơi nhận:"), 12, True, True)
    for i, r in enumerate(inp.recipients):
        end = "." if i == len(inp.recipients) - 1 else ";"
        _para(left, f"- {r}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    signer = inp.signer
    first = True
    if signer and signer.authority:
        _cell_text(right, signer.authority, first, size=14, bold=True, upper=True)
        first = False
    if signer:
        _cell_text(right, signer.title, first, size=14, bold=True, upper=True)
        for _ in range(3):
            _para(right, "")
        _para(right, signer.name, size=14, bold=True)


def _page_number_header(section) -> None:
    """Page numbers centred at the top from page 2 on, as the decree asks."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _font(run, 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def write_docx(inp: ReportInput, path: Path, charts: Sequence[Chart] = (), narrative: Narrative | None = None) -> Path:
    """Write the report to ``path`` (.docx); ``charts`` are embedded after section I."""
    narrative = narrative or render(inp)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.line_spacing = 1.15
    _styles(doc)
    _page_number_header(section)
    _header(doc, inp)
    _body(doc, inp, narrative, charts)
    _footer(doc, inp)
    path = Path(path)
    doc.save(str(path))
    return path
