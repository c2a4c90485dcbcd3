"""warehouse daily capacity counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "warehouse_days",
        sa.Column("warehouse_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("shipments", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("shipments >= 0", name=op.f("ck_warehouse_days_shipments_nonneg")),
        sa.PrimaryKeyConstraint("warehouse_id", "day", name=op.f("pk_warehouse_days")),
    )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("day", sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_column("day")
    op.drop_table("warehouse_days")
