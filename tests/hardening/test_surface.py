"""The attack surface: exactly the documented operations, no method beyond them, CORS for the
configured origins only, and no internals in any error.

(Security headers, CSP and the docs switch: tests/core/test_headers.py, tests/test_spa.py.)
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from api.core.db import SessionDep
from api.main import SpaRoute, create_app
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# The Swagger UI page, its own assets (api.core.docs) and the schema it reads.
DOCS_ROUTES = {"/api/docs", "/api/docs/assets/{path}", "/api/openapi.json"}


# Prometheus's scrape (text format, scrape token): the operators', not the API contract.
OPERATIONS_ROUTES = {"/metrics"}


def test_the_app_serves_exactly_the_operations_of_the_contract(settings: Settings) -> None:
    served = set()
    others = set()
    for context in iter_route_contexts(create_app(settings).routes):
        route = context.original_route
        path = context.path_format  # without convertors: `{id:uuid}` is `{id}`
        if isinstance(route, SpaRoute) or path in DOCS_ROUTES | OPERATIONS_ROUTES:
            others.add(path)
        elif isinstance(route, APIRoute) and route.include_in_schema:
            served |= {(method, path) for method in context.methods or ()}
        else:
            pytest.fail(f"undocumented route: {path} {route}")
    documented = {(method.upper(), path) for path, item in SPEC["paths"].items() for method in item}
    assert served == documented
    assert others == DOCS_ROUTES | OPERATIONS_ROUTES | {"/{path}"}  # the SPA


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


def _template(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")


def _declared_elsewhere(method: str, path: str) -> bool:
    """`PATCH /orientations/statistiques` is `PATCH /orientations/{id}` with a bad id."""
    return any(
        other != path and method.lower() in item and _template(other).match(path)
        for other, item in SPEC["paths"].items()
    )


UNDECLARED = [
    (method, path)
    for path, item in SPEC["paths"].items()
    for method in METHODS
    if method.lower() not in item and not _declared_elsewhere(method, path)
]


async def test_every_undeclared_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    assert len(UNDECLARED) > 150
    wrong = []
    for method, path in UNDECLARED:
        response = await client.request(method, _concrete(path))
        declared = {m.upper() for m in SPEC["paths"][path]}
        allow = set(response.headers.get("allow", "").replace(" ", "").split(","))
        if (
            response.status_code != 405
            or response.headers["content-type"] != "application/problem+json"
            or not declared <= allow
        ):
            wrong.append((method, path, response.status_code))
    assert wrong == []


@pytest.fixture
async def cors_client(settings: Settings, engine: AsyncEngine) -> httpx.AsyncClient:
    app = create_app(
        settings.model_copy(update={"cors_origins": ["https://spa.convergence.example"]}),
        engine=engine,
    )
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_cors_answers_the_configured_origin_only(
    cors_client: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    good = "https://spa.convergence.example"
    evil = "https://evil.example"
    async with cors_client as client:
        preflight_evil = await client.options(
            "/api/v1/moi",
            headers={"Origin": evil, "Access-Control-Request-Method": "GET"},
        )
        read_evil = await client.get("/api/v1/moi", headers={"Origin": evil} | auth("admin"))
        read_good = await client.get("/api/v1/moi", headers={"Origin": good} | auth("admin"))
    assert "access-control-allow-origin" not in preflight_evil.headers
    assert preflight_evil.status_code == 400
    assert "access-control-allow-origin" not in read_evil.headers
    assert read_good.headers["access-control-allow-origin"] == good
    exposed = read_good.headers["access-control-expose-headers"]
    assert "RateLimit" in exposed and "Retry-After" in exposed
    assert "access-control-allow-credentials" not in read_good.headers


async def test_without_configured_origins_no_cors_at_all(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/moi", headers={"Origin": "https://evil.example"})
    preflight = await client.options(
        "/api/v1/moi",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert not [h for h in response.headers if h.startswith("access-control-")]
    assert not [h for h in preflight.headers if h.startswith("access-control-")]


async def test_a_database_error_reveals_no_sql_nor_trace(
    fresh_app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    app = fresh_app

    @app.get("/api/v1/_requete_cassee", include_in_schema=False)
    async def broken(session: SessionDep) -> None:
        await session.execute(text("SELECT colonne_secrete FROM table_inexistante"))

    app.router.routes.insert(0, app.router.routes.pop())
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="convergence.errors"):
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.get("/api/v1/_requete_cassee")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "erreur_interne"
    for secret in ("SELECT", "table_inexistante", "colonne_secrete", "Traceback", "sqlalchemy"):
        assert secret not in response.text
    assert "table_inexistante" in caplog.text  # the team sees it in the logs
