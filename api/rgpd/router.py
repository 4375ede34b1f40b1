from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.core.auth import Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import InvalidField, problem_responses
from api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.core.permissions import Permission
from api.referentiel import FormatDonnees
from api.rgpd import dossier, service
from api.rgpd import effacement as effacement_service
from api.rgpd.schemas import (
    AccesPage,
    ApercuEffacementOut,
    DonneesPersonnellesOut,
    EffacementIn,
    EffacementOut,
    RetentionOut,
)

router = APIRouter(prefix="/api/v1", tags=["rgpd"])

DonneesReader = Annotated[Actor, Depends(requires(Permission.rgpd_donnees))]
Effaceur = Annotated[Actor, Depends(requires(Permission.rgpd_effacement))]
RetentionReader = Annotated[Actor, Depends(requires(Permission.rgpd_retention))]

# The printable document: no script, no outside resource, inline styles only.
DOCUMENT_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def _cursor(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode())
    except ValueError:
        raise InvalidField("query.cursor", "Curseur de pagination invalide.") from None


@router.get(
    "/salaries/{salarie_id}/acces",
    summary="Historique des accès au dossier d'une personne (qui l'a consulté, quand)",
    response_model=AccesPage,
    responses=problem_responses(401, 403, 404, 422),
)
async def acces(
    request: Request,
    session: SessionDep,
    actor: DonneesReader,
    salarie_id: uuid.UUID,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> AccesPage:
    items, next_id = await service.acces(
        session,
        actor,
        actor_context(request, actor),
        salarie_id,
        limit=limit,
        before_id=_cursor(cursor),
    )
    next_cursor = (
        base64.urlsafe_b64encode(str(next_id).encode()).decode().rstrip("=") if next_id else None
    )
    return AccesPage(items=items, next_cursor=next_cursor)


@router.get(
    "/salaries/{salarie_id}/donnees",
    summary="Toutes les données d'une personne, à lui remettre (droit d'accès ; export tracé)",
    description=(
        "JSON par défaut ; `format=html` rend un document imprimable en français. Contient "
        "l'identité, les parcours (contrats, suivis, diagnostics, freins, actions, journal), "
        "les orientations avec ce que chaque partenaire a reçu, les consentements et "
        "l'historique des accès au dossier."
    ),
    response_model=DonneesPersonnellesOut,
    responses={
        200: {
            "description": "Les données (JSON) ou le document imprimable (HTML)",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
        **problem_responses(401, 403, 404, 422),
    },
)
async def donnees(
    request: Request,
    session: SessionDep,
    actor: DonneesReader,
    salarie_id: uuid.UUID,
    format: Annotated[FormatDonnees, Query(description="json ou html")] = FormatDonnees.json,
) -> DonneesPersonnellesOut | Response:
    context = actor_context(request, actor)
    settings = request.app.state.settings
    if format == FormatDonnees.json:
        return await dossier.donnees(session, actor, context, settings, salarie_id, format.value)
    return HTMLResponse(
        await dossier.document(session, actor, context, settings, salarie_id),
        headers={
            "Content-Security-Policy": DOCUMENT_CSP,
            "Content-Disposition": 'inline; filename="donnees-personnelles.html"',
        },
    )


@router.get(
    "/salaries/{salarie_id}/effacement",
    summary="Avant d'effacer : ce qui sera supprimé et ce qui restera",
    response_model=ApercuEffacementOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def apercu_effacement(
    request: Request, session: SessionDep, actor: Effaceur, salarie_id: uuid.UUID
) -> ApercuEffacementOut:
    return await effacement_service.apercu_effacement(
        session, actor, request.app.state.settings, salarie_id
    )


@router.post(
    "/salaries/{salarie_id}/effacement",
    summary="Effacer les données d'une personne à sa demande (définitif)",
    description=(
        "Anonymise le dossier immédiatement, comme à la fin de la durée de conservation : "
        "seules restent la fiche statistique sans nom, les éléments conservés pour une "
        "obligation légale (réglage `conservation_legale`) et les traces d'audit sans nom. "
        "Chaque partenaire ayant reçu des données est prévenu (`orientation.effacee`). "
        "Refusé (409) tant qu'un parcours est ouvert."
    ),
    response_model=EffacementOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def effacement(
    request: Request,
    session: SessionDep,
    actor: Effaceur,
    salarie_id: uuid.UUID,
    data: EffacementIn,
) -> EffacementOut:
    return await effacement_service.effacer(
        session,
        actor,
        actor_context(request, actor),
        request.app.state.settings,
        salarie_id,
        data,
    )


@router.get(
    "/rgpd/retention",
    summary="Conservation des données : dossiers arrivant à leur limite, par territoire",
    response_model=RetentionOut,
    responses=problem_responses(401, 403, 422),
)
async def retention(request: Request, session: SessionDep, actor: RetentionReader) -> RetentionOut:
    return await service.etat_retention(session, actor, request.app.state.settings)
