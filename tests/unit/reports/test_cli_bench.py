"""``htx report`` end to end with a fake figure source; the benchmark runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from htx.reports.bench import time_report
from htx.reports.cli import register
from htx.reports.sample import FakeFigureSource


@pytest.fixture()
def app(monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    import htx.bootstrap

    monkeypatch.setattr(htx.bootstrap, "figure_source", lambda *a, **k: FakeFigureSource())
    app = typer.Typer()
    register(app)

    @app.command()
    def _other() -> None:  # a second command keeps typer in multi-command mode
        pass

    return app


def test_report_without_data_is_written_and_says_so(app: typer.Typer, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "--place", "Lạng Sơn", "--period", "2023-H1", "--out", str(tmp_path),
                                   "--format", "docx,xlsx", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout.strip().splitlines()[-1])
    assert data["has_data"] is False and Path(data["files"]["docx"]).exists()
    assert "pdf" not in data["files"]


def test_unknown_place_names_the_closest(app: typer.Typer, tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["report", "--place", "Atlantis", "--period", "2023-H1", "--out", str(tmp_path)])
    assert res.exit_code == 1
    assert "Không tìm thấy" in res.output and "Gần giống" in res.output


def test_bad_format_and_period(app: typer.Typer, tmp_path: Path) -> None:
    assert CliRunner().invoke(app, ["report", "--place", "Lạng Sơn", "--period", "2023-H1", "--format", "odt"]).exit_code == 2
    assert CliRunner().invoke(app, ["report", "--place", "Lạng Sơn", "--period", "2023-Q5"]).exit_code == 1


def test_bench_runs() -> None:
    assert 0 < time_report(runs=1) < 10
