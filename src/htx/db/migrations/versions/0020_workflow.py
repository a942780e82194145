"""workflow: reporting filings (dataset × period × unit) and their history

Revision ID: 0020_workflow
Revises: 0002_web
Create Date: 2026-12-02 16:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0020_workflow'
down_revision: str | Sequence[str] | None = '0002_web'
branch_labels: str | Sequence[str] | None = ('workflow',)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('workflow_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dataset', sa.String(length=40), nullable=False),
    sa.Column('period', sa.String(length=10), nullable=False),
    sa.Column('unit_key', sa.String(length=40), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('province_code', sa.String(length=10), nullable=False),
    sa.Column('commune_code', sa.String(length=10), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.String(length=12), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by', sa.String(length=80), nullable=True),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by', sa.String(length=80), nullable=True),
    sa.Column('first_approved_at', sa.DateTime(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('missing_note', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_workflow_submission_document_id_document'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_workflow_submission_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow_submission')),
    sa.UniqueConstraint('dataset', 'period', 'unit_key', name=op.f('uq_workflow_submission_dataset'))
    )
    with op.batch_alter_table('workflow_submission', schema=None) as batch_op:
        batch_op.create_index('ix_workflow_submission_scope', ['dataset', 'period', 'level', 'province_code'], unique=False)
        batch_op.create_index('ix_workflow_submission_unit', ['unit_key', 'state'], unique=False)

    op.create_table('workflow_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=True),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('from_state', sa.String(length=12), nullable=False),
    sa.Column('to_state', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['submission_id'], ['workflow_submission.id'], name=op.f('fk_workflow_event_submission_id_workflow_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow_event'))
    )
    with op.batch_alter_table('workflow_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workflow_event_submission_id'), ['submission_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('workflow_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workflow_event_submission_id'))
    op.drop_table('workflow_event')
    with op.batch_alter_table('workflow_submission', schema=None) as batch_op:
        batch_op.drop_index('ix_workflow_submission_unit')
        batch_op.drop_index('ix_workflow_submission_scope')
    op.drop_table('workflow_submission')
