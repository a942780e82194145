"""The sample reports of ``docs/sample-report/`` (báo cáo mẫu): one per issuing body, synthetic figures.

``python -m htx.reports.samples [folder]`` writes, for each body of :data:`htx.reports.issuers.BODIES`,
the DOCX, PDF and XLSX of a report on made-up figures, marked "MẪU — số liệu giả lập", and the
PDF's pages as PNG (``pdftoppm``, when installed) so the samples can be looked at on the web.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from htx.reports.generate import generate_report
from htx.reports.issuers import BODIES, ReportSettings, letterhead
from htx.reports.model import ReportInput, build_report_input
from htx.reports.sample import SAMPLE_PERIOD, SYNTHETIC, FakeFigureSource, province_figures
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period

MARK = "MẪU — số liệu giả lập"
PROVINCE = Place("old", "province", "20")  # Lạng Sơn, 2023: before the 2025 reform
COMMUNE = Place("old", "commune", "06034")  # a commune of Lạng Sơn (old geography)
SETTINGS = ReportSettings(signer_name="Nguyễn Văn An")


def commune_figures(place: Place, period: Period) -> list[Fact]:
    """A commune's made-up figures: a few HTX and THT, their members and workers, one founding a half-year."""
    t = max((period.end.year - 2021) * 2 + (period.end.month > 6), 0)
    day, code = period.end, period.code
    table = {"htx": {("active", "agriculture"): 10 + t // 2, ("active", "non_agriculture"): 4,
                     ("active", "credit"): 1, ("suspended", "agriculture"): 1, ("stopped", "agriculture"): 1},
             "tht": {("active", "agriculture"): 12 + t, ("active", "non_agriculture"): 3}}
    out: list[Fact] = []
    for subject, cells in table.items():
        def stock(value: int, subject: str = subject, **dims: str) -> Fact:
            return Fact(f"{subject}.count", value, "unit", dims, as_of=day, place=place, source=SYNTHETIC)
        out.append(stock(sum(cells.values())))
        for dim, pos in (("status", 0), ("sector", 1)):
            for value in sorted({k[pos] for k in cells}):
                out.append(stock(sum(n for k, n in cells.items() if k[pos] == value), **{dim: value}))
        out += [stock(n, status=st, sector=se) for (st, se), n in cells.items()]
    out += [
        Fact("htx.members", 934 + 12 * t, "member", {}, as_of=day, place=place, source=SYNTHETIC),
        Fact("htx.workers", 324 + 5 * t, "person", {}, as_of=day, place=place, source=SYNTHETIC),
        Fact("htx.charter_capital", 48_600_000_000 + 500_000_000 * t, "VND", {}, as_of=day, place=place,
             source=SYNTHETIC),
        Fact("htx.count", t % 2, "unit", {"flow": "founded"}, period=code, place=place, source=SYNTHETIC),
        Fact("htx.count", 0, "unit", {"flow": "dissolved"}, period=code, place=place, source=SYNTHETIC),
    ]
    return out


def sample_for(body: str, period: Period = SAMPLE_PERIOD) -> ReportInput:
    """The sample report of ``body`` (made-up figures, marked)."""
    commune = body == "commune"
    place = COMMUNE if commune else PROVINCE
    name = "xã Chi Lăng" if commune else "tỉnh Lạng Sơn"
    head = letterhead(body, place.level, name, province_name="tỉnh Lạng Sơn", settings=SETTINGS)
    source = FakeFigureSource(generate=commune_figures if commune else province_figures)
    inp = build_report_input(source, place, period, place_name=name, issuer=head.issuer,
                             number=head.number, issue_place="Chi Lăng" if commune else "Lạng Sơn",
                             issue_date=date(2023, 7, 15), signer=head.signer, recipients=head.recipients)
    inp.mark = MARK
    return inp


def write_samples(folder: Path) -> dict[str, dict[str, Path]]:
    """Write every body's sample into ``folder/<body>/``; returns the files written."""
    out: dict[str, dict[str, Path]] = {}
    for body in BODIES:
        target = folder / body
        if target.exists():
            shutil.rmtree(target)
        paths = generate_report(sample_for(body), target)
        if shutil.which("pdftoppm"):
            stem = paths["pdf"].with_suffix("")
            subprocess.run(["pdftoppm", "-png", "-r", "60", str(paths["pdf"]), f"{stem}-trang"], check=True)
        out[body] = paths
    return out


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    written = write_samples(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/sample-report"))
    for body, files in written.items():
        print(body, *sorted(str(p) for p in files.values()))
