"""The statistical annex of a report as an Excel workbook (biểu số liệu kèm báo cáo).

Biểu số 1: organisations (HTX, QTDND, THT, LHHTX) by status and sector, foundings and
dissolutions, against the previous period and the same period last year. Biểu số 2: members,
workers, managers by education, capital, averages, classification, plan and attainment.
Totals and changes are Excel formulas; a missing figure is an empty cell with a note, never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from htx.reports.lookup import FactIndex
from htx.reports.model import ReportInput
from htx.reports.narrative import f_capfirst, layout, previous_label
from htx.stats.facts import Value
from htx.stats.vocabulary import vocabulary

COUNT_FMT = "#,##0"
DECIMAL_FMT = "#,##0.00"
PERCENT_FMT = "0.00%"
MISSING = "Chưa có số liệu"
AUTHOR = "htx"
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(name="Times New Roman", bold=True, size=12)
NORMAL = Font(name="Times New Roman", size=12)
UNIT_WORDS = {"unit": "đơn vị", "member": "thành viên", "person": "người", "VND": "đồng", "ha": "ha", "percent": "%"}
FIRST_ROW = 5  # rows 1–4: title, place and period, blank, column headers


@dataclass(frozen=True)
class Line:
    """One row: label, unit word, how to look the value up, and whether it is a sum of the rows below."""

    label: str
    unit: str
    lookup: Callable[[FactIndex], Value | None]
    parts: int = 0  # this many following rows add up to this one (written as =SUM)
    share_of: int | None = None  # row offset (negative) of the total this row is a share of
    bold: bool = False


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, the header rows repeated on every printed page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "Trang &P/&N"


def _num_format(unit: str) -> str:
    return DECIMAL_FMT if unit == "ha" else COUNT_FMT


class _Sheet:
    """Writes one Biểu: columns current / previous / last year / changes / ratio / share."""

    def __init__(self, ws: Worksheet, inp: ReportInput, title: str):
        self.ws, self.inp = ws, inp
        self.idx = [FactIndex(inp.current), FactIndex(inp.previous), FactIndex(inp.last_year)]
        words = layout()
        heads = ["STT", "Chỉ tiêu", "Đơn vị tính", f_capfirst(inp.period.label_vi()),
                 f"Kỳ trước ({previous_label(inp.period)})",
                 f"{f_capfirst(words['same_period_label'])} ({inp.period.same_last_year.label_vi()})",
                 "Tăng (+), giảm (-) so với kỳ trước", "Tăng (+), giảm (-) so với cùng kỳ",
                 "Kỳ báo cáo so với cùng kỳ (%)", "Cơ cấu (%)"]
        ws.append([title])
        ws.append([f"{inp.place.name} — {inp.period.label_vi()} (số liệu đến ngày {inp.as_of:%d/%m/%Y})"])
        ws.append([])
        ws.append(heads)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(heads))
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(heads))
        ws["A1"].font = Font(name="Times New Roman", bold=True, size=14)
        ws["A2"].font = Font(name="Times New Roman", italic=True, size=12)
        for c in ws[4]:
            c.font, c.fill, c.border = BOLD, HEAD_FILL, BORDER
            c.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        ws.row_dimensions[4].height = 48
        for col, width in zip("ABCDEFGHIJ", (6, 46, 12, 16, 16, 16, 15, 15, 14, 11), strict=True):
            ws.column_dimensions[col].width = width
        ws.freeze_panes = "C5"
        _print_setup(ws)
        self.row = FIRST_ROW
        self.counter = 0

    def heading(self, text: str) -> None:
        self.ws.cell(self.row, 2, text).font = BOLD
        self.row += 1
        self.counter = 0

    def _missing(self, cell: Cell, why: str = MISSING) -> None:
        cell.value = None
        cell.comment = Comment(why, AUTHOR)

    def lines(self, lines: list[Line]) -> None:
        start = self.row
        for i, line in enumerate(lines):
            r = start + i
            self.counter += 1
            ws = self.ws
            ws.cell(r, 1, self.counter)
            ws.cell(r, 2, line.label)
            ws.cell(r, 3, UNIT_WORDS.get(line.unit, line.unit))
            for col, idx in zip((4, 5, 6), self.idx, strict=True):
                cell = ws.cell(r, col)
                value = line.lookup(idx)
                part_values = [lines[i + k].lookup(idx) for k in range(1, line.parts + 1)]
                complete = [v for v in part_values if v is not None]
                if line.parts and len(complete) == line.parts and (value is None or value == sum(complete)):
                    letter = get_column_letter(col)
                    cell.value = f"=SUM({letter}{r + 1}:{letter}{r + line.parts})"
                elif value is None:
                    self._missing(cell)
                else:
                    cell.value = value
                    if line.parts:
                        cell.comment = Comment("Tổng theo số liệu báo cáo (khác tổng các dòng chi tiết)", AUTHOR)
                cell.number_format = _num_format(line.unit)
            have = [line.lookup(idx) is not None or bool(line.parts and ws.cell(r, c).value) for c, idx in zip((4, 5, 6), self.idx, strict=True)]
            for col, ref in ((7, 5), (8, 6)):
                if have[0] and have[ref - 4]:
                    ws.cell(r, col, f"=D{r}-{get_column_letter(ref)}{r}").number_format = _num_format(line.unit)
                else:
                    self._missing(ws.cell(r, col), "Chưa đủ số liệu để so sánh")
            if have[0] and have[2] and line.unit != "percent":
                ws.cell(r, 9, f'=IF(F{r}=0,"",D{r}/F{r})').number_format = PERCENT_FMT
            if line.share_of is not None and have[0]:
                t = r + line.share_of
                ws.cell(r, 10, f'=IF(N(D{t})=0,"",D{r}/D{t})').number_format = PERCENT_FMT
            for c in ws[r][:10]:
                c.border = BORDER
                c.font = BOLD if line.bold or line.parts else NORMAL
        self.row = start + len(lines)


def _get(indicator: str, unit: str = "unit", kind: str = "actual", **dims: str) -> Callable[[FactIndex], Value | None]:
    return lambda idx: idx.value(indicator, unit, kind, **dims)


def _org_lines(subject: str, fixed: dict[str, str], sectors: list[str]) -> list[Line]:
    words = layout()
    lines = [Line("Tổng số", "unit", _get(f"{subject}.count", **fixed), parts=len(words["statuses"]), bold=True)]
    for k, (code, label) in enumerate(words["statuses"].items()):
        lines.append(Line(f"- {f_capfirst(label)}", "unit", _get(f"{subject}.count", **fixed, status=code), share_of=-(k + 1)))
    n = len(lines)
    for k, code in enumerate(sectors):
        label = words["sectors"][code].removeprefix("lĩnh vực ")
        lines.append(Line(f"- Lĩnh vực {label}" if code != "credit" else "- Quỹ tín dụng nhân dân", "unit",
                          _get(f"{subject}.count", sector=code), share_of=-(n + k)))
    lines.append(Line("Thành lập mới trong kỳ", "unit", _get(f"{subject}.count", **fixed, flow="founded")))
    lines.append(Line("Giải thể trong kỳ", "unit", _get(f"{subject}.count", **fixed, flow="dissolved")))
    return lines


def _sectors(inp: ReportInput, subject: str) -> list[str]:
    present: set[str] = set()
    for facts in (inp.current, inp.previous, inp.last_year):
        present |= set(FactIndex(facts).dim_values(f"{subject}.count", "sector"))
    return [c for c in layout()["sectors"] if c in present]


def _sheet1(wb: Workbook, inp: ReportInput) -> None:
    s = _Sheet(wb.active, inp, "Biểu số 1: SỐ LƯỢNG TỔ CHỨC KINH TẾ TẬP THỂ")
    s.ws.title = "Biểu số 1"
    blocks: tuple[tuple[str, str, dict[str, str], bool], ...] = (("I. HỢP TÁC XÃ (kể cả quỹ tín dụng nhân dân)", "htx", {}, True),
              ("II. QUỸ TÍN DỤNG NHÂN DÂN", "htx", {"sector": "credit"}, False),
              ("III. LIÊN HIỆP HỢP TÁC XÃ", "lhhtx", {}, True),
              ("IV. TỔ HỢP TÁC", "tht", {}, True))
    for title, subject, fixed, with_sectors in blocks:
        s.heading(title)
        s.lines(_org_lines(subject, fixed, _sectors(inp, subject) if with_sectors else []))


def _sheet2(wb: Workbook, inp: ReportInput) -> None:
    words = layout()
    s = _Sheet(wb.create_sheet("Biểu số 2"), inp, "Biểu số 2: THÀNH VIÊN, LAO ĐỘNG, VỐN VÀ HIỆU QUẢ HOẠT ĐỘNG")
    s.heading("I. THÀNH VIÊN VÀ LAO ĐỘNG")
    s.lines([
        Line("Thành viên HTX", "member", _get("htx.members", "member")),
        Line("Lao động thường xuyên trong HTX", "person", _get("htx.workers", "person")),
        Line("Lao động theo thời vụ trong HTX", "person", _get("htx.workers", "person", work="seasonal")),
        Line("Thành viên liên hiệp HTX", "member", _get("lhhtx.members", "member")),
        Line("Thành viên THT", "member", _get("tht.members", "member")),
    ])
    s.lines([
        Line("Đơn vị thành viên Liên minh HTX", "unit", _get("alliance.members"), parts=2, bold=True),
        Line("- Thành viên chính thức", "unit", _get("alliance.members", member_type="official"), share_of=-1),
        Line("- Thành viên liên kết", "unit", _get("alliance.members", member_type="associate"), share_of=-2),
    ])
    s.heading("II. CÁN BỘ QUẢN LÝ HTX THEO TRÌNH ĐỘ")
    edu = list(words["educations"].items())
    s.lines([Line("Tổng số cán bộ quản lý", "person", _get("htx.managers", "person"), parts=len(edu), bold=True)]
            + [Line(f"- {f_capfirst(label)}", "person", _get("htx.managers", "person", education=code), share_of=-(k + 1))
               for k, (code, label) in enumerate(edu)])
    s.heading("III. VỐN")
    s.lines([
        Line("Vốn điều lệ của HTX", "VND", _get("htx.charter_capital", "VND")),
        Line("Vốn điều lệ của liên hiệp HTX", "VND", _get("lhhtx.charter_capital", "VND")),
        Line("Vốn điều lệ của THT", "VND", _get("tht.charter_capital", "VND")),
        Line("Tổng nguồn vốn Quỹ hỗ trợ phát triển HTX", "VND", _get("fund.capital", "VND")),
        Line("Số dự án đang vay vốn Quỹ", "unit", _get("fund.projects")),
    ])
    s.lines([
        Line("Dư nợ cho vay của Quỹ", "VND", _get("fund.outstanding", "VND"), parts=2, bold=True),
        Line("- Dư nợ trong hạn", "VND", _get("fund.outstanding", "VND", debt="in_term"), share_of=-1),
        Line("- Dư nợ quá hạn", "VND", _get("fund.outstanding", "VND", debt="overdue"), share_of=-2),
    ])
    s.heading("IV. HIỆU QUẢ HOẠT ĐỘNG CỦA HTX")
    s.lines([
        Line("Doanh thu bình quân một HTX (năm)", "VND", _get("htx.revenue_avg", "VND")),
        Line("Lợi nhuận bình quân một HTX (năm)", "VND", _get("htx.profit_avg", "VND")),
        Line("Thu nhập bình quân của lao động (tháng)", "VND", _get("htx.income_avg", "VND", per="month")),
        Line("Thu nhập bình quân của lao động (năm)", "VND", _get("htx.income_avg", "VND", per="year")),
    ])
    s.heading("V. PHÂN LOẠI HTX")
    classes = [(c, label) for c, label in words["classes"].items() if c != "good_fair"]
    s.lines([Line("Số HTX được phân loại", "unit", lambda idx: None, parts=len(classes), bold=True)]
            + [Line(f"- {f_capfirst(label)}", "unit", _get("htx.count", **{"class": code}), share_of=-(k + 1))
               for k, (code, label) in enumerate(classes)])
    _plans(s, inp)


def _plans(s: _Sheet, inp: ReportInput) -> None:
    ws = s.ws
    s.row += 1
    s.heading(f"VI. THỰC HIỆN KẾ HOẠCH {inp.period.label_vi().upper()}")
    for col, text in ((2, "Chỉ tiêu"), (3, "Đơn vị tính"), (4, "Kế hoạch"), (5, "Thực hiện"), (6, "Tỷ lệ đạt (%)")):
        c = ws.cell(s.row, col, text)
        c.font, c.fill, c.border = BOLD, HEAD_FILL, BORDER
    s.row += 1
    labels = layout().get("plan_labels", {})
    cur = s.idx[0]
    plans = [f for f in inp.current if f.kind == "plan" and f.unit != "percent"]
    if not plans:
        ws.cell(s.row, 2, "Chỉ tiêu kế hoạch: chưa có số liệu").font = NORMAL
        s.row += 1
    for f in plans:
        r = s.row
        flow = f.dims.get("flow")
        entry = labels.get(f"{f.indicator}/{flow}" if flow else f.indicator)
        ws.cell(r, 2, f"{f_capfirst(entry['label'])} ({entry['noun']})" if entry
                else vocabulary().label(f.indicator, f.dims))
        ws.cell(r, 3, UNIT_WORDS.get(f.unit, f.unit))
        ws.cell(r, 4, f.value).number_format = _num_format(f.unit)
        actual = cur.value(f.indicator, f.unit, "actual", **f.dims)
        if actual is None:
            s._missing(ws.cell(r, 5))
            s._missing(ws.cell(r, 6), "Chưa có số liệu thực hiện")
        else:
            ws.cell(r, 5, actual).number_format = _num_format(f.unit)
            ws.cell(r, 6, f'=IF(D{r}=0,"",E{r}/D{r})').number_format = PERCENT_FMT
        for c in ws[r][1:6]:
            c.border, c.font = BORDER, NORMAL
        s.row += 1


def write_xlsx(inp: ReportInput, path: Path) -> Path:
    """Write Biểu số 1 and Biểu số 2 to ``path`` (.xlsx)."""
    wb = Workbook()
    _sheet1(wb, inp)
    _sheet2(wb, inp)
    path = Path(path)
    wb.save(str(path))
    return path
