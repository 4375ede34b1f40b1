"""Traces: one trace from the request that sends an orientation to the partner's answer.

The request's server span, its SQL statements, the worker's delivery span (continuing the
trace stored with the outbox event) and the webhook call: one trace id, printed as a tree
(`pytest -s`). Tracing is off by default: nothing is stored with the events then.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.db import make_engine, utcnow
from api.core.observabilite import traces
from api.core.outbox import OutboxEvent
from api.main import create_app
from api.webhooks import service
from tests.conftest import DemoIds, suite_settings
from tests.webhooks.test_webhooks import Receiver, _orientation_event, _register

ENVOI = "/api/v1/orientations/{orientation_id}/envoi"


@pytest.fixture
async def traced(
    migrated_database: str,
) -> AsyncIterator[tuple[InMemorySpanExporter, Any, async_sessionmaker[AsyncSession]]]:
    """An app and an engine of their own, traced into memory; one rolled-back transaction."""
    exporter = InMemorySpanExporter()
    settings = suite_settings(migrated_database)
    assert traces.configure(settings, "convergence-test", exporter)
    engine = make_engine(migrated_database)
    try:
        app = create_app(settings, engine=engine)
        async with engine.connect() as conn:
            transaction = await conn.begin()
            maker = async_sessionmaker(
                bind=conn,
                expire_on_commit=False,
                autoflush=False,
                join_transaction_mode="create_savepoint",
            )
            app.state.sessionmaker = maker
            async with maker() as session:
                # The demo data's own events are not this test's business.
                await session.execute(update(OutboxEvent).values(processed_at=utcnow()))
                await session.commit()
            try:
                yield exporter, app, maker
            finally:
                await transaction.rollback()
    finally:
        traces.shutdown()
        await engine.dispose()


def tree(spans: list[ReadableSpan]) -> str:
    children: dict[int | None, list[ReadableSpan]] = {}
    ids = {s.context.span_id for s in spans}
    for span in spans:
        parent = span.parent.span_id if span.parent is not None else None
        children.setdefault(parent if parent in ids else None, []).append(span)
    lines: list[str] = []

    def walk(parent: int | None, depth: int) -> None:
        for span in sorted(children.get(parent, []), key=lambda s: s.start_time or 0):
            ms = ((span.end_time or 0) - (span.start_time or 0)) / 1e6
            kind = span.kind.name.lower()
            attributes = span.attributes or {}
            detail = (
                attributes.get("db.statement")
                or attributes.get("url.full")
                or attributes.get("http.url")
                or ""
            )
            detail = " ".join(str(detail).split())
            detail = f"  {detail[:70]}{'…' if len(detail) > 70 else ''}" if detail else ""
            lines.append(f"{'  ' * depth}{span.name}  [{kind}, {ms:.1f} ms]{detail}")
            walk(span.context.span_id, depth + 1)

    walk(None, 0)
    return "\n".join(lines)


async def test_one_trace_from_the_request_through_the_worker_to_the_partner(
    traced: tuple[InMemorySpanExporter, Any, async_sessionmaker[AsyncSession]],
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    exporter, app, maker = traced
    partner = Receiver([])
    try:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://test") as anonymous,
            httpx.AsyncClient(
                transport=transport, base_url="http://test", headers=auth("admin")
            ) as client,
        ):
            await _register(anonymous, auth, partner.url)
            orientation_id = await _orientation_event(client, demo)
        async with maker() as session:
            stored = await session.scalar(
                select(OutboxEvent.traceparent)
                .where(OutboxEvent.type == "orientation.envoyee")
                .order_by(OutboxEvent.created_at.desc())
                .limit(1)
            )
        async with httpx.AsyncClient() as http:
            traces.instrument_client(http)
            outcome = await service.run_once(maker, suite_settings(""), http)
        assert outcome.get("livree") == 1, outcome
    finally:
        partner.close()

    spans = list(exporter.get_finished_spans())
    envoi = next(
        s
        for s in spans
        if s.kind == SpanKind.SERVER and (s.attributes or {}).get("http.route") == ENVOI
    )
    trace_id = envoi.context.trace_id
    assert stored is not None and stored.split("-")[1] == f"{trace_id:032x}"
    one = [s for s in spans if s.context.trace_id == trace_id]
    print(f"\nTrace {trace_id:032x} (orientation {orientation_id}):\n{tree(one)}")

    by_id = {s.context.span_id: s for s in one}
    sql = [s for s in one if (s.attributes or {}).get("db.system") or s.name.split()[0] in SQL]
    assert len(sql) >= 5  # the request's statements, and the delivery's
    delivery = next(s for s in one if s.name == "webhook livraison")
    assert delivery.kind == SpanKind.CONSUMER
    assert (delivery.attributes or {}).get("convergence.livraison_statut") == "livree"
    call = next(s for s in one if s.kind == SpanKind.CLIENT and s.name.startswith("POST"))
    assert call.parent is not None and call.parent.span_id == delivery.context.span_id
    # The delivery span hangs under the request's server span (through the stored context).
    server = envoi.context.span_id
    parent = delivery.parent
    while parent is not None and parent.span_id in by_id and parent.span_id != server:
        parent = by_id[parent.span_id].parent
    assert parent is not None and parent.span_id == server
    assert any(s.parent and s.parent.span_id == delivery.context.span_id for s in sql)
    # The partner received the trace context too (W3C traceparent header).
    headers, _ = partner.requests[0]
    assert headers["traceparent"].split("-")[1] == f"{trace_id:032x}"


SQL = {"SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}


async def test_tracing_is_off_by_default(client: httpx.AsyncClient, demo: DemoIds) -> None:
    assert not traces.enabled()
    orientation_id = await _orientation_event(client, demo)
    assert orientation_id
    assert traces.current_traceparent() is None
