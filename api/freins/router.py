from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response, status

from api.core.auth import CASEWORKERS, REFERENCE_READERS, Actor, actor_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.permissions import Permission
from api.freins import catalogue, diagnostics, service
from api.freins.models import Diagnostic
from api.freins.schemas import (
    ActionCreate,
    ActionOut,
    ActionUpdate,
    CorrectionIn,
    DiagnosticIn,
    DiagnosticOut,
    DiagnosticUpdate,
    EvolutionOut,
    FreinCreate,
    FreinOut,
    FreinsDepuisDiagnosticIn,
    FreinUpdate,
    ReferentielOut,
    ValeurCreate,
    ValeurOut,
)

referentiel_router = APIRouter(prefix="/api/v1/referentiel", tags=["referentiel"])
diagnostics_router = APIRouter(tags=["diagnostics"])
freins_router = APIRouter(tags=["freins"])

AdminNational = Annotated[Actor, Depends(requires(Permission.referentiel_write))]
# Levels of every domaine for the chargé de partenariat (through an orientation, later).
Reader = Annotated[Actor, Depends(requires(Permission.freins_read))]


@referentiel_router.get(
    "",
    summary="Le référentiel des freins : domaines, situations, objectifs, types d'action",
    description="Réponse unique, mise en cache par ETag (If-None-Match → 304).",
    response_model=ReferentielOut,
    responses={304: {"description": "Inchangé"}, **problem_responses(401, 403, 422)},
)
async def get_referentiel(
    response: Response,
    session: SessionDep,
    _actor: REFERENCE_READERS,
    if_none_match: Annotated[str | None, Header(max_length=100)] = None,
) -> ReferentielOut | Response:
    out, tag = await catalogue.referentiel(session)
    if if_none_match == tag:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers={"ETag": tag})
    response.headers["ETag"] = tag
    response.headers["Cache-Control"] = "private, no-cache"
    return out


@referentiel_router.post(
    "/valeurs",
    summary="Ajouter une valeur au référentiel",
    status_code=status.HTTP_201_CREATED,
    response_model=ValeurOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def add_valeur(
    request: Request, session: SessionDep, actor: AdminNational, data: ValeurCreate
) -> ValeurOut:
    valeur = await catalogue.add_valeur(session, actor, actor_context(request, actor), data)
    return ValeurOut.model_validate(valeur)


@referentiel_router.post(
    "/valeurs/{valeur_id}/retrait",
    summary="Retirer une valeur (elle reste lisible, n'est plus proposée)",
    response_model=ValeurOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def retire_valeur(
    request: Request, session: SessionDep, actor: AdminNational, valeur_id: uuid.UUID
) -> ValeurOut:
    valeur = await catalogue.retire_valeur(session, actor, actor_context(request, actor), valeur_id)
    return ValeurOut.model_validate(valeur)


async def _diagnostic(
    session: SessionDep, actor: Actor, response: Response, diagnostic: Diagnostic
) -> DiagnosticOut:
    (out,) = await diagnostics.diagnostics_out(session, actor, [diagnostic])
    response.headers["ETag"] = etag(out.version)
    return out


@diagnostics_router.get(
    "/api/v1/parcours/{parcours_id}/diagnostics",
    summary="Diagnostics du parcours (versions corrigées comprises)",
    response_model=list[DiagnosticOut],
    response_model_exclude_unset=True,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_diagnostics(
    request: Request, session: SessionDep, actor: Reader, parcours_id: uuid.UUID
) -> list[DiagnosticOut]:
    rows = await diagnostics.list_diagnostics(
        session, actor, actor_context(request, actor), parcours_id
    )
    return await diagnostics.diagnostics_out(session, actor, rows)


@diagnostics_router.post(
    "/api/v1/parcours/{parcours_id}/diagnostics",
    summary="Enregistrer un diagnostic (brouillon, ou validé avec `valider`)",
    status_code=status.HTTP_201_CREATED,
    response_model=DiagnosticOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_diagnostic(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: DiagnosticIn,
) -> DiagnosticOut:
    diagnostic = await diagnostics.create_diagnostic(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    response.headers["Location"] = f"/api/v1/diagnostics/{diagnostic.id}"
    return await _diagnostic(session, actor, response, diagnostic)


@diagnostics_router.patch(
    "/api/v1/diagnostics/{diagnostic_id}",
    summary="Compléter un brouillon de diagnostic (If-Match obligatoire)",
    response_model=DiagnosticOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_diagnostic(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    diagnostic_id: uuid.UUID,
    data: DiagnosticUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> DiagnosticOut:
    diagnostic = await diagnostics.update_diagnostic(
        session, actor, actor_context(request, actor), diagnostic_id, version, data
    )
    return await _diagnostic(session, actor, response, diagnostic)


@diagnostics_router.post(
    "/api/v1/diagnostics/{diagnostic_id}/validation",
    summary="Valider un diagnostic (il devient non modifiable)",
    response_model=DiagnosticOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def validate_diagnostic(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    diagnostic_id: uuid.UUID,
) -> DiagnosticOut:
    diagnostic = await diagnostics.validate_diagnostic(
        session, actor, actor_context(request, actor), diagnostic_id
    )
    return await _diagnostic(session, actor, response, diagnostic)


@diagnostics_router.post(
    "/api/v1/diagnostics/{diagnostic_id}/correction",
    summary="Corriger un diagnostic validé (nouvelle version liée ; l'ancienne est gardée)",
    status_code=status.HTTP_201_CREATED,
    response_model=DiagnosticOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def correct_diagnostic(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    diagnostic_id: uuid.UUID,
    data: CorrectionIn,
) -> DiagnosticOut:
    diagnostic = await diagnostics.correct_diagnostic(
        session, actor, actor_context(request, actor), diagnostic_id, data
    )
    return await _diagnostic(session, actor, response, diagnostic)


@freins_router.get(
    "/api/v1/parcours/{parcours_id}/freins",
    summary="Freins du parcours, avec leurs actions",
    response_model=list[FreinOut],
    response_model_exclude_unset=True,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_freins(
    request: Request, session: SessionDep, actor: Reader, parcours_id: uuid.UUID
) -> list[FreinOut]:
    return await service.list_freins(session, actor, actor_context(request, actor), parcours_id)


@freins_router.post(
    "/api/v1/parcours/{parcours_id}/freins",
    summary="Identifier un frein",
    status_code=status.HTTP_201_CREATED,
    response_model=FreinOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_frein(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: FreinCreate,
) -> FreinOut:
    frein = await service.create_frein(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return service.frein_out(actor, frein, [])


@freins_router.post(
    "/api/v1/parcours/{parcours_id}/freins/depuis-diagnostic",
    summary="Créer en une fois les freins d'un diagnostic (niveau 2 ou plus)",
    status_code=status.HTTP_201_CREATED,
    response_model=list[FreinOut],
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def freins_depuis_diagnostic(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: FreinsDepuisDiagnosticIn,
) -> list[FreinOut]:
    freins = await service.freins_from_diagnostic(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return [service.frein_out(actor, f, []) for f in freins]


@freins_router.patch(
    "/api/v1/freins/{frein_id}",
    summary="Faire évoluer un frein (niveau, statut ; If-Match obligatoire)",
    response_model=FreinOut,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
async def update_frein(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    frein_id: uuid.UUID,
    data: FreinUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> FreinOut:
    frein = await service.update_frein(
        session, actor, actor_context(request, actor), frein_id, version, data
    )
    response.headers["ETag"] = etag(frein.version)
    return service.frein_out(actor, frein, [])


@freins_router.post(
    "/api/v1/freins/{frein_id}/actions",
    summary="Ajouter une action à un frein",
    status_code=status.HTTP_201_CREATED,
    response_model=ActionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_action(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    frein_id: uuid.UUID,
    data: ActionCreate,
) -> ActionOut:
    action = await service.add_action(session, actor, actor_context(request, actor), frein_id, data)
    return ActionOut.model_validate(action)


@freins_router.patch(
    "/api/v1/actions/{action_id}",
    summary="Mettre à jour une action (statut, échéance ; If-Match obligatoire)",
    response_model=ActionOut,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
async def update_action(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    action_id: uuid.UUID,
    data: ActionUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> ActionOut:
    action = await service.update_action(
        session, actor, actor_context(request, actor), action_id, version, data
    )
    response.headers["ETag"] = etag(action.version)
    return ActionOut.model_validate(action)


@freins_router.get(
    "/api/v1/parcours/{parcours_id}/evolution",
    summary="Évolution par domaine : entrée, suivis, sortie, après ; amélioration",
    response_model=EvolutionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def evolution(
    request: Request, session: SessionDep, actor: Reader, parcours_id: uuid.UUID
) -> EvolutionOut:
    return await service.evolution(session, actor, actor_context(request, actor), parcours_id)
