"""Administrative units in the database: loaded once from the packaged gazetteer."""

from __future__ import annotations

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from htx.db.models import AdminUnitRow, UnitMappingRow
from htx.geo import Gazetteer


def load_units(session: Session, gaz: Gazetteer) -> tuple[int, int]:
    """Replace the unit and mapping tables with the gazetteer's content: (units, mapping rows)."""
    session.execute(delete(UnitMappingRow))
    session.execute(delete(AdminUnitRow))
    units = [
        {"era": u.era, "level": u.level, "code": u.code, "name": u.name, "short_name": u.short_name,
         "type": u.type, "province_code": u.province_code, "district_code": u.district_code,
         "valid_from": u.valid_from, "valid_to": u.valid_to}
        for era in ("old", "new")
        for u in [*gaz.provinces(era), *(gaz.districts() if era == "old" else []), *gaz.communes(era)]
    ]
    session.execute(insert(AdminUnitRow), units)
    maps = [
        {"old_code": s.old_code, "old_province_code": s.old_province_code, "new_code": s.new_code,
         "new_province_code": s.new_province_code, "relation": s.relation, "note": s.note[:200] or None}
        for s in gaz.successions
    ]
    session.execute(insert(UnitMappingRow), maps)
    return len(units), len(maps)


def unit_counts(session: Session) -> dict[tuple[str, str], int]:
    q = select(AdminUnitRow.era, AdminUnitRow.level, func.count()).group_by(AdminUnitRow.era, AdminUnitRow.level)
    return {(e, lvl): int(n) for e, lvl, n in session.execute(q)}
