"""candidatures

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 03:55:46.277674

Applications to join the network: `candidature` (one organisation on one path, what it typed,
its statut and what its acceptance created), `candidature_territoire` (the territoires it
names), `candidature_lien` (the e-mailed single-use links, hashed) and
`candidature_commentaire` (the instructors' comments).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "candidature_lien",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("courriel", sa.String(length=254), nullable=False),
        sa.Column(
            "voie",
            sa.Enum(
                "chantier_porteur",
                "partenaire",
                "financeur",
                name="voie_candidature",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_lien")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_candidature_lien_token_hash")),
    )
    with op.batch_alter_table("candidature_lien", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidature_lien_courriel"), ["courriel"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_candidature_lien_expires_at"), ["expires_at"], unique=False
        )

    op.create_table(
        "candidature",
        sa.Column(
            "voie",
            sa.Enum(
                "chantier_porteur",
                "partenaire",
                "financeur",
                name="voie_candidature",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "statut",
            sa.Enum(
                "brouillon",
                "soumise",
                "en_instruction",
                "acceptee",
                "refusee",
                "sans_suite",
                name="statut_candidature",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("courriel", sa.String(length=254), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("nouveau_territoire", sa.String(length=120), nullable=True),
        sa.Column("contacts", sa.JSON(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("cle_hash", sa.String(length=64), nullable=True),
        sa.Column("cle_expire_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("soumise_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decidee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_decision", sa.Text(), nullable=True),
        sa.Column("decidee_par", sa.Uuid(), nullable=True),
        sa.Column("structure_id", sa.Uuid(), nullable=True),
        sa.Column("convention_id", sa.Uuid(), nullable=True),
        sa.Column("territoire_cree_id", sa.Uuid(), nullable=True),
        sa.Column("comptes_invites", sa.JSON(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["convention_id"],
            ["convention.id"],
            name=op.f("fk_candidature_convention_id_convention"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["decidee_par"],
            ["user_account.id"],
            name=op.f("fk_candidature_decidee_par_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_candidature_structure_id_structure"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_cree_id"],
            ["territoire.id"],
            name=op.f("fk_candidature_territoire_cree_id_territoire"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature")),
        sa.UniqueConstraint("cle_hash", name=op.f("uq_candidature_cle_hash")),
        sa.UniqueConstraint("convention_id", name=op.f("uq_candidature_convention_id")),
        sa.UniqueConstraint("structure_id", name=op.f("uq_candidature_structure_id")),
        sa.UniqueConstraint("territoire_cree_id", name=op.f("uq_candidature_territoire_cree_id")),
    )
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.create_index("ix_candidature_courriel_voie", ["courriel", "voie"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidature_siret"), ["siret"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidature_soumise_le"), ["soumise_le"], unique=False)
        batch_op.create_index(batch_op.f("ix_candidature_statut"), ["statut"], unique=False)

    op.create_table(
        "candidature_commentaire",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=True),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["auteur_id"],
            ["user_account.id"],
            name=op.f("fk_candidature_commentaire_auteur_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_candidature_commentaire_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_commentaire")),
    )
    with op.batch_alter_table("candidature_commentaire", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidature_commentaire_candidature_id"),
            ["candidature_id"],
            unique=False,
        )

    op.create_table(
        "candidature_territoire",
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_candidature_territoire_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_candidature_territoire_territoire_id_territoire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "candidature_id", "territoire_id", name=op.f("pk_candidature_territoire")
        ),
    )

    op.create_table(
        "candidature_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("candidature_id", sa.Uuid(), nullable=False),
        sa.Column("nom_fichier", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("taille", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidature_id"],
            ["candidature.id"],
            name=op.f("fk_candidature_document_candidature_id_candidature"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_candidature_document")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_candidature_document_storage_key")),
    )
    with op.batch_alter_table("candidature_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_candidature_document_candidature_id"), ["candidature_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("candidature_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidature_document_candidature_id"))

    op.drop_table("candidature_document")
    op.drop_table("candidature_territoire")
    with op.batch_alter_table("candidature_commentaire", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidature_commentaire_candidature_id"))

    op.drop_table("candidature_commentaire")
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidature_statut"))
        batch_op.drop_index(batch_op.f("ix_candidature_soumise_le"))
        batch_op.drop_index(batch_op.f("ix_candidature_siret"))
        batch_op.drop_index("ix_candidature_courriel_voie")

    op.drop_table("candidature")
    with op.batch_alter_table("candidature_lien", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_candidature_lien_expires_at"))
        batch_op.drop_index(batch_op.f("ix_candidature_lien_courriel"))

    op.drop_table("candidature_lien")
