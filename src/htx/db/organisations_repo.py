"""Organisations as the registry use cases see them (``htx.services.registry.Organisations``), over SQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from htx.db import history_repo
from htx.db.models import Organisation
from htx.registry.orgform import org_dict
from htx.registry.places import resolve

EDITABLE = ("kind", "name", "code", "tax_code", "sector", "charter_capital", "members", "workers")


class SqlOrganisations:
    def __init__(self, session: Session):
        self.session = session

    def get(self, org_id: int) -> Organisation | None:
        return self.session.get(Organisation, org_id)

    def by_code(self, code: str) -> Organisation | None:
        return self.session.scalars(select(Organisation).where(Organisation.code == code).limit(1)).first()

    def update(self, org: Organisation, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """Apply edited fields: (old, new) of what changed.

        Changed measures (members, workers, capital, managers) hold from ``values["effective_on"]``
        (default today): recorded in ``org_measure``, so earlier periods keep the values they had
        (:class:`history_repo.EffectiveDateError` when dated before a value already recorded).
        """
        before = history_repo.measures_of(org)
        changed = apply_edit(org, values, flush=self.session.flush)
        if history_repo.measures_of(org) != before:
            history_repo.record(self.session, org, before, values.get("effective_on") or date.today(), None)
        return changed


def apply_edit(org: Any, values: dict[str, Any], flush: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set the edited fields of ``org`` (a new commune moves it, old-era codes too): (old, new) of what changed."""
    before = org_dict(org)
    for f in EDITABLE:
        if f in values:
            setattr(org, f, values[f])
    if values.get("commune_code") and values["commune_code"] != org.commune_code:
        commune, province, old_commune, old_province = resolve("new", None, values["commune_code"])
        org.commune_code, org.province_code = commune, province
        org.old_commune_code, org.old_province_code = old_commune, old_province
    if flush is not None:
        flush()
    after = org_dict(org)
    changed = {k for k in after if after[k] != before[k]}
    return {k: before[k] for k in changed}, {k: after[k] for k in changed}
