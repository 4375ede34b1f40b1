from __future__ import annotations

from pydantic import BaseModel, Field

from api.referentiel import (
    SEUIL_SECRET,
    BaseCalcul,
    CodeIndicateur,
    Densite,
    Masquage,
    StatutTerritoire,
)


class TerritoirePublic(BaseModel):
    code: str = Field(description="Identifiant lisible du territoire (ex. grand-lyon)")
    nom: str
    region: str | None = Field(
        description="Région, d'après le code postal de ses structures ; null si inconnue"
    )
    statut: StatutTerritoire
    statut_libelle: str
    densite: Densite
    densite_libelle: str
    annee_ouverture: int = Field(description="Année de démarrage du territoire")
    longitude: float | None = Field(description="Position schématique (celle de la région)")
    latitude: float | None


class ContactPublic(BaseModel):
    nom: str
    email: str


class ProgrammeOut(BaseModel):
    territoires: list[TerritoirePublic] = Field(description="Par année d'ouverture")
    contacts: list[ContactPublic] = Field(description="Contacts de Convergence France")
    email: str | None = Field(description="Adresse générale du programme")
    site: str | None = Field(description="Site web du programme")


class ChiffrePublic(BaseModel):
    code: CodeIndicateur
    libelle: str
    nombre: int | None = Field(description="Effectif ; null quand il n'est pas publié")
    base: int | None = Field(
        description="Effectif de référence du taux ; null si aucun ou non publié"
    )
    taux: float | None = Field(
        description="nombre / base, entre 0 et 1, seulement si les deux sont publiés"
    )
    publie: bool = Field(description="Faux quand le secret statistique cache l'effectif")
    masquage: Masquage | None = Field(description="Pourquoi l'effectif est caché")
    mention: str | None = Field(description="Ce qu'affiche la page à la place de l'effectif")


class PeriodePublique(BaseModel):
    base_calcul: BaseCalcul = Field(description="Les sorties d'une année ou une cohorte d'entrée")
    annee: int
    libelle: str
    chiffres: list[ChiffrePublic]


class ResultatsOut(BaseModel):
    seuil_secret: int = Field(
        default=SEUIL_SECRET,
        description="Aucun effectif publié n'est compris entre 1 et seuil_secret − 1",
    )
    regle: str = Field(description="La règle du secret statistique, en français")
    national: PeriodePublique = Field(description="Les sorties de la dernière année complète")
    cohortes: list[PeriodePublique] = Field(
        description="Les dernières cohortes d'entrée (personnes entrées une année donnée)"
    )
