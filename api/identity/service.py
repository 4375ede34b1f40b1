"""Accounts, machine clients and the caller's perimeter."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit, permissions
from api.core.audit import AuditContext
from api.core.auth import CHANTIER_ROLES, TERRITOIRE_ROLES, Actor, Forbidden, SessionExpiree
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound, TooManyRequests
from api.core.pagination import PageParams, paginate
from api.core.permissions import second_factor_roles
from api.core.security import hash_password, hash_secret, new_secret, verify_password
from api.identity import comptes, sessions, tokens
from api.identity.models import (
    ApiClient,
    ApiClientSecret,
    UserAccount,
    UserSession,
    api_client_territoire,
    user_territoire,
)
from api.identity.passwords import password_problem
from api.identity.schemas import (
    ClientApiCreate,
    MotDePasseChange,
    UtilisateurCreate,
    UtilisateurUpdate,
)
from api.referentiel import Role, TypeStructure
from api.settings import Settings
from api.structures.models import Structure
from api.territoires.models import Territoire


class UtilisateurNotFound(NotFound):
    code = "utilisateur_introuvable"
    detail = "Aucun utilisateur ne correspond à cet identifiant."


class SessionNotFound(NotFound):
    code = "session_introuvable"
    detail = "Aucune session active ne correspond à cet identifiant."


class ClientNotFound(NotFound):
    code = "client_api_introuvable"
    detail = "Aucun client d'API ne correspond à cet identifiant."


ROLE_STRUCTURE = permissions.ROLE_STRUCTURE
CLIENT_ROLE = permissions.CLIENT_ROLE
CLIENT_SCOPES = permissions.ROLE_CLIENT_SCOPES
TERRITORIAL_GRANTABLE = permissions.ROLES_ATTRIBUABLES_TERRITOIRE


# --- who is calling ------------------------------------------------------------------------


# The actor's statements, built once: they run before every authenticated request.
_USER_COLUMNS = select(
    UserAccount.id,
    UserAccount.role,
    UserAccount.structure_id,
    UserAccount.totp_active,
    Structure.territoire_id.label("territoire_structure"),
    user_territoire.c.territoire_id,
)
_USER_ACTOR = (
    select(
        UserAccount.id,
        UserAccount.role,
        UserAccount.structure_id,
        UserAccount.totp_active,
        UserSession.created_at.label("session_debut"),
        UserSession.last_used_at.label("session_activite"),
        UserSession.methode.label("session_methode"),
        Structure.territoire_id.label("territoire_structure"),
        user_territoire.c.territoire_id,
    )
    # The token's session must still be active: an ended session's tokens stop at once.
    .join(
        UserSession,
        (UserSession.id == bindparam("sid"))
        & (UserSession.user_id == UserAccount.id)
        & UserSession.ended_at.is_(None),
    )
    .outerjoin(Structure, Structure.id == UserAccount.structure_id)
    .outerjoin(user_territoire, user_territoire.c.user_id == UserAccount.id)
    .where(UserAccount.id == bindparam("sujet"), UserAccount.actif.is_(True))
)
# The same account without a web session: command-line work done in a person's name.
_ACCOUNT_ACTOR = (
    _USER_COLUMNS.select_from(UserAccount)
    .outerjoin(Structure, Structure.id == UserAccount.structure_id)
    .outerjoin(user_territoire, user_territoire.c.user_id == UserAccount.id)
    .where(UserAccount.id == bindparam("sujet"), UserAccount.actif.is_(True))
)
_CLIENT_ACTOR = (
    select(
        ApiClient.id,
        ApiClient.role,
        ApiClient.structure_id,
        ApiClient.scopes,
        api_client_territoire.c.territoire_id,
    )
    .outerjoin(api_client_territoire, api_client_territoire.c.api_client_id == ApiClient.id)
    .where(
        ApiClient.id == bindparam("sujet"),
        ApiClient.actif.is_(True),
        ApiClient.revoked_at.is_(None),
    )
)


async def load_actor(
    session: AsyncSession, claims: dict[str, Any], settings: Settings
) -> Actor | None:
    """Rebuild the Actor from the database on every request: deactivation is immediate.

    One statement (a row per territoire of the account, none but one for a chantier's
    staff): it runs before every authenticated request.
    """
    kind, _, raw_id = str(claims.get("sub", "")).partition(":")
    try:
        subject = uuid.UUID(raw_id)
    except ValueError:
        return None
    if kind == "user" and claims.get("typ") == "user":
        try:
            session_id = uuid.UUID(str(claims.get("sid", "")))
        except ValueError:
            return None  # every person's token names its session
        users = (await session.execute(_USER_ACTOR, {"sujet": subject, "sid": session_id})).all()
        if not users:
            return None
        user = users[0]
        now = utcnow()
        ends = sessions.session_ends(settings, user.role, user.session_debut, user.session_activite)
        if now >= min(ends):
            raise SessionExpiree()
        if now - user.session_activite >= sessions.ACTIVITY_RESOLUTION:
            await sessions.touch(session, session_id, now)
            ends = sessions.session_ends(settings, user.role, user.session_debut, now)
        territoires = frozenset(r.territoire_id for r in users if r.territoire_id is not None)
        chantiers: frozenset[uuid.UUID] = frozenset()
        if user.role in CHANTIER_ROLES:
            chantiers = frozenset({user.structure_id})
            territoire_id = user.territoire_structure
            territoires = frozenset({territoire_id}) if territoire_id else frozenset()
        return Actor(
            kind="user",
            id=user.id,
            role=user.role,
            structure_id=user.structure_id,
            territoire_ids=territoires,
            chantier_ids=chantiers,
            must_enroll_totp=must_enroll(
                settings, user.role, user.totp_active, user.session_methode
            ),
            session_id=session_id,
            session_ends=ends,
        )
    if kind == "client" and claims.get("typ") == "client":
        clients = (await session.execute(_CLIENT_ACTOR, {"sujet": subject})).all()
        if not clients:
            return None
        client = clients[0]
        token_scopes = set(str(claims.get("scope", "")).split())
        return Actor(
            kind="client",
            id=client.id,
            role=client.role,
            structure_id=client.structure_id,
            territoire_ids=frozenset(
                r.territoire_id for r in clients if r.territoire_id is not None
            ),
            scopes=frozenset(token_scopes & set(client.scopes)),
        )
    return None


def must_enroll(settings: Settings, role: Role, totp_active: bool, methode: str) -> bool:
    """A health reader without TOTP gets a session that can only enrol, unless ProConnect
    asserted a second factor at this sign-in."""
    return (
        role.value in second_factor_roles(settings)
        and not totp_active
        and methode != sessions.PROCONNECT_MFA
    )


def _user_actor(
    users: Sequence[Row[Any]], settings: Settings, session_id: uuid.UUID | None
) -> Actor | None:
    if not users:
        return None
    user = users[0]
    territoires = frozenset(r.territoire_id for r in users if r.territoire_id is not None)
    chantiers: frozenset[uuid.UUID] = frozenset()
    if user.role in CHANTIER_ROLES:
        chantiers = frozenset({user.structure_id})
        territoire_id = user.territoire_structure
        territoires = frozenset({territoire_id}) if territoire_id else frozenset()
    return Actor(
        kind="user",
        id=user.id,
        role=user.role,
        structure_id=user.structure_id,
        territoire_ids=territoires,
        chantier_ids=chantiers,
        must_enroll_totp=must_enroll(settings, user.role, user.totp_active, ""),
        session_id=session_id,
    )


async def load_account_actor(
    session: AsyncSession, user_id: uuid.UUID, settings: Settings
) -> Actor | None:
    """The actor of an active account outside any web session: a command run in a person's
    name (`convergence import --auteur …`), with the same perimeter as their requests."""
    users = (await session.execute(_ACCOUNT_ACTOR, {"sujet": user_id})).all()
    return _user_actor(users, settings, None)


async def structure_name(session: AsyncSession, structure_id: uuid.UUID) -> str:
    return await session.scalar(select(Structure.nom).where(Structure.id == structure_id)) or ""


async def get_user_self(session: AsyncSession, actor: Actor) -> UserAccount | None:
    if actor.is_client:
        return None
    return await session.get(UserAccount, actor.id)


# --- users ---------------------------------------------------------------------------------


def visible_users(actor: Actor) -> Select[UserAccount]:
    stmt = select(UserAccount).options(selectinload(UserAccount.territoires))
    if actor.role == Role.admin_national:
        return stmt
    if actor.role == Role.coordinateur:
        in_structures = UserAccount.structure_id.in_(
            select(Structure.id).where(Structure.territoire_id.in_(actor.territoire_ids))
        )
        in_territoires = UserAccount.id.in_(
            select(user_territoire.c.user_id).where(
                user_territoire.c.territoire_id.in_(actor.territoire_ids)
            )
        )
        return stmt.where(or_(in_structures, in_territoires))
    return stmt.where(UserAccount.id.is_(None))


async def list_users(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    role: Role | None = None,
    structure_id: uuid.UUID | None = None,
) -> tuple[list[UserAccount], str | None]:
    stmt = visible_users(actor)
    if role is not None:
        stmt = stmt.where(UserAccount.role == role)
    if structure_id is not None:
        stmt = stmt.where(UserAccount.structure_id == structure_id)
    return await paginate(
        session, stmt, sort=UserAccount.email, tiebreak=UserAccount.id, params=params
    )


async def get_user(session: AsyncSession, actor: Actor, user_id: uuid.UUID) -> UserAccount:
    user = await session.scalar(visible_users(actor).where(UserAccount.id == user_id))
    if user is None:
        raise UtilisateurNotFound()
    return user


async def _check_assignment(
    session: AsyncSession,
    actor: Actor,
    role: Role,
    structure_id: uuid.UUID,
    territoire_ids: list[uuid.UUID],
) -> list[Territoire]:
    """A role belongs to a structure of the right type; territorial roles name territoires."""
    structure = await session.get(Structure, structure_id)
    if structure is None:
        raise InvalidField("body.structure_id", "Structure inconnue.")
    if structure.type != ROLE_STRUCTURE[role]:
        raise InvalidField(
            "body.structure_id",
            f"Le rôle {role.value} doit être rattaché à une structure de type "
            f"{ROLE_STRUCTURE[role].value}.",
        )
    if role in TERRITOIRE_ROLES and not territoire_ids:
        raise InvalidField("body.territoire_ids", "Ce rôle exige au moins un territoire.")
    if role not in TERRITOIRE_ROLES and territoire_ids:
        raise InvalidField(
            "body.territoire_ids",
            "Seuls les rôles coordinateur, chargé de partenariat et FAS portent des territoires.",
        )
    territoires = list(
        (await session.scalars(select(Territoire).where(Territoire.id.in_(territoire_ids)))).all()
    )
    if len(territoires) != len(set(territoire_ids)):
        raise InvalidField("body.territoire_ids", "Territoire inconnu.")
    if actor.role != Role.admin_national:
        if role not in TERRITORIAL_GRANTABLE:
            raise Forbidden("Seul l'administration nationale peut attribuer ce rôle.")
        own = structure.territoire_id in actor.territoire_ids
        if not own or not set(territoire_ids) <= actor.territoire_ids:
            raise Forbidden("Vous ne pouvez gérer que les comptes de votre territoire.")
    return territoires


class WrongCurrentPassword(InvalidField):
    """A failed current-password check: its failure count is committed despite the 422."""


def _password_or_422(password: str, email: str, field: str, names: tuple[str, ...] = ()) -> None:
    problem = password_problem(password, email, names)
    if problem:
        raise InvalidField(field, problem)


async def create_user(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    data: UtilisateurCreate,
) -> tuple[UserAccount, uuid.UUID]:
    """A new account without password, and its invitation e-mail (the outbox event's id)."""
    territoires = await _check_assignment(
        session, actor, data.role, data.structure_id, data.territoire_ids
    )
    if await session.scalar(select(UserAccount.id).where(UserAccount.email == data.email)):
        raise Conflict("Un compte existe déjà avec cette adresse e-mail.")
    user = UserAccount(
        email=data.email,
        nom=data.nom,
        prenom=data.prenom,
        role=data.role,
        structure_id=data.structure_id,
        password_hash=None,
        actif=True,
        totp_active=False,
    )
    user.territoires = territoires
    session.add(user)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("Un compte existe déjà avec cette adresse e-mail.") from None
    await audit.record(session, context, "create", object_type="user_account", object_id=user.id)
    event_id = await comptes.invite(session, settings, context, user)
    return user, event_id


async def resend_invitation(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    user_id: uuid.UUID,
) -> tuple[UserAccount, uuid.UUID]:
    user = await get_user(session, actor, user_id)
    event_id = await comptes.invite(session, settings, context, user)
    return user, event_id


async def revoke_invitation(
    session: AsyncSession, actor: Actor, context: AuditContext, user_id: uuid.UUID
) -> UserAccount:
    user = await get_user(session, actor, user_id)
    await comptes.revoke_invitation(session, context, user)
    return user


async def end_user_sessions(
    session: AsyncSession, actor: Actor, context: AuditContext, user_id: uuid.UUID
) -> int:
    """An administrator ends every session of an account of their perimeter."""
    user = await get_user(session, actor, user_id)
    ended = await sessions.end_sessions(session, user.id)
    await audit.record(
        session,
        context,
        "sessions_end",
        object_type="user_account",
        object_id=user.id,
        details={"sessions": len(ended)},
    )
    return len(ended)


async def end_own_sessions(
    session: AsyncSession, actor: Actor, context: AuditContext, session_id: uuid.UUID | None
) -> None:
    """End one of my sessions (404 when it is not mine or not active), or all of them."""
    ended = await sessions.end_sessions(session, actor.id, session_id)
    if session_id is not None and not ended:
        raise SessionNotFound()
    await audit.record(
        session,
        context,
        "sessions_end",
        object_type="user_account",
        object_id=actor.id,
        details={"sessions": len(ended)},
    )


async def update_user(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    user_id: uuid.UUID,
    expected_version: int,
    data: UtilisateurUpdate,
) -> UserAccount:
    user = await get_user(session, actor, user_id)
    check_version(user.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    role = changes.get("role") or user.role
    structure_id = changes.get("structure_id") or user.structure_id
    if {"role", "structure_id", "territoire_ids"} & changes.keys():
        territoire_ids = changes.get("territoire_ids")
        if territoire_ids is None:
            territoire_ids = [t.id for t in user.territoires] if role in TERRITOIRE_ROLES else []
        user.territoires = await _check_assignment(
            session, actor, role, structure_id, territoire_ids
        )
        user.role = role
        user.structure_id = structure_id
    if user.id == actor.id and ("role" in changes or changes.get("actif") is False):
        raise Forbidden("Vous ne pouvez pas modifier votre propre rôle ni vous désactiver.")
    for name in ("nom", "prenom", "actif"):
        if name in changes and changes[name] is not None:
            setattr(user, name, changes[name])
    user.updated_at = utcnow()
    await session.flush()
    if changes.get("actif") is False:
        await sessions.end_sessions(session, user.id)
    await audit.record(
        session,
        context,
        "update",
        object_type="user_account",
        object_id=user.id,
        details={"champs": sorted(changes)},
    )
    return user


async def change_password(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    context: AuditContext,
    data: MotDePasseChange,
) -> None:
    user = await session.get(UserAccount, actor.id)
    assert user is not None
    # The current-password check is a login: throttled on the same counters (a stolen access
    # token must not become a password oracle).
    now = utcnow()
    throttle = tokens.throttle_keys("compte", user.email, context.client_address)
    blocked = await tokens.check_blocked(session, throttle, now)
    if blocked is not None:
        raise TooManyRequests(blocked.detail, headers={"Retry-After": str(blocked.retry_after)})
    if user.password_hash is None or not verify_password(
        data.mot_de_passe_actuel, user.password_hash
    ):
        await tokens.register_failure(
            session, settings, throttle, now, context, subject=("user_account", user.id)
        )
        await audit.record(
            session,
            context,
            "login_failed",
            object_type="user_account",
            object_id=user.id,
            details={"raison": "mot_de_passe_actuel"},
        )
        raise WrongCurrentPassword("body.mot_de_passe_actuel", "Mot de passe actuel incorrect.")
    if verify_password(data.nouveau_mot_de_passe, user.password_hash):
        raise InvalidField(
            "body.nouveau_mot_de_passe",
            "Le nouveau mot de passe doit être différent du mot de passe actuel.",
        )
    _password_or_422(
        data.nouveau_mot_de_passe,
        user.email,
        "body.nouveau_mot_de_passe",
        (user.prenom, user.nom),
    )
    user.password_hash = hash_password(data.nouveau_mot_de_passe)
    user.updated_at = utcnow()
    await sessions.end_sessions(session, user.id)
    await audit.record(
        session, context, "password_change", object_type="user_account", object_id=user.id
    )


async def start_totp(session: AsyncSession, actor: Actor) -> tuple[str, str]:
    user = await session.get(UserAccount, actor.id)
    assert user is not None
    if user.totp_active:
        raise Conflict("La double authentification est déjà active sur ce compte.")
    user.totp_secret = tokens.new_totp_secret()
    await session.flush()
    return user.totp_secret, tokens.totp_uri(user.totp_secret, user.email)


async def activate_totp(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    context: AuditContext,
    code: str,
    *,
    user_agent: str | None,
) -> tokens.TokenGrant:
    """Enable TOTP, then end the session it was enrolled in (a session that could only enrol)
    and open a new one: new session id, new tokens (no session fixation)."""
    user = await session.get(UserAccount, actor.id)
    assert user is not None
    if user.totp_active:
        raise Conflict("La double authentification est déjà active sur ce compte.")
    if not user.totp_secret:
        raise Conflict("Commencez par demander un secret TOTP.")
    step = tokens.totp_step(user.totp_secret, code)
    if step is None:
        raise InvalidField("body.code", "Code incorrect : vérifiez l'heure de votre téléphone.")
    user.totp_active = True
    user.totp_last_step = step
    await audit.record(
        session, context, "totp_enable", object_type="user_account", object_id=user.id
    )
    methode = "mot_de_passe"
    if actor.session_id is not None:
        enrolled_in = await session.get(UserSession, actor.session_id)
        if enrolled_in is not None:
            methode = enrolled_in.methode
        await sessions.end_sessions(session, user.id, actor.session_id)
    return await tokens.sign_in(
        session, settings, context, user, user_agent=user_agent, methode=methode
    )


# --- machine clients -----------------------------------------------------------------------


def visible_clients(actor: Actor) -> Select[ApiClient]:
    stmt = select(ApiClient).options(selectinload(ApiClient.territoires))
    if actor.role == Role.admin_national:
        return stmt
    if actor.role == Role.coordinateur:
        return stmt.where(
            ApiClient.structure_id.in_(
                select(Structure.id).where(Structure.territoire_id.in_(actor.territoire_ids))
            )
        )
    return stmt.where(ApiClient.id.is_(None))


async def list_clients(
    session: AsyncSession, actor: Actor, params: PageParams
) -> tuple[list[ApiClient], str | None]:
    return await paginate(
        session,
        visible_clients(actor),
        sort=ApiClient.client_id,
        tiebreak=ApiClient.id,
        params=params,
    )


async def get_client(session: AsyncSession, actor: Actor, client_id: uuid.UUID) -> ApiClient:
    client = await session.scalar(visible_clients(actor).where(ApiClient.id == client_id))
    if client is None:
        raise ClientNotFound()
    return client


async def create_client(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    data: ClientApiCreate,
    *,
    secret: str | None = None,
) -> tuple[ApiClient, str]:
    structure = await session.get(Structure, data.structure_id)
    if structure is None:
        raise InvalidField("body.structure_id", "Structure inconnue.")
    role = CLIENT_ROLE.get(structure.type)
    if role is None:
        raise InvalidField(
            "body.structure_id",
            "Seuls les partenaires et les FAS peuvent disposer d'un client d'API.",
        )
    if actor.role != Role.admin_national and structure.territoire_id not in actor.territoire_ids:
        raise Forbidden("Vous ne pouvez créer des clients que pour votre territoire.")
    extra = set(data.scopes) - CLIENT_SCOPES[role]
    if extra:
        raise InvalidField(
            "body.scopes",
            "Portées non autorisées pour ce type de structure : " + ", ".join(sorted(extra)),
        )
    territoire_ids = data.territoire_ids or (
        [structure.territoire_id] if structure.territoire_id else []
    )
    if role == Role.fas and not territoire_ids:
        raise InvalidField("body.territoire_ids", "Un client FAS exige au moins un territoire.")
    territoires = list(
        (await session.scalars(select(Territoire).where(Territoire.id.in_(territoire_ids)))).all()
    )
    if len(territoires) != len(set(territoire_ids)):
        raise InvalidField("body.territoire_ids", "Territoire inconnu.")
    if actor.role != Role.admin_national and not set(territoire_ids) <= actor.territoire_ids:
        raise Forbidden("Vous ne pouvez créer des clients que pour votre territoire.")
    client = ApiClient(
        client_id=f"cvg_{uuid.uuid4().hex[:20]}",
        nom=data.nom,
        role=role,
        structure_id=structure.id,
        scopes=sorted(s.value for s in data.scopes),
        actif=True,
    )
    client.territoires = territoires
    secret = secret or new_secret("cs_")
    client.secrets = [ApiClientSecret(secret_hash=hash_secret(secret))]
    session.add(client)
    await session.flush()
    await audit.record(session, context, "create", object_type="api_client", object_id=client.id)
    return client, secret


async def rotate_client_secret(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    client_id: uuid.UUID,
) -> tuple[ApiClient, str, Any]:
    client = await get_client(session, actor, client_id)
    if client.revoked_at is not None:
        raise Conflict("Ce client d'API est révoqué.")
    now = utcnow()
    overlap_end = now + timedelta(hours=settings.client_secret_overlap_hours)
    secrets = (
        await session.scalars(
            select(ApiClientSecret).where(ApiClientSecret.api_client_id == client.id)
        )
    ).all()
    for old in secrets:
        if old.expires_at is None or old.expires_at > overlap_end:
            old.expires_at = overlap_end
    secret = new_secret("cs_")
    session.add(ApiClientSecret(api_client_id=client.id, secret_hash=hash_secret(secret)))
    client.updated_at = now
    await session.flush()
    await audit.record(
        session, context, "secret_rotation", object_type="api_client", object_id=client.id
    )
    return client, secret, overlap_end


async def revoke_client(
    session: AsyncSession, actor: Actor, context: AuditContext, client_id: uuid.UUID
) -> ApiClient:
    client = await get_client(session, actor, client_id)
    if client.revoked_at is None:
        client.revoked_at = utcnow()
        client.actif = False
        await session.flush()
        await audit.record(
            session, context, "revoke", object_type="api_client", object_id=client.id
        )
    return client


async def create_first_admin(
    session: AsyncSession, *, email: str, prenom: str, nom: str, password: str
) -> UserAccount:
    """The first admin_national account, attached to the Convergence France structure."""
    email = email.strip().lower()
    problem = password_problem(password, email)
    if problem:
        raise ValueError(problem)
    if await session.scalar(select(UserAccount.id).where(UserAccount.email == email)):
        raise ValueError("un compte existe déjà avec cette adresse e-mail")
    structure = await session.scalar(
        select(Structure).where(Structure.type == TypeStructure.convergence_france)
    )
    if structure is None:
        structure = Structure(type=TypeStructure.convergence_france, nom="Convergence France")
        session.add(structure)
        await session.flush()
    user = UserAccount(
        email=email,
        prenom=prenom,
        nom=nom,
        role=Role.admin_national,
        structure_id=structure.id,
        password_hash=hash_password(password),
        actif=True,
        totp_active=False,
    )
    session.add(user)
    await session.flush()
    await audit.record(
        session,
        AuditContext("systeme", None),
        "create",
        object_type="user_account",
        object_id=user.id,
    )
    return user
