from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.validators import Date
from api.referentiel import RolePartie, StatutConvention, TypeConvention, TypeStructure

Titre = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Objectif(BaseModel):
    model_config = ConfigDict(extra="forbid")

    libelle: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    cible: int | None = Field(default=None, ge=0, le=1_000_000)


class PartieIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    structure_id: uuid.UUID
    role: RolePartie


class PartieOut(BaseModel):
    structure_id: uuid.UUID
    nom: str
    type: TypeStructure
    role: RolePartie


class DocumentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    nom_fichier: str
    content_type: str
    taille: int
    sha256: str
    created_at: datetime


class ConventionLien(BaseModel):
    """A convention of a renewal chain, in short."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    titre: str
    statut: StatutConvention
    date_effet: date | None
    date_echeance: date | None


class ConventionOut(BaseModel):
    id: uuid.UUID
    type: TypeConvention
    titre: str
    territoire_id: uuid.UUID | None
    statut: StatutConvention
    date_signature: date | None
    date_effet: date | None
    date_echeance: date | None
    objectifs: list[Objectif]
    parties: list[PartieOut]
    documents: list[DocumentOut]
    motif_resiliation: str | None
    date_resiliation: date | None
    precedente_id: uuid.UUID | None = Field(
        default=None, description="The convention this one renews."
    )
    suivante_id: uuid.UUID | None = Field(
        default=None, description="The convention that renews this one."
    )
    chaine: list[ConventionLien] = Field(
        default_factory=list,
        description="One convention read alone (not in lists): its renewal chain, oldest "
        "first, itself included, as far as the caller may see.",
    )
    created_at: datetime
    updated_at: datetime
    version: int
    actions: list[str] = Field(
        description="Les verbes que l'appelant peut appliquer maintenant (signature…)"
    )


class ConventionCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "type": "partenariat",
                "titre": "Partenariat SIAO de Paris 2026-2028",
                "territoire_id": "6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10",
                "date_effet": "2026-01-01",
                "date_echeance": "2028-12-31",
                "objectifs": [{"libelle": "Orientations traitées sous 15 jours", "cible": 40}],
                "parties": [
                    {"structure_id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11", "role": "partenaire"},
                    {"structure_id": "4c1d0e55-0c9c-4a9d-8f1e-7b1f0d3a2b11", "role": "porteur"},
                ],
            }
        },
    )

    type: TypeConvention
    titre: Titre
    territoire_id: uuid.UUID | None = None
    date_effet: Date | None = None
    date_echeance: Date | None = None
    objectifs: list[Objectif] = Field(default_factory=list, max_length=30)
    parties: list[PartieIn] = Field(min_length=2, max_length=20)


class ConventionUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titre: Titre | None = None
    date_effet: Date | None = None
    date_echeance: Date | None = None
    objectifs: list[Objectif] | None = Field(default=None, max_length=30)
    parties: list[PartieIn] | None = Field(default=None, min_length=2, max_length=20)


class SignatureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_signature: Date
    historique: bool = Field(
        default=False,
        description="Enregistrer une convention passée (données historiques) : son échéance "
        "est passée, elle est enregistrée signée puis expirée, sans effet sur les conventions "
        "en vigueur",
    )


class ResiliationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_resiliation: Date
    motif: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
