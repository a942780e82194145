"""``htx report`` by name: the place the user named, in the era of the period; a clear error otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import docx
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app


def _report(tmp_path: Path, *args: str) -> tuple[int, str]:
    out = CliRunner().invoke(app, ["report", *args, "--out", str(tmp_path), "--format", "docx", "--json"])
    return out.exit_code, out.output


def test_bac_giang_2021_writes_bac_giang(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    code, output = _report(tmp_path, "--place", "Bắc Giang", "--period", "2021-Q1", "--issue-date", "2021-04-10")
    assert code == 0, output
    result = json.loads(output.strip().splitlines()[-1])
    assert result["place"] == "old:province:24"
    path = Path(result["files"]["docx"])
    assert path.name == "bao-cao-tinh-24-cu-2021-Q1.docx"
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "tỉnh Bắc Giang" in text and "An Giang" not in text
    assert " 0 HTX" not in text  # an empty database invents no zero
    cells = " ".join(c.text for t in docx.Document(str(path)).tables for r in t.rows for c in r.cells)
    assert "ngày 10 tháng 4 năm 2021" in cells or "ngày 10 tháng 04 năm 2021" in cells


def test_old_name_for_a_new_period_is_a_clear_error(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    code, output = _report(tmp_path, "--place", "Bắc Giang", "--period", "2025-Q3")
    assert code == 1 and "Bắc Ninh" in output
    code, output = _report(tmp_path, "--place", "xã Hợp Tiến", "--period", "2021")
    assert code == 1 and "Triệu Sơn" in output  # ambiguous: the candidates are listed
