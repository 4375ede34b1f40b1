"""outbox trace context

Revision ID: 0021
Revises: 0018
Create Date: 2026-12-12 10:00:00.000000

`outbox_event.traceparent`: the W3C trace context of the request that wrote the event, so
that the worker's delivery continues its trace (api/core/observabilite/traces.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("traceparent", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.drop_column("traceparent")
