from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.core import audit
from api.core.auth import Actor, actor_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.core.permissions import Permission
from api.core.replica import ReadSessionDep
from api.core.validators import DateTime
from api.orientations import acces, messages, presentation, reponses, service
from api.orientations.models import Orientation
from api.orientations.schemas import (
    DonneesPartagees,
    MessageIn,
    MessageOut,
    OrientationCreate,
    OrientationOut,
    OrientationPage,
    OrientationPartenaireOut,
    OrientationUpdate,
    RealisationIn,
    RefusIn,
    ReponseIn,
    StatistiquesOut,
)
from api.orientations.statistiques import statistics_for
from api.referentiel import StatutOrientation

router = APIRouter(prefix="/api/v1/orientations", tags=["orientations"])

Readers = Annotated[Actor, Depends(requires(Permission.orientations_read))]
Senders = Annotated[Actor, Depends(requires(Permission.orientations_create))]
Partner = Annotated[Actor, Depends(requires(Permission.orientations_answer))]
Correspondents = Annotated[Actor, Depends(requires(Permission.orientations_message))]
AnyOrientation = OrientationOut | OrientationPartenaireOut


async def _one(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Actor,
    orientation: Orientation,
) -> AnyOrientation:
    (out,) = await presentation.outputs(session, actor, [orientation])
    response.headers["ETag"] = etag(orientation.version)
    return out


@router.get(
    "",
    summary="Lister les orientations (pour un partenaire : celles qui lui sont adressées)",
    response_model=OrientationPage,
    responses=problem_responses(401, 403, 422),
)
async def list_orientations(
    request: Request,
    session: SessionDep,
    actor: Readers,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    statut: Annotated[StatutOrientation | None, Query()] = None,
    depuis: Annotated[
        DateTime | None,
        Query(description="Modifiées depuis (ISO 8601), pour un suivi par script"),
    ] = None,
    parcours_id: Annotated[uuid.UUID | None, Query()] = None,
    partenaire_id: Annotated[uuid.UUID | None, Query()] = None,
) -> OrientationPage:
    rows, next_cursor = await service.list_orientations(
        session,
        actor,
        request.app.state.settings,
        limit=limit,
        cursor=cursor,
        statut=statut,
        depuis=depuis,
        parcours_id=parcours_id,
        partenaire_id=partenaire_id,
    )
    return OrientationPage(
        items=await presentation.outputs(session, actor, rows), next_cursor=next_cursor
    )


@router.post(
    "",
    summary="Préparer une orientation (brouillon)",
    status_code=status.HTTP_201_CREATED,
    response_model=OrientationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_orientation(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Senders,
    data: OrientationCreate,
) -> AnyOrientation:
    orientation = await service.create_orientation(
        session, actor, actor_context(request, actor), data
    )
    response.headers["Location"] = f"/api/v1/orientations/{orientation.id}"
    return await _one(request, response, session, actor, orientation)


@router.get(
    "/statistiques",
    summary="Réponses des partenaires d'un territoire (taux, motifs de refus, délais)",
    response_model=StatistiquesOut,
    responses=problem_responses(401, 403, 422),
)
async def statistiques(
    session: ReadSessionDep,
    actor: Annotated[
        Actor,
        Depends(requires(Permission.orientations_statistics)),
    ],
    territoire_id: Annotated[uuid.UUID | None, Query()] = None,
) -> StatistiquesOut:
    return await statistics_for(session, actor, territoire_id)


@router.get(
    "/{orientation_id:uuid}",  # never `statistiques`: PATCH there is a 405, not a bad id
    summary="Lire une orientation (accès tracé)",
    response_model=AnyOrientation,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_orientation(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Readers,
    orientation_id: uuid.UUID,
) -> AnyOrientation:
    await service.expire_due(session, request.app.state.settings)
    orientation = await acces.get_orientation(session, actor, orientation_id)
    await audit.record(
        session,
        actor_context(request, actor),
        "read",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
    )
    return await _one(request, response, session, actor, orientation)


@router.get(
    "/{orientation_id}/apercu",
    summary="Ce que le partenaire verra si l'orientation est envoyée maintenant",
    response_model=DonneesPartagees,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403, 404, 422),
)
async def apercu(
    session: SessionDep, actor: Senders, orientation_id: uuid.UUID
) -> DonneesPartagees:
    orientation = await acces.get_orientation(session, actor, orientation_id)
    return await service.disclosure(session, orientation)


@router.patch(
    "/{orientation_id:uuid}",
    summary="Modifier un brouillon d'orientation (If-Match obligatoire)",
    response_model=OrientationOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_orientation(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Senders,
    orientation_id: uuid.UUID,
    data: OrientationUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> AnyOrientation:
    orientation = await service.update_orientation(
        session, actor, actor_context(request, actor), orientation_id, version, data
    )
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/envoi",
    summary="Envoyer au partenaire (consentement exigé ; données figées à l'envoi)",
    response_model=OrientationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def envoyer(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Senders,
    orientation_id: uuid.UUID,
) -> AnyOrientation:
    orientation = await service.send(session, actor, actor_context(request, actor), orientation_id)
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/annulation",
    summary="Annuler l'orientation (côté émetteur, avant réalisation)",
    response_model=OrientationOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def annuler(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Senders,
    orientation_id: uuid.UUID,
) -> AnyOrientation:
    orientation = await service.cancel(
        session, actor, actor_context(request, actor), orientation_id
    )
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/acceptation",
    summary="Accepter l'orientation (partenaire)",
    response_model=OrientationPartenaireOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def accepter(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Partner,
    orientation_id: uuid.UUID,
    data: ReponseIn,
) -> AnyOrientation:
    orientation = await reponses.accept(
        session, actor, actor_context(request, actor), orientation_id, data
    )
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/refus",
    summary="Refuser l'orientation avec un motif (partenaire)",
    response_model=OrientationPartenaireOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def refuser(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Partner,
    orientation_id: uuid.UUID,
    data: RefusIn,
) -> AnyOrientation:
    orientation = await reponses.refuse(
        session, actor, actor_context(request, actor), orientation_id, data
    )
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/realisation",
    summary="Marquer l'orientation réalisée (partenaire)",
    response_model=OrientationPartenaireOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def realiser(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Partner,
    orientation_id: uuid.UUID,
    data: RealisationIn,
) -> AnyOrientation:
    orientation = await reponses.realise(
        session, actor, actor_context(request, actor), orientation_id, data
    )
    return await _one(request, response, session, actor, orientation)


@router.post(
    "/{orientation_id}/abandon",
    summary="Abandonner une orientation acceptée",
    response_model=AnyOrientation,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def abandonner(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Correspondents,
    orientation_id: uuid.UUID,
) -> AnyOrientation:
    orientation = await reponses.abandon(
        session, actor, actor_context(request, actor), orientation_id
    )
    return await _one(request, response, session, actor, orientation)


@router.get(
    "/{orientation_id}/messages",
    summary="Fil des messages entre l'émetteur et le partenaire",
    response_model=list[MessageOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_messages(
    session: SessionDep, actor: Readers, orientation_id: uuid.UUID
) -> list[MessageOut]:
    return await presentation.messages_out(
        session, actor, await messages.list_messages(session, actor, orientation_id)
    )


@router.post(
    "/{orientation_id}/messages",
    summary="Écrire dans le fil de l'orientation",
    status_code=status.HTTP_201_CREATED,
    response_model=MessageOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def post_message(
    request: Request,
    session: SessionDep,
    actor: Correspondents,
    orientation_id: uuid.UUID,
    data: MessageIn,
) -> MessageOut:
    message = await messages.post_message(
        session, actor, actor_context(request, actor), orientation_id, data
    )
    (out,) = await presentation.messages_out(session, actor, [message])
    return out
