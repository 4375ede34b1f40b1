"""Liveness and readiness probes (public)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.core import arret
from api.core.errors import ServiceUnavailable, problem_responses
from api.core.replica import ReadRouter

router = APIRouter(tags=["supervision"])
logger = logging.getLogger("convergence.health")


class Health(BaseModel):
    statut: str


class Replique(BaseModel):
    """The read replica as this process last saw it, and where its stale-tolerant reads went."""

    etat: str = Field(description="ok, en_retard, injoignable, pas_une_replique")
    retard_s: float | None = Field(description="Retard de rejeu au dernier contrôle (secondes)")
    lectures_replique: int = Field(description="Lectures servies par la réplique (ce processus)")
    replis_primaire: int = Field(description="Lectures renvoyées au primaire (ce processus)")


class Readiness(BaseModel):
    statut: str
    base_de_donnees: str
    migration: str | None
    replique: Replique | None = Field(
        default=None, description="Absent sans réplique configurée ; n'affecte pas la disponibilité"
    )


@router.get("/healthz", summary="Le processus répond", response_model=Health)
async def healthz() -> Health:
    return Health(statut="ok")


@router.get(
    "/readyz",
    summary="Prêt à servir : base joignable, migrations à jour, pas d'arrêt en cours",
    response_model=Readiness,
    responses=problem_responses(503),
)
async def readyz(request: Request) -> Readiness:
    if arret.en_cours():
        # SIGTERM received: the load balancer takes this process out of rotation.
        raise ServiceUnavailable("Ce processus s'arrête.", headers={"Retry-After": "5"})
    expected: str | None = request.app.state.head_revision
    try:
        async with request.app.state.engine.connect() as conn:
            await conn.execution_options(sqlite_begin="DEFERRED")
            current = await conn.scalar(text("SELECT version_num FROM alembic_version"))
    except (SQLAlchemyError, OSError) as exc:
        logger.warning("readiness check failed: %s", type(exc).__name__)
        raise ServiceUnavailable(
            "La base de données est injoignable ou n'est pas initialisée.",
            headers={"Retry-After": "5"},
        ) from None
    if current != expected:
        raise ServiceUnavailable(
            "Les migrations de la base de données ne sont pas à jour "
            "(lancez « convergence migrate »).",
            headers={"Retry-After": "30"},
        )
    router: ReadRouter | None = request.app.state.read_router
    replique = None
    if router is not None:
        status = await router.status()
        replique = Replique(
            etat=status.etat,
            retard_s=status.retard_s,
            lectures_replique=router.lectures_replique,
            replis_primaire=router.replis_primaire,
        )
    return Readiness(statut="ok", base_de_donnees="ok", migration=current, replique=replique)
