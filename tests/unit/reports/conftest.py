"""Fixtures of the report-writer tests: small hand-made inputs and one generated sample report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from htx.reports.generate import generate_report
from htx.reports.model import Issuer, ReportInput, ReportPlace, Signer
from htx.reports.sample import sample_input
from htx.stats.facts import Fact
from htx.stats.periods import Period


def count(value: int, kind: str = "actual", subject: str = "htx", **dims: str) -> Fact:
    return Fact(f"{subject}.count", value, "unit", dims, kind=kind)


def make_input(current: list[Fact], previous: list[Fact] | None = None, last_year: list[Fact] | None = None,
               period: str = "2023-Q2", notes: list[str] | None = None) -> ReportInput:
    per = Period.parse(period)
    return ReportInput(
        issuer=Issuer("LIÊN MINH HTX TỈNH LẠNG SƠN", parent="UBND TỈNH LẠNG SƠN", short="Liên minh HTX tỉnh"),
        number="12/BC-LMHTX", issue_place="Lạng Sơn", issue_date=date(2023, 7, 5),
        subject=f"Tình hình kinh tế tập thể {per.label_vi()}",
        place=ReportPlace("tỉnh Lạng Sơn", "province", "new"), period=per,
        current=current, previous=previous or [], last_year=last_year or [],
        series={per.code: current}, notes=notes or [], recipients=["Liên minh HTX Việt Nam", "Lưu: VT"],
        signer=Signer("CHỦ TỊCH", "Nguyễn Văn An", "TM. BAN THƯỜNG VỤ"),
    )


@pytest.fixture(scope="session")
def sample() -> ReportInput:
    return sample_input()


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory, sample: ReportInput) -> dict[str, Path]:
    """The sample report in every format (written once for the session)."""
    return generate_report(sample, tmp_path_factory.mktemp("report"))
