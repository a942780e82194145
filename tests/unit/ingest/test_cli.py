"""``htx extract`` on a local Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from htx.ingest.cli import register

REPORT = "BÁO CÁO\nKết quả quý I/2021\nTổng số HTX: 830 HTX (541 HTX nông nghiệp chiếm 65,23%; 289 HTX phi nông nghiệp).\n"


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Test root."""

    register(root)
    return root


@pytest.fixture()
def report(tmp_path: Path) -> Path:
    p = tmp_path / "bc.txt"
    p.write_text(REPORT, encoding="utf-8")
    return p


def test_one_file_json(app: typer.Typer, report: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(report), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"document", "facts", "findings"}
    assert any(f["indicator"] == "htx.count" and f["value"] == 830 and f["quote"] for f in out["facts"])
    assert out["findings"] and out["findings"][0]["message"] == "541/830 = 65,18%, báo cáo ghi 65,23%"
    assert "đ" not in result.stdout or "\\u" not in result.stdout


def test_several_files_jsonl_and_errors_continue(app: typer.Typer, report: Path, tmp_path: Path) -> None:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(report), str(empty), str(report), "--json"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) == 2 and all(json.loads(ln)["facts"] for ln in lines)
    assert "rong.txt" in result.stderr


def test_table_output(app: typer.Typer, report: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(report)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Số lượng hợp tác xã" in result.stdout and "830" in result.stdout
    assert "65,18%" in result.stdout
