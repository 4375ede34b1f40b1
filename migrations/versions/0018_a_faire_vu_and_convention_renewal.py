"""a_faire_vu and convention renewal

Revision ID: 0018
Revises: 0012
Create Date: 2026-12-05 19:30:00.000000

`a_faire_vu`: when each user last looked at their À faire (what happened after is new).
`convention.precedente_id`: the convention a renewal follows (one renewal per convention).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "a_faire_vu",
        sa.Column("utilisateur_id", sa.Uuid(), nullable=False),
        sa.Column("vu_le", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["utilisateur_id"],
            ["user_account.id"],
            name=op.f("fk_a_faire_vu_utilisateur_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("utilisateur_id", name=op.f("pk_a_faire_vu")),
    )
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.add_column(sa.Column("precedente_id", sa.Uuid(), nullable=True))
        batch_op.create_unique_constraint("uq_convention_precedente_id", ["precedente_id"])
        batch_op.create_foreign_key(
            "fk_convention_precedente_id_convention",
            "convention",
            ["precedente_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("convention", schema=None) as batch_op:
        batch_op.drop_constraint("fk_convention_precedente_id_convention", type_="foreignkey")
        batch_op.drop_constraint("uq_convention_precedente_id", type_="unique")
        batch_op.drop_column("precedente_id")
    op.drop_table("a_faire_vu")
