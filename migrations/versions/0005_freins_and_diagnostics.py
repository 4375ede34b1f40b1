"""freins and diagnostics

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 18:35:32.788744
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from api.freins.referentiel_data import OBJECTIFS, SITUATIONS, TYPES_ACTION

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "referentiel_valeur",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "situation",
                "objectif",
                "type_action",
                name="kind_referentiel",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column(
            "domaine",
            sa.Enum(
                "logement",
                "sante",
                "droits",
                "emploi",
                "mobilite",
                "finances",
                "justice",
                "famille",
                "langue",
                "numerique",
                name="domaine_referentiel",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("libelle", sa.String(length=200), nullable=False),
        sa.Column("ordre", sa.Integer(), nullable=False),
        sa.Column("retire", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referentiel_valeur")),
        sa.UniqueConstraint(
            "kind", "domaine", "code", name=op.f("uq_referentiel_valeur_kind_domaine_code")
        ),
    )
    op.create_table(
        "diagnostic",
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column(
            "etape",
            sa.Enum(
                "entree",
                "suivi",
                "sortie",
                "post_sortie",
                name="etape_diagnostic",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "brouillon",
                "valide",
                name="statut_diagnostic",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("remplace_id", sa.Uuid(), nullable=True),
        sa.Column("suivi_id", sa.Uuid(), nullable=True),
        sa.Column("valide_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_diagnostic_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["remplace_id"],
            ["diagnostic.id"],
            name=op.f("fk_diagnostic_remplace_id_diagnostic"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["suivi_id"],
            ["suivi_post_sortie.id"],
            name=op.f("fk_diagnostic_suivi_id_suivi_post_sortie"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagnostic")),
        sa.UniqueConstraint("remplace_id", name=op.f("uq_diagnostic_remplace_id")),
    )
    with op.batch_alter_table("diagnostic", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_diagnostic_parcours_id"), ["parcours_id"], unique=False
        )

    op.create_table(
        "diagnostic_domaine",
        sa.Column("diagnostic_id", sa.Uuid(), nullable=False),
        sa.Column(
            "domaine",
            sa.Enum(
                "logement",
                "sante",
                "droits",
                "emploi",
                "mobilite",
                "finances",
                "justice",
                "famille",
                "langue",
                "numerique",
                name="domaine_diagnostic",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("niveau", sa.Integer(), nullable=False),
        sa.Column("situations", sa.JSON(), nullable=False),
        sa.Column("commentaire", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["diagnostic_id"],
            ["diagnostic.id"],
            name=op.f("fk_diagnostic_domaine_diagnostic_id_diagnostic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("diagnostic_id", "domaine", name=op.f("pk_diagnostic_domaine")),
    )
    op.create_table(
        "frein",
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column(
            "domaine",
            sa.Enum(
                "logement",
                "sante",
                "droits",
                "emploi",
                "mobilite",
                "finances",
                "justice",
                "famille",
                "langue",
                "numerique",
                name="domaine_frein",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("niveau", sa.Integer(), nullable=False),
        sa.Column("situations", sa.JSON(), nullable=False),
        sa.Column("objectifs", sa.JSON(), nullable=False),
        sa.Column("commentaire", sa.Text(), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "identifie",
                "en_traitement",
                "leve",
                "non_leve",
                name="statut_frein",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date_identification", sa.Date(), nullable=False),
        sa.Column("date_cloture", sa.Date(), nullable=True),
        sa.Column("diagnostic_id", sa.Uuid(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["diagnostic_id"],
            ["diagnostic.id"],
            name=op.f("fk_frein_diagnostic_id_diagnostic"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_frein_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_frein")),
    )
    with op.batch_alter_table("frein", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_frein_parcours_id"), ["parcours_id"], unique=False)

    op.create_table(
        "action",
        sa.Column("frein_id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "prevue",
                "en_cours",
                "realisee",
                "abandonnee",
                name="statut_action",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("echeance", sa.Date(), nullable=True),
        sa.Column("responsable_id", sa.Uuid(), nullable=True),
        sa.Column("date_realisation", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["frein_id"], ["frein.id"], name=op.f("fk_action_frein_id_frein"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_frein_id"), ["frein_id"], unique=False)

    # The starting référentiel, frozen here (later changes are data, made by admins).
    referentiel = sa.table(
        "referentiel_valeur",
        sa.column("id", sa.Uuid()),
        sa.column("kind", sa.String()),
        sa.column("domaine", sa.String()),
        sa.column("code", sa.String()),
        sa.column("libelle", sa.String()),
        sa.column("ordre", sa.Integer()),
        sa.column("retire", sa.Boolean()),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    now = datetime.now(UTC)
    rows = [
        {
            "id": uuid.uuid4(),
            "kind": kind,
            "domaine": domaine,
            "code": code,
            "libelle": libelle,
            "ordre": ordre,
            "retire": False,
            "created_at": now,
        }
        for kind, table in (
            ("situation", SITUATIONS),
            ("type_action", TYPES_ACTION),
            ("objectif", OBJECTIFS),
        )
        for domaine, values in table.items()
        for ordre, (code, libelle) in enumerate(values)
    ]
    op.bulk_insert(referentiel, rows)


def downgrade() -> None:
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_frein_id"))

    op.drop_table("action")
    with op.batch_alter_table("frein", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_frein_parcours_id"))

    op.drop_table("frein")
    op.drop_table("diagnostic_domaine")
    with op.batch_alter_table("diagnostic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_diagnostic_parcours_id"))

    op.drop_table("diagnostic")
    op.drop_table("referentiel_valeur")
