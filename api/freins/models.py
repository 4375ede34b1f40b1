"""Freins and diagnostics: every barrier, assessed at entry, along the way, at exit and after."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import (
    Domaine,
    EtapeDiagnostic,
    KindReferentiel,
    StatutAction,
    StatutDiagnostic,
    StatutFrein,
)


class ReferentielValeur(Base):
    __tablename__ = "referentiel_valeur"
    __table_args__ = (UniqueConstraint("kind", "domaine", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    kind: Mapped[KindReferentiel] = mapped_column(str_enum(KindReferentiel, "kind_referentiel"))
    domaine: Mapped[Domaine] = mapped_column(str_enum(Domaine, "domaine_referentiel"))
    code: Mapped[str] = mapped_column(String(60))
    libelle: Mapped[str] = mapped_column(String(200))
    ordre: Mapped[int] = mapped_column(Integer, default=0)
    retire: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Diagnostic(Entity, Base):
    __tablename__ = "diagnostic"

    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    etape: Mapped[EtapeDiagnostic] = mapped_column(str_enum(EtapeDiagnostic, "etape_diagnostic"))
    date: Mapped[date] = mapped_column(Date)
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    statut: Mapped[StatutDiagnostic] = mapped_column(
        str_enum(StatutDiagnostic, "statut_diagnostic"), default=StatutDiagnostic.brouillon
    )
    # A correction is a new diagnostic naming the one it replaces; both are kept.
    remplace_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL"), unique=True
    )
    suivi_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("suivi_post_sortie.id", ondelete="SET NULL")
    )
    valide_le: Mapped[datetime | None] = mapped_column(UTCDateTime)

    domaines: Mapped[list[DiagnosticDomaine]] = relationship(
        lazy="raise", cascade="all, delete-orphan", order_by="DiagnosticDomaine.domaine"
    )


class DiagnosticDomaine(Base):
    __tablename__ = "diagnostic_domaine"

    diagnostic_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="CASCADE"), primary_key=True
    )
    domaine: Mapped[Domaine] = mapped_column(
        str_enum(Domaine, "domaine_diagnostic"), primary_key=True
    )
    niveau: Mapped[int] = mapped_column(Integer)
    situations: Mapped[list[str]] = mapped_column(JSON, default=list)
    commentaire: Mapped[str | None] = mapped_column(Text)


class Frein(Entity, Base):
    __tablename__ = "frein"

    parcours_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("parcours.id", ondelete="CASCADE"), index=True
    )
    domaine: Mapped[Domaine] = mapped_column(str_enum(Domaine, "domaine_frein"))
    niveau: Mapped[int] = mapped_column(Integer)
    situations: Mapped[list[str]] = mapped_column(JSON, default=list)
    objectifs: Mapped[list[str]] = mapped_column(JSON, default=list)
    commentaire: Mapped[str | None] = mapped_column(Text)
    statut: Mapped[StatutFrein] = mapped_column(
        str_enum(StatutFrein, "statut_frein"), default=StatutFrein.identifie
    )
    date_identification: Mapped[date] = mapped_column(Date)
    date_cloture: Mapped[date | None] = mapped_column(Date)
    diagnostic_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("diagnostic.id", ondelete="SET NULL")
    )


class Action(Entity, Base):
    __tablename__ = "action"

    frein_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("frein.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(60))
    libelle: Mapped[str | None] = mapped_column(String(300))
    statut: Mapped[StatutAction] = mapped_column(
        str_enum(StatutAction, "statut_action"), default=StatutAction.prevue
    )
    echeance: Mapped[date | None] = mapped_column(Date)
    responsable_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    date_realisation: Mapped[date | None] = mapped_column(Date)
