from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from api.core.redaction import Redacted
from api.core.validators import Date
from api.referentiel import (
    CategorieSortie,
    Confidentialite,
    EtatSuivi,
    GroupeLogement,
    MotifSortie,
    Prescripteur,
    ResultatSuivi,
    Sexe,
    SituationLogement,
    StatutParcours,
    TypeContrat,
    TypeEntretien,
    TypeJournal,
)
from api.salaries.schemas import ConsentementCreate, SalarieCreate

Motif = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Justification = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=10, max_length=4000)
]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20000)]

HEURES_TEXT = r"^\d{1,2}(\.\d)?$"


def _heures_as_text(value: Any) -> Any:
    """Hours may come as JSON text ("20", "17.5"): a short decimal, as the contract says."""
    if isinstance(value, str) and not re.fullmatch(HEURES_TEXT, value):
        raise ValueError("Un nombre d'heures est attendu, par exemple 20 ou 17.5.")
    return value


def _heures_schema(schema: dict[str, Any]) -> None:
    for branch in schema.get("anyOf", []):
        if branch.get("type") == "string":
            branch.update(pattern=HEURES_TEXT, maxLength=4)


Heures = Annotated[
    Decimal,
    Field(gt=0, le=35, decimal_places=1, json_schema_extra=_heures_schema),
    BeforeValidator(_heures_as_text),
]


class ContratOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: TypeContrat
    date_debut: date
    date_fin: date
    heures_hebdo: Decimal
    renouvellement_de: uuid.UUID | None
    version: int


class SuiviOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    echeance_mois: int
    date_prevue: date
    date_realisee: date | None
    resultat: ResultatSuivi | None
    en_emploi: bool | None
    type_contrat: str | None
    groupe_logement: GroupeLogement | None
    commentaire: str | None


class SalarieRef(BaseModel):
    id: uuid.UUID
    nom: str
    prenoms: str
    date_naissance: date
    sexe: Sexe | None = Field(default=None, description="For the wording (« Née le »).")


class ParcoursOut(Redacted):
    """A parcours. Keys a role may not see are absent (never blank)."""

    id: uuid.UUID
    salarie: SalarieRef
    chantier_id: uuid.UUID
    referent_id: uuid.UUID | None
    date_entree: date
    statut: StatutParcours
    duree_mois: int
    contrats: list[ContratOut]
    version: int
    actions: list[str] = Field(
        description="Les verbes que l'appelant peut appliquer maintenant (demarrage, sortie…)"
    )
    # Not for encadrant_technique:
    prescripteur: Prescripteur | None = None
    prescripteur_precision: str | None = None
    parcours_de_rue: bool | None = None
    duree_rue_mois: int | None = None
    logement_entree: SituationLogement | None = None
    justification_duree: str | None = None
    motif_suspension: str | None = None
    date_sortie: date | None = None
    motif_sortie: MotifSortie | None = None
    categorie_sortie: CategorieSortie | None = None
    suivi_post_sortie: EtatSuivi | None = Field(
        default=None,
        description="Suivi post-sortie : planifié, sans objet (sortie ni en emploi ni en "
        "logement), résultats historiques renseignés, ou non suivi (données historiques)",
    )
    logement_sortie: SituationLogement | None = None
    employeur_sortie: str | None = None
    contrat_sortie: str | None = None
    date_cloture: date | None = None
    pass_iae: str | None = Field(default=None, description="PASS IAE (Les emplois), 12 chiffres")
    pass_iae_debut: date | None = None
    pass_iae_fin: date | None = None
    suivis: list[SuiviOut] | None = None


class ParcoursCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    salarie_id: uuid.UUID
    chantier_id: uuid.UUID
    referent_id: uuid.UUID | None = None
    date_entree: Date
    prescripteur: Prescripteur
    prescripteur_precision: Annotated[str, StringConstraints(max_length=200)] | None = None
    parcours_de_rue: bool = False
    duree_rue_mois: int | None = Field(default=None, ge=0, le=600)
    logement_entree: SituationLogement


class ParcoursUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    referent_id: uuid.UUID | None = None
    prescripteur_precision: Annotated[str, StringConstraints(max_length=200)] | None = None
    justification_duree: Justification | None = None


class TransitionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date
    motif: Motif | None = None
    justification_duree: Justification | None = Field(
        default=None, description="Obligatoire au-delà de 24 mois de parcours"
    )


class SuiviHistoriqueIn(BaseModel):
    """A known result of a check-in of a historical exit (recorded as given)."""

    model_config = ConfigDict(extra="forbid")

    echeance_mois: Literal[1, 3, 6, 12]
    resultat: ResultatSuivi
    date_realisee: Date | None = Field(
        default=None, description="Par défaut, la date prévue (sortie + échéance)"
    )
    en_emploi: bool | None = None
    groupe_logement: GroupeLogement | None = None


class SortieIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date
    motif: MotifSortie
    logement_sortie: SituationLogement
    employeur: Annotated[str, StringConstraints(max_length=200)] | None = None
    contrat: Annotated[str, StringConstraints(max_length=100)] | None = None
    justification_duree: Justification | None = None
    historique: bool = Field(
        default=False,
        description="Mode historique : une sortie de plus de 12 mois enregistrée après coup ; "
        "aucun suivi planifié, aucune alerte, le parcours est clos aussitôt",
    )
    suivis: list[SuiviHistoriqueIn] = Field(
        default_factory=list,
        max_length=4,
        description="Mode historique seulement : les résultats connus des "
        "suivis post-sortie, enregistrés tels quels ; aucun suivi n'est planifié",
    )


class ContratCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: TypeContrat = TypeContrat.cddi_convergence
    date_debut: Date
    date_fin: Date
    heures_hebdo: Heures
    renouvellement_de: uuid.UUID | None = None
    justification_duree: Justification | None = None


class SuiviResultatIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_realisee: Date
    resultat: ResultatSuivi
    en_emploi: bool | None = None
    type_contrat: Annotated[str, StringConstraints(max_length=100)] | None = None
    groupe_logement: GroupeLogement | None = None
    commentaire: Annotated[str, StringConstraints(max_length=4000)] | None = None


class JournalDetails(BaseModel):
    """What an entry of the journal says besides its text: only the keys of its type."""

    champs: list[str] | None = Field(default=None, description="Champs modifiés")
    transition: str | None = None
    motif: str | None = None
    categorie: str | None = None
    logement: str | None = None
    resultat: str | None = None
    en_emploi: bool | None = None
    contrat_id: uuid.UUID | None = None
    date_fin: date | None = None
    heures_hebdo: Decimal | None = None
    type_entretien: str | None = None
    participants: list[str] | None = None
    participants_internes: list[uuid.UUID] | None = None
    referents_externes: list[uuid.UUID] | None = None
    prochaines_etapes: str | None = None


class JournalOut(Redacted):
    id: uuid.UUID
    type: TypeJournal
    date: date
    auteur_id: uuid.UUID | None
    titre: str
    confidentialite: Confidentialite
    details: JournalDetails
    created_at: datetime
    texte: str | None = Field(default=None, description="Absent des notes restreintes hors besoin")


class JournalPage(BaseModel):
    items: list[JournalOut]
    next_cursor: str | None


class EntretienIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date
    type_entretien: TypeEntretien = TypeEntretien.individuel
    participants: list[Annotated[str, StringConstraints(max_length=150)]] = Field(
        default_factory=list, max_length=20
    )
    texte: LongText | None = None


class NoteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date
    titre: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    texte: LongText
    confidentialite: Confidentialite = Confidentialite.normale


class SyntheseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: Date
    participants_internes: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    referents_externes: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    decisions: LongText
    prochaines_etapes: LongText | None = None


class CaseloadRow(BaseModel):
    parcours_id: uuid.UUID
    salarie_id: uuid.UUID
    nom: str
    prenoms: str
    chantier_id: uuid.UUID
    referent_id: uuid.UUID | None
    statut: StatutParcours
    date_entree: date
    mois_parcours: int
    prochaine_fin_contrat: date | None
    alertes: list[str]


class CaseloadPage(BaseModel):
    items: list[CaseloadRow]
    next_cursor: str | None


class AFaireItem(BaseModel):
    type: str = Field(
        description="Deadlines and alerts: contrat_fin_proche, justification_24_mois, "
        "limite_5_ans, suivi_du, sans_entretien, diagnostic_suivi, frein_bloquant_sans_action, "
        "orientation_sans_reponse. Partner news on the orientations the caller sent or follows: "
        "orientation_acceptee, orientation_refusee, orientation_realisee, orientation_expiree, "
        "message_partenaire. From Les emplois de l'inclusion: arrivee_a_accueillir, "
        "connexion_emplois_a_renouveler."
    )
    libelle: str = Field(description="What to do or what happened, in French.")
    echeance: date | None = Field(description="When it is due (deadlines and alerts).")
    delai: str | None = Field(
        default=None,
        description="The deadline in words: « en retard de 20 mois », « aujourd'hui », "
        "« dans 5 jours ».",
    )
    en_retard: bool = Field(default=False, description="The deadline has passed.")
    survenu_le: datetime | None = Field(
        default=None, description="When the partner's answer or message arrived."
    )
    nouveau: bool = Field(
        default=False,
        description="Arrived after the caller last marked their À faire as seen.",
    )
    parcours_id: uuid.UUID | None = Field(
        default=None, description="Absent pour une arrivée à accueillir ou une connexion"
    )
    salarie_id: uuid.UUID | None = None
    nom: str
    prenoms: str
    objet_id: uuid.UUID | None = None
    lien: str


class ParcoursInscription(BaseModel):
    """The parcours part of an enrolment: the person and the chantier come with it."""

    model_config = ConfigDict(extra="forbid")

    referent_id: uuid.UUID | None = None
    date_entree: Date
    prescripteur: Prescripteur
    prescripteur_precision: Annotated[str, StringConstraints(max_length=200)] | None = None
    parcours_de_rue: bool = False
    duree_rue_mois: int | None = Field(default=None, ge=0, le=600)
    logement_entree: SituationLogement


class InscriptionIn(BaseModel):
    """A person welcomed in one go: who they are (a new person, or one already known after a
    duplicate warning), what they agreed to, and their parcours. One transaction: all or
    nothing."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "salarie": {
                    "chantier_id": "0b8e7a4e-21a4-4d8e-9d56-2a1f0e0c7f11",
                    "nom": "Exemple",
                    "prenoms": "Camille",
                    "date_naissance": "1984-03-12",
                },
                "consentements": [{"type": "notice_information", "date_recueil": "2026-03-02"}],
                "parcours": {
                    "date_entree": "2026-03-02",
                    "prescripteur": "maraude",
                    "logement_entree": "sans_abri",
                },
            }
        },
    )

    salarie: SalarieCreate | None = Field(default=None, description="A new person.")
    salarie_id: uuid.UUID | None = Field(
        default=None, description="A person already known (instead of `salarie`)."
    )
    consentements: list[ConsentementCreate] = Field(default_factory=list, max_length=20)
    parcours: ParcoursInscription


class InscriptionOut(BaseModel):
    salarie_id: uuid.UUID
    parcours_id: uuid.UUID
    consentements: int = Field(description="How many consents were recorded.")
