"""Territoires: the deployment areas of the programme."""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, Entity, str_enum


class Densite(enum.StrEnum):
    dense = "dense"
    peu_dense = "peu_dense"


class StatutTerritoire(enum.StrEnum):
    preparation = "preparation"
    operationnel = "operationnel"
    suspendu = "suspendu"


class Territoire(Entity, Base):
    __tablename__ = "territoire"

    code: Mapped[str] = mapped_column(String(50), unique=True)
    nom: Mapped[str] = mapped_column(String(120), index=True)
    date_demarrage: Mapped[date] = mapped_column(Date)
    densite: Mapped[Densite] = mapped_column(str_enum(Densite, "densite"))
    statut: Mapped[StatutTerritoire] = mapped_column(
        str_enum(StatutTerritoire, "statut_territoire")
    )
