"""The audit trail: written with the change, readable by admins, tamper-evident, append-only."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from typer.testing import CliRunner

from api.cli import app as cli
from api.core import audit
from api.core.audit import AuditContext, AuditEvent, verify_chain
from api.core.db import make_engine
from api.core.migrations import upgrade
from api.settings import get_settings
from tests.conftest import BACKEND, DemoIds
from tests.dbutil import reset_database, sibling_database_url
from tests.identity.test_tokens import login


async def _allow_tampering(execute: Callable[..., Any]) -> None:
    """What an attacker with database access does: get past the append-only guard."""
    if BACKEND == "postgresql":
        await execute(text("SET LOCAL session_replication_role = replica"))
    else:
        await execute(text("DROP TRIGGER audit_event_no_update"))


async def test_login_is_audited_and_listed(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    assert (await login(anonymous)).status_code == 200
    response = await anonymous.get(
        "/api/v1/audit",
        params={"actor_id": str(demo.users["accompagnateur.paris"]), "action": "login"},
        headers=auth("admin"),
    )
    assert response.status_code == 200
    (event,) = response.json()["items"]
    assert event["object_id"] == str(demo.users["accompagnateur.paris"])
    assert event["client_address"] == "127.0.0.1"
    assert event["request_id"]


async def test_coordinateur_sees_only_its_territoire_events(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    await login(anonymous, "accompagnateur.lyon@demo.example.org")
    await login(anonymous, "accompagnateur.paris@demo.example.org")
    response = await anonymous.get(
        "/api/v1/audit", params={"action": "login"}, headers=auth("coordinateur.paris")
    )
    actors = {e["actor_id"] for e in response.json()["items"]}
    assert str(demo.users["accompagnateur.paris"]) in actors
    assert str(demo.users["accompagnateur.lyon"]) not in actors


async def test_csv_export_streams_and_is_itself_audited(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    response = await anonymous.get("/api/v1/audit/export.csv", headers=auth("admin"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.strip().splitlines()
    assert lines[0].startswith("id,occurred_at,actor_type")
    assert len(lines) > 1
    listed = await anonymous.get(
        "/api/v1/audit", params={"action": "export"}, headers=auth("admin")
    )
    assert listed.json()["items"][0]["object_type"] == "audit_event"


async def test_period_filter_is_checked(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    response = await anonymous.get(
        "/api/v1/audit", params={"debut": "2026-02-01", "fin": "2026-01-01"}, headers=auth("admin")
    )
    assert response.status_code == 422


async def test_chain_detects_an_altered_row(session: AsyncSession) -> None:
    context = AuditContext("systeme", None)
    first = await audit.record(session, context, "read", object_type="essai", object_id=1)
    await audit.record(session, context, "read", object_type="essai", object_id=2)
    assert (await verify_chain(session)).first_broken_id is None
    await _allow_tampering(session.execute)
    await session.execute(
        update(AuditEvent).where(AuditEvent.id == first.id).values(object_id="999")
    )
    session.expunge_all()
    assert (await verify_chain(session)).first_broken_id == first.id


async def test_update_and_delete_are_refused(session: AsyncSession) -> None:
    event = await audit.record(session, AuditContext("systeme", None), "read")
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(
                update(AuditEvent).where(AuditEvent.id == event.id).values(action="x")
            )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(text("DELETE FROM audit_event WHERE id = :id"), {"id": event.id})
    assert (
        await session.scalar(select(AuditEvent.action).where(AuditEvent.id == event.id)) == "read"
    )


def test_cli_verify_names_the_first_broken_row(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = sibling_database_url(database_url, "convergence_audit_test")
    reset_database(url)
    upgrade(url)

    async def write_then_tamper() -> int:
        engine: AsyncEngine = make_engine(url)
        try:
            async with AsyncSession(engine) as session, session.begin():
                ids = []
                for n in range(3):
                    event = await audit.record(
                        session, AuditContext("systeme", None), "read", object_id=n
                    )
                    ids.append(event.id)
            async with engine.begin() as conn:
                await _allow_tampering(conn.execute)
                await conn.execute(
                    text("UPDATE audit_event SET action = 'delete' WHERE id = :id"), {"id": ids[1]}
                )
            return ids[1]
        finally:
            await engine.dispose()

    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        intact = runner.invoke(cli, ["audit", "verify"])
        assert intact.exit_code == 0 and "intacte" in intact.output
        broken_id = asyncio.run(write_then_tamper())
        result = runner.invoke(cli, ["audit", "verify"])
        assert result.exit_code == 1
        assert f"id={broken_id}" in result.output
    finally:
        get_settings.cache_clear()


async def test_purge_keeps_the_chain_verifiable(session: AsyncSession) -> None:
    from datetime import timedelta

    from api.audit.service import purge_older_than
    from api.core.db import utcnow

    context = AuditContext("systeme", None)
    old = await audit.record(session, context, "read", object_id="ancien")
    await audit.record(session, context, "read", object_id="recent")
    await _allow_tampering(session.execute)
    await session.execute(
        update(AuditEvent)
        .where(AuditEvent.id <= old.id)
        .values(occurred_at=utcnow() - timedelta(days=400))
    )
    if BACKEND == "postgresql":
        await session.execute(text("SET LOCAL session_replication_role = origin"))
    purged = await purge_older_than(session, 365)
    assert purged >= 1
    assert await session.get(AuditEvent, old.id) is None
    # Old rows were re-dated above, so their own hashes no longer match; only kept rows matter.
    report = await verify_chain(session)
    assert report.first_broken_id is None
