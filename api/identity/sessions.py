"""Sessions: one row per sign-in, ended by logout, by the user, an administrator or a
deactivation. Access tokens carry the session id (`sid`); the actor loader refuses a token
whose session has ended, so ending a session takes effect on the next request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.permissions import idle_minutes
from api.identity.models import RefreshToken, UserSession
from api.referentiel import Role
from api.settings import Settings

# A session's last activity is written at most once per this interval (not on every request).
ACTIVITY_RESOLUTION = timedelta(minutes=1)
# The session's `methode` when ProConnect asserted a second factor (RFC 8176 `amr`).
PROCONNECT_MFA = "proconnect_mfa"


def session_ends(
    settings: Settings, role: Role, created_at: datetime, last_used_at: datetime
) -> tuple[datetime, datetime]:
    """(absolute end, idle end) of a session: it ends by itself at the earlier one.

    The idle end counts from the last recorded activity, which lags the real last request by
    less than ACTIVITY_RESOLUTION.
    """
    absolute = created_at + timedelta(hours=settings.session_absolute_hours)
    idle = last_used_at + timedelta(minutes=idle_minutes(settings, role))
    return absolute, min(idle, absolute)


async def touch(session: AsyncSession, session_id: uuid.UUID, now: datetime) -> None:
    """Record the session's activity (callers do it at most once a minute)."""
    await session.execute(
        update(UserSession)
        .where(UserSession.id == session_id)
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


def device_label(user_agent: str | None) -> str:
    """'Firefox sur Linux' from a User-Agent; never the raw header (it fingerprints)."""
    agent = (user_agent or "")[:500]
    browser = next((name for token, name in _BROWSERS if token in agent), None)
    system = next((name for token, name in _SYSTEMS if token in agent), None)
    if browser is None and re.match(r"^[\w.-]+/[\d.]+", agent):
        browser = agent.split("/", 1)[0][:40]  # a script: "python-httpx", "curl"
    if browser and system:
        return f"{browser} sur {system}"
    return browser or system or "Appareil inconnu"


async def open_session(
    session: AsyncSession,
    user_id: uuid.UUID,
    *,
    user_agent: str | None,
    client_address: str | None,
    methode: str = "mot_de_passe",
    id_token: str | None = None,
) -> UserSession:
    now = utcnow()
    row = UserSession(
        user_id=user_id,
        created_at=now,
        last_used_at=now,
        appareil=device_label(user_agent),
        client_address=(client_address or "")[:64] or None,
        methode=methode,
        id_token=id_token,
    )
    session.add(row)
    await session.flush()
    return row


async def list_active(session: AsyncSession, user_id: uuid.UUID) -> Sequence[UserSession]:
    return (
        await session.scalars(
            select(UserSession)
            .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
            .order_by(UserSession.last_used_at.desc(), UserSession.id)
        )
    ).all()


async def end_sessions(
    session: AsyncSession, user_id: uuid.UUID, session_id: uuid.UUID | None = None
) -> list[uuid.UUID]:
    """End one session of the account (or all of them) and revoke their refresh tokens.

    Returns the ids of the sessions ended (empty when that session was not active).
    """
    now = utcnow()
    stmt = select(UserSession.id).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None)
    )
    if session_id is not None:
        stmt = stmt.where(UserSession.id == session_id)
    ended = list((await session.scalars(stmt)).all())
    if ended:
        await session.execute(
            update(UserSession)
            .where(UserSession.id.in_(ended))
            .values(ended_at=now)
            .execution_options(synchronize_session=False)
        )
    # Every refresh token of the account (sessions from before session rows existed too).
    revoke = update(RefreshToken).where(
        RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)
    )
    if session_id is not None:
        revoke = revoke.where(RefreshToken.family_id == session_id)
    await session.execute(revoke.values(revoked_at=now))
    return ended
