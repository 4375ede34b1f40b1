"""Structures: every organisation known to the system."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base, Entity, str_enum


class TypeStructure(enum.StrEnum):
    convergence_france = "convergence_france"
    fas = "fas"
    chantier = "chantier"
    partenaire = "partenaire"
    financeur = "financeur"
    evaluateur = "evaluateur"


class TypePartenaire(enum.StrEnum):
    france_travail = "france_travail"
    mission_locale = "mission_locale"
    cap_emploi = "cap_emploi"
    ccas = "ccas"
    chrs = "chrs"
    chu = "chu"
    siao = "siao"
    csapa = "csapa"
    cmp = "cmp"
    pass_hospitaliere = "pass_hospitaliere"
    cpam = "cpam"
    caf = "caf"
    bailleur_social = "bailleur_social"
    spip = "spip"
    association = "association"
    autre = "autre"


class Domaine(enum.StrEnum):
    logement = "logement"
    sante = "sante"
    droits = "droits"
    emploi = "emploi"
    mobilite = "mobilite"
    finances = "finances"
    justice = "justice"
    famille = "famille"
    langue = "langue"
    numerique = "numerique"


class Structure(Entity, Base):
    __tablename__ = "structure"

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
    domaines: Mapped[list[str]] = mapped_column(JSON, default=list)
