"""Who is calling: the Actor, its role and perimeter, and the function-level checks."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditContext
from api.core.db import SessionDep
from api.core.errors import DomainError
from api.core.security import InvalidToken, decode_access_token

CLAIMS_STATE = "bearer_claims"
"""Where the rate limiter leaves the bearer token's checked claims (scope state)."""


class Role(enum.StrEnum):
    admin_national = "admin_national"
    coordinateur = "coordinateur"
    charge_partenariat = "charge_partenariat"
    direction_chantier = "direction_chantier"
    accompagnateur = "accompagnateur"
    encadrant_technique = "encadrant_technique"
    partenaire = "partenaire"
    fas = "fas"
    evaluateur = "evaluateur"
    financeur = "financeur"


CHANTIER_ROLES = frozenset({Role.direction_chantier, Role.accompagnateur, Role.encadrant_technique})
TERRITOIRE_ROLES = frozenset({Role.coordinateur, Role.charge_partenariat, Role.fas})
NATIONAL_ROLES = frozenset({Role.admin_national, Role.financeur, Role.evaluateur})
ALL_ROLES = frozenset(Role)


class Scope(enum.StrEnum):
    orientations_read = "orientations:read"
    orientations_write = "orientations:write"
    indicateurs_read = "indicateurs:read"
    exports_read = "exports:read"
    referentiel_read = "referentiel:read"


@dataclass(frozen=True)
class Actor:
    kind: str  # "user" or "client"
    id: uuid.UUID
    role: Role
    structure_id: uuid.UUID
    territoire_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    chantier_ids: frozenset[uuid.UUID] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    must_enroll_totp: bool = False
    # The person's sign-in (the `sid` of the access token); None for machine clients.
    session_id: uuid.UUID | None = None

    @property
    def national(self) -> bool:
        """Roles whose perimeter is the whole programme."""
        return self.role in NATIONAL_ROLES

    @property
    def is_client(self) -> bool:
        return self.kind == "client"


class Unauthenticated(DomainError):
    status = 401
    code = "non_authentifie"
    title = "Authentification requise"
    detail = "Jeton d'accès absent, invalide ou expiré : authentifiez-vous."

    def __init__(self, detail: str | None = None, *, error: str = "invalid_token") -> None:
        super().__init__(
            detail, headers={"WWW-Authenticate": f'Bearer realm="convergence", error="{error}"'}
        )


class Forbidden(DomainError):
    status = 403
    code = "interdit"
    title = "Accès refusé"
    detail = "Votre rôle ne permet pas cette action."


class TotpEnrolmentRequired(Forbidden):
    code = "totp_enrolement_requis"
    detail = "Activez la double authentification (TOTP) dans « Mon compte » pour continuer."


ActorLoader = Callable[[AsyncSession, dict[str, Any]], Awaitable[Actor | None]]

_bearer = HTTPBearer(auto_error=False, description="Jeton d'accès obtenu sur /api/v1/auth/token")


async def current_actor(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthenticated(error="invalid_request")
    decoded = getattr(request.state, CLAIMS_STATE, None)  # by the rate limiter, if it ran
    if decoded is not None and decoded[0] == credentials.credentials:
        claims = decoded[1]
    else:
        try:
            claims = decode_access_token(
                credentials.credentials, key=request.app.state.settings.secret_key
            )
        except InvalidToken:
            raise Unauthenticated() from None
    loader: ActorLoader = request.app.state.actor_loader
    actor = await loader(session, claims)
    if actor is None:
        raise Unauthenticated("Ce compte n'est plus actif.")
    request.state.actor = actor
    return actor


class requires:
    """Function-level check: `Depends(requires(Role.x, ..., scopes={...}))` on every route.

    Users are checked by role; machine clients by role and by the scopes they carry.
    """

    def __init__(
        self,
        *roles: Role,
        scopes: frozenset[Scope] | set[Scope] = frozenset(),
        allow_without_totp: bool = False,
        any_client: bool = False,
    ) -> None:
        self.roles = frozenset(roles) or ALL_ROLES
        self.scopes = frozenset(scopes)
        self.allow_without_totp = allow_without_totp
        self.any_client = any_client

    async def __call__(self, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if actor.role not in self.roles:
            raise Forbidden()
        if actor.is_client and not self.scopes and not self.any_client:
            raise Forbidden("Cette opération n'est pas ouverte aux clients d'API.")
        if actor.is_client and not self.scopes <= actor.scopes:
            missing = ", ".join(sorted(self.scopes - actor.scopes))
            raise Forbidden(f"Portée manquante pour ce client d'API : {missing}.")
        if actor.must_enroll_totp and not self.allow_without_totp:
            raise TotpEnrolmentRequired()
        return actor


def client_address(request: Request) -> str | None:
    return request.client.host if request.client else None


def request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def anonymous_context(request: Request) -> AuditContext:
    return AuditContext("anonyme", None, client_address(request), request_id(request))


def actor_context(request: Request, actor: Actor) -> AuditContext:
    return AuditContext(actor.kind, actor.id, client_address(request), request_id(request))


# Reference data (territoires, structures): every role but partners; FAS scripts by scope.
REFERENCE_READERS = Annotated[
    Actor,
    Depends(requires(*(ALL_ROLES - {Role.partenaire}), scopes={Scope.indicateurs_read})),
]

# People's files: who writes them (and reads everything in them), who reads identity only.
CASEWORK_ROLES = (
    Role.admin_national,
    Role.coordinateur,
    Role.direction_chantier,
    Role.accompagnateur,
)
CASEWORKERS = Annotated[Actor, Depends(requires(*CASEWORK_ROLES))]
PEOPLE_READERS = Annotated[Actor, Depends(requires(*CASEWORK_ROLES, Role.encadrant_technique))]
