from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.auth import Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import InvalidField, problem_responses
from api.core.permissions import Permission
from api.core.replica import ReadMakerDep, ReadSessionDep
from api.exports import service
from api.indicateurs import service as indicateurs
from api.indicateurs.router import DemandeDep
from api.indicateurs.schemas import SyntheseEvaluationOut
from api.referentiel import GroupePar, StatutParcours

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])

IndicatorExporters = Annotated[Actor, Depends(requires(Permission.exports_indicateurs))]
Evaluateur = Annotated[Actor, Depends(requires(Permission.exports_evaluation))]
ParcoursExporter = Annotated[Actor, Depends(requires(Permission.exports_parcours))]

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(media: str, description: str) -> dict[int | str, dict[str, Any]]:
    return {
        200: {"content": {media: {"schema": {"type": "string"}}}, "description": description},
    }


def _filters(values: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in values.items() if v is not None}


async def _audit_export(
    request: Request, session: AsyncSession, actor: Actor, what: str, details: dict[str, Any]
) -> None:
    """Every export is traced: who took what, with which filters."""
    context = actor_context(request, actor)
    await audit.record(session, context, "export", object_type=what, details=details)


@router.get(
    "/indicateurs.csv",
    summary="Exporter les indicateurs en CSV (secret statistique selon le rôle)",
    response_class=StreamingResponse,
    responses={
        **_file(CSV, "CSV ; séparateur point-virgule"),
        **problem_responses(401, 403, 404, 422),
    },
)
async def export_indicateurs_csv(
    request: Request,
    session: SessionDep,
    lecture: ReadSessionDep,
    actor: IndicatorExporters,
    q: DemandeDep,
) -> StreamingResponse:
    result = await indicateurs.indicateurs(lecture, actor, q)
    await _audit_export(
        request, session, actor, "indicateurs", {"format": "csv", **_filters(vars(q))}
    )
    return StreamingResponse(
        service.indicators_csv(result),
        media_type=CSV,
        headers=service.disposition(service.filename("indicateurs", "csv")),
    )


SHEETS = (
    (None, "Ensemble"),
    (GroupePar.territoire, "Par territoire"),
    (GroupePar.chantier, "Par chantier"),
    (GroupePar.annee, "Par année"),
)


@router.get(
    "/indicateurs.xlsx",
    summary="Exporter les indicateurs en Excel (une feuille par regroupement, les définitions)",
    response_class=Response,
    responses={**_file(XLSX, "Classeur Excel"), **problem_responses(401, 403, 404, 422)},
)
async def export_indicateurs_xlsx(
    request: Request,
    session: SessionDep,
    lecture: ReadSessionDep,
    actor: IndicatorExporters,
    q: DemandeDep,
) -> Response:
    # The grouping asked for first: its errors are the answer's.
    first = await indicateurs.indicateurs(lecture, actor, q)
    sheets = []
    for groupe, title in SHEETS:
        if groupe == q.groupe_par:
            sheets.append((title, first))
            continue
        try:
            other = indicateurs.Demande(**{**vars(q), "groupe_par": groupe})
            sheets.append((title, await indicateurs.indicateurs(lecture, actor, other)))
        except InvalidField:
            continue  # a grouping the filters don't allow (e.g. by year for a cohort)
    await _audit_export(
        request, session, actor, "indicateurs", {"format": "xlsx", **_filters(vars(q))}
    )
    return Response(
        service.indicators_xlsx(sheets),
        media_type=XLSX,
        headers=service.disposition(service.filename("indicateurs", "xlsx")),
    )


@router.get(
    "/parcours.csv",
    summary="Exporter les parcours de son périmètre (rapprochement de paie, sans données de santé)",
    response_class=StreamingResponse,
    responses={**_file(CSV, "CSV ; séparateur point-virgule"), **problem_responses(401, 403, 422)},
)
async def export_parcours_csv(
    request: Request,
    session: SessionDep,
    lecture: ReadMakerDep,
    actor: ParcoursExporter,
    territoire: Annotated[uuid.UUID | None, Query(description="Un territoire")] = None,
    chantier: Annotated[uuid.UUID | None, Query(description="Un chantier")] = None,
    statut: Annotated[StatutParcours | None, Query(description="Un statut")] = None,
) -> StreamingResponse:
    stmt = service.parcours_query(actor, territoire, chantier, statut)
    filters = {"territoire": territoire, "chantier": chantier, "statut": statut}
    await _audit_export(request, session, actor, "parcours", _filters(filters))
    return StreamingResponse(
        service.parcours_csv(lecture, stmt),
        media_type=CSV,
        headers=service.disposition(service.filename("parcours", "csv")),
    )


def _evaluation_selection(
    annee_sortie: Annotated[
        int | None, Query(ge=1990, le=2100, description="Les sorties de cette année")
    ] = None,
    cohorte_entree: Annotated[
        int | None, Query(ge=1990, le=2100, description="Les entrées de cette année")
    ] = None,
) -> tuple[int | None, int | None]:
    if annee_sortie is not None and cohorte_entree is not None:
        raise InvalidField(
            "cohorte_entree",
            "Choisissez une année de sortie ou une cohorte d'entrée, pas les deux.",
        )
    return annee_sortie, cohorte_entree


EvaluationSelection = Annotated[tuple[int | None, int | None], Depends(_evaluation_selection)]


@router.get(
    "/evaluation.csv",
    summary="Exporter le jeu de données d'évaluation (pseudonymisé, personnes consentantes)",
    response_class=StreamingResponse,
    responses={**_file(CSV, "CSV ; séparateur point-virgule"), **problem_responses(401, 403, 422)},
)
async def export_evaluation_csv(
    request: Request,
    session: SessionDep,
    lecture: ReadMakerDep,
    actor: Evaluateur,
    selection: EvaluationSelection,
) -> StreamingResponse:
    settings = request.app.state.settings
    annee_sortie, cohorte_entree = selection
    filters = _filters({"annee_sortie": annee_sortie, "cohorte_entree": cohorte_entree})
    await _audit_export(request, session, actor, "evaluation", filters)
    key = service.evaluation_key(settings.secret_key, settings.evaluation_key)
    return StreamingResponse(
        service.evaluation_csv(
            lecture,
            key,
            service.evaluation_selection(annee_sortie, cohorte_entree),
        ),
        media_type=CSV,
        headers=service.disposition(service.filename("evaluation", "csv")),
    )


@router.get(
    "/evaluation/synthese",
    summary="Les chiffres de la plaquette calculés sur le jeu de données d'évaluation",
    response_model=SyntheseEvaluationOut,
    responses=problem_responses(401, 403, 422),
)
async def synthese_evaluation(
    session: SessionDep, actor: Evaluateur, selection: EvaluationSelection
) -> SyntheseEvaluationOut:
    """The exits of a year or an entry cohort, over the rows of evaluation.csv, with the
    indicators' own columns (`indicateurs.brochure_sur`)."""
    annee_sortie, cohorte_entree = selection
    if annee_sortie is not None:
        q = indicateurs.Demande(
            periode_sortie_debut=date(annee_sortie, 1, 1),
            periode_sortie_fin=date(annee_sortie, 12, 31),
        )
    else:
        q = indicateurs.Demande(cohorte_entree=cohorte_entree)
    population = service.evaluation_population(date.today())
    figures = await indicateurs.brochure_sur(session, q, population)
    return SyntheseEvaluationOut(
        annee_sortie=annee_sortie, cohorte_entree=cohorte_entree, indicateurs=figures
    )
