"""Concepts get a stage in their domain's arc and the seniority that expects them;
design cases name their parts with `part_of` edges.

Revision ID: 5b1d2c8e9a01
Revises: 4aac4179559f
Create Date: 2026-12-03 10:00:00+00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5b1d2c8e9a01'
down_revision: str | None = '4aac4179559f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_EDGE_KINDS = "kind IN ('prerequisite', 'related_to', 'covers', 'assesses', 'schedules')"
NEW_EDGE_KINDS = (
    "kind IN ('prerequisite', 'related_to', 'covers', 'assesses', 'schedules', 'part_of')"
)


def upgrade() -> None:
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('stage', sa.String(length=16), nullable=False, server_default='core')
        )
        batch_op.add_column(
            sa.Column('seniority', sa.String(length=16), nullable=False, server_default='mid')
        )
        batch_op.create_check_constraint(
            op.f('ck_concepts_stage'), "stage IN ('framing', 'foundation', 'core', 'case')"
        )
        batch_op.create_check_constraint(
            op.f('ck_concepts_seniority'), "seniority IN ('mid', 'senior', 'staff')"
        )
    with op.batch_alter_table('edges', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_edges_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_edges_kind'), NEW_EDGE_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM edges WHERE kind = 'part_of'")
    with op.batch_alter_table('edges', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_edges_kind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_edges_kind'), OLD_EDGE_KINDS)
    with op.batch_alter_table('concepts', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_concepts_seniority'), type_='check')
        batch_op.drop_constraint(op.f('ck_concepts_stage'), type_='check')
        batch_op.drop_column('seniority')
        batch_op.drop_column('stage')
