from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import (
    APIRouter,
    BackgroundTasks,
    Depends,
    File,
    Query,
    Request,
    Response,
    UploadFile,
    status,
)

from api.core.auth import Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import problem_responses
from api.core.pagination import decode_cursor, encode_cursor
from api.freins.referentiel_data import SITUATIONS
from api.imports import gabarit, service
from api.imports.models import ActionLigne
from api.imports.schemas import (
    ColonneGabarit,
    ErreurCellule,
    GabaritOut,
    ImportOut,
    LigneOut,
    LignesOut,
    ValeurAutorisee,
)

router = APIRouter(prefix="/api/v1/imports", tags=["imports"])

Importer = Annotated[Actor, Depends(requires(service.IMPORTERS))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _situations() -> dict[str, list[tuple[str, str]]]:
    return {d: list(items) for d, items in SITUATIONS.items()}


@router.get(
    "/gabarit",
    summary="Les colonnes du gabarit et leurs valeurs autorisées (celles du classeur Excel)",
    response_model=GabaritOut,
    responses=problem_responses(401, 403),
)
async def gabarit_colonnes(actor: Importer) -> GabaritOut:
    return GabaritOut(
        colonnes=[
            ColonneGabarit(
                nom=c.nom, description=c.description, obligatoire=c.obligatoire, valeurs=c.valeurs
            )
            for c in gabarit.COLONNES
        ],
        valeurs={
            name: [ValeurAutorisee(code=code, libelle=label) for code, label in items]
            for name, items in gabarit.valeurs_autorisees(_situations()).items()
        },
    )


@router.get(
    "/gabarit.xlsx",
    summary="Télécharger le gabarit d'import (Excel : exemple, colonnes, valeurs autorisées)",
    response_class=Response,
    responses={
        200: {"content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}},
        **problem_responses(401, 403),
    },
)
async def gabarit_xlsx(actor: Importer) -> Response:
    return Response(
        gabarit.xlsx_bytes(_situations()),
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="convergence-import-gabarit.xlsx"'},
    )


@router.get(
    "/gabarit.csv",
    summary="Télécharger le fichier d'exemple (CSV, séparateur point-virgule)",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}},
        **problem_responses(401, 403),
    },
)
async def gabarit_csv(actor: Importer) -> Response:
    return Response(
        gabarit.csv_text(gabarit.EXEMPLE),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="convergence-import-exemple.csv"'},
    )


@router.post(
    "",
    summary="Déposer un fichier : l'analyse (essai à blanc, rien n'est écrit) suit",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImportOut,
    responses=problem_responses(401, 403, 413, 422),
)
async def deposer(
    request: Request,
    response: Response,
    session: SessionDep,
    actor: Importer,
    background: BackgroundTasks,
    fichier: Annotated[UploadFile, File(description="Le fichier CSV ou XLSX du gabarit")],
) -> ImportOut:
    content = await fichier.read(gabarit.MAX_OCTETS + 1)
    created = await service.create_import(session, actor, fichier.filename or "import", content)
    background.add_task(service.analyse, request.app.state.sessionmaker, created.id, actor)
    response.headers["Location"] = f"/api/v1/imports/{created.id}"
    return ImportOut.model_validate(created)


@router.get(
    "/{import_id}",
    summary="Où en est un import (analyse, application, rapport)",
    response_model=ImportOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def lire(session: SessionDep, actor: Importer, import_id: uuid.UUID) -> ImportOut:
    return ImportOut.model_validate(await service.get_import(session, actor, import_id))


@router.get(
    "/{import_id}/lignes",
    summary="Les lignes d'un import : action prévue ou appliquée, raisons d'un rejet",
    response_model=LignesOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def lignes(
    session: SessionDep,
    actor: Importer,
    import_id: uuid.UUID,
    action: Annotated[ActionLigne | None, Query(description="Une action")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> LignesOut:
    after = int(decode_cursor(cursor, int)[0]) if cursor else 0
    rows, next_after = await service.list_lignes(
        session, actor, import_id, action=action, after=after, limit=limit
    )
    return LignesOut(
        items=[
            LigneOut(
                numero=r.numero,
                reference_externe=r.reference_externe,
                action=r.action,
                appliquee=r.appliquee,
                erreurs=[ErreurCellule.model_validate(e) for e in r.erreurs],
                parcours_id=r.parcours_id,
            )
            for r in rows
        ],
        next_cursor=encode_cursor([next_after]) if next_after is not None else None,
    )


@router.post(
    "/{import_id}/confirmation",
    summary="Confirmer l'import analysé : il s'applique par lots (suivre la progression)",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImportOut,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def confirmer(
    request: Request,
    session: SessionDep,
    actor: Importer,
    background: BackgroundTasks,
    import_id: uuid.UUID,
) -> ImportOut:
    fichier = await service.confirm(session, actor, import_id)
    background.add_task(
        service.apply,
        request.app.state.sessionmaker,
        fichier.id,
        actor,
        actor_context(request, actor),
    )
    return ImportOut.model_validate(fichier)
