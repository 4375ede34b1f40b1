from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile, status

from api.connecteurs import data_inclusion as service
from api.connecteurs.models import ImportDataInclusion
from api.connecteurs.schemas import ExportDataInclusion, ImportDataInclusionOut, RapportImport
from api.core.auth import REFERENCE_READERS, Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import problem_responses

imports_router = APIRouter(tags=["data_inclusion"])
export_router = APIRouter(prefix="/api/v1/structures", tags=["data_inclusion"])

Importer = Annotated[Actor, Depends(requires(service.IMPORT))]


def _out(batch: ImportDataInclusion) -> ImportDataInclusionOut:
    rapport = batch.rapport.get("applique") or batch.rapport
    return ImportDataInclusionOut(
        id=batch.id,
        territoire_id=batch.territoire_id,
        statut=batch.statut.value,
        created_at=batch.created_at,
        applique_le=batch.applique_le,
        rapport=RapportImport.model_validate(
            {**rapport, "hors_perimetre": batch.rapport.get("hors_perimetre", 0)}
        ),
    )


@imports_router.post(
    "/api/v1/territoires/{territoire_id}/data-inclusion/imports",
    summary="Importer l'annuaire data·inclusion (essai : rien n'est écrit avant confirmation)",
    description=(
        "Filtre les lignes sur les départements ou communes du territoire, les valide avec "
        "les modèles du schéma data·inclusion (v1) et liste créations, mises à jour et rejets."
    ),
    status_code=status.HTTP_201_CREATED,
    response_model=ImportDataInclusionOut,
    responses=problem_responses(401, 403, 404, 413, 422),
)
async def preparer_import(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Importer,
    territoire_id: uuid.UUID,
    structures: Annotated[
        UploadFile,
        File(
            description="structures.json (liste, schéma data·inclusion v1), ou un seul fichier "
            '{"structures": [...], "services": [...]} (le format de notre export)'
        ),
    ],
    services: Annotated[
        UploadFile | None, File(description="services.json (liste, schéma data·inclusion v1)")
    ] = None,
    departements: Annotated[
        str,
        Form(max_length=200, description="Départements du territoire, séparés par des virgules"),
    ] = "",
    codes_insee: Annotated[
        str, Form(max_length=3000, description="Communes (codes INSEE), séparées par des virgules")
    ] = "",
) -> ImportDataInclusionOut:
    filtre = service.lire_filtre(departements, codes_insee)
    rows, service_rows = service.lire_fichiers(
        await structures.read(), await services.read() if services else None
    )
    batch = await service.preparer_import(
        session, actor, actor_context(request, actor), territoire_id, rows, service_rows, *filtre
    )
    response.headers["Location"] = f"/api/v1/data-inclusion/imports/{batch.id}"
    return _out(batch)


@imports_router.get(
    "/api/v1/data-inclusion/imports/{import_id}",
    summary="Relire un import data·inclusion et son rapport",
    response_model=ImportDataInclusionOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_import(
    session: SessionDep, actor: Importer, import_id: uuid.UUID
) -> ImportDataInclusionOut:
    return _out(await service.get_import(session, actor, import_id))


@imports_router.post(
    "/api/v1/data-inclusion/imports/{import_id}/confirmer",
    summary="Confirmer l'import : créer et mettre à jour les partenaires et leurs services",
    response_model=ImportDataInclusionOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def confirmer_import(
    request: Request, session: SessionDep, actor: Importer, import_id: uuid.UUID
) -> ImportDataInclusionOut:
    batch = await service.confirmer_import(session, actor, actor_context(request, actor), import_id)
    return _out(batch)


@export_router.get(
    "/data-inclusion",
    summary="Notre réseau au format data·inclusion (structures et services, schéma v1)",
    description="Sans donnée personnelle : coordonnées des structures, jamais de contacts.",
    response_model=ExportDataInclusion,
    responses=problem_responses(401, 403),
)
async def exporter(session: SessionDep, actor: REFERENCE_READERS) -> ExportDataInclusion:
    return ExportDataInclusion.model_validate(await service.exporter(session))
