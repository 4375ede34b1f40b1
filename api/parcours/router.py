from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.core.auth import CASEWORKERS, PEOPLE_READERS, Actor, actor_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.core.permissions import Permission
from api.parcours import acces, inscription, journal, service
from api.parcours import sortie as sortie_service
from api.parcours.schemas import (
    ContratCreate,
    ContratOut,
    EntretienIn,
    InscriptionIn,
    InscriptionOut,
    JournalOut,
    JournalPage,
    NoteIn,
    ParcoursCreate,
    ParcoursOut,
    ParcoursUpdate,
    SortieIn,
    SuiviOut,
    SuiviResultatIn,
    SyntheseIn,
    TransitionIn,
)
from api.referentiel import TypeJournal

router = APIRouter(prefix="/api/v1/parcours", tags=["parcours"])

JournalReaders = Annotated[Actor, Depends(requires(Permission.journal_read))]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]
Cursor = Annotated[str | None, Query(max_length=512)]


async def _out(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Actor,
    parcours: object,
    audited: bool = False,
) -> ParcoursOut:
    out = await service.parcours_out(
        session,
        actor,
        parcours,  # type: ignore[arg-type]
        actor_context(request, actor) if audited else None,
    )
    response.headers["ETag"] = etag(out.version)
    return out


@router.post(
    "",
    summary="Ouvrir un parcours (une personne, un chantier)",
    status_code=status.HTTP_201_CREATED,
    response_model=ParcoursOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_parcours(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    data: ParcoursCreate,
) -> ParcoursOut:
    parcours = await service.create_parcours(session, actor, actor_context(request, actor), data)
    response.headers["Location"] = f"/api/v1/parcours/{parcours.id}"
    return await _out(request, response, session, actor, parcours)


@router.post(
    "/inscription",
    summary="Accueillir une personne en une fois : identité, consentements, parcours",
    description="One transaction: a new person (`salarie`, usual duplicate rules: 409 "
    "doublon_possible with `candidats`, then `confirm_distinct`) or a known one "
    "(`salarie_id`), the consents collected at the first meeting, and the parcours (statut "
    "accueil). A broken rule takes the whole back; field errors name their place in the body "
    "(`body.salarie.nom`, `body.consentements.0.partenaire_id`, `body.parcours.date_entree`).",
    status_code=status.HTTP_201_CREATED,
    response_model=InscriptionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def inscrire(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    data: InscriptionIn,
) -> InscriptionOut:
    parcours, consentements = await inscription.inscrire(
        session, actor, actor_context(request, actor), data
    )
    response.headers["Location"] = f"/api/v1/parcours/{parcours.id}"
    return InscriptionOut(
        salarie_id=parcours.salarie_id, parcours_id=parcours.id, consentements=consentements
    )


@router.get(
    "/{parcours_id:uuid}",
    summary="Lire un parcours (accès tracé)",
    response_model=ParcoursOut,
    response_model_exclude_unset=True,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_parcours(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: PEOPLE_READERS,
    parcours_id: uuid.UUID,
) -> ParcoursOut:
    parcours = await acces.get_parcours(session, actor, parcours_id)
    await service.close_if_due(session, parcours)
    return await _out(request, response, session, actor, parcours, audited=True)


@router.patch(
    "/{parcours_id:uuid}",
    summary="Modifier un parcours (référent, justification ; If-Match obligatoire)",
    response_model=ParcoursOut,
    responses=problem_responses(401, 403, 404, 412, 422, 428),
)
async def update_parcours(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: ParcoursUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> ParcoursOut:
    parcours = await service.update_parcours(
        session, actor, actor_context(request, actor), parcours_id, version, data
    )
    return await _out(request, response, session, actor, parcours)


def _transition_route(name: str, summary: str) -> None:
    async def endpoint(
        request: Request,
        response: Response,
        session: SessionDep,
        actor: CASEWORKERS,
        parcours_id: uuid.UUID,
        data: TransitionIn,
    ) -> ParcoursOut:
        parcours = await service.transition(
            session, actor, actor_context(request, actor), parcours_id, name, data
        )
        return await _out(request, response, session, actor, parcours)

    endpoint.__name__ = name
    router.add_api_route(
        f"/{{parcours_id}}/{name}",
        endpoint,
        methods=["POST"],
        summary=summary,
        response_model=ParcoursOut,
        responses=problem_responses(401, 403, 404, 409, 422),
    )


_transition_route("demarrage", "Démarrer le parcours (accueil → en cours)")
_transition_route("suspension", "Suspendre le parcours (hospitalisation, incarcération...)")
_transition_route("reprise", "Reprendre un parcours suspendu")
_transition_route("cloture", "Clore le parcours après la sortie")


@router.post(
    "/{parcours_id}/sortie",
    summary="Enregistrer la sortie (la catégorie officielle découle du motif)",
    response_model=ParcoursOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def sortie(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: SortieIn,
) -> ParcoursOut:
    parcours = await sortie_service.exit_parcours(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return await _out(request, response, session, actor, parcours)


@router.post(
    "/{parcours_id}/contrats",
    summary="Ajouter un contrat (CDDI) au parcours",
    status_code=status.HTTP_201_CREATED,
    response_model=ContratOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_contrat(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: ContratCreate,
) -> ContratOut:
    contrat = await service.add_contrat(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return ContratOut.model_validate(contrat)


@router.post(
    "/{parcours_id}/suivis/{suivi_id}/resultat",
    summary="Renseigner un suivi post-sortie (tenu ou non joint, situation)",
    response_model=SuiviOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def record_suivi(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    suivi_id: uuid.UUID,
    data: SuiviResultatIn,
) -> SuiviOut:
    suivi = await sortie_service.record_suivi(
        session, actor, actor_context(request, actor), parcours_id, suivi_id, data
    )
    return SuiviOut.model_validate(suivi)


@router.get(
    "/{parcours_id}/journal",
    summary="Journal du parcours, du plus récent au plus ancien",
    response_model=JournalPage,
    response_model_exclude_unset=True,
    responses=problem_responses(401, 403, 404, 422),
)
async def list_journal(
    request: Request,
    session: SessionDep,
    actor: JournalReaders,
    parcours_id: uuid.UUID,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    type: Annotated[TypeJournal | None, Query()] = None,
) -> JournalPage:
    rows, next_cursor = await journal.list_journal(
        session,
        actor,
        actor_context(request, actor),
        parcours_id,
        limit=limit,
        cursor=cursor,
        type_=type,
    )
    return JournalPage(items=[journal.journal_out(actor, r) for r in rows], next_cursor=next_cursor)


@router.post(
    "/{parcours_id}/entretiens",
    summary="Consigner un entretien",
    status_code=status.HTTP_201_CREATED,
    response_model=JournalOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_entretien(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: EntretienIn,
) -> JournalOut:
    entry = await journal.add_entretien(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return journal.journal_out(actor, entry)


@router.post(
    "/{parcours_id}/notes",
    summary="Ajouter une note (éventuellement restreinte)",
    status_code=status.HTTP_201_CREATED,
    response_model=JournalOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_note(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: NoteIn,
) -> JournalOut:
    entry = await journal.add_note(session, actor, actor_context(request, actor), parcours_id, data)
    return journal.journal_out(actor, entry)


@router.post(
    "/{parcours_id}/syntheses",
    summary="Consigner une synthèse concertée (participants, décisions, suites)",
    status_code=status.HTTP_201_CREATED,
    response_model=JournalOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def create_synthese(
    request: Request,
    session: SessionDep,
    actor: CASEWORKERS,
    parcours_id: uuid.UUID,
    data: SyntheseIn,
) -> JournalOut:
    entry = await journal.add_synthese(
        session, actor, actor_context(request, actor), parcours_id, data
    )
    return journal.journal_out(actor, entry)
