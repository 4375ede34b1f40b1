"""orientations, outbox, idempotency keys

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:53:15.713681
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("scope", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response_headers", sa.JSON(), nullable=True),
        sa.Column("response_body", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_key")),
        sa.UniqueConstraint("scope", "key", name=op.f("uq_idempotency_key_scope_key")),
    )
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_key_created_at"), ["created_at"], unique=False
        )

    op.create_table(
        "outbox_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("type", sa.String(length=60), nullable=False),
        sa.Column("destinataire_id", sa.Uuid(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_event")),
    )
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_event_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_event_destinataire_id"), ["destinataire_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_event_processed_at"), ["processed_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_event_type"), ["type"], unique=False)

    op.create_table(
        "orientation",
        sa.Column("parcours_id", sa.Uuid(), nullable=False),
        sa.Column("salarie_id", sa.Uuid(), nullable=False),
        sa.Column("frein_id", sa.Uuid(), nullable=True),
        sa.Column("partenaire_id", sa.Uuid(), nullable=False),
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
                name="domaine_orientation",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("motif", sa.String(length=300), nullable=False),
        sa.Column(
            "urgence",
            sa.Enum(
                "normale",
                "urgente",
                name="urgence",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("besoin", sa.Text(), nullable=True),
        sa.Column("referent_contact_id", sa.Uuid(), nullable=True),
        sa.Column("demandeur_id", sa.Uuid(), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "brouillon",
                "envoyee",
                "acceptee",
                "refusee",
                "realisee",
                "abandonnee",
                "annulee",
                "expiree",
                name="statut_orientation",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("partage", sa.JSON(), nullable=False),
        sa.Column("donnees_partagees", sa.JSON(), nullable=True),
        sa.Column("envoyee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("premiere_reponse_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cloturee_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "motif_refus",
            sa.Enum(
                "hors_criteres",
                "pas_de_place",
                "personne_injoignable",
                "doublon",
                "autre",
                name="motif_refus",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=True,
        ),
        sa.Column("commentaire_reponse", sa.Text(), nullable=True),
        sa.Column("date_realisation", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["frein_id"],
            ["frein.id"],
            name=op.f("fk_orientation_frein_id_frein"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parcours_id"],
            ["parcours.id"],
            name=op.f("fk_orientation_parcours_id_parcours"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["partenaire_id"],
            ["structure.id"],
            name=op.f("fk_orientation_partenaire_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["salarie_id"],
            ["salarie.id"],
            name=op.f("fk_orientation_salarie_id_salarie"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation")),
    )
    with op.batch_alter_table("orientation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orientation_parcours_id"), ["parcours_id"], unique=False
        )
        batch_op.create_index(
            "ix_orientation_partenaire_statut", ["partenaire_id", "statut"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_orientation_salarie_id"), ["salarie_id"], unique=False)
        batch_op.create_index(
            "ix_orientation_statut_envoyee", ["statut", "envoyee_le"], unique=False
        )

    op.create_table(
        "orientation_evenement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("orientation_id", sa.Uuid(), nullable=False),
        sa.Column(
            "statut",
            sa.Enum(
                "brouillon",
                "envoyee",
                "acceptee",
                "refusee",
                "realisee",
                "abandonnee",
                "annulee",
                "expiree",
                name="statut_orientation_evenement",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acteur_type", sa.String(length=10), nullable=False),
        sa.Column("acteur_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["orientation_id"],
            ["orientation.id"],
            name=op.f("fk_orientation_evenement_orientation_id_orientation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_evenement")),
    )
    with op.batch_alter_table("orientation_evenement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orientation_evenement_orientation_id"), ["orientation_id"], unique=False
        )

    op.create_table(
        "orientation_message",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("orientation_id", sa.Uuid(), nullable=False),
        sa.Column("cote", sa.String(length=12), nullable=False),
        sa.Column("auteur_type", sa.String(length=10), nullable=False),
        sa.Column("auteur_id", sa.Uuid(), nullable=True),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["orientation_id"],
            ["orientation.id"],
            name=op.f("fk_orientation_message_orientation_id_orientation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orientation_message")),
    )
    with op.batch_alter_table("orientation_message", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_orientation_message_orientation_id"), ["orientation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("orientation_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orientation_message_orientation_id"))

    op.drop_table("orientation_message")
    with op.batch_alter_table("orientation_evenement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orientation_evenement_orientation_id"))

    op.drop_table("orientation_evenement")
    with op.batch_alter_table("orientation", schema=None) as batch_op:
        batch_op.drop_index("ix_orientation_statut_envoyee")
        batch_op.drop_index(batch_op.f("ix_orientation_salarie_id"))
        batch_op.drop_index("ix_orientation_partenaire_statut")
        batch_op.drop_index(batch_op.f("ix_orientation_parcours_id"))

    op.drop_table("orientation")
    with op.batch_alter_table("outbox_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_event_type"))
        batch_op.drop_index(batch_op.f("ix_outbox_event_processed_at"))
        batch_op.drop_index(batch_op.f("ix_outbox_event_destinataire_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_event_created_at"))

    op.drop_table("outbox_event")
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotency_key_created_at"))

    op.drop_table("idempotency_key")
