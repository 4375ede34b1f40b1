from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.validators import Date
from api.referentiel import Densite, StatutTerritoire


class TerritoireOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10",
                "code": "grand-lyon",
                "nom": "Grand Lyon",
                "date_demarrage": "2019-09-01",
                "densite": "dense",
                "statut": "operationnel",
                "nombre_chantiers": 2,
                "nombre_partenaires": 3,
                "nombre_conventions_actives": 4,
                "created_at": "2026-01-05T09:00:00Z",
                "updated_at": "2026-01-05T09:00:00Z",
                "version": 1,
            }
        },
    )

    id: uuid.UUID
    code: str
    nom: str
    date_demarrage: date
    densite: Densite
    statut: StatutTerritoire
    nombre_chantiers: int = 0
    nombre_partenaires: int = 0
    nombre_conventions_actives: int = 0
    created_at: datetime
    updated_at: datetime
    version: int
    actions: list[str] = Field(
        default_factory=list,
        description="Les verbes que l'appelant peut appliquer maintenant (ouverture…)",
    )


class StructureRef(BaseModel):
    id: uuid.UUID
    nom: str


class PersonneRef(BaseModel):
    id: uuid.UUID
    prenom: str
    nom: str


class Evenement(BaseModel):
    date: date
    libelle: str


class TerritoireDetail(TerritoireOut):
    porteur: StructureRef | None
    fas: list[StructureRef]
    charges_partenariat: list[PersonneRef]
    evenements: list[Evenement] = Field(description="Historique, du plus ancien au plus récent")


Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=50)]
Nom = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class TerritoireCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    nom: Nom
    date_demarrage: Date
    densite: Densite
    statut: StatutTerritoire = StatutTerritoire.preparation


class TerritoireUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: Nom | None = None
    date_demarrage: Date | None = None
    densite: Densite | None = None
    statut: StatutTerritoire | None = None
