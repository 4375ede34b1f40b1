"""Use cases of structures (read-only until the network issue adds writes)."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import NotFound
from api.core.pagination import PageParams, paginate
from api.structures.models import Structure, TypeStructure


class StructureNotFound(NotFound):
    code = "structure_introuvable"
    detail = "Aucune structure ne correspond à cet identifiant."


def visible_structures() -> Select[Structure]:
    """Every read of structures starts here (the identity issue narrows it by actor)."""
    return select(Structure)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_structures(
    session: AsyncSession,
    params: PageParams,
    *,
    territoire_id: uuid.UUID | None = None,
    type: TypeStructure | None = None,
    siret: str | None = None,
    q: str | None = None,
) -> tuple[list[Structure], str | None]:
    stmt = visible_structures()
    if territoire_id is not None:
        stmt = stmt.where(Structure.territoire_id == territoire_id)
    if type is not None:
        stmt = stmt.where(Structure.type == type)
    if siret is not None:
        stmt = stmt.where(Structure.siret == siret)
    if q:
        stmt = stmt.where(
            func.lower(Structure.nom).like(f"%{_escape_like(q.lower())}%", escape="\\")
        )
    return await paginate(session, stmt, sort=Structure.nom, tiebreak=Structure.id, params=params)


async def get_structure(session: AsyncSession, structure_id: uuid.UUID) -> Structure:
    structure = await session.scalar(visible_structures().where(Structure.id == structure_id))
    if structure is None:
        raise StructureNotFound()
    return structure
