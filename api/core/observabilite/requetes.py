"""One log line and the HTTP metrics for every request (pure ASGI middleware).

Sits just inside RequestIdMiddleware: it reads the request id that one set, the route
template the router left in the scope, the actor authentication stored in the request's
state and, for problem+json answers, the error's `code`.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.observabilite import metriques

logger = logging.getLogger("convergence.requete")

TOKEN_PATH = "/api/v1/auth/token"
# Probes and scrapes: logged at DEBUG (every few seconds, they would drown the rest).
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})
UNMATCHED_ROUTE = "non_routee"
_MAX_PROBLEM_BYTES = 16384


def route_template(scope: Scope) -> str:
    """The matched route's template, without path convertors (`{parcours_id}`, not
    `{parcours_id:uuid}`): the same label whatever the typing of its parameters."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class RequestObservationMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        problem = bytearray()
        is_problem = False

        async def observe(message: Message) -> None:
            nonlocal status, is_problem
            if message["type"] == "http.response.start":
                status = message["status"]
                content_type = dict(message.get("headers", [])).get(b"content-type", b"")
                is_problem = content_type.startswith(b"application/problem+json")
            elif (
                message["type"] == "http.response.body"
                and is_problem
                and len(problem) < _MAX_PROBLEM_BYTES
            ):
                problem.extend(message.get("body", b""))
            await send(message)

        metriques.HTTP_IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, observe)
        finally:
            metriques.HTTP_IN_FLIGHT.dec()
            self._record(scope, status, time.perf_counter() - started, bytes(problem))

    def _record(self, scope: Scope, status: int, duration: float, problem: bytes) -> None:
        route = route_template(scope)
        method = scope.get("method", "")
        klass = metriques.status_class(status)
        metriques.HTTP_REQUESTS.labels(method, route, klass).inc()
        metriques.HTTP_DURATION.labels(method, route, klass).observe(duration)
        state: dict[str, Any] = scope.get("state", {})
        code = _problem_code(problem) if problem else None
        if code is not None:
            metriques.HTTP_ERRORS.labels(route, code).inc()
        if status == 429 and route == UNMATCHED_ROUTE:
            metriques.RATE_LIMITED.inc()
        if scope.get("path") == TOKEN_PATH and status in (400, 401):
            metriques.LOGIN_FAILURES.labels(code or "inconnu").inc()
        elif scope.get("path") == TOKEN_PATH and status == 429:
            metriques.LOGIN_THROTTLED.inc()
        failure = state.get("database_error")
        if status == 503 and failure is not None:
            metriques.DB_FAILURES.labels(metriques.database_failure_kind(failure)).inc()
        app = scope.get("app")
        engine = getattr(getattr(app, "state", None), "engine", None)
        if engine is not None:
            metriques.observe_pool(engine)
        actor = state.get("actor")
        level = logging.DEBUG if scope.get("path") in QUIET_PATHS else logging.INFO
        if status >= 500:
            level = logging.ERROR
        logger.log(
            level,
            "%s %s %s",
            method,
            route,
            status,
            extra={
                "request_id": state.get("request_id"),
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(duration * 1000, 2),
                "actor_type": getattr(actor, "kind", None) or "anonyme",
                "actor_id": str(actor.id) if actor is not None else None,
                "error_code": code,
            },
        )


def _problem_code(body: bytes) -> str | None:
    try:
        code = json.loads(body).get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, str) and len(code) <= 60 else None
