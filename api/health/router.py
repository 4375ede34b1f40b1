"""Liveness and readiness probes (public)."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from api.core.errors import ServiceUnavailable, problem_responses

router = APIRouter(tags=["supervision"])
logger = logging.getLogger("convergence.health")


class Health(BaseModel):
    statut: str


class Readiness(BaseModel):
    statut: str
    base_de_donnees: str
    migration: str | None


@router.get("/healthz", summary="Le processus répond", response_model=Health)
async def healthz() -> Health:
    return Health(statut="ok")


@router.get(
    "/readyz",
    summary="Prêt à servir : base joignable et migrations à jour",
    response_model=Readiness,
    responses=problem_responses(503),
)
async def readyz(request: Request) -> Readiness:
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
    return Readiness(statut="ok", base_de_donnees="ok", migration=current)
