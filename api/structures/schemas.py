from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from api.structures.models import Domaine, TypePartenaire, TypeStructure


class StructureOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11",
                "type": "chantier",
                "nom": "Chantier Les Ateliers du Rhône",
                "siret": "73282932000074",
                "territoire_id": "6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10",
                "adresse": "12 rue de la Soie",
                "code_postal": "69003",
                "commune": "Lyon",
                "courriel": None,
                "telephone": None,
                "site_web": None,
                "porteur_coordination": True,
                "nombre_postes": 24,
                "type_partenaire": None,
                "domaines": [],
                "created_at": "2026-01-05T09:00:00Z",
                "updated_at": "2026-01-05T09:00:00Z",
                "version": 1,
            }
        },
    )

    id: uuid.UUID
    type: TypeStructure
    nom: str
    siret: str | None
    territoire_id: uuid.UUID | None
    adresse: str | None
    code_postal: str | None
    commune: str | None
    courriel: str | None
    telephone: str | None
    site_web: str | None
    porteur_coordination: bool
    nombre_postes: int | None
    type_partenaire: TypePartenaire | None
    domaines: list[Domaine]
    created_at: datetime
    updated_at: datetime
    version: int
