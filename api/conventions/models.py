"""Conventions: the agreements that bind the organisations of the programme."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import RolePartie, StatutConvention, TypeConvention


class Convention(Entity, Base):
    __tablename__ = "convention"
    __table_args__ = (Index("ix_convention_statut_echeance", "statut", "date_echeance"),)

    type: Mapped[TypeConvention] = mapped_column(str_enum(TypeConvention, "type_convention"))
    titre: Mapped[str] = mapped_column(String(200))
    territoire_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT"), index=True
    )
    statut: Mapped[StatutConvention] = mapped_column(
        str_enum(StatutConvention, "statut_convention"), default=StatutConvention.brouillon
    )
    date_signature: Mapped[date | None] = mapped_column(Date)
    date_effet: Mapped[date | None] = mapped_column(Date)
    date_echeance: Mapped[date | None] = mapped_column(Date)
    objectifs: Mapped[list[dict[str, object]]] = mapped_column(JSON, default=list)
    motif_resiliation: Mapped[str | None] = mapped_column(Text)
    date_resiliation: Mapped[date | None] = mapped_column(Date)
    # The convention this one renews (one renewal per convention: unique).
    precedente_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("convention.id", ondelete="SET NULL"), unique=True
    )

    parties: Mapped[list[ConventionPartie]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ConventionPartie.role"
    )
    documents: Mapped[list[ConventionDocument]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="ConventionDocument.created_at"
    )


class ConventionPartie(Base):
    __tablename__ = "convention_partie"

    convention_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("convention.id", ondelete="CASCADE"), primary_key=True
    )
    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    role: Mapped[RolePartie] = mapped_column(str_enum(RolePartie, "role_partie"))


class ConventionDocument(Base):
    __tablename__ = "convention_document"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    convention_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("convention.id", ondelete="CASCADE"), index=True
    )
    nom_fichier: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    taille: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[uuid.UUID | None] = mapped_column(Uuid)
