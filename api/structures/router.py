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
from api.core.validators import Siret
from api.referentiel import Domaine, Engagement, TypePartenaire, TypeStructure
from api.structures import service
from api.structures.schemas import StructureCreate, StructureOut, StructureUpdate

router = APIRouter(prefix="/api/v1/structures", tags=["structures"])

NetworkEditor = Annotated[Actor, Depends(requires(Permission.structures_write))]


@router.get(
    "",
    summary="Annuaire des structures (chantiers, partenaires, FAS, financeurs...)",
    description=(
        "Recherche par nom, filtres par type, territoire (siège ou territoire desservi), "
        "domaine, type de partenaire et engagement ; tri par nom ; pagination par curseur."
    ),
    response_model=Page[StructureOut],
    responses=problem_responses(401, 403, 422),
)
async def list_structures(
    session: SessionDep,
    actor: REFERENCE_READERS,
    params: Annotated[PageParams, Depends(page_params)],
    territoire_id: Annotated[uuid.UUID | None, Query(description="Territoire")] = None,
    type: Annotated[TypeStructure | None, Query(description="Type de structure")] = None,
    siret: Annotated[Siret | None, Query(description="SIRET exact (14 chiffres)")] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Recherche dans le nom")
    ] = None,
    domaine: Annotated[Domaine | None, Query(description="Domaine couvert")] = None,
    type_partenaire: Annotated[TypePartenaire | None, Query()] = None,
    engagement: Annotated[Engagement | None, Query()] = None,
) -> Page[StructureOut]:
    items, next_cursor = await service.list_structures(
        session,
        actor,
        params,
        territoire_id=territoire_id,
        type=type,
        siret=siret,
        q=q,
        domaine=domaine,
        type_partenaire=type_partenaire,
        engagement=engagement,
    )
    return Page[StructureOut](
        items=[StructureOut.model_validate(s) for s in items], next_cursor=next_cursor
    )


@router.post(
    "",
    summary="Créer une structure",
    status_code=status.HTTP_201_CREATED,
    response_model=StructureOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_structure(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: NetworkEditor,
    data: StructureCreate,
) -> StructureOut:
    structure = await service.create_structure(session, actor, actor_context(request, actor), data)
    response.headers["Location"] = f"/api/v1/structures/{structure.id}"
    response.headers["ETag"] = etag(structure.version)
    return StructureOut.model_validate(structure)


@router.get(
    "/{structure_id:uuid}",  # never `data-inclusion`: PATCH there is a 405, not a bad id
    summary="Lire une structure",
    response_model=StructureOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_structure(
    response: Response, session: SessionDep, actor: REFERENCE_READERS, structure_id: uuid.UUID
) -> StructureOut:
    structure = await service.get_structure(session, actor, structure_id)
    response.headers["ETag"] = etag(structure.version)
    return StructureOut.model_validate(structure)


@router.patch(
    "/{structure_id:uuid}",  # never `data-inclusion`: PATCH there is a 405, not a bad id
    summary="Modifier une structure (If-Match obligatoire)",
    response_model=StructureOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_structure(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: NetworkEditor,
    structure_id: uuid.UUID,
    data: StructureUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> StructureOut:
    structure = await service.update_structure(
        session, actor, actor_context(request, actor), structure_id, version, data
    )
    response.headers["ETag"] = etag(structure.version)
    return StructureOut.model_validate(structure)
