"""Each user's "seen" marker of their À faire: what arrived after it is new to them."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import Actor, Forbidden
from api.core.db import utcnow
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.parcours.models import AFaireVu, Parcours
from api.referentiel import StatutOrientation

# Partner news older than this leave the inbox (they stay on the orientation's page).
NEWS_WINDOW_DAYS = 30

# The orientation statuses only a partner (or the expiry) moves to: its answers.
ANSWER_STATUSES = (
    StatutOrientation.acceptee,
    StatutOrientation.refusee,
    StatutOrientation.realisee,
    StatutOrientation.expiree,
)


async def seen_at(session: AsyncSession, actor: Actor) -> datetime | None:
    if actor.is_client:
        return None
    return await session.scalar(select(AFaireVu.vu_le).where(AFaireVu.utilisateur_id == actor.id))


async def mark_seen(session: AsyncSession, actor: Actor) -> datetime:
    """Everything in the inbox up to now is no longer new for this user (only)."""
    if actor.is_client:
        raise Forbidden("Seule une personne connectée marque son « À faire » comme vu.")
    now = utcnow()
    marker = await session.get(AFaireVu, actor.id)
    if marker is not None:
        marker.vu_le = now
        await session.flush()
        return now
    try:
        async with session.begin_nested():
            session.add(AFaireVu(utilisateur_id=actor.id, vu_le=now))
    except IntegrityError:
        # Another tab marked it at the same moment: move that marker instead.
        await session.execute(
            update(AFaireVu).where(AFaireVu.utilisateur_id == actor.id).values(vu_le=now)
        )
    return now


def followed_by(actor: Actor) -> Any:
    """The orientations the caller sent, or whose person they accompany as référent."""
    return or_(
        Orientation.demandeur_id == actor.id,
        Orientation.parcours_id.in_(select(Parcours.id).where(Parcours.referent_id == actor.id)),
    )


async def unread_answers(
    session: AsyncSession, actor: Actor, orientation_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Among these orientations, those the caller follows with a partner answer or message
    that arrived after their last visit of À faire (and within the inbox's window)."""
    if not orientation_ids or actor.is_client:
        return set()
    seen = await seen_at(session, actor)
    threshold = utcnow() - timedelta(days=NEWS_WINDOW_DAYS)
    if seen is not None and seen > threshold:
        threshold = seen
    followed = select(Orientation.id).where(Orientation.id.in_(orientation_ids), followed_by(actor))
    answered = select(OrientationEvenement.orientation_id).where(
        OrientationEvenement.orientation_id.in_(followed),
        OrientationEvenement.statut.in_(ANSWER_STATUSES),
        OrientationEvenement.at > threshold,
    )
    written = select(OrientationMessage.orientation_id).where(
        OrientationMessage.orientation_id.in_(followed),
        OrientationMessage.cote == "partenaire",
        OrientationMessage.created_at > threshold,
    )
    return set((await session.scalars(answered.union(written))).all())
