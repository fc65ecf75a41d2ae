"""Concepts say how often interviews probe them, so deadlines keep the most-asked topics.

Revision ID: 6c2e3d9f0b12
Revises: 5b1d2c8e9a01
Create Date: 2026-12-03 14:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '6c2e3d9f0b12'
down_revision: str | None = '5b1d2c8e9a01'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('frequency', sa.String(length=16), nullable=False, server_default='medium')
        )
        batch_op.create_check_constraint(
            op.f('ck_concepts_frequency'), "frequency IN ('high', 'medium', 'low')"
        )


def downgrade() -> None:
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_concepts_frequency'), type_='check')
        batch_op.drop_column('frequency')
