from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.redaction import Redacted
from api.core.validators import Date
from api.referentiel import (
    Domaine,
    EtapeDiagnostic,
    KindReferentiel,
    StatutAction,
    StatutDiagnostic,
    StatutFrein,
)

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,60}$", max_length=60)]
Commentaire = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class ValeurOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    kind: KindReferentiel
    domaine: Domaine
    code: str
    libelle: str
    retire: bool


class DomaineReferentiel(BaseModel):
    domaine: Domaine
    situations: list[ValeurOut]
    objectifs: list[ValeurOut]
    types_action: list[ValeurOut]


class ReferentielOut(BaseModel):
    domaines: list[DomaineReferentiel]


class ValeurCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: KindReferentiel
    domaine: Domaine
    code: Code
    libelle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class DomaineIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domaine: Domaine
    niveau: int = Field(ge=0, le=3, description="0 pas de frein … 3 bloquant")
    situations: list[Code] = Field(default_factory=list, max_length=20)
    commentaire: Commentaire | None = None


class DomaineOut(Redacted):
    """Keys a role may not see (health details) are absent."""

    domaine: Domaine
    niveau: int | None = None
    situations: list[str] | None = None
    commentaire: str | None = None


class DiagnosticIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    etape: EtapeDiagnostic
    date: Date
    domaines: list[DomaineIn] = Field(min_length=1, max_length=10)
    suivi_id: uuid.UUID | None = None
    valider: bool = Field(default=False, description="Valider tout de suite (sinon brouillon)")


class DiagnosticUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date | None = None
    domaines: list[DomaineIn] | None = Field(default=None, min_length=1, max_length=10)


class CorrectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domaines: list[DomaineIn] = Field(min_length=1, max_length=10)


class DiagnosticOut(BaseModel):
    id: uuid.UUID
    parcours_id: uuid.UUID
    etape: EtapeDiagnostic
    date: date
    statut: StatutDiagnostic
    auteur_id: uuid.UUID | None
    remplace_id: uuid.UUID | None
    remplace: bool = Field(description="Vrai si une correction plus récente le remplace")
    suivi_id: uuid.UUID | None
    valide_le: datetime | None
    domaines: list[DomaineOut]
    version: int


class ActionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    frein_id: uuid.UUID
    type: str
    libelle: str | None
    statut: StatutAction
    echeance: date | None
    responsable_id: uuid.UUID | None
    date_realisation: date | None
    version: int


class FreinOut(Redacted):
    id: uuid.UUID
    parcours_id: uuid.UUID
    domaine: Domaine
    niveau: int | None = None
    statut: StatutFrein
    date_identification: date
    date_cloture: date | None
    situations: list[str] | None = None
    objectifs: list[str] | None = None
    commentaire: str | None = None
    actions: list[ActionOut] | None = None
    version: int


class FreinCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    domaine: Domaine
    niveau: int = Field(ge=1, le=3)
    situations: list[Code] = Field(default_factory=list, max_length=20)
    objectifs: list[Code] = Field(default_factory=list, max_length=10)
    commentaire: Commentaire | None = None
    date_identification: Date


class FreinUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    niveau: int | None = Field(default=None, ge=1, le=3)
    statut: StatutFrein | None = None
    situations: list[Code] | None = Field(default=None, max_length=20)
    objectifs: list[Code] | None = Field(default=None, max_length=10)
    commentaire: Commentaire | None = None
    date_cloture: Date | None = None


class FreinsDepuisDiagnosticIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    diagnostic_id: uuid.UUID
    domaines: list[Domaine] | None = Field(
        default=None,
        max_length=len(Domaine),
        description="Par défaut : chaque domaine de niveau 2 ou plus",
    )


class ActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Code
    libelle: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    statut: StatutAction = StatutAction.prevue
    echeance: Date | None = None
    responsable_id: uuid.UUID | None = None


class ActionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    statut: StatutAction | None = None
    echeance: Date | None = None
    libelle: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    date_realisation: Date | None = None


class Etat(Redacted):
    date: date
    etape: EtapeDiagnostic
    niveau: int | None = None
    situations: list[str] | None = None


class EvolutionDomaine(BaseModel):
    domaine: Domaine
    entree: Etat | None
    suivis: list[Etat]
    sortie: Etat | None
    post_sortie: list[Etat]
    ameliore: bool | None = Field(
        description="Le verdict de la règle du domaine, celle des indicateurs : santé (couverture "
        "et soins), droits (plus de droits ouverts), logement (groupe de situation du "
        "diagnostic), autres domaines (niveau plus bas). Null sans diagnostic d'entrée ou de "
        "sortie (ou de suivi, en cours de parcours)."
    )
    indicateur: str | None = Field(
        default=None,
        description="L'indicateur qui compte ce même verdict à la sortie (sante_amelioree, "
        "droits_accrus), null pour les domaines sans indicateur",
    )
    niveau_baisse: bool | None = Field(
        description="Le niveau de frein (0 à 3) est plus bas à la sortie (ou maintenant) : "
        "l'appréciation de l'accompagnateur, indicative ; ce n'est pas le verdict `ameliore`"
    )
    en_logement: bool | None = Field(default=None, description="Logement : adapté ou autonome")


class EvolutionOut(BaseModel):
    parcours_id: uuid.UUID
    domaines: list[EvolutionDomaine]
