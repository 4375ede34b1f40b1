from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.validators import Date
from api.identity.schemas import Email
from api.referentiel import FonctionReferent, Sexe, TypeConsentement
from api.structures.schemas import Telephone

Nom = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)]


class SalarieOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    territoire_id: uuid.UUID
    chantier_id: uuid.UUID
    nom: str
    prenoms: str
    nom_usage: str | None
    date_naissance: date
    sexe: Sexe | None
    telephone: str | None
    courriel: str | None
    adresse: str | None
    domiciliation: str | None
    langues: list[str]
    created_at: datetime
    updated_at: datetime
    version: int


class SalarieCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "chantier_id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11",
                "nom": "Exemple",
                "prenoms": "Camille",
                "date_naissance": "1984-03-12",
                "telephone": "06 00 00 00 00",
                "domiciliation": "CCAS du 19e",
                "langues": ["français"],
            }
        },
    )

    chantier_id: uuid.UUID
    nom: Nom
    prenoms: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    nom_usage: Nom | None = None
    date_naissance: Date
    sexe: Sexe | None = None
    telephone: Telephone | None = None
    courriel: Email | None = None
    adresse: Texte | None = None
    domiciliation: Texte | None = None
    langues: list[Annotated[str, StringConstraints(max_length=40)]] = Field(
        default_factory=list, max_length=10
    )
    confirm_distinct: bool = Field(
        default=False,
        description="Créer même si une personne proche existe déjà (après vérification)",
    )


class SalarieUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: Nom | None = None
    prenoms: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
        | None
    ) = None
    nom_usage: Nom | None = None
    date_naissance: Date | None = None
    sexe: Sexe | None = None
    telephone: Telephone | None = None
    courriel: Email | None = None
    adresse: Texte | None = None
    domiciliation: Texte | None = None
    langues: list[Annotated[str, StringConstraints(max_length=40)]] | None = Field(
        default=None, max_length=10
    )


class ConsentementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: TypeConsentement
    partenaire_id: uuid.UUID | None
    inclut_sante: bool
    date_recueil: date
    revoque_le: date | None
    actif: bool


class ConsentementCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: TypeConsentement
    partenaire_id: uuid.UUID | None = None
    inclut_sante: bool = False
    date_recueil: Date


class RevocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_revocation: Date


class ReferentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    nom: str
    structure_id: uuid.UUID | None
    organisation: str | None
    fonction: FonctionReferent
    telephone: str | None
    courriel: str | None
    depuis: date | None
    jusqu_a: date | None
    commentaire: str | None
    version: int


class ReferentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150)]
    structure_id: uuid.UUID | None = None
    organisation: Annotated[str, StringConstraints(max_length=200)] | None = None
    fonction: FonctionReferent
    telephone: Telephone | None = None
    courriel: Email | None = None
    depuis: Date | None = None
    jusqu_a: Date | None = None
    commentaire: Annotated[str, StringConstraints(max_length=2000)] | None = None
