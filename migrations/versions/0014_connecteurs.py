"""connectors: Les emplois de l'inclusion and data·inclusion

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-05 19:08:32.825464

A chantier's encrypted connection to Les emplois and the arrivals its synchronisation brings;
the PASS IAE on the parcours and `idItou` on the salarié; data·inclusion provenance on the
structures, their services and the import batches (dry run, then confirmed).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_data_inclusion",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "a_confirmer",
                "applique",
                name="statut_import",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("contenu", sa.JSON(), nullable=False),
        sa.Column("rapport", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applique_le", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_import_data_inclusion_territoire_id_territoire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_data_inclusion")),
    )
    with op.batch_alter_table("import_data_inclusion", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_import_data_inclusion_territoire_id"), ["territoire_id"], unique=False
        )

    op.create_table(
        "connexion_emplois",
        sa.Column("chantier_id", sa.Uuid(), nullable=False),
        sa.Column("base_url", sa.String(length=250), nullable=False),
        sa.Column("identifiants_chiffres", sa.Text(), nullable=False),
        sa.Column("derniere_synchro_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "derniere_issue",
            sa.Enum(
                "reussie",
                "identifiants_refuses",
                "acces_refuse",
                "limite_atteinte",
                "indisponible",
                name="issue_synchro",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("dernier_rapport", sa.JSON(), nullable=True),
        sa.Column("derniere_reussite_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chantier_id"],
            ["structure.id"],
            name=op.f("fk_connexion_emplois_chantier_id_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_connexion_emplois")),
        sa.UniqueConstraint("chantier_id", name=op.f("uq_connexion_emplois_chantier_id")),
    )
    op.create_table(
        "service_partenaire",
        sa.Column("structure_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_id", sa.String(length=250), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=True),
        sa.Column("thematiques", sa.JSON(), nullable=False),
        sa.Column("publics", sa.JSON(), nullable=False),
        sa.Column("modes_accueil", sa.JSON(), nullable=False),
        sa.Column("frais", sa.String(length=60), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_service_partenaire_structure_id_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_partenaire")),
        sa.UniqueConstraint(
            "source", "source_id", name=op.f("uq_service_partenaire_source_source_id")
        ),
    )
    with op.batch_alter_table("service_partenaire", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_partenaire_structure_id"), ["structure_id"], unique=False
        )

    op.create_table(
        "arrivee_emplois",
        sa.Column("chantier_id", sa.Uuid(), nullable=False),
        sa.Column("id_itou", sa.String(length=30), nullable=False),
        sa.Column("pass_iae", sa.String(length=12), nullable=True),
        sa.Column("pass_iae_debut", sa.Date(), nullable=True),
        sa.Column("pass_iae_fin", sa.Date(), nullable=True),
        sa.Column("nom", sa.String(length=100), nullable=False),
        sa.Column("prenoms", sa.String(length=150), nullable=False),
        sa.Column("date_naissance", sa.Date(), nullable=False),
        sa.Column(
            "sexe",
            sa.Enum(
                "femme",
                "homme",
                "autre",
                name="sexe_arrivee",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("telephone", sa.String(length=20), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("adresse", sa.String(length=250), nullable=True),
        sa.Column("situation", sa.JSON(), nullable=False),
        sa.Column(
            "statut",
            sa.Enum(
                "a_accueillir",
                "accueillie",
                name="statut_arrivee",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("salarie_id", sa.Uuid(), nullable=True),
        sa.Column("parcours_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["chantier_id"],
            ["structure.id"],
            name=op.f("fk_arrivee_emplois_chantier_id_structure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_arrivee_emplois_parcours_id_parcours"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["salarie_id"],
            ["salarie.id"],
            name=op.f("fk_arrivee_emplois_salarie_id_salarie"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_arrivee_emplois")),
        sa.UniqueConstraint(
            "chantier_id", "id_itou", name=op.f("uq_arrivee_emplois_chantier_id_id_itou")
        ),
    )
    with op.batch_alter_table("arrivee_emplois", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_arrivee_emplois_chantier_id"), ["chantier_id"], unique=False
        )

    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pass_iae", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("pass_iae_debut", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("pass_iae_fin", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_parcours_pass_iae"), ["pass_iae"], unique=False)

    with op.batch_alter_table("salarie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("id_itou", sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f("ix_salarie_id_itou"), ["id_itou"], unique=False)

    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("di_source", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("di_id", sa.String(length=250), nullable=True))
        batch_op.add_column(sa.Column("di_date_maj", sa.Date(), nullable=True))
        batch_op.create_unique_constraint("uq_structure_data_inclusion", ["di_source", "di_id"])


def downgrade() -> None:
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.drop_constraint("uq_structure_data_inclusion", type_="unique")
        batch_op.drop_column("di_date_maj")
        batch_op.drop_column("di_id")
        batch_op.drop_column("di_source")

    with op.batch_alter_table("salarie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_salarie_id_itou"))
        batch_op.drop_column("id_itou")

    with op.batch_alter_table("parcours", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcours_pass_iae"))
        batch_op.drop_column("pass_iae_fin")
        batch_op.drop_column("pass_iae_debut")
        batch_op.drop_column("pass_iae")

    with op.batch_alter_table("arrivee_emplois", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_arrivee_emplois_chantier_id"))

    op.drop_table("arrivee_emplois")
    with op.batch_alter_table("service_partenaire", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_partenaire_structure_id"))

    op.drop_table("service_partenaire")
    op.drop_table("connexion_emplois")
    with op.batch_alter_table("import_data_inclusion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_data_inclusion_territoire_id"))

    op.drop_table("import_data_inclusion")
