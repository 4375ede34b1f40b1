from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from api.core.permissions import Permission
from api.identity.auteurs import AuteurRef
from api.identity.comptes import ActionInvitation, StatutInvitation
from api.referentiel import Role, Scope

_EMAIL = re.compile(
    r"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$"
)


def _check_email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise ValueError("Adresse e-mail invalide.")
    return value


Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_check_email)]


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Durée de validité du jeton d'accès, en secondes")
    refresh_token: str | None = Field(
        default=None,
        description="Jeton de renouvellement (scripts uniquement ; le SPA le reçoit en cookie)",
    )
    scope: str | None = None
    session_expire_le: datetime | None = Field(
        default=None, description="Fin de la session, quoi qu'il arrive (durée maximale)"
    )
    inactivite_expire_le: datetime | None = Field(
        default=None, description="Fin de la session si elle reste inutilisée jusque-là"
    )


class PerimetreOut(BaseModel):
    national: bool
    territoire_ids: list[uuid.UUID]
    chantier_ids: list[uuid.UUID]


class MoiOut(BaseModel):
    type: str = Field(description="`utilisateur` ou `client_api`")
    id: uuid.UUID
    role: Role
    structure_id: uuid.UUID
    structure_nom: str
    email: str | None = None
    nom: str | None = None
    prenom: str | None = None
    perimetre: PerimetreOut
    scopes: list[str]
    permissions: list[Permission] = Field(
        description="Ce que l'appelant peut faire (la table unique des droits, core/permissions)"
    )
    totp_active: bool = False
    totp_requis: bool = False
    session_expire_le: datetime | None = Field(
        default=None, description="Fin de la session, quoi qu'il arrive (durée maximale)"
    )
    inactivite_expire_le: datetime | None = Field(
        default=None,
        description=(
            "Fin de la session sans nouvel appel d'ici là (la dernière activité est notée à "
            "la minute près)"
        ),
    )
    inactivite_secondes: int | None = Field(
        default=None, description="Durée d'inactivité qui met fin à la session"
    )


class InvitationEtat(BaseModel):
    statut: StatutInvitation = Field(
        description="`aucune` : compte créé avec un mot de passe (premier administrateur, démo)"
    )
    expire_le: datetime | None = None
    actions: list[ActionInvitation] = Field(
        description="Ce que l'appelant peut faire de l'invitation maintenant"
    )


class UtilisateurOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    nom: str
    prenom: str
    role: Role
    structure_id: uuid.UUID
    territoire_ids: list[uuid.UUID]
    actif: bool
    totp_active: bool
    last_login_at: datetime | None
    invitation: InvitationEtat
    created_at: datetime
    updated_at: datetime
    version: int


class UtilisateurCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    nom: str = Field(min_length=1, max_length=100)
    prenom: str = Field(min_length=1, max_length=100)
    role: Role
    structure_id: uuid.UUID
    territoire_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class UtilisateurUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: str | None = Field(default=None, min_length=1, max_length=100)
    prenom: str | None = Field(default=None, min_length=1, max_length=100)
    role: Role | None = None
    structure_id: uuid.UUID | None = None
    territoire_ids: list[uuid.UUID] | None = Field(default=None, max_length=20)
    actif: bool | None = None


class MotDePasseChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mot_de_passe_actuel: str = Field(min_length=1, max_length=128)
    nouveau_mot_de_passe: str = Field(min_length=1, max_length=128)


class TotpEnrolmentOut(BaseModel):
    secret: str = Field(description="Secret TOTP en base32, à saisir si le QR code ne peut être lu")
    otpauth_uri: str = Field(description="URI otpauth:// à afficher en QR code")


class TotpCode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(
        pattern=r"^\d{6}$", max_length=6, description="Code à 6 chiffres de l'application"
    )


class TotpActivation(TotpCode):
    refresh_token_transport: Literal["body", "cookie"] = Field(
        default="cookie",
        description="Le nouveau jeton de renouvellement : cookie httpOnly (SPA) ou réponse",
    )


class ClientApiOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    client_id: str
    nom: str
    role: Role
    structure_id: uuid.UUID
    territoire_ids: list[uuid.UUID]
    scopes: list[str]
    actif: bool
    revoked_at: datetime | None
    created_at: datetime
    version: int


class ClientApiCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    nom: str = Field(min_length=1, max_length=120)
    structure_id: uuid.UUID
    scopes: list[Scope] = Field(min_length=1, max_length=10)
    territoire_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)


class ClientApiSecretOut(BaseModel):
    client: ClientApiOut
    client_secret: str = Field(description="Affiché une seule fois : conservez-le en lieu sûr")
    ancien_secret_valide_jusqu_a: datetime | None = None


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    occurred_at: datetime
    actor_type: str
    actor_id: uuid.UUID | None
    acteur: AuteurRef | None = Field(default=None, description="Who did it, for the screen.")
    action: str
    object_type: str | None
    object_id: str | None
    salarie_id: uuid.UUID | None
    client_address: str | None
    request_id: str | None


class AuditPage(BaseModel):
    items: list[AuditOut]
    next_cursor: str | None


Jeton = Annotated[str, StringConstraints(min_length=20, max_length=100, pattern=r"^[\w-]+$")]


class JetonLien(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jeton: Jeton = Field(description="Le jeton du lien reçu par e-mail (après `#jeton=`)")


class InvitationOut(BaseModel):
    email: str
    prenom: str
    nom: str
    role: Role
    structure_nom: str
    expire_le: datetime
    totp_requis: bool = Field(
        description="Ce rôle doit activer la double authentification après la première connexion"
    )


class NouveauMotDePasse(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jeton: Jeton
    mot_de_passe: str = Field(min_length=1, max_length=128)


class MotDePasseOublie(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email


class DemandeAcceptee(BaseModel):
    detail: str


class SessionOut(BaseModel):
    id: uuid.UUID
    appareil: str
    adresse: str | None
    methode: str = Field(description="`mot_de_passe` ou `proconnect`")
    debut: datetime
    derniere_activite: datetime
    courante: bool = Field(description="La session de cette requête")


class SessionsFin(BaseModel):
    sessions_terminees: int


class MethodesConnexionOut(BaseModel):
    proconnect: bool
    boite_demo: bool = Field(description="Mode démonstration : la boîte aux lettres est ouverte")


class CourrielDemoOut(BaseModel):
    id: str
    date: datetime | None
    destinataire: str
    sujet: str
    texte: str
    liens: list[str]


class Deconnexion(BaseModel):
    redirection: str | None = Field(
        default=None,
        description="Adresse de fin de session ProConnect à ouvrir, si la session en venait",
    )


class TotpProConnect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^\d{6}$", max_length=6)
