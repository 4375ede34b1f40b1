"""Stale-tolerant reads on a real streaming replica, and the fallback to the primary.

A primary of the test's own (initdb in a temporary directory, the demo data loaded) and a hot
standby of it made with `pg_basebackup -R`, on free ports. The replica's replay is paused to
make the two servers differ: what an answer shows tells which server served it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI

from api.core.replica import ReadSessionDep
from api.main import create_app
from tests.conftest import DemoIds, build_demo_database, demo_headers, read_demo_ids, suite_settings
from tests.pgserver import PostgresServer, require_server_binaries


class Pair:
    def __init__(self, primary: PostgresServer, replica: PostgresServer) -> None:
        self.primary = primary
        self.replica = replica

    @staticmethod
    def _dsn(server: PostgresServer) -> str:
        return f"postgresql://postgres@127.0.0.1:{server.port}/convergence"

    async def on_primary(self, sql: str) -> Any:
        conn = await asyncpg.connect(self._dsn(self.primary))
        try:
            if ";" in sql:
                return await conn.execute(sql)  # a script: no value
            return await conn.fetchval(sql)
        finally:
            await conn.close()

    async def on_replica(self, sql: str) -> Any:
        conn = await asyncpg.connect(self._dsn(self.replica))
        try:
            return await conn.fetchval(sql)
        finally:
            await conn.close()

    async def wait_streaming(self) -> None:
        """Until the started replica streams from the primary (its WAL receiver starts late)."""
        deadline = asyncio.get_running_loop().time() + 30
        sql = "SELECT count(*) FROM pg_stat_wal_receiver WHERE status = 'streaming'"
        while not await self.on_replica(sql):
            assert asyncio.get_running_loop().time() < deadline, "the replica does not stream"
            await asyncio.sleep(0.02)

    async def wait_received(self) -> None:
        """Until the replica has received all the primary's WAL (bounded: another server)."""
        target = await self.on_primary("SELECT pg_current_wal_lsn()::text")
        deadline = asyncio.get_running_loop().time() + 30
        sql = f"SELECT pg_last_wal_receive_lsn() >= '{target}'::pg_lsn"
        while not await self.on_replica(sql):
            assert asyncio.get_running_loop().time() < deadline, "the replica receives nothing"
            await asyncio.sleep(0.02)

    async def wait_replayed(self) -> None:
        target = await self.on_primary("SELECT pg_current_wal_lsn()::text")
        deadline = asyncio.get_running_loop().time() + 30
        sql = f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn"
        while not await self.on_replica(sql):
            assert asyncio.get_running_loop().time() < deadline, "the replica replays nothing"
            await asyncio.sleep(0.02)

    async def double_the_statistics(self) -> None:
        """A change of every indicator: each statistical record twice (undone by `undo`)."""
        await self.on_primary(
            """
            CREATE TABLE IF NOT EXISTS doubles AS SELECT * FROM statistique_parcours WITH NO DATA;
            INSERT INTO doubles SELECT * FROM statistique_parcours;
            UPDATE doubles SET parcours_id = gen_random_uuid(), salarie_id = NULL;
            INSERT INTO statistique_parcours SELECT * FROM doubles;
            """
        )

    async def undo(self) -> None:
        await self.on_replica("SELECT pg_wal_replay_resume()")
        await self.on_primary(
            "DELETE FROM statistique_parcours WHERE parcours_id IN (SELECT parcours_id FROM "
            "doubles); DROP TABLE doubles"
        )
        await self.wait_replayed()


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    require_server_binaries("replica test", "initdb", "pg_ctl", "pg_basebackup")
    primary = PostgresServer()
    replica: PostgresServer | None = None
    try:
        primary.start()
        build_demo_database(primary.url)
        replica = primary.replica()
        replica.start()
        started = Pair(primary, replica)
        asyncio.run(started.wait_streaming())
        # Streaming is not enough: before it replays a first transaction, a replica's lag is
        # unknown whenever a WAL record is received and not yet replayed (a checkpoint, say),
        # and reads rightly stay on the primary. A primary in service commits all the time;
        # this one commits once.
        asyncio.run(started.on_primary("CREATE TABLE premier_rejeu AS SELECT now() AS a"))
        asyncio.run(started.wait_replayed())
        yield started
    finally:
        if replica is not None:
            replica.destroy()
        primary.destroy()


@pytest.fixture(scope="module")
def pair_demo(pair: Pair) -> DemoIds:
    return read_demo_ids(pair.primary.url)


def _app(pair: Pair, **settings: Any) -> FastAPI:
    app = create_app(
        suite_settings(
            pair.primary.url,
            database_replica_url=pair.replica.url,
            replica_check_seconds=0,  # every request checks the lag: the tests change it
            # A first connection on a busy two-core machine may take more than the default 1 s.
            replica_check_timeout_seconds=15,
            **settings,
        )
    )

    @app.get("/essai/lecture")
    async def lecture(session: ReadSessionDep) -> dict[str, bool]:
        return {
            "en_recuperation": bool(await session.scalar(sa.text("SELECT pg_is_in_recovery()")))
        }

    app.router.routes.insert(0, app.router.routes.pop())  # before the SPA catch-all
    return app


@pytest.fixture
async def replica_app(pair: Pair) -> AsyncIterator[FastAPI]:
    app = _app(pair, replica_max_lag_seconds=3600)
    yield app
    await app.state.read_router.dispose()
    await app.state.engine.dispose()


async def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def test_stale_tolerant_reads_are_served_by_the_replica(
    pair: Pair, pair_demo: DemoIds, replica_app: FastAPI
) -> None:
    admin = demo_headers(pair_demo)("admin")
    async with await _client(replica_app) as client:
        assert (await client.get("/essai/lecture")).json() == {"en_recuperation": True}
        before = await client.get("/api/v1/indicateurs", headers=admin)
        assert before.status_code == 200
        await pair.on_replica("SELECT pg_wal_replay_pause()")
        try:
            await pair.double_the_statistics()
            await pair.wait_received()
            # The primary changed; the replica, paused, still answers the old figures.
            stale = await client.get("/api/v1/indicateurs", headers=admin)
            assert stale.json() == before.json()
            csv_stale = await client.get("/api/v1/exports/indicateurs.csv", headers=admin)
            assert csv_stale.status_code == 200
            await pair.on_replica("SELECT pg_wal_replay_resume()")
            await pair.wait_replayed()
            fresh = await client.get("/api/v1/indicateurs", headers=admin)
            assert fresh.status_code == 200 and fresh.json() != before.json()
            csv_fresh = await client.get("/api/v1/exports/indicateurs.csv", headers=admin)
            assert csv_fresh.text != csv_stale.text
            # The export itself was audited on the primary (a replica cannot be written).
            audited = await pair.on_primary(
                "SELECT count(*) FROM audit_event WHERE action = 'export'"
            )
            assert audited == 2
        finally:
            await pair.undo()
        ready = (await client.get("/readyz")).json()
    assert ready["replique"]["etat"] == "ok"
    assert ready["replique"]["lectures_replique"] >= 5
    assert ready["replique"]["replis_primaire"] == 0


async def test_past_the_staleness_bound_reads_go_to_the_primary(
    pair: Pair, pair_demo: DemoIds
) -> None:
    admin = demo_headers(pair_demo)("admin")
    app = _app(pair, replica_max_lag_seconds=0)
    try:
        async with await _client(app) as client:
            before = await client.get("/api/v1/indicateurs", headers=admin)
            assert before.status_code == 200
            await pair.on_replica("SELECT pg_wal_replay_pause()")
            try:
                await pair.double_the_statistics()
                await pair.wait_received()
                # The replica is behind (by any amount: the bound is 0): the primary answers.
                assert (await client.get("/essai/lecture")).json() == {"en_recuperation": False}
                fresh = await client.get("/api/v1/indicateurs", headers=admin)
                assert fresh.status_code == 200 and fresh.json() != before.json()
                ready = (await client.get("/readyz")).json()
            finally:
                await pair.undo()
    finally:
        await app.state.read_router.dispose()
        await app.state.engine.dispose()
    assert ready["statut"] == "ok"
    assert ready["replique"]["etat"] == "en_retard" and ready["replique"]["retard_s"] > 0
    assert ready["replique"]["replis_primaire"] == 2


async def test_a_stopped_replica_sends_reads_to_the_primary(
    pair: Pair, pair_demo: DemoIds, replica_app: FastAPI
) -> None:
    admin = demo_headers(pair_demo)("admin")
    async with await _client(replica_app) as client:
        served = await client.get("/api/v1/indicateurs", headers=admin)
        pair.replica.stop()
        try:
            assert (await client.get("/essai/lecture")).json() == {"en_recuperation": False}
            fallback = await client.get("/api/v1/indicateurs", headers=admin)
            statistics = await client.get("/api/v1/orientations/statistiques", headers=admin)
            ready = await client.get("/readyz")
        finally:
            pair.replica.start()
            await pair.wait_streaming()
    assert fallback.status_code == 200 and fallback.json() == served.json()
    assert statistics.status_code == 200
    # The primary is up: the service is ready, the replica's state is reported.
    assert ready.status_code == 200
    assert ready.json()["replique"]["etat"] == "injoignable"
    assert ready.json()["replique"]["replis_primaire"] == 3
