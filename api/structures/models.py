"""Structures: every organisation known to the system."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base, Entity, str_enum
from api.referentiel import Domaine, Engagement, TypePartenaire, TypeStructure
from api.territoires.models import Territoire

structure_territoire = Table(
    "structure_territoire",
    Base.metadata,
    Column("structure_id", ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True),
    Column("territoire_id", ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True),
)


class Structure(Entity, Base):
    __tablename__ = "structure"
    __table_args__ = (
        # One chantier porteur de la coordination per territoire, checked by the database too.
        Index(
            "uq_structure_porteur_par_territoire",
            "territoire_id",
            unique=True,
            postgresql_where=text("porteur_coordination"),
            sqlite_where=text("porteur_coordination"),
        ),
        UniqueConstraint("di_source", "di_id", name="uq_structure_data_inclusion"),
    )

    type: Mapped[TypeStructure] = mapped_column(str_enum(TypeStructure, "type_structure"))
    nom: Mapped[str] = mapped_column(String(200), index=True)
    siret: Mapped[str | None] = mapped_column(String(14), unique=True)
    territoire_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT"), index=True
    )
    adresse: Mapped[str | None] = mapped_column(String(250))
    code_postal: Mapped[str | None] = mapped_column(String(5))
    commune: Mapped[str | None] = mapped_column(String(120))
    courriel: Mapped[str | None] = mapped_column(String(254))
    telephone: Mapped[str | None] = mapped_column(String(20))
    site_web: Mapped[str | None] = mapped_column(String(250))
    porteur_coordination: Mapped[bool] = mapped_column(Boolean, default=False)
    nombre_postes: Mapped[int | None] = mapped_column(Integer)
    type_partenaire: Mapped[TypePartenaire | None] = mapped_column(
        str_enum(TypePartenaire, "type_partenaire")
    )
    engagement: Mapped[Engagement | None] = mapped_column(str_enum(Engagement, "engagement"))
    activites_support: Mapped[list[str]] = mapped_column(JSON, default=list)
    contacts: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # data·inclusion provenance (imported partners): upsert key and the producer's date.
    di_source: Mapped[str | None] = mapped_column(String(100))
    di_id: Mapped[str | None] = mapped_column(String(250))
    di_date_maj: Mapped[date | None] = mapped_column(Date)

    domaine_rows: Mapped[list[StructureDomaine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="StructureDomaine.domaine"
    )
    territoires_servis: Mapped[list[Territoire]] = relationship(
        secondary=structure_territoire, lazy="raise"
    )

    @property
    def domaines(self) -> list[str]:
        return [row.domaine.value for row in self.domaine_rows]

    @domaines.setter
    def domaines(self, values: list[str]) -> None:
        self.domaine_rows = [StructureDomaine(domaine=Domaine(v)) for v in sorted(set(values))]

    @property
    def territoire_ids_servis(self) -> list[uuid.UUID]:
        return sorted(t.id for t in self.territoires_servis)


class StructureDomaine(Base):
    """The domaines a partner covers (a table, so that the directory filters in SQL)."""

    __tablename__ = "structure_domaine"

    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), primary_key=True
    )
    domaine: Mapped[Domaine] = mapped_column(str_enum(Domaine, "domaine"), primary_key=True)
