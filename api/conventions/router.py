from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Query, Request, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from api.conventions import service
from api.conventions.schemas import (
    ConventionCreate,
    ConventionOut,
    ConventionUpdate,
    DocumentOut,
    ResiliationIn,
    SignatureIn,
)
from api.core.auth import Actor, actor_context, requires
from api.core.concurrency import etag, if_match_version
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import Page, PageParams, page_params
from api.core.permissions import Permission
from api.core.storage import DocumentStore, LocalDocumentStore
from api.core.validators import Date
from api.referentiel import StatutConvention, TypeConvention

router = APIRouter(prefix="/api/v1/conventions", tags=["conventions"])

ConventionReader = Annotated[
    Actor,
    Depends(requires(Permission.conventions_read)),
]
ConventionEditor = Annotated[Actor, Depends(requires(Permission.conventions_partenariat))]


def document_store(request: Request) -> DocumentStore:
    return LocalDocumentStore(request.app.state.settings.documents_dir)


async def _one(
    session: SessionDep, actor: Actor, convention: object, response: Response
) -> ConventionOut:
    (out,) = await service.to_out(session, actor, [convention])  # type: ignore[list-item]
    out.chaine = await service.chain(session, actor, convention)  # type: ignore[arg-type]
    response.headers["ETag"] = etag(out.version)
    return out


@router.get(
    "",
    summary="Lister les conventions",
    description="`echeance_avant` : conventions actives arrivant à échéance avant cette date.",
    response_model=Page[ConventionOut],
    responses=problem_responses(401, 403, 422),
)
async def list_conventions(
    session: SessionDep,
    actor: ConventionReader,
    params: Annotated[PageParams, Depends(page_params)],
    type: Annotated[TypeConvention | None, Query()] = None,
    statut: Annotated[StatutConvention | None, Query()] = None,
    territoire_id: Annotated[uuid.UUID | None, Query()] = None,
    structure_id: Annotated[uuid.UUID | None, Query(description="Structure partie")] = None,
    echeance_avant: Annotated[Date | None, Query()] = None,
) -> Page[ConventionOut]:
    rows, cursor = await service.list_conventions(
        session,
        actor,
        params,
        type=type,
        statut=statut,
        territoire_id=territoire_id,
        structure_id=structure_id,
        echeance_avant=echeance_avant,
    )
    return Page[ConventionOut](items=await service.to_out(session, actor, rows), next_cursor=cursor)


@router.post(
    "",
    summary="Créer une convention (brouillon)",
    status_code=status.HTTP_201_CREATED,
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_convention(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    data: ConventionCreate,
) -> ConventionOut:
    convention = await service.create_convention(
        session, actor, actor_context(request, actor), data
    )
    response.headers["Location"] = f"/api/v1/conventions/{convention.id}"
    return await _one(session, actor, convention, response)


@router.get(
    "/{convention_id}",
    summary="Lire une convention : parties, objectifs, documents",
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_convention(
    response: Response, session: SessionDep, actor: ConventionReader, convention_id: uuid.UUID
) -> ConventionOut:
    return await _one(
        session, actor, await service.get_convention(session, actor, convention_id), response
    )


@router.patch(
    "/{convention_id}",
    summary="Modifier une convention (If-Match obligatoire)",
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 409, 412, 422, 428),
)
async def update_convention(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
    data: ConventionUpdate,
    version: Annotated[int, Depends(if_match_version)],
) -> ConventionOut:
    convention = await service.update_convention(
        session, actor, actor_context(request, actor), convention_id, version, data
    )
    return await _one(session, actor, convention, response)


@router.post(
    "/{convention_id}/envoi-signature",
    summary="Envoyer en signature (brouillon → en_signature)",
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def envoyer_en_signature(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
) -> ConventionOut:
    convention = await service.send_for_signature(
        session, actor, actor_context(request, actor), convention_id
    )
    return await _one(session, actor, convention, response)


@router.post(
    "/{convention_id}/signature",
    summary="Enregistrer la signature (en_signature → active)",
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def signer(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
    data: SignatureIn,
) -> ConventionOut:
    convention = await service.sign(
        session, actor, actor_context(request, actor), convention_id, data
    )
    return await _one(session, actor, convention, response)


@router.post(
    "/{convention_id}/resiliation",
    summary="Résilier une convention active (active → resiliee)",
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def resilier(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
    data: ResiliationIn,
) -> ConventionOut:
    convention = await service.terminate(
        session, actor, actor_context(request, actor), convention_id, data
    )
    return await _one(session, actor, convention, response)


@router.post(
    "/{convention_id}/renouvellement",
    summary="Renouveler : crée la convention suivante (brouillon, mêmes parties et objectifs, "
    "dates à la suite)",
    description="From an active or expired convention: the next one, same type, territoire "
    "and parties, objectives copied, in effect the day after this one's term for the same "
    "length, linked to it (`precedente_id`). One renewal per convention: calling again "
    "returns it (200) instead of creating another (201).",
    status_code=status.HTTP_201_CREATED,
    response_model=ConventionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def renouveler(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
) -> ConventionOut:
    renewal, created = await service.renew(
        session, actor, actor_context(request, actor), convention_id
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    response.headers["Location"] = f"/api/v1/conventions/{renewal.id}"
    return await _one(session, actor, renewal, response)


@router.post(
    "/{convention_id}/documents",
    summary="Joindre un document (PDF, ODT ou DOCX ; 20 Mo au plus)",
    status_code=status.HTTP_201_CREATED,
    response_model=DocumentOut,
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def ajouter_document(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: ConventionEditor,
    convention_id: uuid.UUID,
    fichier: Annotated[UploadFile, File(description="Le document (PDF, ODT, DOCX)")],
    store: Annotated[DocumentStore, Depends(document_store)],
) -> DocumentOut:
    document = await service.add_document(
        session,
        actor,
        actor_context(request, actor),
        store,
        convention_id,
        filename=fichier.filename,
        source=fichier.file,
        max_bytes=request.app.state.settings.document_max_bytes,
    )
    response.headers["Location"] = f"/api/v1/conventions/{convention_id}/documents/{document.id}"
    return DocumentOut.model_validate(document)


@router.get(
    "/{convention_id}/documents/{document_id}",
    summary="Télécharger un document",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Le document, avec son type de contenu",
            "content": {
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.oasis.opendocument.text": {
                    "schema": {"type": "string", "format": "binary"}
                },
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
        },
        **problem_responses(401, 403, 404, 422),
    },
)
async def telecharger_document(
    session: SessionDep,
    actor: ConventionReader,
    convention_id: uuid.UUID,
    document_id: uuid.UUID,
    store: Annotated[DocumentStore, Depends(document_store)],
) -> StreamingResponse:
    document = await service.get_document(session, actor, convention_id, document_id)
    ascii_name = document.nom_fichier.encode("ascii", "replace").decode().replace("?", "_")
    disposition = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(document.nom_fichier)}"
    )
    return StreamingResponse(
        store.open(document.storage_key),
        media_type=document.content_type,
        headers={
            "Content-Disposition": disposition,
            "Content-Length": str(document.taille),
            "X-Content-Type-Options": "nosniff",
        },
    )
