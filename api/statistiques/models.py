"""Statistical records: what the indicators need of each parcours, without the person.

One row per parcours and one per orientation sent, derived from the files and kept
up to date on every commit that touches them (see `service.install`). They carry no
name, birth date, free text or exact date (dates are rounded to the month), so they
outlive the anonymisation of the files and keep the indicators true.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, UTCDateTime, utcnow


class StatistiqueParcours(Base):
    __tablename__ = "statistique_parcours"
    __table_args__ = (
        Index("ix_statistique_parcours_sortie", "annee_sortie", "territoire_id", "chantier_id"),
        Index("ix_statistique_parcours_entree", "annee_entree", "territoire_id", "chantier_id"),
        Index("ix_statistique_parcours_territoire", "territoire_id", "annee_sortie"),
    )

    parcours_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    # Cleared when the file is anonymised; the evaluation dataset keys on it.
    salarie_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="RESTRICT")
    )
    chantier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("structure.id", ondelete="RESTRICT"))
    statut: Mapped[str] = mapped_column(String(12))
    mois_entree: Mapped[date] = mapped_column(Date)
    annee_entree: Mapped[int] = mapped_column(Integer)
    mois_sortie: Mapped[date | None] = mapped_column(Date)
    annee_sortie: Mapped[int | None] = mapped_column(Integer)
    duree_jours: Mapped[int | None] = mapped_column(Integer)
    tranche_age: Mapped[str | None] = mapped_column(String(8))
    sexe: Mapped[str | None] = mapped_column(String(10))
    parcours_de_rue: Mapped[bool] = mapped_column(Boolean, default=False)
    duree_rue_mois: Mapped[int | None] = mapped_column(Integer)
    categorie_sortie: Mapped[str | None] = mapped_column(String(40))
    motif_sortie: Mapped[str | None] = mapped_column(String(40))
    groupe_logement_entree: Mapped[str | None] = mapped_column(String(20))
    groupe_logement_sortie: Mapped[str | None] = mapped_column(String(20))
    en_logement_sortie: Mapped[bool | None] = mapped_column(Boolean)
    logement_ameliore: Mapped[bool | None] = mapped_column(Boolean)
    sante_amelioree: Mapped[bool | None] = mapped_column(Boolean)
    droits_accrus: Mapped[bool | None] = mapped_column(Boolean)
    # {domaine: niveau} of the entry and exit diagnostics (validated, not replaced).
    niveaux_entree: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    niveaux_sortie: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    # Post-exit check-ins at 6 and 12 months: planned month, held, in a job, housed.
    suivi6_prevu: Mapped[date | None] = mapped_column(Date)
    suivi6_tenu: Mapped[bool | None] = mapped_column(Boolean)
    suivi6_emploi: Mapped[bool | None] = mapped_column(Boolean)
    suivi6_logement: Mapped[bool | None] = mapped_column(Boolean)
    suivi12_prevu: Mapped[date | None] = mapped_column(Date)
    suivi12_tenu: Mapped[bool | None] = mapped_column(Boolean)
    suivi12_emploi: Mapped[bool | None] = mapped_column(Boolean)
    suivi12_logement: Mapped[bool | None] = mapped_column(Boolean)
    anonymise: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set at anonymisation by retention for people whose evaluation consent was active: the
    # pseudonymised evaluation row outlives the file (docs/rgpd.md), under this pseudonym.
    pseudonyme_evaluation: Mapped[str | None] = mapped_column(String(20))
    maj_le: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatistiqueOrientation(Base):
    __tablename__ = "statistique_orientation"

    orientation_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    parcours_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    domaine: Mapped[str] = mapped_column(String(20))
    statut: Mapped[str] = mapped_column(String(12))
    annee_envoi: Mapped[int] = mapped_column(Integer)
    repondue: Mapped[bool] = mapped_column(Boolean, default=False)
    acceptee: Mapped[bool] = mapped_column(Boolean, default=False)
    delai_reponse_heures: Mapped[float | None] = mapped_column(Float)
