from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.core.auth import REFERENCE_READERS
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.territoires import service
from api.territoires.models import Densite, StatutTerritoire
from api.territoires.schemas import TerritoireOut

router = APIRouter(prefix="/api/v1/territoires", tags=["territoires"])


@router.get(
    "",
    summary="Lister les territoires",
    response_model=Page[TerritoireOut],
    responses=problem_responses(401, 403, 422),
)
async def list_territoires(
    session: SessionDep,
    _actor: REFERENCE_READERS,
    params: Annotated[PageParams, Depends(page_params)],
    statut: Annotated[StatutTerritoire | None, Query(description="Filtrer par statut")] = None,
    densite: Annotated[Densite | None, Query(description="Filtrer par densité")] = None,
) -> Page[TerritoireOut]:
    items, next_cursor = await service.list_territoires(
        session, params, statut=statut, densite=densite
    )
    return Page[TerritoireOut](
        items=[TerritoireOut.model_validate(t) for t in items], next_cursor=next_cursor
    )


@router.get(
    "/{territoire_id}",
    summary="Lire un territoire",
    response_model=TerritoireOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_territoire(
    session: SessionDep, _actor: REFERENCE_READERS, territoire_id: uuid.UUID
) -> TerritoireOut:
    return TerritoireOut.model_validate(await service.get_territoire(session, territoire_id))
