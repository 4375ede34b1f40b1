"""history import

Revision ID: 0017
Revises: 0012
Create Date: 2026-12-05 19:11:32.733205

The import of the programme's history (imports, their rows, the external references already
imported), the historical-exit flag of a parcours (no check-in planned), and the evaluation
pseudonym kept by retention on a statistical record (docs/rgpd.md).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_fichier",
        sa.Column("auteur_id", sa.Uuid(), nullable=False),
        sa.Column("territoire_ids", sa.JSON(), nullable=True),
        sa.Column("nom_fichier", sa.String(length=200), nullable=False),
        sa.Column(
            "statut",
            sa.Enum(
                "analyse",
                "analyse_terminee",
                "application",
                "terminee",
                "echouee",
                name="statut_import",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("traitees", sa.Integer(), nullable=False),
        sa.Column("analyse", sa.JSON(), nullable=False),
        sa.Column("resultat", sa.JSON(), nullable=False),
        sa.Column("termine_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["auteur_id"],
            ["user_account.id"],
            name=op.f("fk_import_fichier_auteur_id_user_account"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_fichier")),
    )
    with op.batch_alter_table("import_fichier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_fichier_auteur_id"), ["auteur_id"], unique=False
        )

    op.create_table(
        "import_ligne",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("import_id", sa.Uuid(), nullable=False),
        sa.Column("numero", sa.Integer(), nullable=False),
        sa.Column("reference_externe", sa.String(length=100), nullable=True),
        sa.Column("donnees", sa.JSON(), nullable=False),
        sa.Column("empreinte", sa.String(length=64), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "creer",
                "rapprocher",
                "mettre_a_jour",
                "inchange",
                "rejeter",
                name="action_ligne",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("erreurs", sa.JSON(), nullable=False),
        sa.Column(
            "appliquee",
            sa.Enum(
                "creer",
                "rapprocher",
                "mettre_a_jour",
                "inchange",
                "rejeter",
                name="action_ligne_appliquee",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("parcours_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["import_fichier.id"],
            name=op.f("fk_import_ligne_import_id_import_fichier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_ligne")),
    )
    with op.batch_alter_table("import_ligne", schema=None) as batch_op:
        batch_op.create_index(
            "ix_import_ligne_import_numero", ["import_id", "numero"], unique=False
        )

    op.create_table(
        "import_reference",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.Column("reference_externe", sa.String(length=100), nullable=False),
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column("empreinte", sa.String(length=64), nullable=False),
        sa.Column("maj_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_import_reference_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_import_reference_territoire_id_territoire"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_reference")),
        sa.UniqueConstraint(
            "territoire_id",
            "reference_externe",
            name=op.f("uq_import_reference_territoire_id_reference_externe"),
        ),
    )
    with op.batch_alter_table("import_reference", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_reference_parcours_id"), ["parcours_id"], unique=False
        )

    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sortie_historique", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    with op.batch_alter_table("statistique_parcours", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pseudonyme_evaluation", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("statistique_parcours", schema=None) as batch_op:
        batch_op.drop_column("pseudonyme_evaluation")

    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.drop_column("sortie_historique")

    with op.batch_alter_table("import_reference", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_reference_parcours_id"))

    op.drop_table("import_reference")
    with op.batch_alter_table("import_ligne", schema=None) as batch_op:
        batch_op.drop_index("ix_import_ligne_import_numero")

    op.drop_table("import_ligne")
    with op.batch_alter_table("import_fichier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_fichier_auteur_id"))

    op.drop_table("import_fichier")
