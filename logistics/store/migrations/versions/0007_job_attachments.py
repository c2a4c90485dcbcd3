"""jobs.best_attachments: the parts of a result served at their own URLs

A route plan's result carried its GeoJSON and its HTML map (about three quarters of
it: 1.1 of 1.35 MB on a 1,000-stop day) in ``best_result``, so every poll of
``GET /v1/route-plans/{id}`` read and parsed them to show the plan alone. They are
kept in their own column now. Results stored before keep them in ``best_result``
(read as before).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 11:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("best_attachments", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("best_attachments")
