from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.auth import Actor
from api.core.redaction import Redacted
from api.core.validators import Date
from api.identity.auteurs import AuteurRef
from api.referentiel import Domaine, ElementPartage, MotifRefus, StatutOrientation, Urgence

Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]


class OrientationCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "parcours_id": "6b0c6d9e-4b8b-4a36-9d0e-3a1f2b9c8d01",
                "partenaire_id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11",
                "domaine": "logement",
                "motif": "Demande d'hébergement stable",
                "urgence": "normale",
                "besoin": "Personne hébergée au 115 depuis 3 mois, en CDDI depuis 6 mois.",
                "partage": ["identite", "besoin", "situation"],
            }
        },
    )

    parcours_id: uuid.UUID
    frein_id: uuid.UUID | None = None
    partenaire_id: uuid.UUID
    domaine: Domaine
    motif: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
    urgence: Urgence = Urgence.normale
    besoin: Texte | None = None
    referent_contact_id: uuid.UUID | None = None
    partage: list[ElementPartage] = Field(
        default_factory=lambda: [ElementPartage.besoin],
        max_length=4,
        description="Ce que le partenaire verra : identite, contact, besoin, situation",
    )


class OrientationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    motif: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
        | None
    ) = None
    urgence: Urgence | None = None
    besoin: Texte | None = None
    partage: list[ElementPartage] | None = Field(default=None, max_length=4)


class RefusIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"motif": "pas_de_place", "commentaire": "Complet"}},
    )

    motif: MotifRefus
    commentaire: Texte | None = None


class ReponseIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"example": {"commentaire": "Rendez-vous jeudi 10 h"}}
    )

    commentaire: Texte | None = None


class RealisationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"example": {"date_realisation": "2026-11-28"}}
    )

    date_realisation: Date
    commentaire: Texte | None = None


class MessageIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"texte": "Merci de confirmer la présence de la personne."}},
    )

    texte: Texte


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    cote: str
    auteur_type: str
    auteur_id: uuid.UUID | None
    auteur: AuteurRef | None = Field(default=None, description="Who wrote it.")
    texte: str
    created_at: datetime


class EvenementOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    statut: StatutOrientation
    at: datetime
    acteur_type: str
    acteur: AuteurRef | None = Field(default=None, description="Who did it.")


class DonneesPartagees(Redacted):
    """What a partner receives: only the elements chosen, frozen at sending."""

    def for_actor(self, actor: Actor, domaine: Domaine) -> DonneesPartagees:
        """The staff's view of a disclosure: the situation of a sensitive domaine (health)
        only for those who see its details (the partner that received it reads its own copy,
        `OrientationPartenaireOut`)."""
        if self.situation is None or actor.sees_details(domaine):
            return self
        return DonneesPartagees.model_validate(
            self.model_dump(exclude={"situation"}, exclude_unset=True)
        )

    nom: str | None = None
    prenoms: str | None = None
    date_naissance: date | None = None
    telephone: str | None = None
    courriel: str | None = None
    besoin: str | None = None
    situation: list[str] | None = None
    referent: str | None = None


class PersonneRef(BaseModel):
    id: uuid.UUID
    nom: str
    prenoms: str


class PartenaireRef(BaseModel):
    partenaire_id: uuid.UUID
    nom: str


class OrientationOut(BaseModel):
    """The sender's view. The partner's view (`OrientationPartenaireOut`) has far less."""

    id: uuid.UUID
    parcours_id: uuid.UUID
    salarie_id: uuid.UUID
    salarie: PersonneRef
    partenaire_nom: str
    frein_id: uuid.UUID | None
    partenaire_id: uuid.UUID
    domaine: Domaine
    motif: str
    urgence: Urgence
    besoin: str | None
    statut: StatutOrientation
    partage: list[ElementPartage]
    donnees_partagees: DonneesPartagees | None
    envoyee_le: datetime | None
    premiere_reponse_le: datetime | None
    motif_refus: MotifRefus | None
    commentaire_reponse: str | None
    date_realisation: date | None
    evenements: list[EvenementOut]
    nouvelle_reponse: bool = Field(
        default=False,
        description="The partner answered or wrote since the caller last marked their "
        "À faire as seen (only on the orientations the caller sent or follows).",
    )
    created_at: datetime
    version: int
    actions: list[str] = Field(
        description="Les verbes que l'appelant peut appliquer maintenant (envoi, acceptation…)"
    )


class OrientationPartenaireOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "9d6f6c1e-1f1a-4a8e-9f5e-0b1f2c3d4e5f",
                "domaine": "logement",
                "motif": "Mise à l'abri",
                "urgence": "normale",
                "statut": "envoyee",
                "personne": {
                    "nom": "Exemple",
                    "prenoms": "Camille",
                    "besoin": "Hébergement stable recherché",
                },
                "envoyee_le": "2026-11-29T09:30:00Z",
                "premiere_reponse_le": None,
                "motif_refus": None,
                "commentaire_reponse": None,
                "date_realisation": None,
                "version": 2,
            }
        }
    )

    id: uuid.UUID
    domaine: Domaine
    motif: str
    urgence: Urgence
    statut: StatutOrientation
    personne: DonneesPartagees
    envoyee_le: datetime | None
    premiere_reponse_le: datetime | None
    motif_refus: MotifRefus | None
    commentaire_reponse: str | None
    date_realisation: date | None
    version: int
    actions: list[str] = Field(
        description="Les verbes que l'appelant peut appliquer maintenant (envoi, acceptation…)"
    )


class OrientationPage(BaseModel):
    items: list[OrientationOut | OrientationPartenaireOut]
    next_cursor: str | None


class StatPartenaire(BaseModel):
    partenaire_id: uuid.UUID
    nom: str
    recues: int
    acceptees: int
    refusees: int
    refus_par_motif: dict[str, int]
    realisees: int
    en_attente_plus_15_jours: int
    delai_median_premiere_reponse_heures: float | None


class NouveauPartenaire(BaseModel):
    partenaire_id: uuid.UUID
    nom: str
    arrive_le: datetime = Field(description="Entrée dans l'annuaire.")
    par_candidature: bool = Field(description="Arrivé par une candidature acceptée.")
    orientations_recues: int


class StatistiquesOut(BaseModel):
    partenaires: list[StatPartenaire]
    jamais_sollicites: list[PartenaireRef]
    nouveaux: list[NouveauPartenaire] = Field(
        description="Partenaires entrés dans l'annuaire depuis 90 jours, les plus récents d'abord.",
    )
