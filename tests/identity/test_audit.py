"""The audit trail: written with the change, readable by admins, tamper-evident, append-only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext, AuditEvent
from tests.conftest import BACKEND, DemoIds
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


async def test_the_guard_lets_only_the_sealers_first_write_through(session: AsyncSession) -> None:
    event = await audit.record(session, AuditContext("systeme", None), "read")
    seal_values = {"seq": 10**12, "prev_hash": "0" * 64, "hash": "1" * 64}
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(
                update(AuditEvent)
                .where(AuditEvent.id == event.id)
                .values(**seal_values, action="x")
            )
    async with session.begin_nested():
        await session.execute(
            update(AuditEvent).where(AuditEvent.id == event.id).values(**seal_values)
        )
    with pytest.raises(DBAPIError, match="append-only"):
        async with session.begin_nested():
            await session.execute(
                update(AuditEvent).where(AuditEvent.id == event.id).values(hash="2" * 64)
            )
