"""Rate-limit usage shared by all API processes: points per caller and window.

Revision ID: 7d3f4a0b1c23
Revises: 6c2e3d9f0b12
Create Date: 2026-12-03 16:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '7d3f4a0b1c23'
down_revision: str | None = '6c2e3d9f0b12'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'rate_limit_usage',
        sa.Column('caller', sa.String(length=80), nullable=False),
        sa.Column('window_start', sa.BigInteger(), nullable=False),
        sa.Column('points', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('caller', 'window_start', name=op.f('pk_rate_limit_usage')),
    )
    op.create_index(
        'ix_rate_limit_usage_window_start', 'rate_limit_usage', ['window_start'], unique=False
    )


def downgrade() -> None:
    op.drop_index('ix_rate_limit_usage_window_start', table_name='rate_limit_usage')
    op.drop_table('rate_limit_usage')
