"""``htx survey`` as an administrator runs it: load, open, follow, close, publish, results, export."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app
from htx.survey.loader import example_text

from .support import small_registry

runner = CliRunner()
CODE = "2025-VD"


def _run(*args: str) -> str:
    out = runner.invoke(app, ["survey", *args])
    assert out.exit_code == 0, out.output
    return out.output


def test_a_round_from_the_command_line(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    with db() as s:
        small_registry(s)
    bad = tmp_path / "vong-loi.yaml"
    bad.write_text(example_text().replace("    weight: 0.25\n", ""), "utf-8")
    failed = runner.invoke(app, ["survey", "load", str(bad)])
    assert failed.exit_code == 1 and "vong-loi.yaml: dimensions[0].weight: thiếu khóa bắt buộc" in failed.output
    assert json.loads(_run("rounds", "--json")) == []

    template = tmp_path / "bang-hoi.xlsx"
    _run("template", "--out", str(template))
    loaded = json.loads(_run("load", str(template), "--json", "--user", "quantri"))
    assert loaded["stored"] and loaded["code"] == CODE and loaded["items"] == 14 and loaded["example"]
    assert json.loads(_run("open", "--round", CODE, "--json"))["frame"] == 6
    assert json.loads(_run("synth", "--round", CODE, "--rate", "1", "--json"))["responses"] == 6
    progress = json.loads(_run("progress", "--round", CODE, "--json"))
    assert (progress["frame"], progress["submitted"], progress["rate"]) == (6, 6, "100.00")
    assert "Lạng Sơn" in _run("progress", "--round", CODE)
    assert json.loads(_run("missing", "--round", CODE, "--place", "Lạng Sơn", "--json"))["total"] == 0
    _run("close", "--round", CODE)
    _run("publish", "--round", CODE)
    results = json.loads(_run("results", "--round", CODE, "--place", "Lạng Sơn", "--json"))
    assert results["provisional"] is False and [p["place"] for p in results["provinces"]] == ["20"]
    assert results["provinces"][0]["note"].startswith("chưa đủ phiếu (4/5")  # the example's minimum is 5
    table = _run("results", "--round", CODE)
    assert "chưa đủ phiếu" in table and "Toàn quốc" in table
    assert json.loads(_run("recheck", "--round", CODE, "--json"))["same"] is True
    for suffix in ("xlsx", "docx"):
        target = tmp_path / f"ket-qua.{suffix}"
        _run("export", "--round", CODE, "--out", str(target))
        assert target.read_bytes()[:2] == b"PK"
    refused = runner.invoke(app, ["survey", "synth", "--round", CODE])
    assert refused.exit_code == 1 and "phải đang mở" in refused.output


def test_contacts_are_imported_all_or_nothing(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    from htx.db.models import Organisation

    with db() as s:
        ids = small_registry(s)
        s.get(Organisation, ids["ls3"]).code = "HTX-LS-3"  # type: ignore[union-attr]
        s.commit()
    example = tmp_path / "vi-du.yaml"
    example.write_text(example_text(), "utf-8")
    _run("load", str(example))
    _run("open", "--round", CODE)
    bad = tmp_path / "lien-he-loi.json"
    bad.write_text(json.dumps({"Liên hệ": [{"Mã HTX": "HTX-LS-3", "Điện thoại": "0912 345 678"},
                                           {"ID": ids["not_member"], "Email": "a@b.vn"},
                                           {"Mã HTX": "HTX-LS-3", "Email": "không-phải-email"}]}), "utf-8")
    failed = runner.invoke(app, ["survey", "contacts", "--round", CODE, str(bad)])
    assert failed.exit_code == 1 and "dòng/row 3, cột/column 'Email'" in " ".join(failed.output.split())
    good = tmp_path / "lien-he.json"
    good.write_text(json.dumps({"Liên hệ": [{"Mã HTX": "HTX-LS-3", "Điện thoại": "0912 345 678", "Zalo": "0912345678"},
                                            {"ID": ids["not_member"], "Email": "a@b.vn"}]}), "utf-8")
    refused = runner.invoke(app, ["survey", "contacts", "--round", CODE, str(good)])
    assert refused.exit_code == 1 and "không có trong danh sách khảo sát" in " ".join(refused.output.split())
    missing = json.loads(_run("missing", "--round", CODE, "--place", "20", "--json"))
    assert all(r["phone"] is None for r in missing["rows"])  # nothing was written
    good.write_text(json.dumps({"Liên hệ": [{"Mã HTX": "HTX-LS-3", "Điện thoại": "0912 345 678"}]}), "utf-8")
    assert json.loads(_run("contacts", "--round", CODE, str(good), "--json"))["updated"] == 1
    rows = json.loads(_run("missing", "--round", CODE, "--place", "20", "--json"))["rows"]
    assert [r["phone"] for r in rows if r["name"] == "HTX Lạng Sơn 3"] == ["0912 345 678"]
