"""Generated sample registry (dữ liệu mẫu): one province, a few hundred organisations.

Clearly marked: every organisation has ``origin='sample'`` and a name ending in "(mẫu)".
Deterministic for a given seed, spread over the province's real communes (old and new).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from htx.geo import Gazetteer
from htx.registry.importer import OrgRecord
from htx.registry.lifecycle import Event

SECTORS = [("agriculture", 62), ("industry", 8), ("trade_services", 10), ("transport", 6),
           ("construction", 4), ("environment", 4), ("credit", 3), ("non_agriculture", 3)]
KIND_WEIGHTS = [("HTX", 55), ("THT", 40), ("LHHTX", 2), ("QTDND", 3)]
NAME_STEMS = ["Nông nghiệp", "Dịch vụ nông nghiệp", "Chè", "Rau an toàn", "Hồi", "Na", "Thủy sản",
              "Vận tải", "Môi trường", "Xây dựng", "Mây tre đan", "Chăn nuôi", "Dược liệu", "Du lịch cộng đồng"]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def sample_records(gaz: Gazetteer, province_code: str = "20", count: int = 400, seed: int = 7,
                   ) -> tuple[list[OrgRecord], dict[str, tuple[str | None, str, str | None, str | None]]]:
    """Records for a new-era province plus, per row, (new commune, new province, old commune, old province)."""
    rng = random.Random(seed)
    new_communes = gaz.communes("new", province_code)
    olds = [(o, n) for n in new_communes for o, _ in gaz.predecessors(n) if o.level == "commune"]
    records: list[OrgRecord] = []
    resolve: dict[str, tuple[str | None, str, str | None, str | None]] = {}
    for i in range(count):
        old, new = rng.choice(olds)
        kind = _pick(rng, KIND_WEIGHTS)
        sector = "credit" if kind == "QTDND" else _pick(rng, SECTORS[:-2] + SECTORS[-1:])
        founded = date(2008, 1, 1) + timedelta(days=rng.randrange(0, (date(2026, 9, 30) - date(2008, 1, 1)).days))
        events = [Event("founded", founded)]
        r = rng.random()
        if r < 0.06:
            events.append(Event("suspended", founded + timedelta(days=rng.randrange(200, 2500))))
        elif r < 0.11:
            events.append(Event("stopped", founded + timedelta(days=rng.randrange(200, 2500))))
        elif r < 0.16:
            events.append(Event("dissolved", founded + timedelta(days=rng.randrange(300, 3000))))
        events = [e for e in events if e.on <= date(2026, 10, 31)]
        stem = rng.choice(NAME_STEMS)
        prefix = {"HTX": "HTX", "THT": "THT", "LHHTX": "Liên hiệp HTX", "QTDND": "Quỹ tín dụng nhân dân"}[kind]
        members = rng.randint(7, 60) if kind != "QTDND" else rng.randint(300, 2500)
        row = i + 2
        records.append(OrgRecord(
            row=row, kind=kind, name=f"{prefix} {stem} {new.short_name} {i + 1} (mẫu)", sector=sector,
            code=f"S{province_code}{i + 1:05d}", province_code=province_code, commune_code=new.code,
            founded_on=founded, events=events,
            charter_capital=rng.randint(1, 300) * 10_000_000 if kind != "THT" else None,
            members=members, workers=rng.randint(3, 40),
            managers_higher=rng.randint(0, 3), managers_vocational=rng.randint(0, 3), managers_untrained=rng.randint(0, 2),
            classification=rng.choice(["good", "fair", "fair", "average", "weak"]) if kind in ("HTX", "QTDND") else None,
            classification_year=2025 if kind in ("HTX", "QTDND") else None,
            revenue=rng.randint(200, 5000) * 1_000_000 if kind in ("HTX", "QTDND") else None,
            profit=rng.randint(-50, 400) * 1_000_000 if kind in ("HTX", "QTDND") else None,
            alliance_member=rng.choice(["official", "official", "associate", None]) if kind != "THT" else None,
            alliance_joined_on=founded + timedelta(days=rng.randrange(30, 400)),
        ))
        resolve[str(row)] = (new.code, province_code, old.code, old.province_code)
    return records, resolve
