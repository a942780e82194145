"""State machine: every allowed and forbidden transition per role, on a cooperative's, a commune's and a province's filing."""

from __future__ import annotations

from datetime import date

import pytest

from htx.geo import gazetteer
from htx.services.workflow import AccountActor
from htx.stats.facts import Place
from htx.workflow.states import (
    ACTIONS,
    STATES,
    NotAllowed,
    TransitionError,
    children_gate,
    next_state,
    status_of,
    submission_gate,
)
from htx.workflow.units import ReportingUnit, org_unit, place_unit, relations


def _places() -> tuple[str, str, str]:
    gaz = gazetteer()
    province = sorted(u.code for u in gaz.provinces("new"))[0]
    a, b = sorted(u.code for u in gaz.communes("new", province))[:2]
    return province, a, b


PROVINCE, COMMUNE, OTHER_COMMUNE = _places()
OTHER_PROVINCE = sorted(u.code for u in gazetteer().provinces("new"))[1]
ROLES = {
    "coop": AccountActor("htx", "coop", PROVINCE, COMMUNE, 7),
    "other_coop": AccountActor("htx2", "coop", PROVINCE, COMMUNE, 8),
    "commune": AccountActor("xa", "commune", PROVINCE, COMMUNE),
    "other_commune": AccountActor("xa2", "commune", PROVINCE, OTHER_COMMUNE),
    "province": AccountActor("tinh", "province", PROVINCE),
    "other_province": AccountActor("tinh2", "province", OTHER_PROVINCE),
    "admin": AccountActor("admin", "admin"),
}
ANY_SUBMIT = {("submit", s) for s in ("owed", "returned", "reopened")}
DECIDE = {("return", "submitted"), ("approve", "submitted"), ("approve", "reopened")}
ACCEPT = {("accept", "approved"), ("reopen", "approved"), ("reopen", "accepted")}
EVERYTHING = ANY_SUBMIT | DECIDE | ACCEPT

# What each role may do (action, from state) on each kind of unit; everything else is refused.
EXPECTED: dict[str, dict[str | None, set[tuple[str, str]]]] = {
    "coop": {"coop": ANY_SUBMIT, "other_coop": set(), "commune": DECIDE | {("reopen", "approved")},
             "other_commune": set(), "province": ACCEPT, "other_province": set(), "admin": EVERYTHING, None: set()},
    "commune": {"coop": set(), "other_coop": set(), "commune": ANY_SUBMIT, "other_commune": set(),
                "province": DECIDE | {("reopen", "approved")}, "other_province": set(), "admin": EVERYTHING,
                None: set()},
    "province": {"coop": set(), "other_coop": set(), "commune": set(), "other_commune": set(),
                 "province": ANY_SUBMIT, "other_province": set(), "admin": EVERYTHING, None: set()},
}


def unit_of(level: str) -> ReportingUnit:
    if level == "coop":
        return org_unit(7, "HTX Thử", PROVINCE, COMMUNE)
    if level == "commune":
        return place_unit(Place("new", "commune", COMMUNE))
    return place_unit(Place("new", "province", PROVINCE))


@pytest.mark.parametrize("level", list(EXPECTED))
@pytest.mark.parametrize("role", [*ROLES, None])
def test_every_transition(level: str, role: str | None) -> None:
    unit = unit_of(level)
    rel = relations(ROLES[role] if role else None, unit)
    allowed = set()
    for action in ACTIONS:
        for state in STATES:
            try:
                next_state(action, state, rel, "lý do")
            except TransitionError:
                continue
            allowed.add((action, state))
    assert allowed == EXPECTED[level][role]


def test_public_and_outsiders_get_a_rights_message() -> None:
    with pytest.raises(NotAllowed, match="không có quyền"):
        next_state("approve", "submitted", relations(None, unit_of("commune")))
    with pytest.raises(NotAllowed, match="không có quyền phê duyệt"):
        next_state("approve", "submitted", relations(ROLES["commune"], unit_of("commune")))


def test_reopen_and_return_need_text() -> None:
    rel = relations(ROLES["province"], unit_of("commune"))
    with pytest.raises(TransitionError, match="Mở lại cần ghi lý do"):
        next_state("reopen", "approved", rel, "  ")
    with pytest.raises(TransitionError, match="Trả lại cần ghi nhận xét"):
        next_state("return", "submitted", rel, None)
    assert next_state("reopen", "approved", rel, "sai số thành viên") == "reopened"


def test_accepted_needs_the_accepting_level_to_reopen() -> None:
    rel = relations(ROLES["province"], unit_of("commune"))
    with pytest.raises(NotAllowed, match="tiếp nhận"):
        next_state("reopen", "accepted", rel, "lý do")


def test_gates() -> None:
    findings = [{"rule": "parts_total", "message": "tổng không khớp"}, {"rule": "note", "message": "ghi chú"}]
    with pytest.raises(TransitionError, match="1 cảnh báo chặn"):
        submission_gate(findings, ["parts_total"], "")
    assert submission_gate(findings, ["parts_total"], "số liệu sơ bộ") == findings[:1]
    assert submission_gate(findings[1:], ["parts_total"], None) == []
    with pytest.raises(TransitionError, match="Còn 2 đơn vị"):
        children_gate(["Xã A", "Xã B"], None)
    children_gate(["Xã A"], "Xã A chưa nộp, đã nhắc")
    children_gate([], None)


def test_late() -> None:
    due = date(2025, 12, 18)
    assert status_of("owed", due, None, date(2025, 12, 19)) == "late"
    assert status_of("owed", due, None, due) == "owed"
    assert status_of("submitted", due, date(2025, 12, 20), date(2025, 12, 21)) == "submitted"
