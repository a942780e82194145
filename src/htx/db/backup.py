"""Backup and restore of the whole database (sao lưu / khôi phục).

A backup is one ZIP file holding ``manifest.json`` (format, database kind, migration revisions,
htx version, row counts, time) and the data:

- SQLite: a copy made through SQLite's online backup API (``sqlite3.Connection.backup``), safe
  while the application runs;
- PostgreSQL: ``pg_dump --format=custom``; restored with ``pg_restore --clean --if-exists
  --single-transaction`` so a failed restore leaves the database as it was.

Restore refuses a backup whose migration revision this version of htx does not know (a backup
made by a newer htx), and one made from the other kind of database. The ZIP wrapper is written
here by hand because neither tool records the revision in a form readable before restoring.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from htx import __version__
from htx.db.migrate import alembic_config, current_heads, load_all_models

FORMAT = "htx-backup/1"
MANIFEST = "manifest.json"
DATA = {"sqlite": "data.sqlite3", "postgresql": "data.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Manifest:
    backend: str
    revisions: list[str]
    htx_version: str
    created_at: str
    row_counts: dict[str, int]

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **self.__dict__}, ensure_ascii=False, indent=2)


def backend_of(url: str) -> str:
    name = make_url(url).get_backend_name()
    if name not in DATA:
        raise BackupError(f"Không hỗ trợ sao lưu cơ sở dữ liệu loại '{name}' (chỉ SQLite và PostgreSQL).")
    return name


def row_counts(url: str) -> dict[str, int]:
    """Rows per table of the htx schema (recorded in the manifest, compared after a restore)."""
    metadata = load_all_models()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                    for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.")
    return Path(database)


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection string for pg_dump/pg_restore, the password passed in the environment."""
    u = make_url(url)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    return u.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"Không tìm thấy lệnh {name}: cài gói postgresql-client "
                          f"(apt-get install postgresql-client) cùng phiên bản với máy chủ.")
    return path


def _run(args: list[str], env: dict[str, str] | None = None) -> None:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} thất bại: {done.stderr.strip()[:500]}")


def backup(url: str, target: Path) -> Manifest:
    """Write a backup of the database at ``url`` to ``target`` (a new ZIP file)."""
    backend = backend_of(url)
    revisions = current_heads(url)
    if not revisions:
        raise BackupError("Cơ sở dữ liệu chưa có lược đồ (chưa chạy htx db upgrade): không có gì để sao lưu.")
    manifest = Manifest(backend, sorted(revisions), __version__,
                        datetime.now(UTC).isoformat(timespec="seconds"), row_counts(url))
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / DATA[backend]
        if backend == "sqlite":
            source = sqlite3.connect(_sqlite_path(url))
            dest = sqlite3.connect(data)
            try:
                source.backup(dest)
            finally:
                dest.close()
                source.close()
        else:
            conninfo, env = _libpq(url)
            _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
                  f"--file={data}", conninfo], env)
        partial = target.with_name(target.name + ".part")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr(MANIFEST, manifest.to_json())
            z.write(data, DATA[backend])
        partial.replace(target)
    return manifest


def read_manifest(source: Path) -> Manifest:
    try:
        with zipfile.ZipFile(source) as z:
            raw: dict[str, Any] = json.loads(z.read(MANIFEST))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(f"Tệp {source} không phải bản sao lưu của htx ({exc}).") from exc
    if raw.pop("format", None) != FORMAT:
        raise BackupError(f"Tệp {source}: định dạng sao lưu không nhận ra (cần {FORMAT}).")
    try:
        return Manifest(**raw)
    except TypeError as exc:
        raise BackupError(f"Tệp {source}: manifest.json thiếu hoặc thừa trường ({exc}).") from exc


def check_revisions(manifest: Manifest, url: str, source: Path) -> None:
    """Refuse a backup made by a newer htx: every revision it records must be known here."""
    script = ScriptDirectory.from_config(alembic_config(url))
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [r for r in manifest.revisions if r not in known]
    if unknown:
        raise BackupError(f"Tệp {source} được tạo bởi phiên bản htx mới hơn (lược đồ {', '.join(unknown)} "
                          f"không có ở đây, htx {__version__}): hãy cập nhật htx rồi khôi phục.")


def restore(url: str, source: Path) -> Manifest:
    """Replace the database at ``url`` with the backup in ``source``; all or nothing."""
    backend = backend_of(url)
    manifest = read_manifest(source)
    if manifest.backend != backend:
        raise BackupError(f"Tệp {source} là bản sao lưu {manifest.backend}, không khôi phục vào {backend} được.")
    check_revisions(manifest, url, source)
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(source) as z:
        data = Path(z.extract(DATA[backend], tmp))
        if backend == "sqlite":
            _restore_sqlite(data, _sqlite_path(url))
        else:
            conninfo, env = _libpq(url)
            _run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
                  "--single-transaction", f"--dbname={conninfo}", str(data)], env)
    return manifest


def _restore_sqlite(data: Path, path: Path) -> None:
    source = sqlite3.connect(data)
    try:
        if source.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise BackupError(f"Dữ liệu SQLite trong bản sao lưu bị hỏng ({data.name}).")
        path.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(path)
        try:
            source.backup(dest)  # one transaction on the target: all pages or none
        finally:
            dest.close()
    finally:
        source.close()
