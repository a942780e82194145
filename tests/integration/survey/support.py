"""Registry rows for the survey tests: cooperatives with a status and (or not) an alliance membership."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from htx.db.models import AllianceMembership, Organisation, StatusInterval

LANG_SON, BAC_NINH = "20", "24"


def add_coop(s: Session, name: str, province: str, commune: str | None, member: bool = True,
             active_from: dt.date = dt.date(2020, 1, 1), kind: str = "HTX", ended: dt.date | None = None) -> int:
    org = Organisation(kind=kind, name=name, province_code=province, commune_code=commune, sector="agriculture")
    s.add(org)
    s.flush()
    s.add(StatusInterval(organisation_id=org.id, status="active", valid_from=active_from, valid_to=ended))
    if ended is not None:
        s.add(StatusInterval(organisation_id=org.id, status="dissolved", valid_from=ended, valid_to=None))
    if member:
        s.add(AllianceMembership(organisation_id=org.id, member_type="official", joined_on=active_from))
    return org.id


def small_registry(s: Session) -> dict[str, int]:
    """Six cooperatives in the frame (4 Lạng Sơn, 2 Bắc Ninh) and three that are not."""
    ids = {f"ls{i}": add_coop(s, f"HTX Lạng Sơn {i}", LANG_SON, "06253" if i < 3 else "06280") for i in range(4)}
    ids |= {f"bn{i}": add_coop(s, f"HTX Bắc Ninh {i}", BAC_NINH, None) for i in range(2)}
    ids["not_member"] = add_coop(s, "HTX không phải thành viên", LANG_SON, None, member=False)
    ids["too_late"] = add_coop(s, "HTX thành lập sau", LANG_SON, None, active_from=dt.date(2026, 3, 2))
    ids["tht"] = add_coop(s, "THT", LANG_SON, None, kind="THT")
    s.commit()
    return ids
