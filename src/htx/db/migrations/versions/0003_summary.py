"""summary: monthly-delta summary tables of the registry, kept fresh by triggers marking dirty provinces

Revision ID: 0003_summary
Revises: 0001_foundation
Create Date: 2026-11-25 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003_summary'
down_revision: str | Sequence[str] | None = '0001_foundation'
branch_labels: str | Sequence[str] | None = ('summary',)
depends_on: str | Sequence[str] | None = None

WATCHED = ('organisation', 'org_status', 'org_event', 'org_year', 'alliance_membership')

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION summary_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'organisation' THEN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO summary_dirty (era, province_code)
        SELECT 'new', province_code FROM new_rows
        UNION SELECT 'old', old_province_code FROM new_rows WHERE old_province_code IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      INSERT INTO summary_dirty (era, province_code)
        SELECT 'new', province_code FROM old_rows
        UNION SELECT 'old', old_province_code FROM old_rows WHERE old_province_code IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
  ELSE
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      INSERT INTO summary_dirty (era, province_code)
        SELECT 'new', o.province_code FROM organisation o WHERE o.id IN (SELECT organisation_id FROM new_rows)
        UNION SELECT 'old', o.old_province_code FROM organisation o
          WHERE o.id IN (SELECT organisation_id FROM new_rows) AND o.old_province_code IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
      INSERT INTO summary_dirty (era, province_code)
        SELECT 'new', o.province_code FROM organisation o WHERE o.id IN (SELECT organisation_id FROM old_rows)
        UNION SELECT 'old', o.old_province_code FROM organisation o
          WHERE o.id IN (SELECT organisation_id FROM old_rows) AND o.old_province_code IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
  END IF;
  RETURN NULL;
END $$;
"""


def _sqlite_marks(table: str, row: str) -> str:
    if table == 'organisation':
        return (f"INSERT OR IGNORE INTO summary_dirty (era, province_code) VALUES ('new', {row}.province_code); "
                f"INSERT OR IGNORE INTO summary_dirty (era, province_code) SELECT 'old', {row}.old_province_code "
                f"WHERE {row}.old_province_code IS NOT NULL;")
    return ("INSERT OR IGNORE INTO summary_dirty (era, province_code) "
            f"SELECT 'new', province_code FROM organisation WHERE id = {row}.organisation_id "
            f"UNION SELECT 'old', old_province_code FROM organisation WHERE id = {row}.organisation_id "
            "AND old_province_code IS NOT NULL;")


def _create_triggers() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(PG_FUNCTION)
        for t in WATCHED:
            op.execute(f"CREATE TRIGGER summary_{t}_ins AFTER INSERT ON {t} REFERENCING NEW TABLE AS new_rows "
                       "FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_dirty()")
            op.execute(f"CREATE TRIGGER summary_{t}_upd AFTER UPDATE ON {t} REFERENCING OLD TABLE AS old_rows "
                       "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_dirty()")
            op.execute(f"CREATE TRIGGER summary_{t}_del AFTER DELETE ON {t} REFERENCING OLD TABLE AS old_rows "
                       "FOR EACH STATEMENT EXECUTE FUNCTION summary_mark_dirty()")
        return
    for t in WATCHED:
        op.execute(f"CREATE TRIGGER summary_{t}_ins AFTER INSERT ON {t} BEGIN {_sqlite_marks(t, 'NEW')} END")
        op.execute(f"CREATE TRIGGER summary_{t}_upd AFTER UPDATE ON {t} BEGIN "
                   f"{_sqlite_marks(t, 'OLD')} {_sqlite_marks(t, 'NEW')} END")
        op.execute(f"CREATE TRIGGER summary_{t}_del AFTER DELETE ON {t} BEGIN {_sqlite_marks(t, 'OLD')} END")


def _drop_triggers() -> None:
    pg = op.get_bind().dialect.name == 'postgresql'
    for t in WATCHED:
        for op_name in ('ins', 'upd', 'del'):
            op.execute(f"DROP TRIGGER IF EXISTS summary_{t}_{op_name}" + (f" ON {t}" if pg else ""))
    if pg:
        op.execute("DROP FUNCTION IF EXISTS summary_mark_dirty()")


def upgrade() -> None:
    op.create_table('summary_dirty',
    sa.Column('era', sa.String(length=3), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.PrimaryKeyConstraint('era', 'province_code', name=op.f('pk_summary_dirty'))
    )
    op.create_table('summary_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('era', sa.String(length=3), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('members', sa.BigInteger(), nullable=False),
    sa.Column('members_n', sa.Integer(), nullable=False),
    sa.Column('workers', sa.BigInteger(), nullable=False),
    sa.Column('workers_n', sa.Integer(), nullable=False),
    sa.Column('charter_capital', sa.BigInteger(), nullable=False),
    sa.Column('charter_capital_n', sa.Integer(), nullable=False),
    sa.Column('managers_higher', sa.BigInteger(), nullable=False),
    sa.Column('managers_higher_n', sa.Integer(), nullable=False),
    sa.Column('managers_vocational', sa.BigInteger(), nullable=False),
    sa.Column('managers_vocational_n', sa.Integer(), nullable=False),
    sa.Column('managers_untrained', sa.BigInteger(), nullable=False),
    sa.Column('managers_untrained_n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_status'))
    )
    with op.batch_alter_table('summary_status', schema=None) as batch_op:
        batch_op.create_index('ix_summary_status_place', ['era', 'province_code', 'month'], unique=False)

    op.create_table('summary_flow',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('era', sa.String(length=3), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('event', sa.String(length=12), nullable=False),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_flow'))
    )
    with op.batch_alter_table('summary_flow', schema=None) as batch_op:
        batch_op.create_index('ix_summary_flow_place', ['era', 'province_code', 'month'], unique=False)

    op.create_table('summary_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('era', sa.String(length=3), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=6), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('classification', sa.String(length=10), nullable=True),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.BigInteger(), nullable=False),
    sa.Column('revenue_n', sa.Integer(), nullable=False),
    sa.Column('profit', sa.BigInteger(), nullable=False),
    sa.Column('profit_n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_year'))
    )
    with op.batch_alter_table('summary_year', schema=None) as batch_op:
        batch_op.create_index('ix_summary_year_place', ['era', 'province_code', 'year'], unique=False)

    op.create_table('summary_alliance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('era', sa.String(length=3), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('member_type', sa.String(length=10), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_summary_alliance'))
    )
    with op.batch_alter_table('summary_alliance', schema=None) as batch_op:
        batch_op.create_index('ix_summary_alliance_place', ['era', 'province_code', 'month'], unique=False)

    _create_triggers()
    # everything existing is dirty: the first reader builds the summary
    op.execute("INSERT INTO summary_dirty (era, province_code) SELECT DISTINCT 'new', province_code FROM organisation")
    op.execute("INSERT INTO summary_dirty (era, province_code) SELECT DISTINCT 'old', old_province_code "
               "FROM organisation WHERE old_province_code IS NOT NULL")


def downgrade() -> None:
    _drop_triggers()
    for table in ('summary_alliance', 'summary_year', 'summary_flow', 'summary_status'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f'ix_{table}_place')
        op.drop_table(table)
    op.drop_table('summary_dirty')
