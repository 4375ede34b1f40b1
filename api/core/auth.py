"""Who is calling: the Actor, its role and perimeter, and the function-level checks."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditContext
from api.core.db import SessionDep
from api.core.errors import DomainError
from api.core.permissions import (
    CHANTIER_ROLES,
    CLIENT_SCOPES,
    NATIONAL_ROLES,
    TERRITOIRE_ROLES,
    Permission,
    permissions_of,
)
from api.core.security import InvalidToken, decode_access_token
from api.referentiel import DOMAINES_SENSIBLES, Domaine, Role, Scope

CLAIMS_STATE = "bearer_claims"
"""Where the rate limiter leaves the bearer token's checked claims (scope state)."""


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
    # When that session ends by itself (absolute lifetime, idle limit).
    session_ends: tuple[datetime, datetime] | None = None

    @property
    def national(self) -> bool:
        """Roles whose perimeter is the whole programme."""
        return self.role in NATIONAL_ROLES

    @property
    def is_client(self) -> bool:
        return self.kind == "client"

    @cached_property
    def permissions(self) -> frozenset[Permission]:
        return permissions_of(self.role, client=self.is_client, scopes=self.scopes)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def sees_details(self, domaine: Domaine) -> bool:
        """Need to know: the details of a sensitive domaine (health) only with `sante:read`;
        without it, a domaine's level at most, and every other key absent."""
        return domaine not in DOMAINES_SENSIBLES or self.can(Permission.sante_read)

    @property
    def in_chantier(self) -> bool:
        """A chantier's staff: their perimeter is their chantier."""
        return self.role in CHANTIER_ROLES

    @property
    def in_territoires(self) -> bool:
        """Territorial staff: their perimeter is their territoires."""
        return self.role in TERRITOIRE_ROLES


class Unauthenticated(DomainError):
    status = 401
    code = "non_authentifie"
    title = "Authentification requise"
    detail = "Jeton d'accès absent, invalide ou expiré : authentifiez-vous."

    def __init__(self, detail: str | None = None, *, error: str = "invalid_token") -> None:
        super().__init__(
            detail, headers={"WWW-Authenticate": f'Bearer realm="convergence", error="{error}"'}
        )


class SessionExpiree(Unauthenticated):
    code = "session_expiree"
    title = "Session expirée"
    detail = "Votre session a pris fin (inactivité ou durée maximale atteinte) : reconnectez-vous."


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
    """Function-level check: `Depends(requires(Permission.x, ...))` on every route.

    Users hold their role's permissions; API clients those of their role that their token's
    scopes open (`CLIENT_SCOPES`). Without permission, any authenticated caller passes.
    """

    def __init__(self, *permissions: Permission, allow_without_totp: bool = False) -> None:
        self.permissions = frozenset(permissions)
        self.allow_without_totp = allow_without_totp

    async def __call__(self, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        missing = self.permissions - actor.permissions
        if missing:
            if actor.is_client:
                opened = [p for p in missing if p in CLIENT_SCOPES]
                scopes = sorted({s for p in opened for s in CLIENT_SCOPES[p]} - actor.scopes)
                if opened and len(opened) == len(missing) and scopes:
                    raise Forbidden(f"Portée manquante pour ce client d'API : {', '.join(scopes)}.")
                raise Forbidden("Cette opération n'est pas ouverte aux clients d'API.")
            raise Forbidden()
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


# The gates most routes share, named once.
REFERENCE_READERS = Annotated[Actor, Depends(requires(Permission.reference_read))]
CASEWORKERS = Annotated[Actor, Depends(requires(Permission.parcours_write))]
PEOPLE_READERS = Annotated[Actor, Depends(requires(Permission.salaries_read))]

__all__ = [
    "CHANTIER_ROLES",
    "NATIONAL_ROLES",
    "TERRITOIRE_ROLES",
    "Actor",
    "Forbidden",
    "Permission",
    "Role",
    "Scope",
    "requires",
]
