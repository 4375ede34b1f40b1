"""How orientations react to other features' events (registered by importing api.handlers)."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, outbox
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.core.events import handles
from api.orientations.machine import OUVERTES
from api.orientations.models import Orientation
from api.orientations.service import event_payload, move
from api.referentiel import StatutOrientation
from api.salaries.events import ConsentementRetire


@handles(ConsentementRetire)
async def annuler_les_orientations(session: AsyncSession, event: ConsentementRetire) -> None:
    """No sharing without consent: the open orientations to that partner are cancelled."""
    await cancel_for_revoked_consent(session, event.context, event.salarie_id, event.partenaire_id)


async def cancel_for_revoked_consent(
    session: AsyncSession, context: AuditContext, salarie_id: uuid.UUID, partenaire_id: uuid.UUID
) -> int:
    """Revoking a consent to share cancels the open orientations to that partner."""
    rows = (
        await session.scalars(
            select(Orientation).where(
                Orientation.salarie_id == salarie_id,
                Orientation.partenaire_id == partenaire_id,
                Orientation.statut.in_([StatutOrientation.brouillon, *OUVERTES]),
            )
        )
    ).all()
    for orientation in rows:
        await move(session, orientation, StatutOrientation.annulee, "systeme", None)
        orientation.cloturee_le = utcnow()
        await outbox.publish(
            session, "orientation.annulee", event_payload(orientation), partenaire_id
        )
        await audit.record(
            session,
            context,
            "update",
            object_type="orientation",
            object_id=orientation.id,
            salarie_id=salarie_id,
            details={"transition": "annulee", "raison": "consentement_revoque"},
        )
    await session.flush()
    return len(rows)
