from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

from api.territoires.models import Densite, StatutTerritoire


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
    created_at: datetime
    updated_at: datetime
    version: int
