"""Traces (OpenTelemetry): off by default, on with the standard `OTEL_*` variables.

`OTEL_TRACES_EXPORTER=otlp` sends the spans over OTLP/HTTP (the exporter reads its own
variables: `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`...), `console` prints
them; `OTEL_SERVICE_NAME` names the service (default `convergence-api`, `convergence-worker`).

What is traced:
- each request (FastAPI: one server span; probes and /metrics are left out);
- each SQL statement (SQLAlchemy: the statement text with its placeholders, never the values);
- each outgoing HTTP call of the worker (httpx: webhook deliveries, Les emplois);
- each webhook delivery: the outbox keeps the W3C `traceparent` of the request that wrote the
  event, and the worker's delivery span continues that trace, so one trace runs from the
  request to the partner's answer.

Nothing is imported from OpenTelemetry's SDK or instrumentations while tracing is off.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx
    from fastapi import FastAPI
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SpanExporter
    from sqlalchemy.ext.asyncio import AsyncEngine

    from api.settings import Settings

EXPORTERS = frozenset({"none", "otlp", "console"})
# Probes every few seconds and scrapes: no trace of them.
EXCLUDED_URLS = "/healthz,/readyz,/metrics"
TRACER = "convergence"


class _Tracing:
    provider: TracerProvider | None = None


def exporter_names(value: str) -> list[str]:
    return [n for n in (part.strip().lower() for part in value.split(",")) if n and n != "none"]


def _exporters(settings: Settings) -> list[SpanExporter]:
    if settings.otel_sdk_disabled:
        return []
    found: list[SpanExporter] = []
    for name in exporter_names(settings.otel_traces_exporter):
        if name == "otlp":
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            found.append(OTLPSpanExporter())
        elif name == "console":
            from opentelemetry.sdk.trace.export import ConsoleSpanExporter

            found.append(ConsoleSpanExporter())
    return found


def configure(settings: Settings, service: str, exporter: SpanExporter | None = None) -> bool:
    """Set up this process's tracer provider once; False when tracing is off.

    `exporter` (tests: an in-memory one) replaces the configured exporters and is fed
    synchronously; the configured ones go through a batch processor.
    """
    if _Tracing.provider is not None:
        return True
    exporters = [exporter] if exporter is not None else _exporters(settings)
    if not exporters:
        return False
    from opentelemetry import trace
    from opentelemetry.sdk.resources import SERVICE_NAME, Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    provider = TracerProvider(
        resource=Resource.create({SERVICE_NAME: settings.otel_service_name or service})
    )
    for one in exporters:
        processor = SimpleSpanProcessor(one) if exporter is not None else BatchSpanProcessor(one)
        provider.add_span_processor(processor)
    if exporter is None:
        # The process's own provider: anything else that asks for a tracer gets it.
        trace.set_tracer_provider(provider)
    _Tracing.provider = provider
    return True


def enabled() -> bool:
    return _Tracing.provider is not None


def instrument_app(app: FastAPI, settings: Settings) -> None:
    """Server spans for the app's requests and SQL spans for its engines (when tracing is on)."""
    if not configure(settings, "convergence-api"):
        return
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=_Tracing.provider,
        excluded_urls=EXCLUDED_URLS,
        exclude_spans=["receive", "send"],
    )
    instrument_engine(app.state.engine)
    read_router = getattr(app.state, "read_router", None)
    if read_router is not None:
        instrument_engine(read_router.engine)


def instrument_engine(engine: AsyncEngine) -> None:
    """One span per SQL statement on this engine (the text with placeholders, no values)."""
    if _Tracing.provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
    from opentelemetry.metrics import NoOpMeterProvider

    connections = NoOpMeterProvider().get_meter(TRACER).create_up_down_counter("connexions")
    EngineTracer(  # type: ignore[no-untyped-call]
        _Tracing.provider.get_tracer(TRACER), engine.sync_engine, connections
    )


def instrument_client(client: httpx.AsyncClient) -> None:
    """One client span per outgoing request of this client, with the trace context sent."""
    if _Tracing.provider is None:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    HTTPXClientInstrumentor.instrument_client(client, tracer_provider=_Tracing.provider)


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the span in progress (stored with an outbox event)."""
    if _Tracing.provider is None:
        return None
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    carrier: dict[str, str] = {}
    TraceContextTextMapPropagator().inject(carrier)
    return carrier.get("traceparent")


class _NoSpan:
    def set_attribute(self, key: str, value: Any) -> None:
        return None


@contextmanager
def consumer_span(
    name: str, traceparent: str | None, attributes: dict[str, Any] | None = None
) -> Iterator[Any]:
    """A span of the worker that continues the trace named by `traceparent` (a new trace
    without one); what runs inside (SQL, HTTP calls) are its children."""
    if _Tracing.provider is None:
        yield _NoSpan()
        return
    from opentelemetry.trace import SpanKind
    from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

    parent = (
        TraceContextTextMapPropagator().extract({"traceparent": traceparent})
        if traceparent
        else None
    )
    tracer = _Tracing.provider.get_tracer(TRACER)
    with tracer.start_as_current_span(
        name, context=parent, kind=SpanKind.CONSUMER, attributes=attributes
    ) as span:
        yield span


def flush() -> None:
    if _Tracing.provider is not None:
        _Tracing.provider.force_flush()


def shutdown() -> None:
    """Send what is pending and forget the provider and the engines' listeners."""
    provider, _Tracing.provider = _Tracing.provider, None
    if provider is None:
        return
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    EngineTracer.remove_all_event_listeners()  # type: ignore[no-untyped-call]
    provider.shutdown()
