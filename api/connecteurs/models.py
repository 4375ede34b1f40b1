"""Connectors: a chantier's Les emplois account, the arrivals it brings, data·inclusion imports."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, Entity, UTCDateTime, str_enum, utcnow
from api.referentiel import Sexe


class IssueSynchro(enum.StrEnum):
    """Outcome of the last synchronisation run (the direction's report)."""

    reussie = "reussie"
    identifiants_refuses = "identifiants_refuses"
    acces_refuse = "acces_refuse"
    limite_atteinte = "limite_atteinte"
    indisponible = "indisponible"


class ConnexionEmplois(Entity, Base):
    """A chantier's connection to Les emplois de l'inclusion (one per chantier)."""

    __tablename__ = "connexion_emplois"

    chantier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), unique=True
    )
    base_url: Mapped[str] = mapped_column(String(250))
    # Fernet token of {"username", "password"}: never returned, never logged.
    identifiants_chiffres: Mapped[str] = mapped_column(Text)
    derniere_synchro_le: Mapped[datetime | None] = mapped_column(UTCDateTime)
    derniere_issue: Mapped[IssueSynchro | None] = mapped_column(
        str_enum(IssueSynchro, "issue_synchro")
    )
    dernier_rapport: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    derniere_reussite_le: Mapped[datetime | None] = mapped_column(UTCDateTime)


class StatutArrivee(enum.StrEnum):
    a_accueillir = "a_accueillir"
    accueillie = "accueillie"


class ArriveeEmplois(Entity, Base):
    """A person hired through Les emplois, not yet enrolled here (the chantier's À faire)."""

    __tablename__ = "arrivee_emplois"
    __table_args__ = (UniqueConstraint("chantier_id", "id_itou"),)

    chantier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), index=True
    )
    id_itou: Mapped[str] = mapped_column(String(30))
    pass_iae: Mapped[str | None] = mapped_column(String(12))
    pass_iae_debut: Mapped[date | None] = mapped_column(Date)
    pass_iae_fin: Mapped[date | None] = mapped_column(Date)
    nom: Mapped[str] = mapped_column(String(100))
    prenoms: Mapped[str] = mapped_column(String(150))
    date_naissance: Mapped[date] = mapped_column(Date)
    sexe: Mapped[Sexe | None] = mapped_column(str_enum(Sexe, "sexe_arrivee"))
    telephone: Mapped[str | None] = mapped_column(String(20))
    courriel: Mapped[str | None] = mapped_column(String(254))
    adresse: Mapped[str | None] = mapped_column(String(250))
    # Eligibility situation as declared on Les emplois (codes of SITUATION_LIBELLES).
    situation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    statut: Mapped[StatutArrivee] = mapped_column(
        str_enum(StatutArrivee, "statut_arrivee"), default=StatutArrivee.a_accueillir
    )
    salarie_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("salarie.id", ondelete="SET NULL")
    )
    parcours_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("parcours.id", ondelete="SET NULL")
    )


class StatutImport(enum.StrEnum):
    a_confirmer = "a_confirmer"
    applique = "applique"


class ImportDataInclusion(Base):
    """A data·inclusion import: the rows kept after the filter, the dry run, then applied."""

    __tablename__ = "import_data_inclusion"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    territoire_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("territoire.id", ondelete="CASCADE"), index=True
    )
    auteur_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    statut: Mapped[StatutImport] = mapped_column(
        str_enum(StatutImport, "statut_import"), default=StatutImport.a_confirmer
    )
    contenu: Mapped[dict[str, Any]] = mapped_column(JSON)
    rapport: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applique_le: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ServicePartenaire(Entity, Base):
    """A service of a partner structure, as published in data·inclusion (or ours, exported)."""

    __tablename__ = "service_partenaire"
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    structure_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("structure.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(100))
    source_id: Mapped[str] = mapped_column(String(250))
    nom: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(60))
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    publics: Mapped[list[str]] = mapped_column(JSON, default=list)
    modes_accueil: Mapped[list[str]] = mapped_column(JSON, default=list)
    frais: Mapped[str | None] = mapped_column(String(60))
    code_insee: Mapped[str | None] = mapped_column(String(5))
    date_maj: Mapped[date] = mapped_column(Date)
