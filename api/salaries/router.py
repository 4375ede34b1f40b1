from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.core.auth import CASEWORKERS, PEOPLE_READERS, actor_context
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.salaries import service
from api.salaries.models import Consentement
from api.salaries.schemas import (
    ConsentementCreate,
    ConsentementOut,
    ReferentCreate,
    ReferentOut,
    RevocationIn,
    SalarieCreate,
    SalarieOut,
    SalarieUpdate,
)

router = APIRouter(prefix="/api/v1/salaries", tags=["salaries"])


def consent_out(c: Consentement) -> ConsentementOut:
    return ConsentementOut(
        id=c.id,
        type=c.type,
        partenaire_id=c.partenaire_id,
        inclut_sante=c.inclut_sante,
        date_recueil=c.date_recueil,
        revoque_le=c.revoque_le,
        actif=c.revoque_le is None,
    )


@router.get(
    "",
    summary="Rechercher une personne (nom, prénom ; accents et casse ignorés)",
    response_model=Page[SalarieOut],
    responses=problem_responses(401, 403, 422),
)
async def list_salaries(
    request: Request,
    session: SessionDep,
    actor: PEOPLE_READERS,
    params: Annotated[PageParams, Depends(page_params)],
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> Page[SalarieOut]:
    rows, cursor = await service.list_salaries(
        session, actor, actor_context(request, actor), params, q=q
    )
    return Page[SalarieOut](items=[SalarieOut.model_validate(r) for r in rows], next_cursor=cursor)


@router.post(
    "",
    summary="Enregistrer une personne (409 si un doublon probable existe)",
    status_code=status.HTTP_201_CREATED,
    response_model=SalarieOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_salarie(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    data: SalarieCreate,
) -> SalarieOut:
    salarie = await service.create_salarie(session, actor, actor_context(request, actor), data)
    response.headers["Location"] = f"/api/v1/salaries/{salarie.id}"
    response.headers["ETag"] = etag(salarie.version)
    return SalarieOut.model_validate(salarie)


@router.get(
    "/{salarie_id}",
    summary="Lire l'identité d'une personne (accès tracé)",
    response_model=SalarieOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_salarie(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: PEOPLE_READERS,
    salarie_id: uuid.UUID,
) -> SalarieOut:
    salarie = await service.get_salarie(session, actor, salarie_id, actor_context(request, actor))
    response.headers["ETag"] = etag(salarie.version)
    return SalarieOut.model_validate(salarie)


@router.patch(
    "/{salarie_id}",
    summary="Rectifier l'identité d'une personne (If-Match obligatoire)",
    response_model=SalarieOut,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
async def update_salarie(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    salarie_id: uuid.UUID,
    data: SalarieUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> SalarieOut:
    salarie = await service.update_salarie(
        session, actor, actor_context(request, actor), salarie_id, version, data
    )
    response.headers["ETag"] = etag(salarie.version)
    return SalarieOut.model_validate(salarie)


@router.get(
    "/{salarie_id}/consentements",
    summary="Consentements de la personne (historique compris)",
    response_model=list[ConsentementOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_consentements(
    session: SessionDep, actor: CASEWORKERS, salarie_id: uuid.UUID
) -> list[ConsentementOut]:
    return [consent_out(c) for c in await service.list_consentements(session, actor, salarie_id)]


@router.post(
    "/{salarie_id}/consentements",
    summary="Enregistrer un consentement",
    status_code=status.HTTP_201_CREATED,
    response_model=ConsentementOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_consentement(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    salarie_id: uuid.UUID,
    data: ConsentementCreate,
) -> ConsentementOut:
    consentement = await service.add_consentement(
        session, actor, actor_context(request, actor), salarie_id, data
    )
    return consent_out(consentement)


@router.post(
    "/{salarie_id}/consentements/{consentement_id}/revocation",
    summary="Révoquer un consentement (l'historique est conservé)",
    response_model=ConsentementOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def revoke_consentement(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    salarie_id: uuid.UUID,
    consentement_id: uuid.UUID,
    data: RevocationIn,
) -> ConsentementOut:
    consentement = await service.revoke_consentement(
        session,
        actor,
        actor_context(request, actor),
        salarie_id,
        consentement_id,
        data.date_revocation,
    )
    return consent_out(consentement)


@router.get(
    "/{salarie_id}/referents",
    summary="Référents externes de la personne",
    response_model=list[ReferentOut],
    responses=problem_responses(401, 403, 404, 422),
)
async def list_referents(
    session: SessionDep, actor: CASEWORKERS, salarie_id: uuid.UUID
) -> list[ReferentOut]:
    return [
        ReferentOut.model_validate(r)
        for r in await service.list_referents(session, actor, salarie_id)
    ]


@router.post(
    "/{salarie_id}/referents",
    summary="Ajouter un référent externe",
    status_code=status.HTTP_201_CREATED,
    response_model=ReferentOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_referent(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    salarie_id: uuid.UUID,
    data: ReferentCreate,
) -> ReferentOut:
    referent = await service.add_referent(
        session, actor, actor_context(request, actor), salarie_id, data
    )
    return ReferentOut.model_validate(referent)
