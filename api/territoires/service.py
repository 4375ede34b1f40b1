"""Use cases of territoires. Reference data, readable by every authenticated caller."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import NotFound
from api.core.pagination import PageParams, paginate
from api.territoires.models import Densite, StatutTerritoire, Territoire


class TerritoireNotFound(NotFound):
    code = "territoire_introuvable"
    detail = "Aucun territoire ne correspond à cet identifiant."


def visible_territoires() -> Select[Territoire]:
    """Every read of territoires starts here (the identity issue narrows it by actor)."""
    return select(Territoire)


async def list_territoires(
    session: AsyncSession,
    params: PageParams,
    *,
    statut: StatutTerritoire | None = None,
    densite: Densite | None = None,
) -> tuple[list[Territoire], str | None]:
    stmt = visible_territoires()
    if statut is not None:
        stmt = stmt.where(Territoire.statut == statut)
    if densite is not None:
        stmt = stmt.where(Territoire.densite == densite)
    return await paginate(session, stmt, sort=Territoire.nom, tiebreak=Territoire.id, params=params)


async def get_territoire(session: AsyncSession, territoire_id: uuid.UUID) -> Territoire:
    territoire = await session.scalar(visible_territoires().where(Territoire.id == territoire_id))
    if territoire is None:
        raise TerritoireNotFound()
    return territoire
