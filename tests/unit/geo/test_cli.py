"""The ``htx geo`` commands, run in-process on a local Typer app."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from htx.geo.cli import register


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    root = typer.Typer()

    @root.callback()
    def main() -> None:
        """Test root."""

    register(root)
    return root


runner = CliRunner()


def test_find_shows_old_and_new(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "find", "Kiên Giang"])
    assert result.exit_code == 0, result.output
    assert "Tỉnh Kiên Giang" in result.output and "Tỉnh An Giang" in result.output


def test_find_json(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "find", "thanh hoa", "--level", "province", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(d["era"], d["code"]) for d in data] == [("old", "38"), ("new", "38")]
    assert data[0]["successors"][0]["name"] == "Tỉnh Thanh Hóa"
    assert data[0]["valid_to"] == "2025-06-30"
    assert data[1]["predecessors"][0]["code"] == "38"


def test_find_nothing(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "find", "zzzz qqqq"])
    assert result.exit_code == 1


def test_convert_commune_of_trieu_son(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "convert", "15679", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["unit"]["name"] == "Xã Hợp Tiến" and data["unit"]["district_code"] == "397"
    assert [(s["code"], s["relation"]) for s in data["successors"]] == [("15682", "whole")]
    table = runner.invoke(app, ["geo", "convert", "00553"])
    assert table.exit_code == 0 and "partial" in table.output and "Xã Cổ Bi" in table.output


def test_convert_new_province(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "convert", "24", "--era", "new", "--level", "province"])
    assert result.exit_code == 0, result.output
    assert "Tỉnh Bắc Giang" in result.output and "whole" in result.output


def test_convert_unknown_code(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geo", "convert", "99999"])
    assert result.exit_code == 1
    bad = runner.invoke(app, ["geo", "convert", "24", "--era", "middle"])
    assert bad.exit_code != 0
