from __future__ import annotations

import enum
import uuid
from datetime import date

from pydantic import BaseModel, Field

from api.indicateurs.definitions import CodeIndicateur
from api.parcours.referentiel import CategorieSortie, MotifSortie
from api.structures.models import Domaine


class GroupePar(enum.StrEnum):
    territoire = "territoire"
    chantier = "chantier"
    annee = "annee"


class TypeCellule(enum.StrEnum):
    total = "total"
    territoire = "territoire"
    chantier = "chantier"
    annee = "annee"


class BaseCalcul(enum.StrEnum):
    sorties = "sorties"
    cohorte = "cohorte"


class Masquage(enum.StrEnum):
    """Why a count is hidden: a small count (1 to 10), shown "< 11"; or a larger one hidden
    so that no small count can be recomputed by difference (or a total no published sum
    covers), shown "masqué"."""

    petit_effectif = "petit_effectif"
    complementaire = "complementaire"


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
    masquage: bool = Field(description="Vrai quand le secret statistique s'applique (< 11)")
    total: Cellule
    groupes: list[Cellule]
