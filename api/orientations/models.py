"""Orientations: referrals of a person to a partner, their answers and their thread."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import Domaine, MotifRefus, StatutOrientation, Urgence


class Orientation(Entity, Base):
    __tablename__ = "orientation"
    __table_args__ = (
        Index("ix_orientation_partenaire_statut", "partenaire_id", "statut"),
        Index("ix_orientation_statut_envoyee", "statut", "envoyee_le"),
        # A partner's inbox, newest first (keyset on created_at, id).
        Index("ix_orientation_partenaire_recentes", "partenaire_id", "created_at", "id"),
    )

    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    salarie_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("salarie.id", ondelete="CASCADE"), index=True
    )
    frein_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("frein.id", ondelete="SET NULL"))
    partenaire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="RESTRICT")
    )
    domaine: Mapped[Domaine] = mapped_column(str_enum(Domaine, "domaine_orientation"))
    motif: Mapped[str] = mapped_column(String(300))
    urgence: Mapped[Urgence] = mapped_column(str_enum(Urgence, "urgence"), default=Urgence.normale)
    besoin: Mapped[str | None] = mapped_column(Text)
    referent_contact_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    demandeur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    statut: Mapped[StatutOrientation] = mapped_column(
        str_enum(StatutOrientation, "statut_orientation"), default=StatutOrientation.brouillon
    )
    partage: Mapped[list[str]] = mapped_column(JSON, default=list)
    # What the partner sees, frozen when sent: later edits of the file never leak.
    donnees_partagees: Mapped[dict[str, object] | None] = mapped_column(JSON)
    envoyee_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    premiere_reponse_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cloturee_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    motif_refus: Mapped[MotifRefus | None] = mapped_column(str_enum(MotifRefus, "motif_refus"))
    commentaire_reponse: Mapped[str | None] = mapped_column(Text)
    date_realisation: Mapped[date | None] = mapped_column(Date)


class OrientationEvenement(Base):
    """Each transition, timestamped, with who did it."""

    __tablename__ = "orientation_evenement"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    orientation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orientation.id", ondelete="CASCADE"), index=True
    )
    statut: Mapped[StatutOrientation] = mapped_column(
        str_enum(StatutOrientation, "statut_orientation_evenement")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acteur_type: Mapped[str] = mapped_column(String(10))
    acteur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)


class OrientationMessage(Base):
    __tablename__ = "orientation_message"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    orientation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orientation.id", ondelete="CASCADE"), index=True
    )
    cote: Mapped[str] = mapped_column(String(12))  # "convergence" or "partenaire"
    auteur_type: Mapped[str] = mapped_column(String(10))
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    texte: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
