"""Concepts carry aliases (acronyms, common names) that search finds them by.

Revision ID: 8e5a1b2c3d34
Revises: 7d3f4a0b1c23
Create Date: 2026-12-03 18:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '8e5a1b2c3d34'
down_revision: str | None = '7d3f4a0b1c23'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('aliases', sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.drop_column('aliases')
