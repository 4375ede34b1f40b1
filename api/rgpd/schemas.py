from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.freins.schemas import DomaineOut, FreinOut
from api.orientations.schemas import DonneesPartagees, EvenementOut, MessageOut
from api.parcours.schemas import ContratOut, JournalOut, SuiviOut
from api.referentiel import (
    CategorieSortie,
    Domaine,
    ElementPartage,
    ElementRestant,
    EtapeDiagnostic,
    MotifEffacement,
    MotifRefus,
    MotifSortie,
    Prescripteur,
    Role,
    SituationLogement,
    StatutDiagnostic,
    StatutOrientation,
    StatutParcours,
    Urgence,
)
from api.salaries.schemas import ConsentementOut, ReferentOut, SalarieOut


class ActeurOut(BaseModel):
    """Who did something: a named member of staff, an API client, the system."""

    type: str = Field(description="user, client, anonyme ou systeme")
    id: uuid.UUID | None
    nom: str | None = Field(description="Prénom et nom (ou nom du client d'API)")
    role: Role | None
    structure: str | None


class AccesOut(BaseModel):
    id: int
    occurred_at: datetime
    action: str
    object_type: str | None
    object_id: str | None
    acteur: ActeurOut
    details: dict[str, Any] | None


class AccesPage(BaseModel):
    items: list[AccesOut]
    next_cursor: str | None


class ConsentementDonnees(ConsentementOut):
    partenaire_nom: str | None


class DiagnosticDonnees(BaseModel):
    id: uuid.UUID
    etape: EtapeDiagnostic
    date: date
    statut: StatutDiagnostic
    remplace_id: uuid.UUID | None
    domaines: list[DomaineOut]


class ParcoursDonnees(BaseModel):
    id: uuid.UUID
    chantier_id: uuid.UUID
    chantier_nom: str
    referent_id: uuid.UUID | None
    date_entree: date
    statut: StatutParcours
    prescripteur: Prescripteur
    prescripteur_precision: str | None
    parcours_de_rue: bool
    duree_rue_mois: int | None
    logement_entree: SituationLogement
    justification_duree: str | None
    motif_suspension: str | None
    date_sortie: date | None
    motif_sortie: MotifSortie | None
    categorie_sortie: CategorieSortie | None
    logement_sortie: SituationLogement | None
    employeur_sortie: str | None
    contrat_sortie: str | None
    date_cloture: date | None
    contrats: list[ContratOut]
    suivis: list[SuiviOut]
    diagnostics: list[DiagnosticDonnees]
    freins: list[FreinOut]
    journal: list[JournalOut]


class OrientationDonnees(BaseModel):
    id: uuid.UUID
    parcours_id: uuid.UUID
    partenaire_id: uuid.UUID
    partenaire_nom: str
    domaine: Domaine
    motif: str
    urgence: Urgence
    besoin: str | None
    statut: StatutOrientation
    partage: list[ElementPartage]
    donnees_partagees: DonneesPartagees | None = Field(
        description="Ce que le partenaire a reçu, figé à l'envoi"
    )
    envoyee_le: datetime | None
    premiere_reponse_le: datetime | None
    motif_refus: MotifRefus | None
    commentaire_reponse: str | None
    date_realisation: date | None
    evenements: list[EvenementOut]
    messages: list[MessageOut]


class DivulgationOut(BaseModel):
    """One sending of the person's data to a partner."""

    orientation_id: uuid.UUID
    partenaire_id: uuid.UUID
    partenaire_nom: str
    envoyee_le: datetime
    elements: list[str] = Field(description="Les rubriques transmises (nom, besoin, situation…)")


class ElementConserveOut(BaseModel):
    element: Literal["contrats"]
    duree_mois: int
    motif: str


class ConservationOut(BaseModel):
    retention_mois: int
    dernier_contact: date
    conserve_jusqu_au: date = Field(description="Dernier jour de conservation du dossier")
    dossier_ouvert: bool = Field(description="Un parcours ouvert suspend l'anonymisation")
    conservation_legale: list[ElementConserveOut]


class DonneesPersonnellesOut(BaseModel):
    """Everything held about one person (right of access, RGPD art. 15)."""

    genere_le: datetime
    identite: SalarieOut
    territoire_nom: str
    chantier_nom: str
    consentements: list[ConsentementDonnees]
    referents_externes: list[ReferentOut]
    parcours: list[ParcoursDonnees]
    orientations: list[OrientationDonnees]
    divulgations: list[DivulgationOut]
    acces: list[AccesOut] = Field(description="Les consultations et modifications du dossier")
    conservation: ConservationOut


class EffacementIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"motif": "demande_personne", "confirmation": "EFFACER"}},
    )

    motif: MotifEffacement
    confirmation: Literal["EFFACER"] = Field(
        description="Recopier EFFACER : l'effacement est définitif"
    )


class RestantOut(BaseModel):
    element: ElementRestant
    description: str
    nombre: int | None = None
    jusqu_au: date | None = None


class ApercuEffacementOut(BaseModel):
    possible: bool
    raison: str | None = Field(description="Pourquoi l'effacement n'est pas possible maintenant")
    supprimes: dict[str, int]
    restants: list[RestantOut]
    partenaires_a_informer: list[str]


class EffacementOut(BaseModel):
    salarie_id: uuid.UUID
    efface_le: datetime
    motif: MotifEffacement
    supprimes: dict[str, int]
    restants: list[RestantOut]
    partenaires_informes: int


class RetentionTerritoire(BaseModel):
    territoire_id: uuid.UUID | None = Field(description="Absent pour le total")
    nom: str
    dossiers: int
    echeance_30_jours: int = Field(description="Dossiers clos atteignant leur limite sous 30 jours")
    echeance_depassee: int = Field(description="Dossiers clos à anonymiser au prochain passage")
    ouverts_sans_contact: int = Field(
        description="Dossiers encore ouverts sans contact depuis la durée de conservation"
    )


class RetentionOut(BaseModel):
    date_reference: date
    retention_mois: int
    audit_retention_jours: int
    conservation_legale: list[ElementConserveOut]
    territoires: list[RetentionTerritoire]
    total: RetentionTerritoire
    derniere_execution: datetime | None
    dernier_resultat: dict[str, Any] | None
