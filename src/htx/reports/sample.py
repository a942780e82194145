"""A realistic in-memory figure source (nguồn số liệu mẫu) for tests, the benchmark and the sample report.

The figures follow the scale of a mid-sized province (about 830 HTX) and move a little from
one period to the next, so comparisons and charts have something to show. They are made up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from htx.reports.model import Issuer, ReportInput, Signer, build_report_input
from htx.stats.facts import Fact, Place, Source
from htx.stats.periods import Period

SAMPLE_PLACE = Place("new", "province", "20")
SYNTHETIC = Source(kind="synthetic")
SAMPLE_PERIOD = Period(2023, "half", 1)
TREND_START = Period(2021, "quarter", 1)


class FakeFigureSource:
    """A ``FigureSource`` over a dict ``{(place, period code): facts}`` or a generating function."""

    def __init__(self, facts: dict[tuple[Place, str], list[Fact]] | None = None,
                 generate: Callable[[Place, Period], list[Fact]] | None = None):
        self.facts = facts or {}
        self.generate = generate
        self.calls: list[tuple[Place, str]] = []

    def figures(self, place: Place, period: Period) -> list[Fact]:
        self.calls.append((place, period.code))
        if (place, period.code) in self.facts:
            return list(self.facts[(place, period.code)])
        return self.generate(place, period) if self.generate else []


def _step(period: Period, base: Period = TREND_START) -> int:
    """Months between ``base`` and the end of ``period`` (drives the trend)."""
    return (period.end.year - base.end.year) * 12 + period.end.month - base.end.month


def province_figures(place: Place, period: Period) -> list[Fact]:
    """Figures of a province for ``period``: counts by status × sector, resources, flows, plans."""
    t = max(_step(period), 0) // 3
    day = period.end
    code = period.code

    def stock(ind: str, v: int, unit: str = "unit", kind: str = "actual", **dims: str) -> Fact:
        return Fact(ind, v, unit, dims, kind=kind, as_of=day, place=place, source=SYNTHETIC)

    def flow(ind: str, v: int, unit: str = "unit", kind: str = "actual", **dims: str) -> Fact:
        return Fact(ind, v, unit, dims, kind=kind, period=code, place=place, source=SYNTHETIC)

    out: list[Fact] = []
    htx = {  # status -> sector -> n
        "active": {"agriculture": 480 + 3 * t, "non_agriculture": 266 + t, "credit": 19},
        "suspended": {"agriculture": 18 - t % 3, "non_agriculture": 4, "credit": 0},
        "stopped": {"agriculture": 43 - t, "non_agriculture": 1 + t % 2, "credit": 1},
    }
    tht = {"active": {"agriculture": 410 + 2 * t, "non_agriculture": 70}, "suspended": {"agriculture": 12, "non_agriculture": 3}}
    lhhtx = {"active": {"agriculture": 4 + t // 4, "non_agriculture": 1}}
    for s, table in (("htx", htx), ("tht", tht), ("lhhtx", lhhtx)):
        total = 0
        sectors: dict[str, int] = {}
        for status, row in table.items():
            out.append(stock(f"{s}.count", sum(row.values()), status=status))
            total += sum(row.values())
            for sector, n in row.items():
                sectors[sector] = sectors.get(sector, 0) + n
                out.append(stock(f"{s}.count", n, status=status, sector=sector))
        out.append(stock(f"{s}.count", total))
        out += [stock(f"{s}.count", n, sector=sector) for sector, n in sectors.items()]
        founded = {"agriculture": 4 + t % 5, "non_agriculture": 2 + t % 3} if s != "lhhtx" else {"agriculture": t % 2}
        out.append(flow(f"{s}.count", sum(founded.values()), flow="founded"))
        out += [flow(f"{s}.count", n, flow="founded", sector=k) for k, n in founded.items()]
        out.append(flow(f"{s}.count", (t * 7) % 4 if s == "htx" else 0, flow="dissolved"))
    out += [
        stock("htx.charter_capital", 1_970_382_000_000 + 12_500_000_000 * t, "VND"),
        stock("htx.members", 36_105 + 140 * t, "member"),
        stock("htx.workers", 12_480 + 55 * t, "person"),
        stock("htx.managers", 2_460 + 6 * t, "person"),
        stock("htx.managers", 1_012 + 4 * t, "person", education="higher"),
        stock("htx.managers", 1_105 + 2 * t, "person", education="vocational"),
        stock("htx.managers", 343, "person", education="untrained"),
        stock("lhhtx.charter_capital", 142_200_000_000, "VND"),
        stock("lhhtx.members", 28 + t // 2, "member"),
        stock("tht.members", 4_520 + 20 * t, "member"),
        stock("alliance.members", 358 + t, "unit"),
        stock("alliance.members", 340 + t, "unit", member_type="official"),
        stock("alliance.members", 18, "unit", member_type="associate"),
        stock("fund.capital", 17_547_000_000 + 250_000_000 * t, "VND"),
        stock("fund.projects", 49 + t, "unit"),
        stock("fund.outstanding", 14_450_000_000 + 180_000_000 * t, "VND"),
        stock("fund.outstanding", 14_020_000_000 + 180_000_000 * t, "VND", debt="in_term"),
        stock("fund.outstanding", 430_000_000, "VND", debt="overdue"),
        flow("htx.count", 14, kind="plan", flow="founded"),
        flow("tht.count", 10, kind="plan", flow="founded"),
    ]
    year = str(period.year - 1)
    classified = sum(n for row in htx.values() for n in row.values())  # every HTX is classified (phân loại)
    shares = {"good": classified * 25 // 100, "fair": classified * 35 // 100, "average": classified * 22 // 100}
    for cls, n in (*shares.items(), ("weak", classified - sum(shares.values()))):
        out.append(Fact("htx.count", n, "unit", {"class": cls}, period=year, place=place, source=SYNTHETIC))
    out += [
        Fact("htx.revenue_avg", 1_610_000_000, "VND", {}, period=year, place=place, source=SYNTHETIC),
        Fact("htx.profit_avg", 245_000_000, "VND", {}, period=year, place=place, source=SYNTHETIC),
        Fact("htx.income_avg", 4_500_000, "VND", {"per": "month"}, period=year, place=place, source=SYNTHETIC),
    ]
    return out


def sample_source() -> FakeFigureSource:
    return FakeFigureSource(generate=province_figures)


def sample_input(period: Period = SAMPLE_PERIOD, source: FakeFigureSource | None = None) -> ReportInput:
    """The sample report: Liên minh HTX tỉnh Lạng Sơn, 6 tháng đầu năm 2023 (made-up figures)."""
    return build_report_input(
        source or sample_source(), SAMPLE_PLACE, period,
        place_name="tỉnh Lạng Sơn",
        issuer=Issuer("LIÊN MINH HTX TỈNH LẠNG SƠN", parent="UBND TỈNH LẠNG SƠN", short="Liên minh HTX tỉnh"),
        number="125/BC-LMHTX",
        issue_place="Lạng Sơn",
        issue_date=date(2023, 7, 15),
        subject=f"Tình hình phát triển kinh tế tập thể {period.label_vi()}",
        signer=Signer(title="CHỦ TỊCH", name="Nguyễn Văn An", authority="TM. BAN THƯỜNG VỤ"),
        recipients=["Liên minh HTX Việt Nam", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh",
                    "UBND tỉnh", "Sở Tài chính", "Lưu: VT, KH"],
    )
