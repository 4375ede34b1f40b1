"""Application factory: routers, middleware, error handlers and the SPA."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Match
from starlette.types import Scope as StarletteScope

import api.handlers  # noqa: F401  (registers the features' event handlers)
from api.a_faire.router import caseload_router
from api.a_faire.router import router as a_faire_router
from api.audit.router import router as audit_router
from api.candidatures.router import public_router as candidatures_public_router
from api.candidatures.router import router as candidatures_router
from api.connecteurs.router import arrivees_router
from api.connecteurs.router import router as connecteurs_router
from api.connecteurs.router_data_inclusion import export_router as data_inclusion_export_router
from api.connecteurs.router_data_inclusion import imports_router as data_inclusion_router
from api.conventions.router import router as conventions_router
from api.core import arret, observabilite
from api.core.db import make_engine, make_sessionmaker
from api.core.docs import OPENAPI_PATH, install_docs
from api.core.errors import FieldError, Problem, install_error_handlers, problem_responses
from api.core.idempotency import IdempotencyMiddleware
from api.core.middleware import (
    BodySizeLimitMiddleware,
    RefuseNulMiddleware,
    RequestIdMiddleware,
    SecurityHeadersMiddleware,
)
from api.core.migrations import head_revision
from api.core.observabilite import traces
from api.core.observabilite.journal import configure_logging, log_format
from api.core.ratelimit import Limits, RateLimitMiddleware, make_store
from api.core.replica import ReadRouter
from api.exports.router import router as exports_router
from api.freins.router import diagnostics_router, freins_router, referentiel_router
from api.health.router import router as health_router
from api.identity import service as identity_service
from api.identity.router import (
    auth_router,
    clients_router,
    demo_router,
    moi_router,
    users_router,
)
from api.imports.gabarit import MAX_OCTETS as IMPORT_MAX_BYTES
from api.imports.router import router as imports_router
from api.indicateurs.router import router as indicateurs_router
from api.orientations.router import router as orientations_router
from api.parcours.router import router as parcours_router
from api.public.router import router as public_router
from api.rgpd.router import router as rgpd_router
from api.salaries.router import router as salaries_router
from api.settings import Settings, get_settings
from api.structures.router import router as structures_router
from api.territoires.router import router as territoires_router
from api.webhooks.router import router as webhooks_router

API_TITLE = "Convergence — API"
API_VERSION = "1.0.0"
API_DESCRIPTION = (
    "API du programme Convergence : parcours des salariés en chantier d'insertion, freins, "
    "orientations vers les partenaires, conventions et indicateurs.\n\n"
    "Les erreurs suivent la RFC 9457 (`application/problem+json`) avec un `code` stable "
    "et un `detail` en français."
)

ROUTERS = (
    health_router,
    auth_router,
    moi_router,
    users_router,
    clients_router,
    demo_router,
    audit_router,
    territoires_router,
    # Before the structures: `/structures/data-inclusion` is not a structure id.
    data_inclusion_export_router,
    data_inclusion_router,
    structures_router,
    conventions_router,
    salaries_router,
    caseload_router,
    parcours_router,
    a_faire_router,
    referentiel_router,
    diagnostics_router,
    freins_router,
    orientations_router,
    webhooks_router,
    indicateurs_router,
    exports_router,
    rgpd_router,
    connecteurs_router,
    arrivees_router,
    imports_router,
    public_router,
    candidatures_public_router,
    candidatures_router,
)
# Operations that answer without a token; every other route declares `requires(...)`.
PUBLIC_OPERATIONS = frozenset(
    {
        "supervision_healthz",
        "supervision_readyz",
        "auth_token",
        "auth_revocation",
        "auth_deconnexion",
        "auth_methodes",
        "auth_lire_invitation",
        "auth_accepter_invitation",
        "auth_mot_de_passe_oublie",
        "auth_reinitialiser_mot_de_passe",
        "auth_proconnect_connexion",
        "auth_proconnect_retour",
        "auth_proconnect_totp",
        "demo_courriels_demo",
        "public_programme",
        "public_resultats",
        "candidature_publique_formulaire",
        "candidature_publique_demander_lien",
        "candidature_publique_ouvrir",
        "candidature_publique_lire",
        "candidature_publique_enregistrer",
        "candidature_publique_soumettre",
        "candidature_publique_ajouter_document",
    }
)


def create_app(settings: Settings | None = None, *, engine: Any = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, log_format(settings.env, settings.log_format))
    owns_engine = engine is None
    engine = engine or make_engine(
        settings.database_url,
        pool_size=settings.db_pool_size,
        pool_timeout=settings.db_pool_timeout,
        statement_timeout_ms=settings.db_statement_timeout_ms,
    )

    read_router = (
        ReadRouter(
            make_engine(
                settings.database_replica_url,
                pool_size=settings.db_pool_size,
                pool_timeout=settings.db_pool_timeout,
                statement_timeout_ms=settings.db_statement_timeout_ms,
            ),
            max_lag_seconds=settings.replica_max_lag_seconds,
            check_seconds=settings.replica_check_seconds,
            check_timeout=settings.replica_check_timeout_seconds,
        )
        if settings.database_replica_url
        else None
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # SIGTERM: /readyz answers 503 for the preavis, then the server drains (api.core.arret).
        arret.intercept_sigterm(settings.arret_preavis_secondes)
        yield
        traces.flush()
        await rate_limit_store.close()
        if read_router is not None:
            await read_router.dispose()
        if owns_engine:
            await engine.dispose()

    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description=API_DESCRIPTION,
        lifespan=lifespan,
        # The Swagger UI page is ours (api.core.docs): no third-party script on this origin.
        docs_url=None,
        swagger_ui_oauth2_redirect_url=None,
        redoc_url=None,
        openapi_url=OPENAPI_PATH if settings.docs_enabled else None,
        generate_unique_id_function=_operation_id,
    )
    app.state.settings = settings
    rate_limit_store = make_store(settings.redis_url, app.state)
    app.state.rate_limit_store = rate_limit_store
    app.state.engine = engine
    app.state.sessionmaker = make_sessionmaker(engine)
    app.state.read_router = read_router
    app.state.head_revision = head_revision()
    app.state.actor_loader = lambda session, claims: identity_service.load_actor(
        session, claims, settings
    )

    install_error_handlers(app)
    if settings.docs_enabled:
        install_docs(app)
    for router in ROUTERS:
        app.include_router(router)

    app.add_middleware(IdempotencyMiddleware)
    app.add_middleware(RefuseNulMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        # Uploads: the document limit plus room for the multipart envelope.
        overrides=[
            (r"^/api/v1/conventions/[^/]+/documents$", settings.document_max_bytes + 65536),
            (r"^/api/v1/imports$", IMPORT_MAX_BYTES + 65536),
            (
                r"^/api/v1/candidature-publique/documents$",
                settings.candidature_document_max_bytes + 65536,
            ),
        ],
    )
    app.add_middleware(
        RateLimitMiddleware,
        store=rate_limit_store,
        limits=Limits(
            client=settings.rate_limit_client_per_minute,
            user=settings.rate_limit_user_per_minute,
            anonymous=settings.rate_limit_anonymous_per_minute,
        ),
        secret_key=settings.secret_key,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "PUT", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
            expose_headers=[
                "ETag",
                "Location",
                "Retry-After",
                "X-Request-ID",
                "RateLimit",
                "RateLimit-Policy",
            ],
        )
    app.add_middleware(SecurityHeadersMiddleware, hsts=not settings.demo)
    observabilite.install(app, settings)  # /metrics, the per-request log line and metrics
    app.add_middleware(RequestIdMiddleware)

    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    mount_spa(app, settings.spa_dir)
    return app


def _operation_id(route: APIRoute) -> str:
    """Operation ids are `<tag>_<function>`: stable names for the generated client."""
    return f"{route.tags[0]}_{route.name}" if route.tags else route.name


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The contract, with the problem+json schema registered once for every error response."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        servers=[{"url": "/", "description": "Même origine que le client"}],
    )
    # Every API operation may be rate limited (429) or meet an unavailable database (503),
    # and every body may be too large (413): declared here once rather than on each route.
    for path, item in schema["paths"].items():
        if not path.startswith("/api/"):
            continue
        for operation in item.values():
            shared = problem_responses(429, 503)
            if "requestBody" in operation:
                shared |= problem_responses(413)
            for status, response in shared.items():
                operation["responses"].setdefault(str(status), response)
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "header" and parameter["name"] == "If-Match":
                    # Required, though a missing one answers 428 (RFC 6585) rather than 422.
                    parameter["required"] = True
                    parameter["schema"] = next(
                        s for s in parameter["schema"]["anyOf"] if s.get("type") == "string"
                    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["FieldError"] = FieldError.model_json_schema()
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    problem.pop("$defs", None)
    components["Problem"] = problem
    app.openapi_schema = schema
    return schema


class SpaRoute(APIRoute):
    """The SPA's catch-all never takes an API path: those answer 404, or 405 when the path
    exists with other methods, like the rest of the API."""

    def matches(self, scope: StarletteScope) -> tuple[Match, StarletteScope]:
        path: str = scope.get("path", "")
        if path == "/api" or path.startswith("/api/"):
            return Match.NONE, {}
        return super().matches(scope)


def mount_spa(app: FastAPI, spa_dir: Path) -> None:
    """Serve the built SPA on the same origin: files as they are, index.html for client routes."""
    index = spa_dir / "index.html"
    root = spa_dir.resolve()

    async def spa(path: str, request: Request) -> Response:
        if not index.is_file():
            raise HTTPException(404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = "public, max-age=31536000, immutable" if path.startswith("assets/") else None
            headers = {"Cache-Control": cache} if cache else None
            return FileResponse(candidate, headers=headers)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    app.router.add_api_route(
        "/{path:path}",
        spa,
        methods=["GET"],
        include_in_schema=False,
        route_class_override=SpaRoute,
    )


def serve_app() -> FastAPI:
    """The app of a serving process (`convergence serve`, one per uvicorn worker).

    Once built, everything allocated so far (modules, routes, schemas: a few hundred
    thousand objects that live as long as the process) is moved out of the garbage
    collector's reach. Otherwise each full collection walks them all again, a pause of
    about 150 ms under load; with it the benchmark's p99 halves (bench/README.md). No
    collection first: it would add 0.16 s to every startup for a few unreachable objects.
    """
    app = create_app()
    gc.freeze()
    return app
