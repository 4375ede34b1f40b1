"""personal data: daily job marker, contracts kept for a legal obligation

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "tache_planifiee",
        sa.Column("nom", sa.String(length=40), nullable=False),
        sa.Column("derniere_date", sa.Date(), nullable=True),
        sa.Column("commencee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("terminee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resultat", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("nom", name=op.f("pk_tache_planifiee")),
    )
    op.create_table(
        "contrat_archive",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.Column("chantier_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("date_debut", sa.Date(), nullable=False),
        sa.Column("date_fin", sa.Date(), nullable=False),
        sa.Column("heures_hebdo", sa.Numeric(precision=4, scale=1), nullable=False),
        sa.Column("motif", sa.String(length=300), nullable=False),
        sa.Column("conserver_jusqu_au", sa.Date(), nullable=False),
        sa.Column("archive_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chantier_id"],
            ["structure.id"],
            name=op.f("fk_contrat_archive_chantier_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_contrat_archive_territoire_id_territoire"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contrat_archive")),
    )
    with op.batch_alter_table("contrat_archive", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contrat_archive_conserver_jusqu_au"),
            ["conserver_jusqu_au"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_contrat_archive_territoire_id"), ["territoire_id"], unique=False
        )
    # The daily job's marker exists from the start: workers lock it, never insert it.
    op.execute("INSERT INTO tache_planifiee (nom) VALUES ('quotidienne')")


def downgrade() -> None:
    with op.batch_alter_table("contrat_archive", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contrat_archive_territoire_id"))
        batch_op.drop_index(batch_op.f("ix_contrat_archive_conserver_jusqu_au"))
    op.drop_table("contrat_archive")
    op.drop_table("tache_planifiee")
