"""security: organisation version (optimistic locking), server-side sessions, user name case, password change

Revision ID: 0040_security
Revises: 0002_web
Create Date: 2026-12-02 16:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0040_security'
down_revision: str | Sequence[str] | None = '0002_web'
branch_labels: str | Sequence[str] | None = ('security',)
depends_on: str | Sequence[str] | None = None  # organisation (0001) is below 0002_web already


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('web_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
    # fails (on purpose) if two accounts differ only by case: merge them first
    op.create_index('uq_web_user_username_lower', 'web_user', [sa.text('lower(username)')], unique=True)
    op.create_table('web_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('ip', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['web_user.id'], name=op.f('fk_web_session_user_id_web_user'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_session'))
    )
    op.create_index('ix_web_session_user', 'web_session', ['user_id', 'revoked_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_web_session_user', table_name='web_session')
    op.drop_table('web_session')
    op.drop_index('uq_web_user_username_lower', table_name='web_user')
    with op.batch_alter_table('web_user', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('version')
