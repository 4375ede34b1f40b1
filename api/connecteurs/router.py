from __future__ import annotations

import uuid
from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Header, Request, Response, status

from api.connecteurs import emplois as service
from api.connecteurs.schemas import (
    AccueilIn,
    AccueilOut,
    ArriveesOut,
    ConnexionIn,
    ConnexionOut,
    TestConnexionOut,
)
from api.core.auth import Actor, actor_context, requires
from api.core.concurrency import ETAG_PATTERN, etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.settings import Settings

router = APIRouter(prefix="/api/v1/chantiers/{chantier_id}", tags=["connecteurs"])
arrivees_router = APIRouter(prefix="/api/v1/arrivees", tags=["connecteurs"])

ConnectionManager = Annotated[Actor, Depends(requires(service.CONNECTION))]
ArrivalReader = Annotated[Actor, Depends(requires(service.ARRIVALS))]


def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


def optional_if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=64,
            pattern=ETAG_PATTERN,
            description="ETag de la connexion lue (obligatoire pour remplacer une connexion)",
        ),
    ] = None,
) -> int | None:
    return None if if_match is None else int(if_match.removeprefix("W/").strip('"'))


def _connexion_response(
    request: Request, response: Response, chantier_id: uuid.UUID, connexion: object
) -> ConnexionOut:
    out = service.connexion_out(_settings(request), chantier_id, connexion)  # type: ignore[arg-type]
    if out.version is not None:
        response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "/connexion-emplois",
    summary="Connexion du chantier aux emplois de l'inclusion (sans les identifiants)",
    response_model=ConnexionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_connexion(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConnectionManager,
    chantier_id: uuid.UUID,
) -> ConnexionOut:
    connexion = await service.get_connexion(session, actor, chantier_id)
    return _connexion_response(request, response, chantier_id, connexion)


@router.put(
    "/connexion-emplois",
    summary="Renseigner le compte employeur des emplois (chiffré, jamais renvoyé)",
    description="Crée la connexion ; la remplacer demande `If-Match` (ETag de la lecture).",
    response_model=ConnexionOut,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
async def set_connexion(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConnectionManager,
    chantier_id: uuid.UUID,
    data: ConnexionIn,
    version: Annotated[int | None, Depends(optional_if_match)],
) -> ConnexionOut:
    connexion = await service.set_connexion(
        session,
        _settings(request),
        actor,
        actor_context(request, actor),
        chantier_id,
        data,
        version,
    )
    return _connexion_response(request, response, chantier_id, connexion)


@router.delete(
    "/connexion-emplois",
    summary="Supprimer la connexion (les identifiants sont effacés)",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(401, 403, 404, 422),
)
async def delete_connexion(
    request: Request,
    session: SessionDep,
    actor: ConnectionManager,
    chantier_id: uuid.UUID,
) -> Response:
    await service.delete_connexion(session, actor, actor_context(request, actor), chantier_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/connexion-emplois/test",
    summary="Tester la connexion (jeton, puis première page des fiches salarié)",
    response_model=TestConnexionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def tester_connexion(
    request: Request,
    session: SessionDep,
    actor: ConnectionManager,
    chantier_id: uuid.UUID,
) -> TestConnexionOut:
    async with httpx.AsyncClient() as client:
        return await service.tester_connexion(
            session, _settings(request), actor, chantier_id, client
        )


@router.post(
    "/connexion-emplois/synchroniser",
    summary="Synchroniser maintenant (sinon le worker le fait toutes les heures)",
    response_model=ConnexionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def synchroniser(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConnectionManager,
    chantier_id: uuid.UUID,
) -> ConnexionOut:
    await service.get_connexion(session, actor, chantier_id)
    async with httpx.AsyncClient() as client:
        connexion = await service.synchroniser(
            session, _settings(request), chantier_id, client, actor_context(request, actor)
        )
    return _connexion_response(request, response, chantier_id, connexion)


@router.get(
    "/arrivees",
    summary="Arrivées à accueillir : embauches des emplois pas encore inscrites ici",
    response_model=ArriveesOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_arrivees(
    session: SessionDep,
    actor: ArrivalReader,
    chantier_id: uuid.UUID,
) -> ArriveesOut:
    rows = await service.list_arrivees(session, actor, chantier_id)
    return ArriveesOut(items=[service.arrivee_out(a) for a in rows])


@arrivees_router.post(
    "/{arrivee_id}/accueillir",
    summary="Accueillir : inscrire la personne (salarié, parcours, diagnostic en brouillon)",
    description=(
        "Crée la personne (règles de doublon habituelles), son parcours avec le PASS IAE et, "
        "si la fiche le permet, un diagnostic d'entrée en brouillon (droits, emploi). Les "
        "consentements ne sont pas importés : ils se recueillent auprès de la personne."
    ),
    status_code=status.HTTP_201_CREATED,
    response_model=AccueilOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def accueillir(
    request: Request,
    session: SessionDep,
    actor: ArrivalReader,
    arrivee_id: uuid.UUID,
    data: AccueilIn,
    version: Annotated[int, Depends(if_match_version)],
) -> AccueilOut:
    arrivee, diagnostic_id = await service.accueillir(
        session, actor, actor_context(request, actor), arrivee_id, version, data
    )
    assert arrivee.salarie_id is not None and arrivee.parcours_id is not None
    return AccueilOut(
        arrivee=service.arrivee_out(arrivee),
        salarie_id=arrivee.salarie_id,
        parcours_id=arrivee.parcours_id,
        diagnostic_id=diagnostic_id,
    )
