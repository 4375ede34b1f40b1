"""The people accompanied, what they consented to, and the social workers around them."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import FonctionReferent, Sexe, TypeConsentement


class Salarie(Entity, Base):
    __tablename__ = "salarie"

    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT"), index=True
    )
    chantier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT"), index=True
    )
    nom: Mapped[str] = mapped_column(String(100))
    prenoms: Mapped[str] = mapped_column(String(150))
    nom_usage: Mapped[str | None] = mapped_column(String(100))
    date_naissance: Mapped[date] = mapped_column(Date)
    sexe: Mapped[Sexe | None] = mapped_column(str_enum(Sexe, "sexe"))
    telephone: Mapped[str | None] = mapped_column(String(20))
    courriel: Mapped[str | None] = mapped_column(String(254))
    adresse: Mapped[str | None] = mapped_column(String(250))
    domiciliation: Mapped[str | None] = mapped_column(String(250))
    langues: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Lowercase, accents and extra spaces removed: search and duplicate detection.
    recherche: Mapped[str] = mapped_column(String(400), index=True)
    # The person's identifier on Les emplois de l'inclusion (`idItou`), when known.
    id_itou: Mapped[str | None] = mapped_column(String(30), index=True)


class Consentement(Base):
    """A dated agreement; revoking keeps the row (the history stays)."""

    __tablename__ = "consentement"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    salarie_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("salarie.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[TypeConsentement] = mapped_column(str_enum(TypeConsentement, "type_consentement"))
    partenaire_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT")
    )
    inclut_sante: Mapped[bool] = mapped_column(Boolean, default=False)
    date_recueil: Mapped[date] = mapped_column(Date)
    recueilli_par: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoque_le: Mapped[date | None] = mapped_column(Date)
    revoque_par: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class ReferentExterne(Entity, Base):
    __tablename__ = "referent_externe"

    salarie_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("salarie.id", ondelete="CASCADE"), index=True
    )
    nom: Mapped[str] = mapped_column(String(150))
    structure_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT")
    )
    organisation: Mapped[str | None] = mapped_column(String(200))
    fonction: Mapped[FonctionReferent] = mapped_column(
        str_enum(FonctionReferent, "fonction_referent")
    )
    telephone: Mapped[str | None] = mapped_column(String(20))
    courriel: Mapped[str | None] = mapped_column(String(254))
    depuis: Mapped[date | None] = mapped_column(Date)
    jusqu_a: Mapped[date | None] = mapped_column(Date)
    commentaire: Mapped[str | None] = mapped_column(Text)
