"""What the applicant types (one model, the fields of each voie checked by the service), what
they read back, and what the instructors read and send."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from api.core.validators import Siret
from api.identity.schemas import Email
from api.referentiel import (
    Densite,
    Domaine,
    StatutCandidature,
    StatutTerritoire,
    TypePartenaire,
    TypeSoutien,
    TypeStructure,
    VoieCandidature,
)
from api.structures.schemas import CodePostal, Telephone

Texte = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Court = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Long = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
CodeTerritoire = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=50, pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$"),
]
"""A territoire is named by its public code (`paris`), never by an id."""


# --- the anonymous side --------------------------------------------------------------------


class FormulaireOut(BaseModel):
    jeton_formulaire: str = Field(
        description="À renvoyer avec la demande de lien : prouve le temps passé sur le formulaire."
    )
    territoires: list[TerritoireCandidature]


class TerritoireCandidature(BaseModel):
    code: str
    nom: str
    statut: StatutTerritoire


class DemandeLien(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    voie: VoieCandidature
    jeton_formulaire: Annotated[str, StringConstraints(max_length=200)]
    site_internet: Annotated[str, StringConstraints(max_length=200)] = Field(
        default="",
        description="Champ caché : une personne le laisse vide (les robots le remplissent).",
    )


class JetonCandidature(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jeton: Annotated[str, StringConstraints(min_length=10, max_length=200)] = Field(
        description="Le jeton du lien reçu par e-mail (après `#jeton=`)"
    )


class ContactCandidature(BaseModel):
    model_config = ConfigDict(extra="forbid")

    prenom: Court
    nom: Court
    courriel: Email
    telephone: Telephone | None = None
    fonction: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] | None = None
    compte: bool = Field(
        default=True,
        description="La personne demande un accès à Convergence (rôle de la voie : partenaire, "
        "direction de chantier ou financeur).",
    )


class ServiceOffert(BaseModel):
    """A service of the partner, as data·inclusion describes one (nom, description, modes)."""

    model_config = ConfigDict(extra="forbid")

    nom: Texte
    description: (
        Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)] | None
    ) = None
    modes_accueil: list[Literal["en-presentiel", "a-distance"]] = Field(
        default_factory=list, max_length=2
    )


class CandidatureSaisie(BaseModel):
    """The application as the applicant fills it in; a draft may be incomplete, the sending
    checks what its voie requires."""

    model_config = ConfigDict(extra="forbid")

    nom: Texte | None = None
    siret: Siret | None = None
    adresse: Annotated[str, StringConstraints(strip_whitespace=True, max_length=250)] | None = None
    code_postal: CodePostal | None = None
    commune: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | None = None
    telephone: Telephone | None = None
    site_web: Annotated[str, StringConstraints(max_length=250, pattern=r"^https?://")] | None = None
    presentation: Long | None = Field(
        default=None, description="Le projet (chantier), l'organisation et ce qu'elle apporte."
    )
    contacts: list[ContactCandidature] = Field(default_factory=list, max_length=10)
    # chantier porteur
    territoire_code: CodeTerritoire | None = None
    nouveau_territoire: Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)] | (
        None
    ) = Field(default=None, description="Le territoire souhaité n'existe pas encore : son nom.")
    nombre_postes: int | None = Field(default=None, ge=0, le=1000)
    salaries_insertion: int | None = Field(default=None, ge=0, le=5000)
    # partenaire and financeur
    territoires_codes: list[CodeTerritoire] = Field(default_factory=list, max_length=20)
    # partenaire
    type_partenaire: TypePartenaire | None = None
    domaines: list[Domaine] = Field(default_factory=list, max_length=10)
    services: list[ServiceOffert] = Field(default_factory=list, max_length=20)
    delai_reponse_jours: int | None = Field(
        default=None, ge=1, le=60, description="Engagement : délai de réponse aux orientations."
    )
    referent: Texte | None = Field(
        default=None, description="Engagement : la personne qui répond aux orientations."
    )
    # financeur
    type_soutien: TypeSoutien | None = None


CHAMPS_DE_VOIE: dict[VoieCandidature, frozenset[str]] = {
    VoieCandidature.chantier_porteur: frozenset(
        {"territoire_code", "nouveau_territoire", "nombre_postes", "salaries_insertion"}
    ),
    VoieCandidature.partenaire: frozenset(
        {
            "territoires_codes",
            "type_partenaire",
            "domaines",
            "services",
            "delai_reponse_jours",
            "referent",
        }
    ),
    VoieCandidature.financeur: frozenset({"territoires_codes", "type_soutien"}),
}
"""The fields only some voies have (the others are common)."""


class DocumentPublic(BaseModel):
    nom_fichier: str
    taille: int


class DocumentCandidature(DocumentPublic):
    id: uuid.UUID
    content_type: str
    created_at: datetime


class CandidaturePublique(BaseModel):
    """What the applicant reads with their link: their own application, nothing else."""

    voie: VoieCandidature
    statut: StatutCandidature
    courriel: str
    saisie: CandidatureSaisie
    soumise_le: datetime | None
    decidee_le: datetime | None
    message_decision: str | None = Field(description="Le message de la décision, une fois prise.")
    documents: list[DocumentPublic]
    actions: list[Literal["modification", "soumission"]]
    version: int


class AccesCandidatureOut(BaseModel):
    cle: str = Field(
        description="La clé de la candidature, à renvoyer dans l'en-tête `X-Candidature-Cle` "
        "(valable 90 jours par défaut ; un nouveau lien en donne une nouvelle)."
    )
    candidature: CandidaturePublique


# --- the instructors' side -----------------------------------------------------------------


class TerritoireRef(BaseModel):
    id: uuid.UUID
    nom: str


class CandidatureOut(BaseModel):
    id: uuid.UUID
    voie: VoieCandidature
    statut: StatutCandidature
    nom: str | None
    siret: str | None
    territoires: list[TerritoireRef]
    nouveau_territoire: str | None
    soumise_le: datetime | None
    decidee_le: datetime | None
    actions: list[str]
    version: int


class Difference(BaseModel):
    champ: str
    libelle: str
    actuel: str | None
    propose: str | None


class StructureExistante(BaseModel):
    """A structure of the directory with the applicant's SIRET: acceptance updates it."""

    id: uuid.UUID
    nom: str
    type: TypeStructure
    differences: list[Difference]


class CommentaireOut(BaseModel):
    id: uuid.UUID
    auteur: str
    texte: str
    created_at: datetime


class Creations(BaseModel):
    structure_id: uuid.UUID | None
    convention_id: uuid.UUID | None
    territoire_id: uuid.UUID | None
    comptes_invites: int


class CandidatureDetail(CandidatureOut):
    courriel: str
    saisie: CandidatureSaisie
    message_decision: str | None
    commentaires: list[CommentaireOut]
    documents: list[DocumentCandidature]
    structure_existante: StructureExistante | None
    acceptation_impossible: str | None = Field(
        description="Pourquoi ce compte ne peut pas accepter cette candidature (sinon null)."
    )
    creations: Creations


class CompteursOut(BaseModel):
    par_statut: dict[StatutCandidature, int]
    par_voie: dict[VoieCandidature, int]
    a_instruire: int = Field(description="Reçues ou en instruction.")


class CommentaireIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    texte: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    message: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = (
        Field(default=None, description="Message à la personne qui a candidaté (e-mail).")
    )


class RefusCandidatureIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    motif: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ] = Field(description="Le motif du refus, envoyé à la personne qui a candidaté.")


class AcceptationIn(DecisionIn):
    confirmer_mise_a_jour: bool = Field(
        default=False,
        description="Une structure a déjà ce SIRET : confirmer qu'elle prend les valeurs de la "
        "candidature (les différences sont dans `structure_existante`).",
    )
    densite: Densite | None = Field(
        default=None, description="La densité du nouveau territoire (chantier porteur)."
    )


class IndicateurVoie(BaseModel):
    voie: VoieCandidature
    candidatures: int
    acceptees: int
    decidees: int


class IndicateurMois(BaseModel):
    territoire_id: uuid.UUID | None = Field(description="null : un nouveau territoire")
    territoire_nom: str | None
    mois: str = Field(description="AAAA-MM, mois de l'envoi")
    candidatures: int


class IndicateursCandidaturesOut(BaseModel):
    par_voie: list[IndicateurVoie]
    par_territoire_et_mois: list[IndicateurMois]
    delai_median_decision_jours: float | None
    taux_acceptation: float | None = Field(description="Acceptées / décidées, entre 0 et 1.")


class CourrielPersonne(BaseModel):
    model_config = ConfigDict(extra="forbid")

    courriel: Email


class DonneesCandidat(BaseModel):
    """What an application holds about one person (right of access)."""

    voie: VoieCandidature
    statut: StatutCandidature
    organisation: str | None
    demandeur: bool = Field(description="La personne a demandé le lien et rempli la candidature.")
    contacts: list[dict[str, str | bool | None]] = Field(
        description="Ce que la candidature dit d'elle comme personne à contacter."
    )
    creee_le: datetime
    soumise_le: datetime | None
    decidee_le: datetime | None
    message_decision: str | None


class EffacementCandidatOut(BaseModel):
    candidatures: int
    contacts_effaces: int
    adresses_de_demande_effacees: int
    liens_effaces: int


FormulaireOut.model_rebuild()
