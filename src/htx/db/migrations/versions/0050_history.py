"""history: effective-dated measures and sector of an organisation (org_measure)

Revision ID: 0050_history
Revises: 0001_foundation
Create Date: 2026-12-02 17:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0050_history'
down_revision: str | Sequence[str] | None = '0001_foundation'
branch_labels: str | Sequence[str] | None = ('history',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('org_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('members', sa.Integer(), nullable=True),
    sa.Column('workers', sa.Integer(), nullable=True),
    sa.Column('charter_capital', sa.BigInteger(), nullable=True),
    sa.Column('managers_higher', sa.Integer(), nullable=True),
    sa.Column('managers_vocational', sa.Integer(), nullable=True),
    sa.Column('managers_untrained', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('recorded_by', sa.String(length=80), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'],
                            name=op.f('fk_org_measure_organisation_id_organisation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_measure')),
    sa.UniqueConstraint('organisation_id', 'valid_from', name=op.f('uq_org_measure_organisation_id'))
    )
    with op.batch_alter_table('org_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_measure_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('org_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_measure_organisation_id'))
    op.drop_table('org_measure')
