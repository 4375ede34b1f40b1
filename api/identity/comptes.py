"""Invitations and password resets: single-use links sent by e-mail.

A link is `<public_url>/invitation#jeton=...` (the token in the fragment never reaches a
server log nor a Referer header); the SPA posts the token in a body. Only the SHA-256 of a
token is stored; a token is claimed by one conditional UPDATE (used once, even when two
requests race).
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.core.errors import Conflict, DomainError, InvalidField, NotFound, TooManyRequests
from api.core.security import hash_password, hash_secret, new_secret
from api.identity import courriels, sessions
from api.identity.models import AccountToken, LoginThrottle, TypeJeton, UserAccount
from api.identity.passwords import password_problem
from api.settings import Settings


class LienInconnu(NotFound):
    code = "lien_invalide"
    title = "Lien invalide"
    detail = (
        "Ce lien n'est pas valide : vérifiez qu'il a été copié en entier, ou demandez-en un "
        "nouveau."
    )


class LienExpire(DomainError):
    status = 410
    code = "lien_expire"
    title = "Lien expiré"
    detail = "Ce lien a expiré. Demandez-en un nouveau."


class LienUtilise(DomainError):
    status = 410
    code = "lien_deja_utilise"
    title = "Lien déjà utilisé"
    detail = (
        "Ce lien a déjà servi : chaque lien ne s'utilise qu'une fois. Connectez-vous, ou "
        "demandez un nouveau lien."
    )


class LienRevoque(DomainError):
    status = 410
    code = "lien_revoque"
    title = "Lien annulé"
    detail = "Cette invitation a été annulée. Adressez-vous à la personne qui vous a invité."


class StatutInvitation(enum.StrEnum):
    en_attente = "en_attente"
    expiree = "expiree"
    acceptee = "acceptee"
    revoquee = "revoquee"
    # An account made with a password (the first admin, the demo accounts).
    aucune = "aucune"


class ActionInvitation(enum.StrEnum):
    renvoyer = "renvoyer"
    revoquer = "revoquer"


def invitation_status(user: UserAccount, latest: AccountToken | None) -> StatutInvitation:
    if latest is None:
        return StatutInvitation.aucune
    if latest.used_at is not None:
        return StatutInvitation.acceptee
    if latest.revoked_at is not None:
        return StatutInvitation.revoquee
    if latest.expires_at <= utcnow():
        return StatutInvitation.expiree
    return StatutInvitation.en_attente


def invitation_actions(user: UserAccount, statut: StatutInvitation) -> list[ActionInvitation]:
    """What an account administrator may do with the account's invitation now."""
    if user.password_hash is not None or not user.actif:
        return []
    actions = [ActionInvitation.renvoyer]
    if statut == StatutInvitation.en_attente:
        actions.append(ActionInvitation.revoquer)
    return actions


async def latest_invitations(
    session: AsyncSession, user_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, AccountToken]:
    """The newest invitation of each account, in one statement."""
    ids = list(user_ids)
    if not ids:
        return {}
    newest = (
        select(AccountToken.user_id, func.max(AccountToken.created_at).label("at"))
        .where(AccountToken.user_id.in_(ids), AccountToken.type == TypeJeton.invitation)
        .group_by(AccountToken.user_id)
        .subquery()
    )
    rows = await session.scalars(
        select(AccountToken).join(
            newest,
            (newest.c.user_id == AccountToken.user_id) & (newest.c.at == AccountToken.created_at),
        )
    )
    return {row.user_id: row for row in rows}


async def _new_link(
    session: AsyncSession, user_id: uuid.UUID, type_: TypeJeton, ttl: timedelta
) -> str:
    """Revoke the account's pending links of that type, then make a new one."""
    now = utcnow()
    await session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user_id,
            AccountToken.type == type_,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = new_secret("")
    session.add(
        AccountToken(
            user_id=user_id,
            type=type_,
            token_hash=hash_secret(token),
            created_at=now,
            expires_at=now + ttl,
        )
    )
    await session.flush()
    return token


# --- invitations ---------------------------------------------------------------------------


async def invite(
    session: AsyncSession, settings: Settings, context: AuditContext, user: UserAccount
) -> uuid.UUID:
    """A new invitation link for the account, e-mailed; returns the outbox event's id."""
    if user.password_hash is not None:
        raise Conflict("Ce compte est déjà activé : aucune invitation n'est nécessaire.")
    if not user.actif:
        raise Conflict("Ce compte est désactivé : réactivez-le avant de l'inviter.")
    token = await _new_link(
        session, user.id, TypeJeton.invitation, timedelta(hours=settings.invitation_hours)
    )
    event = await courriels.queue(
        session,
        settings,
        courriels.INVITATION,
        {
            "email": user.email,
            "prenom": user.prenom,
            "role": user.role.value,
            "jeton": token,
            "heures": settings.invitation_hours,
        },
    )
    await audit.record(
        session, context, "invitation", object_type="user_account", object_id=user.id
    )
    return event.id


async def revoke_invitation(
    session: AsyncSession, context: AuditContext, user: UserAccount
) -> None:
    result = await session.execute(
        update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.type == TypeJeton.invitation,
            AccountToken.used_at.is_(None),
            AccountToken.revoked_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
        .values(revoked_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise Conflict("Ce compte n'a pas d'invitation en attente.")
    await audit.record(
        session, context, "invitation_revoke", object_type="user_account", object_id=user.id
    )


async def _token_row(session: AsyncSession, token: str, type_: TypeJeton) -> AccountToken:
    row = await session.scalar(
        select(AccountToken).where(
            AccountToken.token_hash == hash_secret(token), AccountToken.type == type_
        )
    )
    if row is None:
        raise LienInconnu()
    if row.used_at is not None:
        raise LienUtilise()
    if row.revoked_at is not None:
        raise LienRevoque() if type_ == TypeJeton.invitation else LienExpire()
    if row.expires_at <= utcnow():
        raise LienExpire()
    return row


async def read_invitation(
    session: AsyncSession, settings: Settings, token: str
) -> tuple[UserAccount, AccountToken]:
    row = await _token_row(session, token, TypeJeton.invitation)
    user = await session.get(UserAccount, row.user_id)
    if user is None or not user.actif:
        raise LienRevoque()
    return user, row


async def _claim(session: AsyncSession, row: AccountToken) -> None:
    claimed = await session.execute(
        update(AccountToken)
        .where(AccountToken.id == row.id, AccountToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise LienUtilise()


def _check_password(password: str, email: str) -> None:
    problem = password_problem(password, email)
    if problem:
        raise InvalidField("body.mot_de_passe", problem)


async def accept_invitation(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    token: str,
    password: str,
) -> UserAccount:
    user, row = await read_invitation(session, settings, token)
    _check_password(password, user.email)
    await _claim(session, row)
    user.password_hash = hash_password(password)
    user.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        AuditContext("user", user.id, context.client_address, context.request_id),
        "invitation_accept",
        object_type="user_account",
        object_id=user.id,
    )
    return user


# --- forgotten password --------------------------------------------------------------------


async def count_in_hour(session: AsyncSession, key: str, limit: int) -> bool:
    """Count one more request under `key` in the current hour; False past the limit.

    Shares the login throttle's table: `failures` counts requests, `last_failure_at` is the
    start of the hour-long window.
    """
    now = utcnow()
    stmt = select(LoginThrottle).where(LoginThrottle.key == key)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = await session.scalar(stmt)
    if row is None:
        row = LoginThrottle(key=key, failures=0, last_failure_at=now)
        session.add(row)
    elif now - row.last_failure_at > timedelta(hours=1):
        row.failures = 0
        row.last_failure_at = now
    row.failures += 1
    await session.flush()
    return row.failures <= limit


async def request_reset(
    session: AsyncSession, settings: Settings, context: AuditContext, email: str
) -> uuid.UUID | None:
    """Same answer, same work whether the address has an account or not (no enumeration).

    Per client address past the hourly limit: 429 (it tells nothing about an account). Per
    e-mail address past its limit: accepted but nothing is sent (the answer can't differ).
    """
    if context.client_address and not await count_in_hour(
        session,
        f"reinit_adresse:{context.client_address}",
        settings.password_reset_per_address_per_hour,
    ):
        raise TooManyRequests(
            "Trop de demandes de nouveau mot de passe depuis cette adresse : réessayez dans "
            "une heure.",
            headers={"Retry-After": "3600"},
        )
    email = email.strip().lower()
    within = await count_in_hour(session, f"reinit:{email}", settings.password_reset_per_hour)
    user = await session.scalar(
        select(UserAccount).where(UserAccount.email == email, UserAccount.actif.is_(True))
    )
    data: dict[str, object] = {"email": None}
    if user is not None and within:
        token = await _new_link(
            session,
            user.id,
            TypeJeton.reinitialisation,
            timedelta(minutes=settings.password_reset_minutes),
        )
        data = {
            "email": user.email,
            "prenom": user.prenom,
            "jeton": token,
            "minutes": settings.password_reset_minutes,
        }
    event = await courriels.queue(session, settings, courriels.REINITIALISATION, data)
    await audit.record(
        session,
        context,
        "password_reset_request",
        object_type="user_account" if user else None,
        object_id=user.id if user else None,
        details={"envoye": bool(data["email"])},
    )
    return event.id


async def reset_password(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    token: str,
    password: str,
) -> uuid.UUID:
    """Set the password from a reset link: every session of the account ends, the person is
    told by e-mail. Returns the outbox event of that notice."""
    row = await _token_row(session, token, TypeJeton.reinitialisation)
    user = await session.get(UserAccount, row.user_id)
    if user is None or not user.actif:
        raise LienExpire()
    _check_password(password, user.email)
    await _claim(session, row)
    user.password_hash = hash_password(password)
    user.updated_at = utcnow()
    await session.flush()
    await sessions.end_sessions(session, user.id)
    await audit.record(
        session,
        AuditContext("user", user.id, context.client_address, context.request_id),
        "password_reset",
        object_type="user_account",
        object_id=user.id,
    )
    event = await courriels.queue(
        session,
        settings,
        courriels.MOT_DE_PASSE_CHANGE,
        {"email": user.email, "prenom": user.prenom},
    )
    return event.id
