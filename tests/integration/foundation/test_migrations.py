"""Every migration runs up and down on both databases, and the models match the migrations."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect

from htx.db.migrate import alembic_config, current_heads, downgrade, load_all_models, upgrade


def test_up_down_up(empty_db_url: str) -> None:
    upgrade(empty_db_url)
    script = ScriptDirectory.from_config(alembic_config(empty_db_url))
    heads = current_heads(empty_db_url)
    # every branch is at its head, and every head grows from the one root
    assert set(heads) == set(script.get_heads()) and heads
    assert {rev.revision for rev in script.walk_revisions() if rev.down_revision is None} == {"0001_foundation"}
    engine = create_engine(empty_db_url)
    assert {"organisation", "fact", "document", "admin_unit"} <= set(inspect(engine).get_table_names())
    downgrade(empty_db_url, "base")
    assert current_heads(empty_db_url) == []
    leftover = set(inspect(engine).get_table_names()) - {"alembic_version"}
    assert leftover == set()
    upgrade(empty_db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), load_all_models())
    engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
