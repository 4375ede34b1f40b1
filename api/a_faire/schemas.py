"""The À faire's output: every item of the caller's inbox, and the same grouped by person.

The item itself (`AFaireItem`) is declared by the parcours package, the lowest of its sources:
the connectors build theirs with it too.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from api.core.redaction import Redacted
from api.parcours.schemas import AFaireItem
from api.referentiel import Domaine, MotifRefus, StatutOrientation, TypeContrat


class AFairePersonne(BaseModel):
    """One person's items, most urgent first."""

    parcours_id: uuid.UUID
    salarie_id: uuid.UUID
    nom: str
    prenoms: str
    lien: str
    nouveaux: int
    en_retard: int
    items: list[AFaireItem]


class AFaireOut(BaseModel):
    items: list[AFaireItem] = Field(
        description="Every item, most urgent first: overdue (oldest deadline first), then "
        "partner news (newest first), then what is due soon."
    )
    personnes: list[AFairePersonne] = Field(
        description="The same items grouped by person, the person with the most urgent item first."
    )
    nouveaux: int = Field(description="Items that arrived since the last visit.")
    vu_le: datetime | None = Field(description="When the caller last marked it as seen.")
    candidatures_a_instruire: int = Field(
        default=0,
        description="Applications to join the network received or under instruction in the "
        "caller's perimeter (instructors only; 0 for others).",
    )


class AFaireVuOut(BaseModel):
    vu_le: datetime


class SyntheseEcheance(BaseModel):
    """A deadline or alert of the parcours, as in the À faire."""

    type: str = Field(description="Same codes as the À faire items (contrat_fin_proche…).")
    libelle: str
    echeance: date | None
    delai: str | None = Field(description="« en retard de 20 mois », « dans 5 jours »…")
    en_retard: bool


class SyntheseFrein(Redacted):
    """The open freins of one domaine. The level is absent where the caller may not see it."""

    domaine: Domaine
    nombre: int
    niveau_max: int | None = None


class SyntheseOrientation(BaseModel):
    """An orientation still open, or answered in the last 30 days, with its last answer."""

    id: uuid.UUID
    domaine: Domaine
    motif: str
    partenaire: str = Field(description="The partner's name.")
    statut: StatutOrientation
    envoyee_le: datetime | None
    derniere_reponse_le: datetime | None = Field(
        description="When the partner last answered (accepted, refused, realised)."
    )
    motif_refus: MotifRefus | None
    commentaire_reponse: str | None
    dernier_message_le: datetime | None = Field(description="The partner's last message.")


class SyntheseEntretien(BaseModel):
    date: date
    titre: str


class SyntheseContrat(Redacted):
    """The current (or last) contract; its end is absent once the person has left."""

    type: TypeContrat
    date_debut: date
    heures_hebdo: Decimal
    date_fin: date | None = None


class SyntheseOut(Redacted):
    """A person at a glance. Keys the caller may not read (freins, orientations, journal)
    are absent."""

    parcours_id: uuid.UUID
    echeances: list[SyntheseEcheance]
    contrat: SyntheseContrat | None
    freins: list[SyntheseFrein] | None = None
    orientations: list[SyntheseOrientation] | None = None
    dernier_entretien: SyntheseEntretien | None = None
