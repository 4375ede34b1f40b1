"""The thread of an orientation between the chantier and the partner."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, outbox
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.orientations.acces import get_orientation, is_partner
from api.orientations.machine import ORIENTATION
from api.orientations.models import OrientationMessage
from api.orientations.schemas import MessageIn
from api.orientations.service import ConsentementRequis, event_payload
from api.referentiel import TypeConsentement
from api.salaries import service as salaries_service


async def list_messages(
    session: AsyncSession, actor: Actor, orientation_id: uuid.UUID
) -> list[OrientationMessage]:
    orientation = await get_orientation(session, actor, orientation_id)
    return list(
        (
            await session.scalars(
                select(OrientationMessage)
                .where(OrientationMessage.orientation_id == orientation.id)
                .order_by(OrientationMessage.created_at)
            )
        ).all()
    )


async def post_message(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: MessageIn,
) -> OrientationMessage:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "message")
    if not is_partner(actor) and (
        await salaries_service.active_consent(
            session,
            orientation.salarie_id,
            TypeConsentement.partage_partenaire,
            orientation.partenaire_id,
        )
        is None
    ):
        # A message from the chantier shares news of the person: not without consent.
        raise ConsentementRequis()
    message = OrientationMessage(
        orientation_id=orientation.id,
        cote="partenaire" if is_partner(actor) else "convergence",
        auteur_type=actor.kind,
        auteur_id=actor.id,
        texte=data.texte,
    )
    session.add(message)
    await session.flush()
    if not is_partner(actor):
        await outbox.publish(
            session,
            "orientation.message",
            event_payload(orientation) | {"message_id": str(message.id)},
            orientation.partenaire_id,
        )
    await audit.record(
        session,
        context,
        "create",
        object_type="orientation_message",
        object_id=message.id,
        salarie_id=orientation.salarie_id,
    )
    return message
