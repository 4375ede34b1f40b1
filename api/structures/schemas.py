from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.validators import Siret
from api.identity.schemas import Email
from api.referentiel import Domaine, Engagement, TypePartenaire, TypeStructure

CodePostal = Annotated[str, StringConstraints(pattern=r"^\d{5}$", max_length=5)]
Telephone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 .()-]{6,20}$", max_length=21)]
Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Contact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: Texte
    fonction: Annotated[str, StringConstraints(max_length=100)] | None = None
    courriel: Email | None = None
    telephone: Telephone | None = None


class StructureOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "example": {
                "id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11",
                "type": "partenaire",
                "nom": "SIAO de Paris",
                "siret": "99900000000094",
                "territoire_id": "6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10",
                "adresse": "5 rue de l'Exemple",
                "code_postal": "75013",
                "commune": "Paris",
                "courriel": "contact@siao.example.org",
                "telephone": "01 23 45 67 89",
                "site_web": None,
                "porteur_coordination": False,
                "nombre_postes": None,
                "activites_support": [],
                "type_partenaire": "siao",
                "domaines": ["logement"],
                "territoire_ids_servis": ["6f1c1c2e-8d0a-4f55-9a53-3f4d6b7e9a10"],
                "engagement": "engage",
                "contacts": [{"nom": "Accueil", "fonction": "Standard", "courriel": None}],
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
    activites_support: list[str]
    type_partenaire: TypePartenaire | None
    domaines: list[Domaine]
    territoire_ids_servis: list[uuid.UUID]
    engagement: Engagement | None
    contacts: list[Contact]
    created_at: datetime
    updated_at: datetime
    version: int


class _StructureFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    siret: Siret | None = None
    adresse: Annotated[str, StringConstraints(max_length=250)] | None = None
    code_postal: CodePostal | None = None
    commune: Annotated[str, StringConstraints(max_length=120)] | None = None
    courriel: Email | None = None
    telephone: Telephone | None = None
    site_web: Annotated[str, StringConstraints(max_length=250, pattern=r"^https?://")] | None = None
    nombre_postes: int | None = Field(default=None, ge=0, le=1000)
    activites_support: list[Annotated[str, StringConstraints(max_length=100)]] | None = Field(
        default=None, max_length=20
    )
    type_partenaire: TypePartenaire | None = None
    domaines: list[Domaine] | None = Field(default=None, max_length=10)
    territoire_ids_servis: list[uuid.UUID] | None = Field(default=None, max_length=20)
    contacts: list[Contact] | None = Field(default=None, max_length=20)


class StructureCreate(_StructureFields):
    type: TypeStructure
    nom: Texte
    territoire_id: uuid.UUID | None = None
    porteur_coordination: bool = False


class StructureUpdate(_StructureFields):
    nom: Texte | None = None
    porteur_coordination: bool | None = None
    engagement: Engagement | None = Field(
        default=None,
        description="Seul `inactif` (ou le retour à `contact`) se choisit ; `engage` découle "
        "d'une convention de partenariat active.",
    )
