"""htx db backup / restore: a round trip on both databases, and the refusals."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import delete
from typer.testing import CliRunner

from htx.cli import app
from htx.db.backup import FORMAT, BackupError, read_manifest, restore, row_counts
from htx.db.base import Base
from htx.db.engine import session_factory
from htx.db.migrate import load_all_models

runner = CliRunner()
KEEP = {"alembic_version"}


def _figures() -> list[dict[str, object]]:
    out = runner.invoke(app, ["facts", "list", "--place", "Lạng Sơn", "--period", "2024", "--json"])
    assert out.exit_code == 0, out.output
    return json.loads(out.output)


def _wipe(url: str) -> None:
    load_all_models()
    with session_factory(url)() as s:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP:
                s.execute(delete(table))
        s.commit()


def test_backup_wipe_restore_gives_the_same_rows_and_figures(cli_env: str, tmp_path: Path) -> None:
    assert runner.invoke(app, ["sample", "load"]).exit_code == 0
    counts, figures = row_counts(cli_env), _figures()
    assert counts["organisation"] > 0 and figures

    file = tmp_path / "htx.zip"
    out = runner.invoke(app, ["db", "backup", str(file)])
    assert out.exit_code == 0, out.output
    manifest = read_manifest(file)
    assert manifest.row_counts == counts and manifest.revisions

    _wipe(cli_env)
    assert row_counts(cli_env)["organisation"] == 0
    session_factory(cli_env).kw["bind"].dispose()  # no pooled connection holds a lock during restore
    out = runner.invoke(app, ["db", "restore", str(file), "--yes"])
    assert out.exit_code == 0, out.output
    assert row_counts(cli_env) == counts
    assert _figures() == figures


def test_restore_refuses_a_backup_from_a_newer_htx(cli_env: str, tmp_path: Path) -> None:
    file = tmp_path / "htx.zip"
    assert runner.invoke(app, ["db", "backup", str(file)]).exit_code == 0
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(file) as src, zipfile.ZipFile(newer, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "manifest.json":
                raw = json.loads(data)
                raw["revisions"] = [*raw["revisions"], "9999_from_the_future"]
                data = json.dumps(raw).encode()
            dst.writestr(item, data)
    before = row_counts(cli_env)
    with pytest.raises(BackupError, match="mới hơn"):
        restore(cli_env, newer)
    assert row_counts(cli_env) == before
    out = runner.invoke(app, ["db", "restore", str(newer), "--yes"])
    assert out.exit_code == 1 and "9999_from_the_future" in out.output


def test_restore_refuses_a_file_that_is_not_a_backup(cli_env: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_text("không phải zip", encoding="utf-8")
    with pytest.raises(BackupError, match="không phải bản sao lưu"):
        restore(cli_env, junk)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("manifest.json", json.dumps({"format": FORMAT, "backend": "oracle", "revisions": [],
                                                 "htx_version": "0", "created_at": "", "row_counts": {}}))
    with pytest.raises(BackupError, match="không khôi phục vào"):
        restore(cli_env, other)
