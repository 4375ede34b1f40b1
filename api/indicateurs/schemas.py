from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from api.referentiel import (
    SEUIL_SECRET,
    BaseCalcul,
    CategorieSortie,
    CodeIndicateur,
    Domaine,
    GroupePar,
    Masquage,
    MotifSortie,
    TypeCellule,
)


class Indicateur(BaseModel):
    code: CodeIndicateur
    libelle: str
    numerateur: int | None = Field(description="Effectif ; null quand il est masqué")
    denominateur: int | None = Field(description="Effectif de référence ; null si aucun ou masqué")
    taux: float | None = Field(description="Numérateur / dénominateur, entre 0 et 1")
    masque: bool = Field(description="Vrai quand le secret statistique cache une valeur")
    masquage_numerateur: Masquage | None = Field(
        default=None, description="Why the numerator is hidden (null when shown)."
    )
    masquage_denominateur: Masquage | None = Field(
        default=None, description="Why the denominator is hidden (null when shown or none)."
    )


class MotifCompte(BaseModel):
    motif: MotifSortie
    categorie: CategorieSortie
    nombre: int | None
    masque: bool
    masquage: Masquage | None = Field(default=None, description="Why it is hidden.")


class DomaineCompte(BaseModel):
    domaine: Domaine
    nombre: int | None
    masque: bool
    masquage: Masquage | None = Field(default=None, description="Why it is hidden.")


class Cellule(BaseModel):
    type: TypeCellule
    cle: str | None = Field(description="Id du territoire ou du chantier, ou l'année")
    libelle: str
    indicateurs: list[Indicateur]
    sorties_par_motif: list[MotifCompte]
    orientations_par_domaine: list[DomaineCompte]
    duree_moyenne_mois: float | None
    duree_mediane_mois: float | None
    delai_reponse_moyen_jours: float | None


class Perimetre(BaseModel):
    base: BaseCalcul
    territoire: uuid.UUID | None
    chantier: uuid.UUID | None
    periode_sortie_debut: date | None
    periode_sortie_fin: date | None
    cohorte_entree: int | None
    groupe_par: GroupePar | None


class IndicateursOut(BaseModel):
    perimetre: Perimetre
    masquage: bool = Field(description="Vrai quand le secret statistique s'applique")
    seuil_secret: int = Field(
        default=SEUIL_SECRET,
        description="Sous secret statistique, les effectifs de 1 à seuil_secret − 1 sont masqués",
    )
    total: Cellule
    groupes: list[Cellule]


class SyntheseEvaluationOut(BaseModel):
    annee_sortie: int | None = Field(description="Les sorties de cette année")
    cohorte_entree: int | None = Field(description="Les personnes entrées cette année")
    indicateurs: list[Indicateur] = Field(
        description="Effectif, sorties comptées et les cinq chiffres de la plaquette, calculés "
        "sur les lignes du jeu de données d'évaluation par les règles des indicateurs"
    )
