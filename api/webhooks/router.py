from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from api.core.auth import Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.permissions import Permission
from api.webhooks import service
from api.webhooks.schemas import DeliveryOut, EndpointCreate, EndpointOut, EndpointSecretOut

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])

Owner = Annotated[
    Actor,
    Depends(requires(Permission.webhooks_manage)),
]


@router.get(
    "",
    summary="Mes points de réception de webhooks",
    response_model=list[EndpointOut],
    responses=problem_responses(401, 403),
)
async def list_endpoints(session: SessionDep, actor: Owner) -> list[EndpointOut]:
    return [EndpointOut.model_validate(e) for e in await service.list_endpoints(session, actor)]


@router.post(
    "",
    summary="Enregistrer un point de réception (HTTPS public ; secret affiché une seule fois)",
    status_code=status.HTTP_201_CREATED,
    response_model=EndpointSecretOut,
    responses=problem_responses(401, 403, 422),
)
async def create_endpoint(
    request: Request, response: Response, session: SessionDep, actor: Owner, data: EndpointCreate
) -> EndpointSecretOut:
    endpoint, secret = await service.create_endpoint(
        session, actor, actor_context(request, actor), request.app.state.settings, data
    )
    response.headers["Location"] = f"/api/v1/webhooks/{endpoint.id}"
    response.headers["Cache-Control"] = "no-store"
    return EndpointSecretOut(endpoint=EndpointOut.model_validate(endpoint), secret=secret)


@router.post(
    "/{endpoint_id}/rotation",
    summary="Renouveler le secret (les deux signatures sont envoyées pendant 24 heures)",
    response_model=EndpointSecretOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def rotate_secret(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Owner,
    endpoint_id: uuid.UUID,
) -> EndpointSecretOut:
    endpoint, secret, until = await service.rotate_secret(
        session, actor, actor_context(request, actor), request.app.state.settings, endpoint_id
    )
    response.headers["Cache-Control"] = "no-store"
    return EndpointSecretOut(
        endpoint=EndpointOut.model_validate(endpoint),
        secret=secret,
        ancien_secret_valide_jusqu_a=until,
    )


@router.post(
    "/{endpoint_id}/desactivation",
    summary="Désactiver un point de réception",
    response_model=EndpointOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def disable_endpoint(
    request: Request, session: SessionDep, actor: Owner, endpoint_id: uuid.UUID
) -> EndpointOut:
    endpoint = await service.disable_endpoint(
        session, actor, actor_context(request, actor), endpoint_id
    )
    return EndpointOut.model_validate(endpoint)


@router.get(
    "/{endpoint_id}/livraisons",
    summary="Livraisons et tentatives (les plus récentes d'abord)",
    response_model=list[DeliveryOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_deliveries(
    session: SessionDep, actor: Owner, endpoint_id: uuid.UUID
) -> list[DeliveryOut]:
    return await service.list_deliveries(session, actor, endpoint_id)


@router.post(
    "/livraisons/{delivery_id}/rejeu",
    summary="Rejouer une livraison échouée",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        202: {"description": "Relivraison programmée"},
        **problem_responses(401, 403, 404, 409, 422),
    },
)
async def replay_delivery(
    request: Request, session: SessionDep, actor: Owner, delivery_id: uuid.UUID
) -> Response:
    await service.replay_delivery(session, actor, actor_context(request, actor), delivery_id)
    return Response(status_code=status.HTTP_202_ACCEPTED)
