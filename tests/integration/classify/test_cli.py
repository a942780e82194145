"""``htx classify`` commands against the test database."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import yaml
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from htx.cli import app
from tests.integration.classify.support import YEAR, small_registry

runner = CliRunner()


def test_rules_score_summary_size_export(cli_env: str, db: sessionmaker[Session], tmp_path: Path) -> None:
    ids = small_registry(db)
    listed = json.loads(runner.invoke(app, ["classify", "rules", "list", "--json"]).output)
    assert {(r["code"], r["version"]) for r in listed} == {("tt01-2020", 1), ("tt09-2017-nn", 1), ("nd113-2024-size", 1)}
    data = yaml.safe_load(resources.files("htx.classify").joinpath("data/tt01-2020.yaml").read_text("utf-8"))
    data["valid_from"], data["valid_to"] = "2021-01-01", "2020-01-01"
    bad = tmp_path / "nguoc.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    refused = runner.invoke(app, ["classify", "rules", "load", str(bad)])
    assert refused.exit_code == 1 and "nguoc.yaml" in refused.output and "bị ngược" in refused.output
    assert len(json.loads(runner.invoke(app, ["classify", "rules", "list", "--json"]).output)) == 3  # nothing loaded
    data["valid_to"], data["version"] = None, 2
    good = tmp_path / "tt01-v2.yaml"
    good.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    loaded = json.loads(runner.invoke(app, ["classify", "rules", "load", str(good), "--json"]).output)
    assert (loaded["code"], loaded["version"], loaded["created"]) == ("tt01-2020", 2, True)

    score = json.loads(runner.invoke(app, ["classify", "score", "--org", str(ids["a"]), "--year", str(YEAR), "--json"]).output)
    assert score["rule_set"] == "tt09-2017-nn v1" and score["status"] is None
    proposed = {line["code"]: line["proposal"] for line in score["lines"] if line["proposal"]}
    assert proposed == {"1.2": {"points": "6", "rule": "Doanh thu năm từ 1.000.000.000 đến dưới 5.000.000.000 → 6 điểm"}}

    out = runner.invoke(app, ["classify", "summary", "--place", "20", "--year", str(YEAR), "--json"])
    summary = json.loads(out.output)
    assert summary["classes"]["counts"]["fair"] == 1 and summary["classes"]["missing"] == 3
    assert summary["sizes"]["counts"] == {"large": 0, "medium": 0, "small": 1, "micro": 1}
    table = runner.invoke(app, ["classify", "summary", "--place", "Lạng Sơn", "--year", str(YEAR)])
    assert "1/6 HTX đã được xếp loại" in table.output and "Siêu nhỏ" in table.output

    sizes = json.loads(runner.invoke(app, ["classify", "size", "--place", "20", "--year", str(YEAR), "--size",
                                           "unknown", "--json"]).output)
    assert {r["name"] for r in sizes} == {"HTX Cơ khí Cường", "HTX Dịch vụ Mới", "HTX Thương mại Tín"}
    xlsx = tmp_path / "xep-loai.xlsx"
    assert runner.invoke(app, ["classify", "export", "--place", "20", "--year", str(YEAR), "--out", str(xlsx)]).exit_code == 0
    assert xlsx.stat().st_size > 0
