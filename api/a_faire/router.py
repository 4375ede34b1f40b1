"""The caseworker's two lists: the caseload (`GET /api/v1/parcours`, tag parcours) and the
inbox, "À faire", with its "seen" marker."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from api.a_faire import caseload, service, synthese
from api.a_faire.schemas import AFaireOut, AFaireVuOut, SyntheseOut
from api.core.auth import CASEWORKERS, PEOPLE_READERS, Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.core.permissions import Permission
from api.parcours import vu
from api.parcours.schemas import CaseloadPage
from api.referentiel import StatutParcours

router = APIRouter(prefix="/api/v1/a-faire", tags=["a_faire"])
# The caseload answers on the parcours collection, under the parcours tag (same operation id).
caseload_router = APIRouter(prefix="/api/v1/parcours", tags=["parcours"])

AFaireReaders = Annotated[Actor, Depends(requires(Permission.a_faire_read))]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=512)]


@caseload_router.get(
    "",
    summary="File active : les parcours de mon périmètre, avec leurs alertes",
    response_model=CaseloadPage,
    responses=problem_responses(401, 403, 422),
)
async def list_parcours(
    request: Request,
    session: SessionDep,
    actor: PEOPLE_READERS,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    statut: Annotated[StatutParcours | None, Query(description="Par défaut : non clos")] = None,
    chantier_id: Annotated[uuid.UUID | None, Query()] = None,
    referent_id: Annotated[uuid.UUID | None, Query()] = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> CaseloadPage:
    items, next_cursor = await caseload.caseload(
        session,
        actor,
        actor_context(request, actor),
        limit=limit,
        cursor=cursor,
        statut=statut,
        chantier_id=chantier_id,
        referent_id=referent_id,
        q=q,
    )
    return CaseloadPage(items=items, next_cursor=next_cursor)


@caseload_router.get(
    "/{parcours_id}/synthese",
    summary="Synthèse d'une personne : échéances, freins ouverts, orientations et réponses, "
    "dernier entretien, contrat (accès tracé)",
    description="What the person's page opens on. Keys the caller may not read are absent: "
    "`freins` without freins:read (and a domaine's level without its details), `orientations` "
    "without orientations:read, `dernier_entretien` without journal:read. The contract's end "
    "is absent once the person has left.",
    response_model=SyntheseOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_synthese(
    request: Request,
    session: SessionDep,
    actor: PEOPLE_READERS,
    parcours_id: uuid.UUID,
) -> SyntheseOut:
    return await synthese.synthese(session, actor, actor_context(request, actor), parcours_id)


@router.get(
    "",
    summary="À faire : réponses des partenaires, échéances et arrivées à accueillir, par "
    "personne, les plus urgentes d'abord",
    description="The caller's inbox: partner answers and messages on the orientations they "
    "sent or follow (last 30 days), and the deadlines and alerts of their people. `nouveau` "
    "marks what arrived after the caller last called `POST /api/v1/a-faire/vu`.",
    response_model=AFaireOut,
    responses=problem_responses(401, 403),
)
async def a_faire(
    session: SessionDep,
    actor: AFaireReaders,
) -> AFaireOut:
    return await service.inbox(session, actor)


@router.post(
    "/vu",
    summary="Marquer mon « À faire » comme vu : ce qui y est n'est plus nouveau (pour moi)",
    response_model=AFaireVuOut,
    responses=problem_responses(401, 403),
)
async def a_faire_vu(
    session: SessionDep,
    actor: CASEWORKERS,
) -> AFaireVuOut:
    return AFaireVuOut(vu_le=await vu.mark_seen(session, actor))
