"""jobs: an index for listing one kind of job, newest first

``GET /v1/route-plans`` (and waves, slotting, scenarios) lists the jobs of one kind
ordered by ``(created_at, id)`` descending, a page at a time from the previous page's
last key; the index on ``(kind, created_at, id)`` serves each page without a sort.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 14:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_jobs_kind_created_at_id", "jobs", ["kind", "created_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_jobs_kind_created_at_id", table_name="jobs")
