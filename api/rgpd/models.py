"""What the personal-data work keeps: the daily run marker, and contract records kept for a
legal obligation after the person's file is anonymised (no name, no link to the person)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, UTCDateTime, utcnow

TACHE_QUOTIDIENNE = "quotidienne"


class TachePlanifiee(Base):
    """One row per scheduled job: the day it last ran, so several workers run it once a day."""

    __tablename__ = "tache_planifiee"

    nom: Mapped[str] = mapped_column(String(40), primary_key=True)
    derniere_date: Mapped[date | None] = mapped_column(Date)
    commencee_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    terminee_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resultat: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ContratArchive(Base):
    """A contract kept after anonymisation (setting `conservation_legale`): no name, no birth
    date, no link to the person or the parcours; deleted when `conserver_jusqu_au` is past."""

    __tablename__ = "contrat_archive"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT"), index=True
    )
    chantier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("structure.id", ondelete="RESTRICT"))
    type: Mapped[str] = mapped_column(String(40))
    date_debut: Mapped[date] = mapped_column(Date)
    date_fin: Mapped[date] = mapped_column(Date)
    heures_hebdo: Mapped[Decimal] = mapped_column(Numeric(4, 1))
    motif: Mapped[str] = mapped_column(String(300))
    conserver_jusqu_au: Mapped[date] = mapped_column(Date, index=True)
    archive_le: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
