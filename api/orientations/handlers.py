"""How orientations react to other features' events (registered by importing api.handlers)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.events import handles
from api.orientations.service import cancel_for_revoked_consent
from api.salaries.events import ConsentementRetire


@handles(ConsentementRetire)
async def annuler_les_orientations(session: AsyncSession, event: ConsentementRetire) -> None:
    """No sharing without consent: the open orientations to that partner are cancelled."""
    await cancel_for_revoked_consent(session, event.context, event.salarie_id, event.partenaire_id)
