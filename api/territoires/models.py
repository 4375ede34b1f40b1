"""Territoires: the deployment areas of the programme."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Date, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, str_enum
from api.referentiel import Densite, StatutTerritoire


class Territoire(Entity, Base):
    __tablename__ = "territoire"

    code: Mapped[str] = mapped_column(String(50), unique=True)
    nom: Mapped[str] = mapped_column(String(120), index=True)
    date_demarrage: Mapped[date] = mapped_column(Date)
    densite: Mapped[Densite] = mapped_column(str_enum(Densite, "densite"))
    statut: Mapped[StatutTerritoire] = mapped_column(
        str_enum(StatutTerritoire, "statut_territoire")
    )


class TerritoireEvenement(Base):
    """A dated step in a territoire's history (its timeline)."""

    __tablename__ = "territoire_evenement"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="CASCADE"), index=True
    )
    date: Mapped[date] = mapped_column(Date)
    libelle: Mapped[str] = mapped_column(String(300))
