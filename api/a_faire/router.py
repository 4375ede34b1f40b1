"""The caller's inbox, "À faire", and its "seen" marker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.a_faire import service
from api.a_faire.schemas import AFaireOut, AFaireVuOut
from api.core.auth import CASEWORKERS, Actor, requires
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.permissions import Permission
from api.parcours import vu

router = APIRouter(prefix="/api/v1/a-faire", tags=["a_faire"])

AFaireReaders = Annotated[Actor, Depends(requires(Permission.a_faire_read))]


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
