"""The token endpoint's grants: password (+TOTP), refresh rotation, client credentials."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import pyotp
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.core.security import (
    create_access_token,
    hash_secret,
    new_secret,
    secrets_equal,
    verify_password,
)
from api.identity import sessions
from api.identity.models import (
    ApiClient,
    LoginThrottle,
    RefreshToken,
    UserAccount,
    UserSession,
)
from api.settings import Settings


@dataclass(frozen=True)
class TokenGrant:
    access_token: str
    expires_in: int
    refresh_token: str | None = None
    scope: str | None = None
    # A person's session: when it ends by itself (absolute, idle), and the device cookie.
    session_expire_le: datetime | None = None
    inactivite_expire_le: datetime | None = None
    device_cookie: str | None = None


@dataclass(frozen=True)
class GrantFailure:
    """A refused grant, returned (not raised) so that counters and audit rows are committed."""

    status: int
    code: str
    detail: str
    retry_after: int | None = None


INVALID_CREDENTIALS = GrantFailure(401, "identifiants_invalides", "Identifiants incorrects.")


def user_claims(user: UserAccount, session_id: uuid.UUID) -> dict[str, str]:
    """Every person's access token names its session (`sid`): ending it ends the token."""
    return {"typ": "user", "role": user.role.value, "sid": str(session_id)}


def _issue_access(settings: Settings, subject: str, claims: dict[str, str]) -> tuple[str, int]:
    return create_access_token(subject=subject, key=settings.secret_key, claims=claims)


# --- throttling ----------------------------------------------------------------------------
#
# Failures are counted per (account, source) and per source, or, from a device that signed in
# to this account before (a signed device cookie, OWASP "device cookies"), per device only: a
# correct password from such a device is never refused because of someone else's failures.
# The account-wide count never refuses: past its ceiling, the answers of devices not known to
# this account are slowed down. A source blocked by its own failures refuses everyone from it
# except the valid device cookies (docs/securite.md).

DEVICE_COOKIE = "convergence_appareil"


@dataclass(frozen=True)
class Throttle:
    """The counters of one sign-in attempt."""

    keys: list[str]  # counted on each failure; any of them blocked refuses the attempt
    ceiling: str  # the account (or client) as a whole: slows, never refuses


def _limit(settings: Settings, key: str) -> int:
    if key.startswith("adresse:"):
        return settings.login_max_failures_per_address
    return settings.login_max_failures


async def _throttle_rows(
    session: AsyncSession, keys: list[str], *, lock: bool = True
) -> dict[str, LoginThrottle]:
    stmt = select(LoginThrottle).where(LoginThrottle.key.in_(keys))
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    rows = (await session.scalars(stmt)).all()
    return {row.key: row for row in rows}


def _blocked_for(rows: dict[str, LoginThrottle], now: datetime) -> int | None:
    waits = [
        math.ceil((row.blocked_until - now).total_seconds())
        for row in rows.values()
        if row.blocked_until is not None and row.blocked_until > now
    ]
    return max(waits) if waits else None


def _scope(key: str) -> str:
    """The kind of counter, for the audit trail (never the e-mail nor the address)."""
    kind = key.split(":", 1)[0]
    return f"{kind}_source" if "|" in key else kind


async def register_failure(
    session: AsyncSession,
    settings: Settings,
    throttle: Throttle,
    now: datetime,
    context: AuditContext | None = None,
    *,
    subject: tuple[str, uuid.UUID] | None = None,
) -> None:
    """Count a failure on every counter of the attempt; a counter that becomes blocked is a
    lockout, recorded in the audit trail."""
    keys = [*throttle.keys, throttle.ceiling]
    rows = await _throttle_rows(session, keys)
    window = timedelta(minutes=settings.login_failure_window_minutes)
    for key in keys:
        row = rows.get(key)
        if row is None:
            row = LoginThrottle(key=key, failures=0, last_failure_at=now)
            session.add(row)
        elif now - row.last_failure_at > window and (
            row.blocked_until is None or row.blocked_until <= now
        ):
            row.failures = 0
        row.failures += 1
        row.last_failure_at = now
        if key == throttle.ceiling:
            continue  # the account as a whole is slowed down, never locked
        excess = row.failures - _limit(settings, key)
        if excess >= 0:
            delay = min(
                settings.login_block_base_seconds * 2**excess, settings.login_max_block_seconds
            )
            row.blocked_until = now + timedelta(seconds=delay)
            if context is not None:
                await audit.record(
                    session,
                    context,
                    "login_refused",
                    object_type=subject[0] if subject else None,
                    object_id=subject[1] if subject else None,
                    details={"raison": "verrouillage", "portee": _scope(key), "secondes": delay},
                )
    await session.flush()


def throttle_keys(
    kind: str, identifier: str, address: str | None, device: str | None = None
) -> Throttle:
    """The counters of an attempt on an account (`compte`) or an API client (`client`)."""
    ident = identifier.lower()
    if device is not None:
        return Throttle([f"appareil:{device}"], f"{kind}:{ident}")
    keys = [f"{kind}:{ident}|{address or '-'}"]
    if address:
        keys.append(f"adresse:{address}")
    return Throttle(keys, f"{kind}:{ident}")


async def check_blocked(
    session: AsyncSession, throttle: Throttle, now: datetime
) -> GrantFailure | None:
    wait = _blocked_for(await _throttle_rows(session, throttle.keys), now)
    if wait is None:
        return None
    return GrantFailure(
        429,
        "trop_de_tentatives",
        f"Trop de tentatives de connexion échouées. Réessayez dans {wait} seconde(s).",
        retry_after=wait,
    )


async def clear_failures(session: AsyncSession, throttle: Throttle) -> None:
    """A success forgets the failures of its first counter (the account from this address or
    device), not the address's: others may share it."""
    for row in (await _throttle_rows(session, throttle.keys[:1])).values():
        await session.delete(row)


async def slow_down(
    session: AsyncSession, settings: Settings, throttle: Throttle, now: datetime
) -> None:
    """Past the account-wide ceiling, wait before answering (read without a lock, so that
    waiting holds no other attempt back)."""
    row = (await _throttle_rows(session, [throttle.ceiling], lock=False)).get(throttle.ceiling)
    window = timedelta(minutes=settings.login_failure_window_minutes)
    if (
        row is not None
        and now - row.last_failure_at <= window
        and row.failures >= settings.login_account_ceiling
    ):
        await asyncio.sleep(settings.login_ceiling_delay_seconds)


def _device_mac(settings: Settings, payload: str) -> str:
    key = hashlib.sha256(f"appareil:{settings.secret_key}".encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


def device_cookie(settings: Settings, user_id: uuid.UUID, device: str | None = None) -> str:
    """A signed statement: this browser signed in to this account (its own device id)."""
    payload = f"{user_id}.{device or secrets.token_hex(16)}.{int(utcnow().timestamp())}"
    return f"{payload}.{_device_mac(settings, payload)}"


def known_device(settings: Settings, cookie: str | None, user_id: uuid.UUID) -> str | None:
    """The device id of a valid device cookie of this account, else None."""
    if not cookie or len(cookie) > 200:
        return None
    payload, _, mac = cookie.rpartition(".")
    parts = payload.split(".")
    if len(parts) != 3 or not hmac.compare_digest(mac, _device_mac(settings, payload)):
        return None
    owner, device, issued = parts
    if owner != str(user_id) or not issued.isdigit():
        return None
    age = utcnow().timestamp() - int(issued)
    if age > settings.device_cookie_days * 86400:
        return None
    return device


# --- grants --------------------------------------------------------------------------------


async def _new_refresh_token(
    session: AsyncSession,
    settings: Settings,
    user_id: uuid.UUID,
    family_id: uuid.UUID,
    session_end: datetime,
) -> str:
    token = new_secret("rt_")
    session.add(
        RefreshToken(
            family_id=family_id,
            user_id=user_id,
            token_hash=hash_secret(token),
            expires_at=min(utcnow() + timedelta(days=settings.refresh_token_days), session_end),
        )
    )
    await session.flush()
    return token


async def password_grant(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    email: str,
    password: str,
    totp: str | None,
    user_agent: str | None = None,
    device_cookie_value: str | None = None,
) -> TokenGrant | GrantFailure:
    now = utcnow()
    user = await session.scalar(select(UserAccount).where(UserAccount.email == email.lower()))
    device = known_device(settings, device_cookie_value, user.id) if user else None
    throttle = throttle_keys("compte", email, context.client_address, device)
    if device is None:
        await slow_down(session, settings, throttle, now)
    blocked = await check_blocked(session, throttle, now)
    if blocked is not None:
        await audit.record(session, context, "login_refused", details={"raison": "throttle"})
        return blocked
    subject = ("user_account", user.id) if user else None
    password_ok = verify_password(password, user.password_hash if user else None)
    # The block runs from the failure, not from the start of a (slow, hashing) request.
    now = utcnow()
    if user is None or not password_ok or not user.actif:
        await register_failure(session, settings, throttle, now, context, subject=subject)
        await audit.record(
            session,
            context,
            "login_failed",
            object_type="user_account" if user else None,
            object_id=user.id if user else None,
            details={"raison": "mot_de_passe" if user and user.actif else "compte_inconnu"},
        )
        return INVALID_CREDENTIALS
    if user.totp_active:
        if not totp:
            # A correct password without its code tells the password is right: it counts as an
            # attempt on the account's own counters (not the source's), until the code comes.
            counted = Throttle(throttle.keys[:1], throttle.ceiling)
            await register_failure(session, settings, counted, now, context, subject=subject)
            return GrantFailure(
                401, "totp_requis", "Saisissez le code à 6 chiffres de votre application."
            )
        step = totp_step(user.totp_secret or "", totp)
        if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
            await register_failure(session, settings, throttle, now, context, subject=subject)
            await audit.record(
                session,
                context,
                "login_failed",
                object_type="user_account",
                object_id=user.id,
                details={"raison": "totp"},
            )
            return GrantFailure(401, "totp_invalide", "Code de double authentification incorrect.")
        user.totp_last_step = step
    await clear_failures(session, throttle)
    grant = await sign_in(session, settings, context, user, user_agent=user_agent)
    return replace(grant, device_cookie=device_cookie(settings, user.id, device))


async def sign_in(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    user: UserAccount,
    *,
    user_agent: str | None,
    methode: str = "mot_de_passe",
    id_token: str | None = None,
) -> TokenGrant:
    """A checked person gets a new session, an access token naming it, a refresh token."""
    user.last_login_at = utcnow()
    row = await sessions.open_session(
        session,
        user.id,
        user_agent=user_agent,
        client_address=context.client_address,
        methode=methode,
        id_token=id_token,
    )
    await audit.record(
        session,
        AuditContext("user", user.id, context.client_address, context.request_id),
        "login",
        object_type="user_account",
        object_id=user.id,
        details={"methode": methode, "session": str(row.id)},
    )
    return await _session_grant(session, settings, user, row)


async def _session_grant(
    session: AsyncSession, settings: Settings, user: UserAccount, row: UserSession
) -> TokenGrant:
    """Tokens of a live session: the refresh token never outlives the session's absolute end."""
    absolute, idle = sessions.session_ends(settings, user.role, row.created_at, row.last_used_at)
    access, ttl = _issue_access(settings, f"user:{user.id}", user_claims(user, row.id))
    refresh = await _new_refresh_token(session, settings, user.id, row.id, absolute)
    return TokenGrant(access, ttl, refresh, session_expire_le=absolute, inactivite_expire_le=idle)


async def _revoke_family(session: AsyncSession, family_id: uuid.UUID) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def refresh_grant(
    session: AsyncSession, settings: Settings, context: AuditContext, *, token: str
) -> TokenGrant | GrantFailure:
    invalid = GrantFailure(
        401, "jeton_renouvellement_invalide", "Session expirée : reconnectez-vous."
    )
    row = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_secret(token))
    )
    if row is None:
        return invalid
    now = utcnow()
    if row.used_at is not None or row.revoked_at is not None:
        if row.used_at is not None:
            # A token presented twice: someone else holds a copy. End the whole session.
            await _revoke_family(session, row.family_id)
            await audit.record(
                session,
                AuditContext("user", row.user_id, context.client_address, context.request_id),
                "refresh_reuse",
                object_type="refresh_family",
                object_id=row.family_id,
            )
        return invalid
    if row.expires_at <= now:
        return invalid
    claimed = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await _revoke_family(session, row.family_id)
        return invalid
    user = await session.get(UserAccount, row.user_id)
    live = await session.get(UserSession, row.family_id)
    if user is None or not user.actif or live is None or live.ended_at is not None:
        await _revoke_family(session, row.family_id)
        return invalid
    if now >= min(sessions.session_ends(settings, user.role, live.created_at, live.last_used_at)):
        # Past its absolute or idle end, a session ends by itself: refreshing does not revive it.
        await _revoke_family(session, row.family_id)
        live.ended_at = now
        return invalid
    # A refresh is not activity: the SPA renews its access token on a timer, which must not
    # keep an unattended session alive (the idle limit counts the uses of access tokens).
    return await _session_grant(session, settings, user, live)


async def revoke(session: AsyncSession, context: AuditContext, *, token: str) -> UserSession | None:
    """RFC 7009: revoking an unknown token is not an error. Ends the token's session and
    returns it (its ProConnect ID token ends the provider's session too)."""
    row = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == hash_secret(token))
    )
    if row is None:
        return None
    await _revoke_family(session, row.family_id)
    ended = await session.get(UserSession, row.family_id)
    if ended is not None and ended.ended_at is None:
        ended.ended_at = utcnow()
    await audit.record(
        session,
        AuditContext("user", row.user_id, context.client_address, context.request_id),
        "logout",
        object_type="refresh_family",
        object_id=row.family_id,
    )
    return ended


async def client_credentials_grant(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    client_id: str,
    client_secret: str,
    scope: str | None,
) -> TokenGrant | GrantFailure:
    now = utcnow()
    throttle = throttle_keys("client", client_id, context.client_address)
    await slow_down(session, settings, throttle, now)
    blocked = await check_blocked(session, throttle, now)
    if blocked is not None:
        await audit.record(session, context, "login_refused", details={"raison": "throttle"})
        return blocked
    client = await session.scalar(
        select(ApiClient)
        .where(ApiClient.client_id == client_id)
        .options(selectinload(ApiClient.secrets))
    )
    presented = hash_secret(client_secret)
    secret_ok = client is not None and any(
        secrets_equal(s.secret_hash, presented) and (s.expires_at is None or s.expires_at > now)
        for s in client.secrets
    )
    if client is None or not secret_ok or not client.actif or client.revoked_at is not None:
        subject = ("api_client", client.id) if client else None
        await register_failure(session, settings, throttle, now, context, subject=subject)
        await audit.record(
            session,
            context,
            "login_failed",
            object_type="api_client",
            object_id=client.id if client else None,
            details={"raison": "client"},
        )
        return GrantFailure(401, "client_invalide", "Identifiants du client d'API incorrects.")
    granted = set(client.scopes)
    if scope:
        requested = set(scope.split())
        if not requested <= granted:
            return GrantFailure(
                400,
                "portee_invalide",
                "Portée demandée non accordée à ce client : "
                + ", ".join(sorted(requested - granted)),
            )
        granted = requested
    scopes = " ".join(sorted(granted))
    access, ttl = _issue_access(
        settings,
        f"client:{client.id}",
        {"typ": "client", "role": client.role.value, "scope": scopes},
    )
    await audit.record(
        session,
        AuditContext("client", client.id, context.client_address, context.request_id),
        "login",
        object_type="api_client",
        object_id=client.id,
    )
    return TokenGrant(access, ttl, None, scopes)


def totp_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name="Convergence")


def totp_step(secret: str, code: str, at: datetime | None = None) -> int | None:
    """The time step (30 s) whose code this is, one step of drift allowed either way."""
    generator = pyotp.TOTP(secret)
    moment = at or utcnow()
    current = generator.timecode(moment)
    for offset in (0, -1, 1):
        if secrets_equal(generator.generate_otp(current + offset), code):
            return current + offset
    return None


def new_totp_secret() -> str:
    return pyotp.random_base32()
