"""The cooperative's self-report pages (tự báo cáo của HTX) and the officers' confirmed classification.

A coop user files, once a year, its own figures: revenue, profit and the average monthly
income of a worker for a year, and its current members, workers, managers by education and
charter capital. Officers of its province or commune (and admins) see the filings and confirm
the year's classification (phân loại); a coop cannot classify itself. Every change is audited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from htx.access import Forbidden, Principal
from htx.db import selfreport_repo as repo
from htx.db.models import Organisation
from htx.formatting import format_number
from htx.services import UnitOfWork, selfreport
from htx.services import registry as svc
from htx.tabular import parse_number
from htx.web.deps import CurrentUser, Id, SessionDep
from htx.web.routes import actor, render
from htx.web.routes.registry import CLASSES
from htx.web.routes.workflow import guard_org

router = APIRouter()

FIRST_YEAR = 2000
MILLION = 1_000_000
MAX_COUNT = 2_147_483_647  # the Integer columns
MAX_MONEY = 9_223_372_036_854_775_807  # the BigInteger columns
COUNT_FIELDS = ("members", "workers", "managers_higher", "managers_vocational", "managers_untrained")
MONEY_FIELDS = ("revenue", "profit", "income_avg", "charter_capital")
REQUIRED = {"revenue": "Doanh thu", "profit": "Lợi nhuận", "members": "Số thành viên", "workers": "Số lao động"}
DEFAULT_UNITS = {"revenue": "million", "profit": "million", "income_avg": "dong", "charter_capital": "million"}
UNIT_WORDS = (("triệuđồng", "million"), ("triệu", "million"), ("tr", "million"), ("vnđ", "dong"),
              ("vnd", "dong"), ("đồng", "dong"), ("đ", "dong"))


@dataclass
class SelfReportForm:
    """Cleaned values (integer đồng and counts) and errors (field → Vietnamese message) of a filing."""

    raw: dict[str, str]
    year: int | None = None
    values: dict[str, int | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def default_year(today: date | None = None) -> int:
    """A self-report is about last year unless the user picks another."""
    return (today or date.today()).year - 1


def parse_year(text: str, today: date | None = None) -> int:
    last = (today or date.today()).year + 1
    s = text.strip()
    if not s.isdigit() or not FIRST_YEAR <= int(s) <= last:
        raise ValueError(f"Năm phải là số từ {FIRST_YEAR} đến {last}")
    return int(s)


def _number(text: str) -> Decimal:
    try:
        return parse_number(text, strict=True)
    except ValueError:
        raise ValueError("phải là một số, ví dụ 1.500.000") from None


def parse_count(text: str) -> int:
    """``1.970`` → 1970: a whole number ≥ 0; ValueError with a Vietnamese message otherwise."""
    d = _number(text.strip().replace(" ", "").replace("\u00a0", ""))
    if d != d.to_integral_value() or d < 0:
        raise ValueError("phải là số nguyên không âm")
    if d > MAX_COUNT:
        raise ValueError("quá lớn")
    return int(d)


def parse_money(text: str, unit: str = "dong", signed: bool = False) -> int:
    """Money typed in đồng (``1.500.000.000``) or triệu đồng (``1.500``, ``1,5 triệu``) → integer đồng.

    A unit word typed after the number wins over ``unit``. Negative only when ``signed``.
    """
    s = text.strip().lower().replace(" ", "").replace("\u00a0", "")
    for word, u in UNIT_WORDS:
        if s.endswith(word) and len(s) > len(word):
            s, unit = s[: -len(word)], u
            break
    d = _number(s)
    value = d * MILLION if unit == "million" else d
    if value != value.to_integral_value():
        raise ValueError("phải là số đồng nguyên (triệu đồng tối đa 6 chữ số thập phân)")
    if value < 0 and not signed:
        raise ValueError("không được âm")
    if abs(value) > MAX_MONEY:
        raise ValueError("quá lớn")
    return int(value)


def validate(raw: dict[str, str], today: date | None = None) -> SelfReportForm:
    """Check a submitted self-report: required figures, whole numbers ≥ 0 (profit may be negative)."""
    form = SelfReportForm({k: (v or "").strip() for k, v in raw.items()})
    r, v, e = form.raw, form.values, form.errors
    try:
        form.year = parse_year(r.get("year", ""), today)
    except ValueError as exc:
        e["year"] = str(exc)
    for f in COUNT_FIELDS + MONEY_FIELDS:
        text = r.get(f, "")
        if not text:
            if f in REQUIRED:
                e[f] = f"{REQUIRED[f]} là bắt buộc"
            else:
                v[f] = None
            continue
        try:
            if f in COUNT_FIELDS:
                v[f] = parse_count(text)
            else:
                unit = r.get(f"{f}_unit") or DEFAULT_UNITS[f]
                v[f] = parse_money(text, unit if unit in ("dong", "million") else "dong", signed=f == "profit")
        except ValueError as exc:
            e[f] = f"Giá trị {exc}"
    return form


def _money_text(value: int | None) -> tuple[str, str]:
    """A stored amount as the form shows it again: (text, unit)."""
    if value is None:
        return "", "million"
    if value % MILLION == 0:
        return format_number(value // MILLION), "million"
    return format_number(value), "dong"


def _stored_values(org: Organisation, session: Session, year: int) -> dict[str, str]:
    row = repo.year_row(session, org.id, year)
    out: dict[str, str] = {"year": str(year)}
    for f in COUNT_FIELDS:
        value = getattr(org, f)
        out[f] = "" if value is None else format_number(value)
    for f in MONEY_FIELDS:
        value = getattr(org, f) if f == "charter_capital" else (getattr(row, f) if row is not None else None)
        text, unit = _money_text(value)
        out[f], out[f"{f}_unit"] = text, (unit if value is not None else DEFAULT_UNITS[f])
    return out


def _page(request: Request, session: Session, user: Principal, org: Organisation, year: int,
          values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
          class_values: dict[str, str] | None = None, class_errors: dict[str, str] | None = None,
          status_code: int = 200) -> Response:
    row = repo.year_row(session, org.id, year)
    return render(request, "selfreport/page.html", user, status_code=status_code, org=org, year=year,
                  values=values or _stored_values(org, session, year), errors=errors or {},
                  class_values=class_values or {"year": str(year), "classification": (row.classification or "") if row else ""},
                  class_errors=class_errors or {}, years=repo.years(session, org.id), filings=repo.filings(session, org.id),
                  classes=CLASSES, can_file=user.role == "coop", can_classify=user.role != "coop",
                  first_year=FIRST_YEAR, last_year=date.today().year + 1)


async def _raw_form(request: Request) -> dict[str, str]:
    form = await request.form()
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.get("/registry/{org_id}/self-report")
def self_report_page(request: Request, session: SessionDep, user: CurrentUser, org_id: Id,
                     year: str | None = None) -> Response:
    org = svc.get_org(session, user, org_id)
    try:
        chosen = parse_year(year) if year else default_year()
    except ValueError:
        chosen = default_year()
    return _page(request, session, user, org, chosen)


@router.post("/registry/{org_id}/self-report")
async def file_self_report(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = svc.get_org(session, user, org_id)
    if user.role != "coop":
        raise Forbidden("Chỉ tài khoản của chính hợp tác xã được nộp tự báo cáo.")
    form = validate(await _raw_form(request))
    if not form.ok or form.year is None:
        year = form.year or default_year()
        return _page(request, session, user, org, year, values=form.raw, errors=form.errors, status_code=422)
    guard_org(session, org.id, form.year)  # approved figures change only after an audited reopen (workflow)
    selfreport.file_self_report(UnitOfWork.over(session), actor(request, user), org, form.year, form.values)
    return RedirectResponse(f"/registry/{org.id}/self-report?year={form.year}&saved=1", status_code=303)


@router.post("/registry/{org_id}/classification")
async def classify(request: Request, session: SessionDep, user: CurrentUser, org_id: Id) -> Response:
    org = svc.get_org(session, user, org_id)
    if user.role == "coop":
        raise Forbidden("Hợp tác xã không được tự xếp loại; cán bộ tỉnh, xã xác nhận xếp loại.")
    raw = await _raw_form(request)
    errors: dict[str, str] = {}
    year: int | None = None
    try:
        year = parse_year(raw.get("year", ""))
    except ValueError as exc:
        errors["year"] = str(exc)
    chosen = raw.get("classification", "").strip()
    if chosen and chosen not in repo.CLASSES:
        errors["classification"] = "Chọn xếp loại: tốt, khá, trung bình hoặc yếu"
    if errors or year is None:
        shown = year or default_year()
        return _page(request, session, user, org, shown, class_values=raw, class_errors=errors, status_code=422)
    guard_org(session, org.id, year)  # approved figures change only after an audited reopen (workflow)
    selfreport.set_classification(UnitOfWork.over(session), actor(request, user), org, year, chosen or None)
    return RedirectResponse(f"/registry/{org.id}/self-report?year={year}&classified=1", status_code=303)

