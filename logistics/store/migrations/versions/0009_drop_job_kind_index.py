"""jobs: drop ix_jobs_kind, which ix_jobs_kind_created_at_id (0008) makes redundant

An index on ``(kind, created_at, id)`` serves every lookup by ``kind`` alone, its
leading column, so the single-column index on ``kind`` (0001) only cost space and
a second index update on each job inserted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 16:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jobs_kind"))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jobs_kind"), ["kind"], unique=False)
