from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.core.auth import REFERENCE_READERS
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.core.validators import Siret
from api.structures import service
from api.structures.models import TypeStructure
from api.structures.schemas import StructureOut

router = APIRouter(prefix="/api/v1/structures", tags=["structures"])


@router.get(
    "",
    summary="Lister les structures",
    description="Structures connues du programme, filtrables par territoire, type, SIRET ou nom.",
    response_model=Page[StructureOut],
    responses=problem_responses(401, 403, 422),
)
async def list_structures(
    session: SessionDep,
    _actor: REFERENCE_READERS,
    params: Annotated[PageParams, Depends(page_params)],
    territoire_id: Annotated[uuid.UUID | None, Query(description="Territoire")] = None,
    type: Annotated[TypeStructure | None, Query(description="Type de structure")] = None,
    siret: Annotated[Siret | None, Query(description="SIRET exact (14 chiffres)")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Recherche dans le nom")
    ] = None,
) -> Page[StructureOut]:
    items, next_cursor = await service.list_structures(
        session, params, territoire_id=territoire_id, type=type, siret=siret, q=q
    )
    return Page[StructureOut](
        items=[StructureOut.model_validate(s) for s in items], next_cursor=next_cursor
    )


@router.get(
    "/{structure_id}",
    summary="Lire une structure",
    response_model=StructureOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_structure(
    session: SessionDep, _actor: REFERENCE_READERS, structure_id: uuid.UUID
) -> StructureOut:
    return StructureOut.model_validate(await service.get_structure(session, structure_id))
