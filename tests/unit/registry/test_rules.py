"""The registry's legal and calendar rules, and the one organisation validator that applies them."""

from __future__ import annotations

from datetime import date

import pytest

from htx.access import Principal
from htx.geo import gazetteer
from htx.registry.orgform import validate
from htx.registry.rules import future_error, members_error, min_members, tax_code_error

ADMIN = Principal(id=1, username="admin", role="admin")


@pytest.mark.parametrize(("kind", "least"), [("HTX", 5), ("LHHTX", 3), ("THT", 2), ("QTDND", None)])
def test_minimums_are_data_with_their_legal_reference(kind: str, least: int | None) -> None:
    assert min_members(kind) == least
    if least is not None:
        assert members_error(kind, least) is None
        message = members_error(kind, least - 1)
        assert message is not None and "Luật Hợp tác xã 2023" in message and f"ít nhất {least}" in message
    assert members_error(kind, None) is None  # an unknown count is not judged


@pytest.mark.parametrize(("code", "ok"), [("0101234567", True), ("0101234567-001", True), ("010123456", False),
                                          ("01012345678", False), ("0101234567001", False), ("0101234567-01", False),
                                          ("01O1234567", False), ("", True)])
def test_tax_code_is_ten_digits_or_ten_dash_three(code: str, ok: bool) -> None:
    assert (tax_code_error(code) is None) is ok


def test_future_dates_are_refused_naming_the_field() -> None:
    assert future_error("Ngày giải thể", date(2030, 1, 1), today=date(2026, 1, 1)) == (
        "Ngày giải thể (01/01/2030) không được sau hôm nay (01/01/2026)")
    assert future_error("Ngày giải thể", date(2026, 1, 1), today=date(2026, 1, 1)) is None


def test_the_form_validator_applies_them() -> None:
    commune = gazetteer().communes("new", "20")[0].code
    raw = {"name": "HTX Hai Người", "kind": "HTX", "sector": "agriculture", "commune_code": commune,
           "founded_on": "01/01/2020", "members": "2", "tax_code": "123"}
    form = validate(raw, ADMIN, creating=True)
    assert set(form.errors) == {"members", "tax_code"}
    assert validate({**raw, "kind": "THT", "tax_code": "0101234567"}, ADMIN, creating=True).ok
