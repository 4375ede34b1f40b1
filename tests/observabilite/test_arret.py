"""SIGTERM: the requests in flight finish, /readyz answers 503 meanwhile, the process exits 0.

The request is held in flight without any test hook in the application: the test takes an
exclusive lock on the table it reads (PostgreSQL), and lets it go once the server is seen
draining. The worker stops at a SIGTERM too, and a pass cancelled past its deadline gives
back the deliveries it had claimed.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.referentiel import StatutLivraison
from api.settings import Settings
from api.webhooks import service
from api.webhooks.models import WebhookDelivery
from tests.conftest import BACKEND, DemoIds
from tests.observabilite import serveurs
from tests.webhooks.test_webhooks import _earlier_events_handled, _orientation_event, _register

__all__ = ["_earlier_events_handled"]  # the webhook tests' fixture: earlier events handled

PREAVIS = "2"


def _until(condition: Callable[[], bool], seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


async def _lock(database_url: str) -> asyncpg.Connection:
    url = sa.make_url(database_url)
    conn = await asyncpg.connect(
        user=url.username, host=url.host, port=url.port or 5432, database=url.database
    )
    await conn.execute("BEGIN; LOCK TABLE territoire IN ACCESS EXCLUSIVE MODE")
    return conn


async def _lock_waiters(conn: asyncpg.Connection) -> int:
    return int(
        await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
    )


@pytest.mark.skipif(BACKEND != "postgresql", reason="holds a request on a PostgreSQL table lock")
def test_sigterm_lets_the_request_in_flight_finish_and_exits_0(
    migrated_database: str,
    tmp_path: Path,
    auth: Callable[[str], dict[str, str]],
) -> None:
    served = serveurs.convergence_serve(
        migrated_database,
        tmp_path,
        "arret",
        CONVERGENCE_ARRET_PREAVIS_SECONDES=PREAVIS,
        CONVERGENCE_ARRET_SECONDES="20",
        CONVERGENCE_DB_STATEMENT_TIMEOUT_MS="0",
    )
    loop = asyncio.new_event_loop()
    lock = loop.run_until_complete(_lock(migrated_database))
    answer: dict[str, Any] = {}

    def slow_request() -> None:
        response = httpx.get(f"{served.url}/api/v1/territoires", headers=auth("admin"), timeout=60)
        answer["status"] = response.status_code

    def readyz() -> int | None:
        try:
            return httpx.get(f"{served.url}/readyz", timeout=2).status_code
        except httpx.TransportError:
            return None  # the listener is closed

    try:
        assert readyz() == 200
        thread = threading.Thread(target=slow_request)
        thread.start()
        assert _until(lambda: loop.run_until_complete(_lock_waiters(lock)) > 0), "not blocked"
        served.process.send_signal(signal.SIGTERM)
        seen: list[int | None] = []
        assert _until(lambda: seen.append(readyz()) or seen[-1] == 503), seen
        # After the preavis the server takes no new connection; the request is still held.
        assert _until(lambda: readyz() is None), "the listener stayed open"
        assert thread.is_alive() and served.process.poll() is None
        loop.run_until_complete(lock.execute("ROLLBACK"))
        thread.join(timeout=30)
        assert answer.get("status") == 200, answer
        assert served.process.wait(timeout=30) == 0, served.output()
    finally:
        loop.run_until_complete(lock.close())
        loop.close()
        served.stop()
    log = served.output()
    assert "drain over" in log and "Traceback" not in log


def test_the_worker_stops_on_sigterm_with_status_0(tmp_path: Path) -> None:
    # A database that does not answer: the worker waits and retries, touching no data.
    env = serveurs.environment("postgresql+asyncpg://convergence@127.0.0.1:1/absente", tmp_path)
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--interval", "30"],
        cwd=serveurs.ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    output = tmp_path / "worker.log"
    try:
        # Its first pass failed, it waits for the next one: a SIGTERM ends the wait at once.
        assert _until(lambda: "retrying" in output.read_text(), 30), output.read_text()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0, output.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert "worker stopped" in output.read_text()


class _HangingPartner:
    """A partner's endpoint that does not answer until told to."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        partner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["content-length"]))
                partner.reached.set()
                partner.release.wait(10)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/convergence"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()


async def test_a_cancelled_pass_gives_its_deliveries_back(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
) -> None:
    partner = _HangingPartner()
    try:
        await _register(anonymous, auth, partner.url)
        await _orientation_event(client, demo)
        async with httpx.AsyncClient() as http:
            worker_pass = asyncio.create_task(service.run_once(sessionmaker, settings, http))
            # The delivery is on its way: the partner has the request and holds it.
            assert await asyncio.to_thread(partner.reached.wait, 10)
            async with sessionmaker() as session:
                held = await session.scalar(select(WebhookDelivery.verrou_jusqu_a))
            assert held is not None
            worker_pass.cancel()
            with pytest.raises(asyncio.CancelledError):
                await worker_pass
    finally:
        partner.close()
    async with sessionmaker() as session:
        delivery = await session.scalar(select(WebhookDelivery))
    assert delivery is not None
    assert delivery.statut == StatutLivraison.en_attente and delivery.verrou_jusqu_a is None
