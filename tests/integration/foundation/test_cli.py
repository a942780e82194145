"""The foundation's commands as a new user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from htx.cli import app

runner = CliRunner()


def test_info_counts(cli_env: str) -> None:
    out = runner.invoke(app, ["info", "--json"])
    assert out.exit_code == 0, out.output
    info = json.loads(out.output)
    u = info["units"]
    assert (u["old_provinces"], u["new_provinces"], u["old_districts"], u["new_communes"]) == (63, 34, 696, 3321)
    assert u["new_communes_by_type"] == {"xã": 2621, "phường": 687, "đặc khu": 13}
    assert u["mapping_rows_whole"] + u["mapping_rows_partial"] == u["mapping_rows"] == 10571
    assert info["database_url"] == cli_env
    assert info["migration"]
    table = runner.invoke(app, ["info"])
    assert "3.321" in table.output and "63" in table.output


def test_geo_find_kien_giang_shows_old_and_new() -> None:
    out = runner.invoke(app, ["geo", "find", "Kiên Giang", "--json"])
    assert out.exit_code == 0, out.output
    assert "Kiên Giang" in out.output and "An Giang" in out.output


def test_geo_convert_commune_of_trieu_son() -> None:
    from htx.geo import gazetteer

    gaz = gazetteer()
    trieu_son = gaz.find("huyện Triệu Sơn", level="district", era="old")[0]
    commune = gaz.children(trieu_son)[0]
    out = runner.invoke(app, ["geo", "convert", commune.code, "--era", "old"])
    assert out.exit_code == 0, out.output
    new_name = gaz.successors(commune)[0][0].name
    assert new_name in out.output


def test_sample_load_is_idempotent(cli_env: str) -> None:
    first = runner.invoke(app, ["sample", "load", "--count", "30"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["sample", "load", "--count", "30"])
    assert "đã có" in again.output
    listing = runner.invoke(app, ["registry", "list", "--place", "Lạng Sơn", "--json", "--limit", "5"])
    data = json.loads(listing.output)
    assert data["total"] == 30 and all("(mẫu)" in it["name"] for it in data["items"])
