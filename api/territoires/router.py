from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.core.auth import REFERENCE_READERS, Actor, actor_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.core.permissions import Permission
from api.referentiel import Densite, StatutTerritoire
from api.territoires import service
from api.territoires.schemas import (
    TerritoireCreate,
    TerritoireDetail,
    TerritoireOut,
    TerritoireUpdate,
)

router = APIRouter(prefix="/api/v1/territoires", tags=["territoires"])

AdminNational = Annotated[Actor, Depends(requires(Permission.territoires_write))]


@router.get(
    "",
    summary="Lister les territoires",
    response_model=Page[TerritoireOut],
    responses=problem_responses(401, 403, 422),
)
async def list_territoires(
    session: SessionDep,
    actor: REFERENCE_READERS,
    params: Annotated[PageParams, Depends(page_params)],
    statut: Annotated[StatutTerritoire | None, Query(description="Filtrer par statut")] = None,
    densite: Annotated[Densite | None, Query(description="Filtrer par densité")] = None,
) -> Page[TerritoireOut]:
    items, next_cursor = await service.list_territoires(
        session, actor, params, statut=statut, densite=densite
    )
    return Page[TerritoireOut](items=items, next_cursor=next_cursor)


@router.post(
    "",
    summary="Créer un territoire (en préparation)",
    status_code=status.HTTP_201_CREATED,
    response_model=TerritoireOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_territoire(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AdminNational,
    data: TerritoireCreate,
) -> TerritoireOut:
    territoire = await service.create_territoire(
        session, actor, actor_context(request, actor), data
    )
    response.headers["Location"] = f"/api/v1/territoires/{territoire.id}"
    response.headers["ETag"] = etag(territoire.version)
    return await service.territoire_out(session, actor, territoire)


@router.get(
    "/{territoire_id}",
    summary="Lire un territoire : porteur, FAS, chargés de partenariat, historique",
    response_model=TerritoireDetail,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_territoire(
    response: Response, session: SessionDep, actor: REFERENCE_READERS, territoire_id: uuid.UUID
) -> TerritoireDetail:
    detail = await service.get_territoire(session, actor, territoire_id)
    response.headers["ETag"] = etag(detail.version)
    return detail


@router.patch(
    "/{territoire_id}",
    summary="Modifier un territoire (statut, densité, dates ; If-Match obligatoire)",
    response_model=TerritoireOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_territoire(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: AdminNational,
    territoire_id: uuid.UUID,
    data: TerritoireUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> TerritoireOut:
    territoire = await service.update_territoire(
        session, actor, actor_context(request, actor), territoire_id, version, data
    )
    response.headers["ETag"] = etag(territoire.version)
    return await service.territoire_out(session, actor, territoire)
