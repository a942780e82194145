"""Helpers of the classification tests: a few organisations of Lạng Sơn (new province 20)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from htx.db.models import Organisation, OrgYear, StatusInterval

PROVINCE = "20"
YEAR = 2025


def add_org(s: Session, name: str, kind: str = "HTX", sector: str = "agriculture", members: int | None = 80,
            founded: date = date(2010, 5, 1), revenue: int | None = None, typed: str | None = None,
            province: str = PROVINCE, year: int = YEAR) -> Organisation:
    org = Organisation(kind=kind, name=name, province_code=province, sector=sector, members=members,
                       founded_on=founded, old_province_code=None)
    s.add(org)
    s.flush()
    s.add(StatusInterval(organisation_id=org.id, status="active", valid_from=founded, valid_to=None))
    if revenue is not None or typed is not None:
        s.add(OrgYear(organisation_id=org.id, year=year, revenue=revenue, classification=typed))
    s.flush()
    return org


def small_registry(db: sessionmaker[Session]) -> dict[str, int]:
    """Two agricultural HTX, one industrial, one founded in the year, one QTDND, one typed 'fair' by an officer."""
    with db() as s:
        ids = {
            "a": add_org(s, "HTX Nông nghiệp An", revenue=3_000_000_000).id,
            "b": add_org(s, "HTX Nông nghiệp Bình", members=20, revenue=500_000_000).id,
            "c": add_org(s, "HTX Cơ khí Cường", sector="industry", members=40).id,
            "d": add_org(s, "HTX Dịch vụ Mới", founded=date(YEAR, 6, 1)).id,
            "q": add_org(s, "Quỹ tín dụng nhân dân Quang", kind="QTDND", sector="credit").id,
            "t": add_org(s, "HTX Thương mại Tín", sector="trade_services", typed="fair").id,
        }
        s.commit()
    return ids
