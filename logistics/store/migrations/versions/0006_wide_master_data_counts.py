"""warehouse capacity and handling costs, SKU weight and volume as BIGINT

The API takes these up to 10**12 (and the domain up to its own bounds), but they were
INTEGER columns: on PostgreSQL (32-bit INTEGER) a warehouse handling cost or a SKU
weight above 2,147,483,647 failed the whole PUT with "integer out of range" (a 500).
SQLite's INTEGER already holds 64 bits, and rebuilding its referenced tables in batch
mode would cascade to their stock rows, so only PostgreSQL is altered.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    ("warehouses", "capacity_per_day"),
    ("warehouses", "handling_cost_per_order"),
    ("warehouses", "handling_cost_per_unit"),
    ("skus", "weight_g"),
    ("skus", "volume_cm3"),
)


def _alter(to: sa.types.TypeEngine, was: sa.types.TypeEngine) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in _COLUMNS:
        op.alter_column(table, column, type_=to, existing_type=was)


def upgrade() -> None:
    _alter(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _alter(sa.Integer(), sa.BigInteger())
