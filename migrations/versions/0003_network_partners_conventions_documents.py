"""network: partners, conventions, documents

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 18:07:40.927474
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "convention",
        sa.Column(
            "type",
            sa.Enum(
                "nationale",
                "coordination",
                "mise_en_oeuvre",
                "partenariat",
                "financement",
                name="type_convention",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("titre", sa.String(length=200), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=True),
        sa.Column(
            "statut",
            sa.Enum(
                "brouillon",
                "en_signature",
                "active",
                "expiree",
                "resiliee",
                name="statut_convention",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("date_signature", sa.Date(), nullable=True),
        sa.Column("date_effet", sa.Date(), nullable=True),
        sa.Column("date_echeance", sa.Date(), nullable=True),
        sa.Column("objectifs", sa.JSON(), nullable=False),
        sa.Column("motif_resiliation", sa.Text(), nullable=True),
        sa.Column("date_resiliation", sa.Date(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_convention_territoire_id_territoire"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention")),
    )
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.create_index(
            "ix_convention_statut_echeance", ["statut", "date_echeance"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_convention_territoire_id"), ["territoire_id"], unique=False
        )

    op.create_table(
        "territoire_evenement",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("libelle", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_territoire_evenement_territoire_id_territoire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territoire_evenement")),
    )
    with op.batch_alter_table("territoire_evenement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_territoire_evenement_territoire_id"), ["territoire_id"], unique=False
        )

    op.create_table(
        "convention_document",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("convention_id", sa.Uuid(), nullable=False),
        sa.Column("nom_fichier", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("taille", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("storage_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["convention_id"],
            ["convention.id"],
            name=op.f("fk_convention_document_convention_id_convention"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_convention_document")),
    )
    with op.batch_alter_table("convention_document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_convention_document_convention_id"), ["convention_id"], unique=False
        )

    op.create_table(
        "convention_partie",
        sa.Column("convention_id", sa.Uuid(), nullable=False),
        sa.Column("structure_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "signataire",
                "porteur",
                "partenaire",
                "financeur",
                name="role_partie",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["convention_id"],
            ["convention.id"],
            name=op.f("fk_convention_partie_convention_id_convention"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_convention_partie_structure_id_structure"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("convention_id", "structure_id", name=op.f("pk_convention_partie")),
    )
    with op.batch_alter_table("convention_partie", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_convention_partie_structure_id"), ["structure_id"], unique=False
        )

    op.create_table(
        "structure_domaine",
        sa.Column("structure_id", sa.Uuid(), nullable=False),
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
                name="domaine",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_structure_domaine_structure_id_structure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("structure_id", "domaine", name=op.f("pk_structure_domaine")),
    )
    op.create_table(
        "structure_territoire",
        sa.Column("structure_id", sa.Uuid(), nullable=False),
        sa.Column("territoire_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_structure_territoire_structure_id_structure"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["territoire_id"],
            ["territoire.id"],
            name=op.f("fk_structure_territoire_territoire_id_territoire"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "structure_id", "territoire_id", name=op.f("pk_structure_territoire")
        ),
    )
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "engagement",
                sa.Enum(
                    "contact",
                    "engage",
                    "inactif",
                    name="engagement",
                    native_enum=False,
                    create_constraint=True,
                    length=40,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column("activites_support", sa.JSON(), nullable=False, server_default="[]")
        )
        batch_op.add_column(sa.Column("contacts", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_index(
            "uq_structure_porteur_par_territoire",
            ["territoire_id"],
            unique=True,
            postgresql_where=sa.text("porteur_coordination"),
            sqlite_where=sa.text("porteur_coordination"),
        )

    # Data: the domaines move from a JSON list to rows; partners start as mere contacts.
    bind = op.get_bind()
    structure = sa.table(
        "structure",
        sa.column("id", sa.Uuid()),
        sa.column("type", sa.String()),
        sa.column("domaines", sa.JSON()),
        sa.column("engagement", sa.String()),
    )
    rows = bind.execute(sa.select(structure.c.id, structure.c.domaines)).all()
    domaine_rows = [
        {"structure_id": sid, "domaine": d} for sid, domaines in rows for d in set(domaines or [])
    ]
    if domaine_rows:
        op.bulk_insert(
            sa.table(
                "structure_domaine",
                sa.column("structure_id", sa.Uuid()),
                sa.column("domaine", sa.String()),
            ),
            domaine_rows,
        )
    bind.execute(
        structure.update().where(structure.c.type == "partenaire").values(engagement="contact")
    )
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.drop_column("domaines")


def downgrade() -> None:
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("domaines", sa.JSON(), nullable=False, server_default="[]"))
    bind = op.get_bind()
    domaine_table = sa.table(
        "structure_domaine", sa.column("structure_id", sa.Uuid()), sa.column("domaine", sa.String())
    )
    rows = bind.execute(sa.select(domaine_table.c.structure_id, domaine_table.c.domaine)).all()
    by_structure: dict[object, list[str]] = {}
    for sid, domaine in rows:
        by_structure.setdefault(sid, []).append(domaine)
    structure = sa.table("structure", sa.column("id", sa.Uuid()), sa.column("domaines", sa.JSON()))
    for sid, domaines in by_structure.items():
        bind.execute(
            structure.update().where(structure.c.id == sid).values(domaines=sorted(domaines))
        )
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_structure_porteur_par_territoire",
            postgresql_where=sa.text("porteur_coordination"),
            sqlite_where=sa.text("porteur_coordination"),
        )
        batch_op.drop_column("contacts")
        batch_op.drop_column("activites_support")
        batch_op.drop_constraint(op.f("ck_structure_engagement"), type_="check")
        batch_op.drop_column("engagement")

    op.drop_table("structure_territoire")
    op.drop_table("structure_domaine")
    with op.batch_alter_table("convention_partie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convention_partie_structure_id"))

    op.drop_table("convention_partie")
    with op.batch_alter_table("convention_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convention_document_convention_id"))

    op.drop_table("convention_document")
    with op.batch_alter_table("territoire_evenement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_territoire_evenement_territoire_id"))

    op.drop_table("territoire_evenement")
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_convention_territoire_id"))
        batch_op.drop_index("ix_convention_statut_echeance")

    op.drop_table("convention")
