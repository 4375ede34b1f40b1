"""Anonymous reads of the public pages. Rate limited per address like every anonymous call
(api/core/ratelimit.py) and cacheable for `public_cache_seconds`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.core.db import utcnow
from api.core.replica import ReadMakerDep, ReadSessionDep
from api.public import service
from api.public.cache import ResultatsCache
from api.public.schemas import ProgrammeOut, ResultatsOut

router = APIRouter(prefix="/api/v1/public", tags=["public"])


def _cacheable(request: Request, response: Response) -> None:
    seconds = request.app.state.settings.public_cache_seconds
    response.headers["Cache-Control"] = f"public, max-age={seconds}" if seconds else "no-cache"


@router.get(
    "/programme",
    summary="Le programme : territoires (région, statut, année d'ouverture) et contacts",
    description="Sans authentification. Aucune donnée personnelle.",
    response_model=ProgrammeOut,
)
async def programme(request: Request, response: Response, session: ReadSessionDep) -> ProgrammeOut:
    _cacheable(request, response)
    return await service.programme(session, request.app.state.settings)


@router.get(
    "/resultats",
    summary="Les résultats publics (secret statistique d'un lecteur anonyme)",
    description=(
        "Sans authentification ni filtre, calculés au plus une fois par période de cache : "
        "les sorties de la dernière année complète et les "
        "dernières cohortes d'entrée, au niveau national. Aucun effectif publié n'est compris "
        "entre 1 et 10 (`nombre: null`, `mention`), avec masquage complémentaire ; les taux ne "
        "sont calculés qu'entre effectifs publiés. Définitions : docs/indicateurs.md."
    ),
    response_model=ResultatsOut,
)
async def resultats(request: Request, response: Response, lecture: ReadMakerDep) -> ResultatsOut:
    _cacheable(request, response)
    state = request.app.state
    cache: ResultatsCache | None = getattr(state, "public_resultats", None)
    if cache is None:
        cache = state.public_resultats = ResultatsCache(state.settings.public_cache_seconds)

    async def compute() -> ResultatsOut:
        async with lecture() as session:
            # A long read: on SQLite, a deferred transaction that takes no write lock.
            await session.connection(execution_options={"sqlite_begin": "DEFERRED"})
            return await service.resultats(session, utcnow().date())

    return await cache.get(compute)
