"""Where an organisation is, in both eras: check its codes, resolve a commune to old and new codes."""

from __future__ import annotations

from typing import Any

from htx.geo import gazetteer

Resolved = tuple[str | None, str, str | None, str | None]  # new commune, new province, old commune, old province


def place_check(era: str, province: str | None, commune: str | None) -> str | None:
    """Error message for codes that do not exist (or do not fit together) in ``era``, else None."""
    gaz = gazetteer()
    if commune:
        u = gaz.get(era, "commune", commune.zfill(5))
        if u is None:
            return f"mã xã '{commune}' không có trong địa giới {'mới' if era == 'new' else 'cũ'}"
        if province and u.province_code != province.zfill(2):
            return f"xã {commune} không thuộc tỉnh {province}"
    elif province and gaz.get(era, "province", province.zfill(2)) is None:
        return f"mã tỉnh '{province}' không có trong địa giới {'mới' if era == 'new' else 'cũ'}"
    return None


def resolve(era: str, province_code: str | None, commune_code: str | None) -> Resolved:
    """Codes of the organisation's place in both eras (old codes only when unambiguous)."""
    gaz = gazetteer()
    commune = commune_code.zfill(5) if commune_code else None
    province = province_code.zfill(2) if province_code else None
    if era == "new":
        u = gaz.get("new", "commune", commune) if commune else None
        prov = u.province_code if u else province or ""
        olds = gaz.predecessors(u) if u else []
        old = olds[0][0] if len(olds) == 1 else None
        old_provs = {o.province_code for o, _ in olds}
        old_prov = old_provs.pop() if len(old_provs) == 1 else None
        return commune, prov, old.code if old else None, old_prov
    u = gaz.get("old", "commune", commune) if commune else None
    old_prov = u.province_code if u else province
    news = gaz.successors(u) if u else []
    new = news[0][0] if news else None
    if new is None and old_prov:
        succ = gaz.successors(gaz.unit("old", "province", old_prov))
        new_prov = succ[0][0].province_code if succ else ""
    else:
        new_prov = new.province_code if new else ""
    return new.code if new else None, new_prov, commune, old_prov


def resolve_records(records: list[Any]) -> dict[str, Resolved]:
    return {str(r.row): resolve(r.era, r.province_code, r.commune_code) for r in records}
