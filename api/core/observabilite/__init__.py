"""Operating the platform: metrics (Prometheus), structured logs, traces (OpenTelemetry).

`install(app, settings)` is the one call the application factory makes; every piece lives in
its own module: `metriques` (what /metrics exposes), `journal` (log format),
`requetes` (the per-request middleware: one log line and the HTTP metrics), `traces`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from api.settings import Settings


def install(app: FastAPI, settings: Settings) -> None:
    from api.core.observabilite.metriques import add_metrics_route
    from api.core.observabilite.requetes import RequestObservationMiddleware
    from api.core.observabilite.traces import instrument_app

    add_metrics_route(app, settings)
    app.add_middleware(RequestObservationMiddleware)
    instrument_app(app, settings)
