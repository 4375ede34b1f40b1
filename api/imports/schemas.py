from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from api.imports.models import ActionLigne, StatutImport


class ImportOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    nom_fichier: str
    statut: StatutImport
    total: int = Field(description="Lignes du fichier")
    traitees: int = Field(description="Lignes appliquées (progression pendant l'application)")
    analyse: dict[str, int] = Field(
        description="Analyse (essai à blanc) : nombre de lignes par action (creer, rapprocher, "
        "mettre_a_jour, inchange, rejeter)"
    )
    resultat: dict[str, int] = Field(description="Application : nombre de lignes par action")
    created_at: datetime
    termine_le: datetime | None


class ErreurCellule(BaseModel):
    colonne: str
    message: str


class LigneOut(BaseModel):
    numero: int = Field(description="Ligne du fichier (l'en-tête est la ligne 1)")
    reference_externe: str | None
    action: ActionLigne | None = Field(description="Ce que l'analyse a prévu")
    appliquee: ActionLigne | None = Field(description="Ce que l'application a fait")
    erreurs: list[ErreurCellule]
    parcours_id: uuid.UUID | None


class LignesOut(BaseModel):
    items: list[LigneOut]
    next_cursor: str | None


class ColonneGabarit(BaseModel):
    nom: str = Field(description="L'en-tête de la colonne dans le fichier")
    description: str
    obligatoire: bool
    valeurs: str | None = Field(
        description="La liste des valeurs autorisées (clé de `valeurs`), ou null (texte libre)"
    )


class ValeurAutorisee(BaseModel):
    code: str = Field(description="Ce qui s'écrit dans le fichier")
    libelle: str


class GabaritOut(BaseModel):
    colonnes: list[ColonneGabarit] = Field(description="Les colonnes du gabarit, dans l'ordre")
    valeurs: dict[str, list[ValeurAutorisee]] = Field(
        description="Les valeurs autorisées, par liste (feuille « Valeurs autorisées »)"
    )
