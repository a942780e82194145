"""The organisation-edit use case over a fake unit of work: the rules, with no database."""

from __future__ import annotations

from typing import Any

from htx.access import Principal
from htx.db.models import Organisation
from htx.db.organisations_repo import apply_edit
from htx.geo import gazetteer
from htx.services.audit import Actor
from htx.services.registry import edit_organisation
from htx.services.uow import UnitOfWork


class FakeOrganisations:
    def __init__(self, *orgs: Organisation):
        self.rows = {o.id: o for o in orgs}

    def get(self, org_id: int) -> Organisation | None:
        return self.rows.get(org_id)

    def by_code(self, code: str) -> Organisation | None:
        return next((o for o in self.rows.values() if o.code == code), None)

    def update(self, org: Organisation, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        return apply_edit(org, values)


class FakeUnitOfWork(UnitOfWork):
    def __init__(self, *orgs: Organisation):  # no session at all
        self.fake_orgs = FakeOrganisations(*orgs)
        self.log: list[tuple[Any, ...]] = []
        self.committed = self.rolled_back = 0

    @property
    def organisations(self) -> FakeOrganisations:
        return self.fake_orgs

    def audit(self, username: str | None, action: str, entity: str, entity_id: Any = None,
              old: dict[str, Any] | None = None, new: dict[str, Any] | None = None, ip: str | None = None,
              note: str | None = None, count: int = 1) -> None:
        self.log.append((username, action, entity, entity_id, old, new))

    def commit(self) -> None:
        self.committed += 1

    def rollback(self) -> None:
        self.rolled_back += 1


def _commune(province: str) -> str:
    return gazetteer().communes("new", province)[0].code


def _org(org_id: int, code: str, commune: str) -> Organisation:
    unit = gazetteer().get("new", "commune", commune)
    assert unit is not None
    return Organisation(id=org_id, kind="HTX", name=f"HTX số {org_id}", code=code, tax_code=None, sector="agriculture",
                        province_code=unit.province_code, commune_code=commune, charter_capital=None, members=None,
                        workers=None)


def _raw(org: Organisation, **changes: str) -> dict[str, str]:
    base = {"kind": org.kind, "name": org.name, "code": org.code or "", "tax_code": "", "sector": org.sector,
            "commune_code": org.commune_code or "", "charter_capital": "", "members": "", "workers": ""}
    return {**base, **changes}


OFFICER = Principal(id=1, username="langson", role="province", province_code="20")


def test_an_edit_changes_only_what_changed_logs_it_and_commits() -> None:
    org = _org(1, "HTX-01", _commune("20"))
    uow = FakeUnitOfWork(org)
    form = edit_organisation(uow, Actor.of(OFFICER, "10.0.0.1"), org, _raw(org, name="HTX  Chè   Bản Long", members="25"))
    assert form.ok, form.errors
    assert org.name == "HTX Chè Bản Long" and org.members == 25
    assert uow.log == [("langson", "update", "organisation", 1, {"name": "HTX số 1", "members": None},
                        {"name": "HTX Chè Bản Long", "members": 25})]
    assert uow.committed == 1


def test_a_code_already_used_by_another_organisation_is_refused_and_nothing_is_written() -> None:
    commune = _commune("20")
    mine, other = _org(1, "HTX-01", commune), _org(2, "HTX-02", commune)
    uow = FakeUnitOfWork(mine, other)
    form = edit_organisation(uow, Actor.of(OFFICER), mine, _raw(mine, code="HTX-02", name="Tên mới"))
    assert form.errors == {"code": "Mã số này đã được dùng cho tổ chức khác"}
    assert mine.code == "HTX-01" and mine.name == "HTX số 1"
    assert uow.log == [] and uow.committed == 0


def test_an_officer_cannot_move_an_organisation_out_of_the_province() -> None:
    org = _org(1, "HTX-01", _commune("20"))
    uow = FakeUnitOfWork(org)
    form = edit_organisation(uow, Actor.of(OFFICER), org, _raw(org, commune_code=_commune("24")))
    assert form.errors == {"commune_code": "Xã này không thuộc tỉnh của bạn"}
    assert uow.committed == 0
