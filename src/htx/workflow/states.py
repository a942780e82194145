"""The approval state machine (quy trình nộp – phê duyệt – tiếp nhận – mở lại), as pure rules.

States of one (dataset, period, unit): ``owed`` (nothing filed yet), ``submitted`` (đã nộp),
``returned`` (trả lại để sửa), ``approved`` (đã phê duyệt: figures locked), ``accepted``
(cấp trên đã tiếp nhận: locked), ``reopened`` (mở lại có lý do: editable, audited).
Like DHIS2's data approval, without its rigid locks: an approver may reopen with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

STATES = ("owed", "submitted", "returned", "approved", "accepted", "reopened")
STATE_LABELS = {"owed": "Chưa nộp", "submitted": "Đã nộp", "returned": "Bị trả lại", "approved": "Đã phê duyệt",
                "accepted": "Đã tiếp nhận", "reopened": "Đã mở lại", "late": "Quá hạn"}
LOCKED = frozenset({"approved", "accepted"})
DONE = frozenset({"submitted", "approved", "accepted", "reopened"})
ACTIONS = ("submit", "return", "approve", "accept", "reopen")
ACTION_LABELS = {"submit": "Nộp", "return": "Trả lại", "approve": "Phê duyệt", "accept": "Tiếp nhận",
                 "reopen": "Mở lại"}


class TransitionError(ValueError):
    """A refused action; the message says why, in Vietnamese."""


class NotAllowed(TransitionError):
    """The actor has no right to this action on this unit."""


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    who: frozenset[str]
    needs_text: str | None = None


RULES: dict[str, Rule] = {
    "submit": Rule(frozenset({"owed", "returned", "reopened"}), "submitted", frozenset({"owner", "admin"})),
    "return": Rule(frozenset({"submitted"}), "returned", frozenset({"approver", "admin"}),
                   "Trả lại cần ghi nhận xét cho đơn vị."),
    "approve": Rule(frozenset({"submitted", "reopened"}), "approved", frozenset({"approver", "admin"})),
    "accept": Rule(frozenset({"approved"}), "accepted", frozenset({"accepter", "admin"})),
    "reopen": Rule(frozenset({"approved", "accepted"}), "reopened", frozenset({"approver", "accepter", "admin"}),
                   "Mở lại cần ghi lý do."),
}


def next_state(action: str, state: str, relations: frozenset[str], text: str | None = None) -> str:
    """The state after ``action``, or :class:`TransitionError` saying why it is refused.

    ``relations`` is what the actor is to the unit (see ``htx.workflow.units.relations``);
    ``text`` the comment or reason the action requires. Reopening an accepted dataset needs
    the accepting level (or an administrator), as in DHIS2 where accepted data must be
    un-accepted first.
    """
    rule = RULES.get(action)
    if rule is None:
        raise TransitionError(f"Thao tác không hợp lệ: {action!r}.")
    if not relations:
        raise NotAllowed("Bạn không có quyền với báo cáo của đơn vị này.")
    if not relations & rule.who:
        raise NotAllowed(f"Bạn không có quyền {ACTION_LABELS[action].lower()} báo cáo này.")
    if action == "reopen" and state == "accepted" and not relations & {"accepter", "admin"}:
        raise NotAllowed("Báo cáo đã được cấp trên tiếp nhận; chỉ cấp tiếp nhận hoặc quản trị viên được mở lại.")
    if state not in rule.sources:
        raise TransitionError(f"Không thể {ACTION_LABELS[action].lower()} báo cáo đang ở trạng thái "
                              f"“{STATE_LABELS.get(state, state)}”.")
    if rule.needs_text and not (text or "").strip():
        raise TransitionError(rule.needs_text)
    return rule.target


def allowed_actions(state: str, relations: frozenset[str]) -> list[str]:
    """Actions the actor may try now (the pages show these buttons)."""
    out = []
    for action in ACTIONS:
        try:
            next_state(action, state, relations, "x")
        except TransitionError:
            continue
        out.append(action)
    return out


def submission_gate(findings: list[dict[str, str]], blocking_rules: list[str], justification: str | None) -> list[dict[str, str]]:
    """The blocking findings; :class:`TransitionError` when there are some and no justification."""
    blocking = [f for f in findings if f.get("rule") in blocking_rules]
    if blocking and not (justification or "").strip():
        raise TransitionError(
            f"Có {len(blocking)} cảnh báo chặn việc nộp: "
            + "; ".join(f["message"] for f in blocking[:5])
            + ". Sửa số liệu hoặc ghi giải trình để nộp.")
    return blocking


def children_gate(missing: list[str], note: str | None) -> None:
    """A parent unit is approved only when its children are, or the officer records which are missing."""
    if missing and not (note or "").strip():
        shown = ", ".join(missing[:10]) + (f" và {len(missing) - 10} đơn vị khác" if len(missing) > 10 else "")
        raise TransitionError(f"Còn {len(missing)} đơn vị cấp dưới chưa được phê duyệt ({shown}). "
                              "Ghi chú các đơn vị còn thiếu để phê duyệt.")


def status_of(state: str, due: date, submitted_on: date | None, today: date) -> str:
    """``late`` for an obligation past due with nothing filed (or returned and not refiled), else the state."""
    if state in ("owed", "returned") and today > due:
        return "late"
    return state


def on_time(due: date, submitted_on: date | None) -> bool | None:
    return None if submitted_on is None else submitted_on <= due
