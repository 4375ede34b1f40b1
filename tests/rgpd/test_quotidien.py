"""The worker's daily run: once a day whatever the number of workers; retention, audit purge,
expired idempotent replies and kept contracts past their period."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import httpx
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.audit import AuditContext, AuditEvent, record, seal_in
from api.core.db import utcnow
from api.core.idempotency import IdempotencyKey
from api.rgpd.jobs import DailyScheduler, run_daily
from api.rgpd.models import TACHE_QUOTIDIENNE, ContratArchive, TachePlanifiee
from api.settings import Settings
from tests.conftest import DemoIds

TODAY = date.today()


async def test_the_daily_run_happens_once_a_day(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    demo: DemoIds,
) -> None:
    session.add(
        IdempotencyKey(
            scope="s", key="ancienne", request_hash="h", created_at=utcnow() - timedelta(days=2)
        )
    )
    session.add(IdempotencyKey(scope="s", key="recente", request_hash="h"))
    session.add(
        ContratArchive(
            territoire_id=demo.territoires["paris"],
            chantier_id=demo.structures["Ateliers de Belleville"],
            type="cddi",
            date_debut=TODAY - timedelta(days=2000),
            date_fin=TODAY - timedelta(days=1900),
            heures_hebdo=Decimal(20),
            motif="test",
            conserver_jusqu_au=TODAY - timedelta(days=1),
        )
    )
    await session.commit()

    first = await run_daily(sessionmaker, settings, TODAY)
    assert first is not None
    assert first["reponses_idempotentes"] == 1 and first["contrats_conserves"] == 1
    assert {"anonymisation", "audit_purge", "date"} <= set(first)
    assert await run_daily(sessionmaker, settings, TODAY) is None  # another worker, same day
    keys = (await session.scalars(select(IdempotencyKey.key))).all()
    assert "recente" in keys and "ancienne" not in keys
    marker = await session.get(TachePlanifiee, TACHE_QUOTIDIENNE)
    assert marker is not None
    await session.refresh(marker)
    assert marker.derniere_date == TODAY and marker.terminee_le is not None
    assert marker.resultat == first
    tomorrow = await run_daily(sessionmaker, settings, TODAY + timedelta(days=1))
    assert tomorrow is not None and tomorrow["anonymisation"]["dossiers"] >= 0


async def test_the_daily_run_purges_the_audit_trail_past_its_retention(
    session: AsyncSession,
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    await record(session, AuditContext("systeme", None), "test_ancien")
    # Only sealed events are purged; this test's transaction is never committed, so its own
    # transaction id is given as the sealer's horizon.
    own_xid = await session.scalar(select(func.max(AuditEvent.xid)))
    await seal_in(session, horizon=None if own_xid is None else own_xid + 1)
    await session.commit()
    # Nothing is old enough with 365 days; with 0 days every earlier row goes.
    outcome = await run_daily(
        sessionmaker, settings.model_copy(update={"audit_retention_days": 0}), TODAY
    )
    assert outcome is not None and outcome["audit_purge"] >= 1


async def test_the_scheduler_asks_once_per_day_and_survives_a_failure(
    sessionmaker: async_sessionmaker[AsyncSession], settings: Settings, session: AsyncSession
) -> None:
    scheduler = DailyScheduler()
    await session.execute(
        update(TachePlanifiee)
        .where(TachePlanifiee.nom == TACHE_QUOTIDIENNE)
        .values(derniere_date=TODAY)
    )
    await session.commit()
    assert await scheduler.tick(sessionmaker, settings, TODAY) is None
    assert scheduler.checked == TODAY
    broken = settings.model_copy(update={"retention_months": None})
    assert await scheduler.tick(sessionmaker, broken, TODAY + timedelta(days=1)) is None
    assert scheduler.checked == TODAY + timedelta(days=1)


async def test_the_retention_page_tells_when_the_daily_run_last_ended(
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
) -> None:
    before = (await client.get("/api/v1/rgpd/retention")).json()
    assert before["derniere_execution"] is None
    await run_daily(sessionmaker, settings, TODAY)
    admin = (await client.get("/api/v1/rgpd/retention")).json()
    assert admin["derniere_execution"] is not None
    assert admin["dernier_resultat"]["date"] == TODAY.isoformat()
    # The run's counts are national: a coordinateur sees when, not what.
    mine = (
        await anonymous.get("/api/v1/rgpd/retention", headers=auth("coordinateur.paris"))
    ).json()
    assert mine["derniere_execution"] == admin["derniere_execution"]
    assert mine["dernier_resultat"] is None
