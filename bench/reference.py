"""The reference: FastAPI + a raw asyncpg pool, one primary-key SELECT, JSON out.

No ORM, no authentication, no middleware: what the hardware, uvicorn and PostgreSQL give for
the simplest possible read. The benchmark reports the product's figures as ratios to this app,
measured in the same run, so that they hold on a noisy machine.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from fastapi import FastAPI, HTTPException

QUERY = """
SELECT id, salarie_id, chantier_id, referent_id, date_entree, statut, date_sortie,
       motif_sortie, categorie_sortie, version
FROM parcours WHERE id = $1
"""


def create_app() -> FastAPI:
    dsn = os.environ["BENCH_DATABASE_DSN"]
    pool_size = int(os.environ.get("BENCH_POOL_SIZE", "10"))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=pool_size)
        yield
        await app.state.pool.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        async with app.state.pool.acquire() as conn:
            await conn.fetchval("SELECT 1")
        return {"statut": "ok"}

    @app.get("/parcours/{parcours_id}")
    async def parcours(parcours_id: uuid.UUID) -> dict[str, Any]:
        async with app.state.pool.acquire() as conn:
            row = await conn.fetchrow(QUERY, parcours_id)
        if row is None:
            raise HTTPException(404)
        return dict(row)

    return app
