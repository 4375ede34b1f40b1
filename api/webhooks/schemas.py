from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.referentiel import StatutLivraison

Evenement = Literal[
    "orientation.envoyee",
    "orientation.annulee",
    "orientation.message",
    "orientation.expiree",
    "orientation.effacee",
]


class EndpointCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=500)]
    evenements: list[Evenement] = Field(min_length=1, max_length=5)
    structure_id: uuid.UUID | None = Field(
        default=None, description="Pour l'administration nationale : le partenaire concerné"
    )


class EndpointOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    structure_id: uuid.UUID
    url: str
    evenements: list[str]
    actif: bool
    motif_desactivation: str | None
    created_at: datetime
    version: int


class EndpointSecretOut(BaseModel):
    endpoint: EndpointOut
    secret: str = Field(description="Secret `whsec_...` affiché une seule fois")
    ancien_secret_valide_jusqu_a: datetime | None = None


class AttemptOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    code: int | None
    erreur: str | None
    duree_ms: int


class DeliveryOut(BaseModel):
    id: uuid.UUID
    endpoint_id: uuid.UUID
    event_id: uuid.UUID
    type: str
    statut: StatutLivraison
    tentatives: int
    prochaine_tentative_le: datetime
    dernier_code: int | None
    derniere_erreur: str | None
    created_at: datetime
    livree_le: datetime | None
    essais: list[AttemptOut]
