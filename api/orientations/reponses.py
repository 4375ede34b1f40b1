"""The partner's answers to an orientation (acceptance, refusal, realisation) and the
chantier's abandonment of an accepted one.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.db import utcnow
from api.core.errors import InvalidField
from api.orientations.acces import get_orientation, is_partner
from api.orientations.machine import ORIENTATION
from api.orientations.models import Orientation
from api.orientations.schemas import RealisationIn, RefusIn, ReponseIn
from api.orientations.service import move
from api.referentiel import StatutOrientation


async def _partner_transition(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    verbe: str,
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    to = ORIENTATION.check(orientation.statut, verbe).vers
    assert to is not None
    if orientation.premiere_reponse_le is None:
        orientation.premiere_reponse_le = utcnow()
    await move(session, orientation, to, actor.kind, actor.id)
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={"transition": to.value},
    )
    return orientation


def _partner_only(actor: Actor) -> None:
    if not is_partner(actor):
        raise Forbidden("Seul le partenaire destinataire répond à l'orientation.")


async def accept(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: ReponseIn,
) -> Orientation:
    _partner_only(actor)
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "acceptation",
    )
    orientation.commentaire_reponse = data.commentaire
    await session.flush()
    return orientation


async def refuse(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: RefusIn,
) -> Orientation:
    _partner_only(actor)
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "refus",
    )
    orientation.motif_refus = data.motif
    orientation.commentaire_reponse = data.commentaire
    orientation.cloturee_le = utcnow()
    await session.flush()
    return orientation


async def realise(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: RealisationIn,
) -> Orientation:
    _partner_only(actor)
    if data.date_realisation > date.today():
        raise InvalidField("body.date_realisation", "La date ne peut pas être future.")
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "realisation",
    )
    orientation.date_realisation = data.date_realisation
    if data.commentaire:
        orientation.commentaire_reponse = data.commentaire
    orientation.cloturee_le = utcnow()
    await session.flush()
    return orientation


async def abandon(
    session: AsyncSession, actor: Actor, context: AuditContext, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "abandon")
    await move(session, orientation, StatutOrientation.abandonnee, actor.kind, actor.id)
    orientation.cloturee_le = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={"transition": "abandonnee"},
    )
    return orientation
