from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.connecteurs.models import IssueSynchro, StatutArrivee
from api.core.validators import Date
from api.referentiel import Prescripteur, Sexe, SituationLogement

Nom = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Prenoms = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
BaseUrl = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, max_length=250, pattern=r"^https?://[^\s/?#]+[^\s?#]*$"
    ),
]


class ConnexionIn(BaseModel):
    """The chantier's employer account on Les emplois (its password is never returned)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "base_url": "https://emplois.inclusion.beta.gouv.fr",
                "username": "direction@chantier.example.org",
                "password": "…",
            }
        },
    )

    base_url: BaseUrl = Field(
        description="Adresse des emplois : production ou démo (https://demo.emplois.inclusion."
        "beta.gouv.fr)"
    )
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=254)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)] = Field(
        description="Mot de passe, ou jeton d'API si username vaut __token__ (compte ProConnect)"
    )


class RapportSynchro(BaseModel):
    """A synchronisation's report: counts and reasons, never a name nor a credential."""

    fiches_lues: int = 0
    hors_chantier: int = 0
    arrivees_creees: int = 0
    arrivees_mises_a_jour: int = 0
    salaries_mis_a_jour: int = 0
    inchanges: int = 0
    ignorees: int = 0
    rejets: list[dict[str, Any]] = Field(
        default_factory=list, description="Fiches ignorées : rang dans la réponse et raison"
    )
    changements: list[dict[str, Any]] = Field(
        default_factory=list, description="Personnes connues mises à jour : champs modifiés"
    )
    message: str | None = None


class ConnexionOut(BaseModel):
    chantier_id: uuid.UUID
    configuree: bool
    base_url: str | None = None
    identifiants_renseignes: bool = False
    derniere_synchro_le: datetime | None = None
    derniere_issue: IssueSynchro | None = None
    derniere_reussite_le: datetime | None = None
    dernier_rapport: RapportSynchro | None = None
    synchro_toutes_les_minutes: int
    version: int | None = None


class TestConnexionOut(BaseModel):
    reussi: bool
    issue: IssueSynchro
    message: str


class ArriveeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    chantier_id: uuid.UUID
    statut: StatutArrivee
    nom: str
    prenoms: str
    date_naissance: date
    sexe: Sexe | None
    telephone: str | None
    courriel: str | None
    adresse: str | None
    pass_iae: str | None
    pass_iae_debut: date | None
    pass_iae_fin: date | None
    situation: dict[str, bool]
    situation_libelles: list[str] = Field(default_factory=list)
    salarie_id: uuid.UUID | None
    parcours_id: uuid.UUID | None
    created_at: datetime
    version: int


class ArriveesOut(BaseModel):
    items: list[ArriveeOut]


class AccueilIn(BaseModel):
    """Confirming an arrival: what Les emplois does not know, and corrections of the identity."""

    model_config = ConfigDict(extra="forbid")

    date_entree: Date
    prescripteur: Prescripteur
    prescripteur_precision: Annotated[str, StringConstraints(max_length=200)] | None = None
    logement_entree: SituationLogement
    parcours_de_rue: bool = False
    duree_rue_mois: int | None = Field(default=None, ge=0, le=600)
    referent_id: uuid.UUID | None = None
    nom: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = Field(default=None, description="Nom corrigé (Les emplois l'envoie sans accents)")
    prenoms: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
        | None
    ) = None
    confirm_distinct: bool = Field(
        default=False, description="Créer même si une personne proche existe déjà"
    )


class AccueilOut(BaseModel):
    arrivee: ArriveeOut
    salarie_id: uuid.UUID
    parcours_id: uuid.UUID
    diagnostic_id: uuid.UUID | None = Field(
        description="Diagnostic d'entrée en brouillon pré-rempli (droits, emploi), s'il y a lieu"
    )


# --- data·inclusion ---------------------------------------------------------------------------


class DifferenceImport(BaseModel):
    champ: str = Field(description="Le champ modifié chez nous")
    libelle: str = Field(description="Son nom en français")
    avant: str | None = Field(description="Valeur actuelle, en clair")
    apres: str | None = Field(description="Valeur après l'import, en clair")


class LigneRapport(BaseModel):
    type: Literal["structure", "service"]
    id: str = Field(description="Identifiant data·inclusion de la ligne (jamais affiché)")
    nom: str | None = None
    structure: str | None = Field(default=None, description="Service : le nom de sa structure")
    rang: int | None = Field(
        default=None, description="Rejet par le schéma : rang de la ligne dans sa liste (dès 1)"
    )
    raison: str | None = Field(default=None, description="Rejet : la raison, en français")
    differences: list[DifferenceImport] = Field(
        default_factory=list, description="Mise à jour : ce qui change"
    )


class RapportImport(BaseModel):
    creations: list[LigneRapport]
    mises_a_jour: list[LigneRapport]
    inchangees: int
    rejets: list[LigneRapport]
    hors_perimetre: int = Field(
        default=0, description="Lignes valides hors des départements ou communes demandés"
    )


class ImportDataInclusionOut(BaseModel):
    id: uuid.UUID
    territoire_id: uuid.UUID
    statut: Literal["a_confirmer", "applique"]
    created_at: datetime
    applique_le: datetime | None
    rapport: RapportImport = Field(
        description="Ce que l'import fait (ou a fait, une fois appliqué)"
    )


class ExportDataInclusion(BaseModel):
    """Structures and services in the data·inclusion schema (v1)."""

    structures: list[dict[str, Any]]
    services: list[dict[str, Any]]
