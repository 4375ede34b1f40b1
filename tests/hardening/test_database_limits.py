"""The database is slow, saturated or gone: a 503 problem with Retry-After, never a 500."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from api.core.db import SessionDep, allow_long_statements
from api.core.errors import database_failure
from api.main import create_app
from api.settings import Settings
from tests.conftest import BACKEND

postgresql_only = pytest.mark.skipif(
    BACKEND != "postgresql", reason="statement_timeout is a PostgreSQL setting"
)
# Rate limits counted in a Redis that does not answer: served anyway, so the request reaches
# the route's own session (instead of stopping at the rate limiter's).
NO_COUNTING = "redis://127.0.0.1:1/0"


def _with_slow_routes(app: FastAPI) -> FastAPI:
    @app.get("/api/v1/_lent", include_in_schema=False)
    async def slow(session: SessionDep, secondes: float = 1.0) -> dict[str, str]:
        await session.execute(text("SELECT pg_sleep(:s)"), {"s": secondes})
        return {"statut": "ok"}

    @app.get("/api/v1/_export_lent", include_in_schema=False)
    async def slow_export(session: SessionDep) -> dict[str, str]:
        await allow_long_statements(session, 5000)
        await session.execute(text("SELECT pg_sleep(0.5)"))
        return {"statut": "ok"}

    for _ in range(2):  # before the SPA's catch-all route
        app.router.routes.insert(0, app.router.routes.pop())
    return app


async def _problem_503(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["code"] == "service_indisponible"
    assert "Traceback" not in response.text and "SELECT" not in response.text


@postgresql_only
async def test_statement_timeout_is_a_503_and_the_connection_goes_back_to_the_pool(
    settings: Settings,
) -> None:
    short = settings.model_copy(update={"db_statement_timeout_ms": 200})
    app = _with_slow_routes(create_app(short))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            started = time.monotonic()
            slow = await client.get("/api/v1/_lent", params={"secondes": 3})
            elapsed = time.monotonic() - started
            await _problem_503(slow)
            assert "trop de temps" in slow.json()["detail"]
            assert elapsed < 2
            assert app.state.engine.pool.checkedout() == 0
            quick = await client.get("/api/v1/_lent", params={"secondes": 0})
            assert quick.status_code == 200
            # Exports raise the limit for their own transaction only.
            export = await client.get("/api/v1/_export_lent")
            assert export.status_code == 200
            after = await client.get("/api/v1/_lent", params={"secondes": 0.5})
            assert after.status_code == 503
    finally:
        await app.state.engine.dispose()


@pytest.mark.parametrize("counted", [True, False], ids=["rate-limiter", "route"])
async def test_pool_exhaustion_is_a_503_within_twice_the_pool_timeout(
    settings: Settings, auth: Callable[[str], dict[str, str]], counted: bool
) -> None:
    pool_timeout = 0.5
    limited = settings.model_copy(
        update={
            "db_pool_size": 1,
            "db_pool_timeout": pool_timeout,
            "redis_url": "" if counted else NO_COUNTING,
        }
    )
    app = create_app(limited)
    engine = app.state.engine
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    try:
        async with (
            engine.connect(),
            engine.connect(),  # pool_size 1 + overflow 1: every connection is taken
            httpx.AsyncClient(transport=transport, base_url="http://test") as client,
        ):
            # The test process holds millions of objects by now: a full collection of its
            # garbage collector inside the timed window (~0.5 s) is not the app's wait.
            gc.disable()
            try:
                started = time.monotonic()
                response = await client.get("/api/v1/moi", headers=auth("coordinateur.paris"))
                elapsed = time.monotonic() - started
            finally:
                gc.enable()
        await _problem_503(response)
        assert "saturé" in response.json()["detail"]
        assert elapsed < 2 * pool_timeout
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            freed = await client.get("/api/v1/moi", headers=auth("coordinateur.paris"))
        assert freed.status_code == 200
    finally:
        await engine.dispose()


@pytest.mark.parametrize("counted", [True, False], ids=["rate-limiter", "route"])
async def test_an_unreachable_database_is_a_503_problem_never_a_500(
    settings: Settings, auth: Callable[[str], dict[str, str]], counted: bool
) -> None:
    down = settings.model_copy(
        update={
            "database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/nowhere",
            "redis_url": "" if counted else NO_COUNTING,
        }
    )
    app = create_app(down)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    headers = auth("accompagnateur.paris")
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            responses = [
                await client.get("/api/v1/moi", headers=headers),
                await client.post(
                    "/api/v1/auth/token",
                    data={"grant_type": "password", "username": "a@b.fr", "password": "x"},
                ),
                await client.post(
                    "/api/v1/orientations",
                    json={"motif": "x"},
                    headers=headers | {"Idempotency-Key": "cle-1"},
                ),
            ]
    finally:
        await app.state.engine.dispose()
    for response in responses:
        await _problem_503(response)
        assert "indisponible" in response.json()["detail"]


class _Driver(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__("driver error")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("error", "retry"),
    [
        (PoolTimeout("QueuePool limit reached"), True),
        (DBAPIError("SELECT 1", {}, _Driver("57014")), True),  # statement timeout
        (DBAPIError("SELECT 1", {}, _Driver("57P01")), True),  # admin shutdown
        (DBAPIError("SELECT 1", {}, _Driver("08006")), True),  # connection failure
        (DBAPIError("SELECT 1", {}, Exception("x"), connection_invalidated=True), True),
        (ConnectionRefusedError(111, "Connection refused"), True),
        (DBAPIError("SELECT 1", {}, _Driver("23505")), False),  # a unique violation is a bug
        (RuntimeError("boom"), False),
        (FileNotFoundError("document"), False),
    ],
)
def test_which_errors_mean_the_database_is_unavailable(error: Exception, retry: bool) -> None:
    failure = database_failure(error)
    assert (failure is not None) is retry
    if failure is not None:
        assert failure.status == 503 and failure.headers["Retry-After"]
