"""Use cases of classification (phân loại, xếp loại HTX): rule sets, the scoring sheet's review, summaries.

Each function takes a :class:`UnitOfWork` first and owns its transaction. Access rights
(who may see or decide a sheet) are checked by the callers (``htx.web.access``); the state
machine is checked here: draft/returned → submitted → returned or confirmed. Confirming
stores the total and grade computed under the sheet's own rule-set version and makes the
grade the year's classification (``OrgYear.classification``), with the sheet as provenance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from htx.classify import rules as rulebook
from htx.classify.scoring import Check, Proposal, automatic_exclusions, check, evaluate, propose
from htx.db import audit_repo, selfreport_repo
from htx.db import classify_repo as repo
from htx.db.models import Organisation
from htx.db.models_classify import ClassifyRuleSetRow, ScoreSheetRow
from htx.services.uow import UnitOfWork

EDITABLE = ("draft", "returned")
STATUS_LABELS = {"draft": "Đang soạn", "submitted": "Đã nộp, chờ duyệt", "returned": "Trả lại để sửa",
                 "confirmed": "Đã xác nhận"}


class ClassifyError(ValueError):
    """A request the rules refuse; the message is Vietnamese and says why."""


class Conflict(ClassifyError):
    """Somebody else changed the same sheet first."""


# --- rule sets -------------------------------------------------------------------------

def ensure_shipped(uow: UnitOfWork) -> None:
    """Store the shipped rule sets not yet in the database (same code and version: left alone)."""
    s = uow.session
    for rs in rulebook.shipped():
        if repo.find_rule_set(s, rs.code, rs.version) is None:
            repo.add_rule_set(s, rs, "shipped", None)
    s.flush()


def list_rule_sets(uow: UnitOfWork) -> list[ClassifyRuleSetRow]:
    ensure_shipped(uow)
    rows = repo.rule_sets(uow.session)
    uow.commit()
    return rows


def load_rule_set(uow: UnitOfWork, text: str, name: str, by: str | None) -> tuple[ClassifyRuleSetRow, bool]:
    """Validate and store a new or corrected rule set: (row, created). Results confirmed earlier keep theirs.

    The same code and version with the same content is a no-op; with other content it is refused:
    a correction needs a new ``version``.
    """
    rs, digest = rulebook.load_text(text, name)
    ensure_shipped(uow)
    s = uow.session
    existing = repo.find_rule_set(s, rs.code, rs.version)
    if existing is not None:
        if rulebook.dump(rulebook.from_stored(existing.body)) == rulebook.dump(rs):
            uow.commit()
            return existing, False
        raise ClassifyError(f"Tệp {name}: bộ quy tắc {rs.code} phiên bản {rs.version} đã có với nội dung khác; "
                            "hãy tăng khóa version để nạp bản sửa.")
    row = repo.add_rule_set(s, rs, digest, by)
    audit_repo.record(s, by, "load_rules", "classify_rule_set", row.id, None,
                      {"code": rs.code, "version": rs.version}, note=f"Nạp bộ quy tắc {rs.code} v{rs.version}")
    uow.commit()
    return row, True


def _scoring(row: ClassifyRuleSetRow) -> rulebook.ScoringRuleSet:
    rs = rulebook.from_stored(row.body)
    assert isinstance(rs, rulebook.ScoringRuleSet)
    return rs


def candidates(uow: UnitOfWork, org: Organisation, year: int) -> list[ClassifyRuleSetRow]:
    """Stored scoring rule sets (newest version of each) that apply to ``org`` for ``year``, preferred first."""
    rows = repo.latest_versions(repo.rule_sets(uow.session, "scoring"))
    by_code = {r.code: r for r in rows}
    chosen = rulebook.scoring_for([_scoring(r) for r in rows], org.kind, org.sector, year)
    return [by_code[r.code] for r in chosen]


# --- the sheet -------------------------------------------------------------------------

@dataclass
class SheetView:
    """Everything the sheet page shows."""

    org: Organisation
    year: int
    rule_set_row: ClassifyRuleSetRow | None
    rule_set: rulebook.ScoringRuleSet | None
    sheet: ScoreSheetRow | None
    choices: list[ClassifyRuleSetRow]
    proposals: dict[str, Proposal] = field(default_factory=dict)
    automatic: list[str] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.sheet is None or self.sheet.status in EDITABLE

    @property
    def deadline(self) -> date | None:
        if self.rule_set is None:
            return None
        return next((d.on(self.year) for d in self.rule_set.deadlines if d.step == "self_score"), None)


def _org(uow: UnitOfWork, org_id: int) -> Organisation:
    org = uow.session.get(Organisation, org_id)
    if org is None:
        raise ClassifyError(f"Không có tổ chức #{org_id}")
    return org


def sheet_view(uow: UnitOfWork, org_id: int, year: int) -> SheetView:
    ensure_shipped(uow)
    org = _org(uow, org_id)
    sheet = repo.sheet(uow.session, org.id, year)
    choices = candidates(uow, org, year)
    row = sheet.rule_set if sheet is not None else (choices[0] if choices else None)
    view = SheetView(org, year, row, _scoring(row) if row else None, sheet, choices)
    if view.rule_set is not None:
        year_row = selfreport_repo.year_row(uow.session, org.id, year)
        figures = {"revenue": year_row.revenue if year_row else None, "profit": year_row.profit if year_row else None,
                   "members": org.members, "total_capital": sheet.total_capital if sheet else None}
        view.proposals = {p.item: p for p in propose(view.rule_set, figures)}
        view.automatic = automatic_exclusions(view.rule_set, org.kind, org.founded_on, year)
    uow.commit()
    return view


@dataclass
class SheetInput:
    """What the cooperative typed: points per item (text), exclusions, confirmations, total capital."""

    points: Mapping[str, str]
    exclusions: Sequence[str] = ()
    board_name: str = ""
    controller_name: str = ""
    board_agreed: bool = False
    controller_agreed: bool = False
    total_capital: int | None = None
    rule_set_id: int | None = None


def _check_submission(rs: rulebook.ScoringRuleSet, data: SheetInput, exclusions: list[str], submit: bool) -> Check:
    result = check(rs, data.points, exclusions, require_all=submit)
    if submit:
        if not (data.board_agreed and data.board_name.strip()):
            result.errors["board"] = "Cần họ tên và xác nhận của Hội đồng quản trị (Giám đốc)"
        if not (data.controller_agreed and data.controller_name.strip()):
            result.errors["controller"] = "Cần họ tên và xác nhận của Ban kiểm soát (kiểm soát viên)"
    return result


def save_sheet(uow: UnitOfWork, org_id: int, year: int, data: SheetInput, by: str, submit: bool = False,
               expected_version: int | None = None) -> tuple[ScoreSheetRow | None, Check]:
    """Save (and with ``submit`` hand in) the cooperative's sheet; nothing is written when the check fails."""
    ensure_shipped(uow)
    s = uow.session
    org = _org(uow, org_id)
    sheet = repo.sheet(s, org.id, year)
    if sheet is not None and sheet.status not in EDITABLE:
        raise ClassifyError(f"Bảng điểm năm {year} đang ở trạng thái '{STATUS_LABELS[sheet.status]}', không sửa được.")
    if sheet is not None and expected_version is not None and sheet.lock_version != expected_version:
        raise Conflict("Bảng điểm vừa được người khác thay đổi; hãy tải lại trang.")
    row = _chosen_rule_set(uow, org, year, sheet, data.rule_set_id)
    rs = _scoring(row)
    allowed = {e.code for e in rs.exclusions}
    exclusions = sorted({e for e in data.exclusions if e in allowed}
                        | set(automatic_exclusions(rs, org.kind, org.founded_on, year)))
    result = _check_submission(rs, data, exclusions, submit)
    if not result.ok:
        uow.rollback()
        return sheet, result
    if sheet is None:
        sheet = ScoreSheetRow(organisation_id=org.id, year=year, status="draft", rule_set_id=row.id)
        s.add(sheet)
    sheet.rule_set_id = row.id
    sheet.points = {k: str(v) for k, v in result.points.items()}
    sheet.exclusions = exclusions
    evaluated = evaluate(rs, result.points, exclusions)
    sheet.total, sheet.grade = evaluated.total, None
    sheet.total_capital = data.total_capital
    sheet.board_name, sheet.controller_name = data.board_name.strip() or None, data.controller_name.strip() or None
    sheet.board_agreed, sheet.controller_agreed = data.board_agreed, data.controller_agreed
    if submit:
        sheet.status, sheet.submitted_by, sheet.submitted_at = "submitted", by, datetime.now()
    repo.add_event(s, sheet, "submit" if submit else "save", by)
    _commit(uow)
    return sheet, result


def _chosen_rule_set(uow: UnitOfWork, org: Organisation, year: int, sheet: ScoreSheetRow | None,
                     wanted: int | None) -> ClassifyRuleSetRow:
    choices = candidates(uow, org, year)
    if wanted is not None:
        row = next((r for r in choices if r.id == wanted), None)
        if row is None and sheet is not None and sheet.rule_set_id == wanted:
            row = sheet.rule_set
        if row is None:
            raise ClassifyError(f"Bộ quy tắc #{wanted} không áp dụng cho {org.name} năm {year}")
        return row
    if sheet is not None:
        return sheet.rule_set
    if not choices:
        raise ClassifyError(f"Không có bộ quy tắc chấm điểm nào áp dụng cho {org.name} ({org.kind}) năm {year}")
    return choices[0]


def _commit(uow: UnitOfWork) -> None:
    try:
        uow.commit()
    except StaleDataError:
        uow.rollback()
        raise Conflict("Bảng điểm vừa được người khác thay đổi; hãy tải lại trang.") from None
    except IntegrityError:
        uow.rollback()
        raise Conflict("Bảng điểm năm này vừa được tạo ở nơi khác; hãy tải lại trang.") from None


def _submitted(uow: UnitOfWork, sheet_id: int, expected_version: int | None) -> ScoreSheetRow:
    sheet = repo.sheet_by_id(uow.session, sheet_id)
    if sheet is None:
        raise ClassifyError(f"Không có bảng điểm #{sheet_id}")
    if expected_version is not None and sheet.lock_version != expected_version:
        raise Conflict("Bảng điểm vừa được người khác thay đổi; hãy tải lại trang.")
    if sheet.status != "submitted":
        raise ClassifyError(f"Chỉ duyệt được bảng điểm đã nộp (đang: {STATUS_LABELS[sheet.status]}).")
    return sheet


def return_sheet(uow: UnitOfWork, sheet_id: int, comment: str, by: str,
                 expected_version: int | None = None) -> ScoreSheetRow:
    """An officer sends the sheet back to the cooperative with a comment (required)."""
    if not comment.strip():
        raise ClassifyError("Cần ghi ý kiến khi trả lại bảng điểm.")
    sheet = _submitted(uow, sheet_id, expected_version)
    sheet.status, sheet.comment = "returned", comment.strip()
    sheet.decided_by, sheet.decided_at = by, datetime.now()
    repo.add_event(uow.session, sheet, "return", by, comment.strip())
    _commit(uow)
    return sheet


def confirm_sheet(uow: UnitOfWork, sheet_id: int, by: str, comment: str | None = None,
                  expected_version: int | None = None) -> ScoreSheetRow:
    """An officer confirms: the grade under the sheet's rule-set version becomes the year's classification."""
    sheet = _submitted(uow, sheet_id, expected_version)
    rs = _scoring(sheet.rule_set)
    points = {k: Decimal(v) for k, v in (sheet.points or {}).items()}
    result = evaluate(rs, points, sheet.exclusions or [])
    sheet.total, sheet.grade, sheet.status = result.total, result.grade, "confirmed"
    sheet.comment = (comment or "").strip() or None
    sheet.decided_by, sheet.decided_at = by, datetime.now()
    repo.add_event(uow.session, sheet, "confirm", by, sheet.comment)
    org = _org(uow, sheet.organisation_id)
    typed = result.grade if result.grade in selfreport_repo.CLASSES else None
    old, new = selfreport_repo.set_classification(uow.session, org, sheet.year, typed)
    audit_repo.record(uow.session, by, "classify", "organisation", org.id, old or {"classification": typed},
                      new or {"classification": typed},
                      note=f"Xếp loại năm {sheet.year} theo bảng điểm #{sheet.id} ({rs.code} v{rs.version}): "
                           f"{result.total} điểm")
    _commit(uow)
    return sheet


def sheet_json(sheet: ScoreSheetRow) -> dict[str, Any]:
    return {"id": sheet.id, "organisation_id": sheet.organisation_id, "year": sheet.year, "status": sheet.status,
            "rule_set": {"code": sheet.rule_set.code, "version": sheet.rule_set.version},
            "points": dict(sheet.points or {}), "exclusions": list(sheet.exclusions or []),
            "total": None if sheet.total is None else float(sheet.total), "grade": sheet.grade,
            "board_name": sheet.board_name, "controller_name": sheet.controller_name, "comment": sheet.comment,
            "lock_version": sheet.lock_version,
            "history": [{"action": e.action, "by": e.username, "at": e.at, "comment": e.comment} for e in sheet.events]}


def sheet_out(view: SheetView) -> dict[str, Any]:
    """The sheet view as JSON data (CLI and API)."""
    points = dict(view.sheet.points or {}) if view.sheet else {}
    lines = []
    for item in view.rule_set.items if view.rule_set else []:
        p = view.proposals.get(item.code)
        lines.append({"code": item.code, "name": item.name, "max": str(item.max), "points": points.get(item.code),
                      "proposal": {"points": str(p.points), "rule": p.rule} if p else None})
    return {"organisation": view.org.name, "organisation_id": view.org.id, "year": view.year,
            "rule_set": f"{view.rule_set.code} v{view.rule_set.version}" if view.rule_set else None,
            "deadline": view.deadline, "automatic_exclusions": view.automatic,
            "status": view.sheet.status if view.sheet else None,
            "status_label": STATUS_LABELS.get(view.sheet.status, "") if view.sheet else "Chưa có bảng điểm",
            "lines": lines, "sheet": sheet_json(view.sheet) if view.sheet else None}
