"""caseload and partner inbox indexes

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 21:20:00.000000

A chantier's open parcours (the caseload and À faire start there, whatever the number of
open parcours nationally) and a partner's orientations newest first (the inbox's keyset page
reads `limit` rows instead of sorting the partner's whole history).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.create_index(
            "ix_parcours_chantier_ouverts",
            ["chantier_id"],
            unique=False,
            postgresql_where=sa.text("statut <> 'clos'"),
            sqlite_where=sa.text("statut <> 'clos'"),
        )
    with op.batch_alter_table("orientation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_orientation_partenaire_recentes",
            ["partenaire_id", "created_at", "id"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("orientation", schema=None) as batch_op:
        batch_op.drop_index("ix_orientation_partenaire_recentes")
    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_parcours_chantier_ouverts",
            postgresql_where=sa.text("statut <> 'clos'"),
            sqlite_where=sa.text("statut <> 'clos'"),
        )
