"""What `/metrics` exposes (Prometheus text format), and who may read it.

Several uvicorn workers report one view through the client library's multiprocess mode:
`convergence serve` points PROMETHEUS_MULTIPROC_DIR at a fresh directory before the
workers start (this module must be imported after that). Labels are route templates,
status classes, outcomes and codes: never a raw path, an id or a person.

Figures that live in the database (outbox backlog, deliveries, daily job) are read at
scrape time, so every API process answers the same and the worker needs no port of its own.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response

from api.core.errors import _STATEMENT_TIMEOUT, _causes, problem_response
from api.core.outbox import OutboxEvent
from api.rgpd.models import TachePlanifiee
from api.webhooks.models import WebhookDelivery

if TYPE_CHECKING:
    from fastapi import FastAPI

    from api.settings import Settings

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
logger = logging.getLogger("convergence.metriques")
# Request latency buckets (seconds): the API's target is p99 under 0.5 s.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

HTTP_REQUESTS = Counter(
    "convergence_http_requests",
    "Requêtes HTTP servies, par modèle de route et classe de statut",
    ["method", "route", "status_class"],
)
HTTP_DURATION = Histogram(
    "convergence_http_request_duration_seconds",
    "Durée des requêtes HTTP (secondes), par modèle de route et classe de statut",
    ["method", "route", "status_class"],
    buckets=BUCKETS,
)
HTTP_IN_FLIGHT = Gauge(
    "convergence_http_requests_in_flight",
    "Requêtes HTTP en cours",
    multiprocess_mode="livesum",
)
HTTP_ERRORS = Counter(
    "convergence_http_errors",
    "Réponses d'erreur (problem+json), par modèle de route et code d'erreur",
    ["route", "code"],
)
RATE_LIMITED = Counter(
    "convergence_rate_limit_rejections", "Requêtes refusées par la limite de débit (429)"
)
LOGIN_FAILURES = Counter(
    "convergence_login_failures",
    "Échecs d'obtention d'un jeton (/api/v1/auth/token), par code",
    ["code"],
)
LOGIN_THROTTLED = Counter(
    "convergence_login_throttled", "Connexions refusées après trop d'échecs (429 sur /token)"
)
DB_FAILURES = Counter(
    "convergence_db_failures",
    "Requêtes répondues 503 à cause de la base : pool saturé, délai d'instruction, "
    "base indisponible",
    ["kind"],
)
DB_POOL_SIZE = Gauge(
    "convergence_db_pool_size", "Taille du pool de connexions", multiprocess_mode="livesum"
)
DB_POOL_CHECKED_OUT = Gauge(
    "convergence_db_pool_checked_out",
    "Connexions du pool en service",
    multiprocess_mode="livesum",
)
DB_POOL_OVERFLOW = Gauge(
    "convergence_db_pool_overflow",
    "Connexions ouvertes au-delà de la taille du pool (attente imminente)",
    multiprocess_mode="livesum",
)
# The worker's side (merged when the worker shares PROMETHEUS_MULTIPROC_DIR with the API).
WEBHOOK_ATTEMPTS = Counter(
    "convergence_webhook_attempts",
    "Tentatives de livraison de webhooks par le worker, par résultat",
    ["outcome"],
)
EMAILS = Counter(
    "convergence_emails", "Avis par e-mail envoyés ou en échec, par résultat", ["outcome"]
)
WORKER_PASS_DURATION = Histogram(
    "convergence_worker_pass_duration_seconds",
    "Durée d'un passage du worker (outbox et livraisons)",
    buckets=BUCKETS,
)

METRIC_NAMES_FROM_DATABASE = (
    "convergence_database_up",
    "convergence_outbox_pending_events",
    "convergence_outbox_oldest_pending_age_seconds",
    "convergence_webhook_deliveries",
    "convergence_job_last_success_timestamp_seconds",
    "convergence_job_last_duration_seconds",
    "convergence_app_info",
)


def record_worker_pass(outcome: dict[str, object], duration: float) -> None:
    """The worker's pass: delivery attempts by outcome (livree, en_attente, echouee)."""
    WORKER_PASS_DURATION.observe(duration)
    for key, n in outcome.items():
        if key != "evenements" and isinstance(n, int):
            WEBHOOK_ATTEMPTS.labels(key).inc(n)


def status_class(status: int) -> str:
    return f"{status // 100}xx"


def database_failure_kind(exc: BaseException) -> str:
    """pool_timeout, statement_timeout or unavailable (for a 503 the database caused)."""
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    for cause in _causes(exc):
        if isinstance(cause, PoolTimeout):
            return "pool_timeout"
        if getattr(cause, "sqlstate", None) == _STATEMENT_TIMEOUT:
            return "statement_timeout"
    return "unavailable"


def observe_pool(engine: Any) -> None:
    pool = getattr(engine, "pool", None)
    size = getattr(pool, "size", None)
    if pool is None or not callable(size):
        return
    DB_POOL_SIZE.set(size())
    DB_POOL_CHECKED_OUT.set(pool.checkedout())
    DB_POOL_OVERFLOW.set(max(pool.overflow(), 0))


# --- access ---------------------------------------------------------------------------------


def scrape_allowed(request: Request, settings: Settings) -> bool:
    """A bearer scrape token, or a client address inside a configured network."""
    token = settings.scrape_token
    header = request.headers.get("authorization", "")
    if (
        token
        and header.lower().startswith("bearer ")
        and hmac.compare_digest(header[7:].strip().encode(), token.encode())
    ):
        return True
    if settings.metrics_networks and request.client is not None:
        try:
            address = ipaddress.ip_address(request.client.host)
        except ValueError:
            return False
        return any(
            address in ipaddress.ip_network(network, strict=False)
            for network in settings.metrics_networks
        )
    return False


# --- the scrape -----------------------------------------------------------------------------


class _Families:
    """A one-shot collector: the figures read from the database for this scrape."""

    def __init__(self, families: list[Metric]) -> None:
        self.families = families

    def collect(self) -> Iterable[Metric]:
        return self.families


class _DefaultRegistry:
    """The process's own registry, when not in multiprocess mode (tests, one process)."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


async def database_families(request: Request) -> list[Metric]:
    families: list[Metric] = []
    now = time.time()
    info = GaugeMetricFamily(
        "convergence_app_info",
        "Version de l'application, migration attendue et migration de la base",
        labels=["version", "migration_head", "database_revision"],
    )
    pending = GaugeMetricFamily(
        "convergence_outbox_pending_events", "Événements de l'outbox pas encore traités"
    )
    oldest = GaugeMetricFamily(
        "convergence_outbox_oldest_pending_age_seconds",
        "Âge de l'événement en attente le plus ancien (0 : aucun)",
    )
    deliveries = GaugeMetricFamily(
        "convergence_webhook_deliveries",
        "Livraisons de webhooks enregistrées, par statut",
        labels=["statut"],
    )
    last_success = GaugeMetricFamily(
        "convergence_job_last_success_timestamp_seconds",
        "Fin du dernier passage réussi de chaque tâche planifiée (horodatage Unix)",
        labels=["job"],
    )
    last_duration = GaugeMetricFamily(
        "convergence_job_last_duration_seconds",
        "Durée du dernier passage réussi de chaque tâche planifiée",
        labels=["job"],
    )
    async with request.app.state.sessionmaker() as session:
        revision = await session.scalar(text("SELECT version_num FROM alembic_version"))
        count, first = (
            await session.execute(
                select(func.count(), func.min(OutboxEvent.created_at)).where(
                    OutboxEvent.processed_at.is_(None)
                )
            )
        ).one()
        by_status = (
            await session.execute(
                select(WebhookDelivery.statut, func.count()).group_by(WebhookDelivery.statut)
            )
        ).all()
        jobs = (
            await session.execute(
                select(TachePlanifiee.nom, TachePlanifiee.commencee_le, TachePlanifiee.terminee_le)
            )
        ).all()
    info.add_metric([request.app.version, request.app.state.head_revision or "", revision or ""], 1)
    pending.add_metric([], count)
    oldest.add_metric([], max(now - first.timestamp(), 0.0) if first is not None else 0.0)
    for statut, n in by_status:
        deliveries.add_metric([str(getattr(statut, "value", statut))], n)
    for nom, started, finished in jobs:
        if finished is None:
            continue
        last_success.add_metric([nom], finished.timestamp())
        if started is not None:
            last_duration.add_metric([nom], (finished - started).total_seconds())
    families += [info, pending, oldest, deliveries, last_success, last_duration]
    return families


def render(extra: list[Metric]) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get(MULTIPROC_ENV):
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(_DefaultRegistry())
    registry.register(_Families(extra))
    return generate_latest(registry)


def add_metrics_route(app: FastAPI, settings: Settings) -> None:
    async def metrics(request: Request) -> Response:
        if not scrape_allowed(request, settings):
            return problem_response(
                401,
                "jeton_de_collecte_requis",
                "Authentification requise",
                "Les métriques demandent le jeton de collecte "
                "(Authorization: Bearer, réglage CONVERGENCE_METRICS_TOKEN) "
                "ou une adresse d'un réseau autorisé (CONVERGENCE_METRICS_NETWORKS).",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
                instance=request.url.path,
            )
        observe_pool(request.app.state.engine)
        up = GaugeMetricFamily(
            "convergence_database_up", "La base répond à la collecte (1) ou non (0)"
        )
        try:
            families = await database_families(request)
            up.add_metric([], 1)
        except (SQLAlchemyError, OSError) as exc:
            # The process's own figures still tell what happens while the database is away.
            logger.warning("metrics: database unavailable (%s)", type(exc).__name__)
            families = []
            up.add_metric([], 0)
        return Response(render([up, *families]), media_type=CONTENT_TYPE_LATEST)

    app.add_route("/metrics", metrics, methods=["GET"], include_in_schema=False)
