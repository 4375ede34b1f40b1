"""The database restarts in the middle of the afternoon: nothing acknowledged is lost.

A PostgreSQL server of this test's own (initdb + pg_ctl in a temporary directory, on a free
port), the API served by uvicorn in a subprocess (real HTTP) and the webhook worker in
another. Writers post journal notes without pause while the database is stopped
(`pg_ctl stop -m fast`) and started again:
- during the outage every answer is a 503 problem+json with Retry-After, within the pool
  timeout (never a 500, never a hang);
- afterwards the same app process serves again (a disconnect invalidates the connection
  pool, the next requests reconnect), and every note that got a
  2xx is in the database;
- deliveries pending during the outage reach the partner's endpoint once it is back, and the
  worker process never died;
- a write carrying an Idempotency-Key that the outage interrupted is retried with its key
  after recovery: it is stored exactly once, the retry gets its answer (never 409
  "requete_en_cours" for a request no longer running), and no key is left in progress.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import httpx
import pytest
from sqlalchemy import func, select, text

from api.core.db import make_engine
from api.core.idempotency import IdempotencyKey
from api.parcours.models import JournalEntree
from tests.conftest import DemoIds, build_demo_database, demo_headers, read_demo_ids
from tests.pgserver import PostgresServer, require_server_binaries
from tests.pgserver import free_port as _free_port
from tests.webhooks.test_webhooks import Receiver, _orientation_event

ROOT = Path(__file__).resolve().parents[2]
POOL_TIMEOUT = 2.0
OUTAGE_SECONDS = 3.0


@pytest.fixture(scope="module")
def server() -> Iterator[PostgresServer]:
    require_server_binaries("database-restart test", "initdb", "pg_ctl")
    pg = PostgresServer()
    try:
        pg.start()
        build_demo_database(pg.url)
        yield pg
    finally:
        pg.destroy()


def _environment(pg: PostgresServer, tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "CONVERGENCE_ENV": "demo",
        "CONVERGENCE_DATABASE_URL": pg.url,
        "CONVERGENCE_DB_POOL_TIMEOUT": str(POOL_TIMEOUT),
        "CONVERGENCE_DB_POOL_SIZE": "5",
        "CONVERGENCE_DOCUMENTS_DIR": str(tmp / "documents"),
        "CONVERGENCE_MAIL_DIR": str(tmp / "mail"),
        "CONVERGENCE_SPA_DIR": str(tmp / "no-spa"),
        "CONVERGENCE_RATE_LIMIT_USER_PER_MINUTE": "1000000",
        "CONVERGENCE_RATE_LIMIT_CLIENT_PER_MINUTE": "1000000",
        "CONVERGENCE_LOG_LEVEL": "WARNING",
    }


@pytest.fixture(scope="module")
def api_url(server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("restart")
    port = _free_port()
    log = (tmp / "uvicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "uvicorn", "api.main:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=_environment(server, tmp), stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp / "uvicorn.log").read_text()
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("the API did not start: " + (tmp / "uvicorn.log").read_text())
        yield url
        assert process.poll() is None, "the API process died"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def restart_demo(server: PostgresServer) -> DemoIds:
    return read_demo_ids(server.url)


@dataclass
class Outcome:
    started: float
    elapsed: float
    status: int | None
    content_type: str = ""
    retry_after: str | None = None
    note_id: str | None = None
    error: str | None = None


@dataclass
class Traffic:
    outcomes: list[Outcome] = field(default_factory=list)
    stop: asyncio.Event = field(default_factory=asyncio.Event)


async def _writer(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], name: str, traffic: Traffic
) -> None:
    n = 0
    while not traffic.stop.is_set():
        n += 1
        started = time.monotonic()
        body = {"date": date.today().isoformat(), "titre": f"restart-{name}-{n}", "texte": "Note"}
        try:
            response = await client.post(path, json=body, headers=headers)
        except httpx.HTTPError as exc:  # the API itself must never stop answering
            traffic.outcomes.append(
                Outcome(started, time.monotonic() - started, None, error=repr(exc))
            )
            continue
        outcome = Outcome(
            started,
            time.monotonic() - started,
            response.status_code,
            response.headers.get("content-type", ""),
            response.headers.get("retry-after"),
        )
        if response.is_success:
            outcome.note_id = response.json()["id"]
        traffic.outcomes.append(outcome)
        await asyncio.sleep(0.02)


async def _stored_notes(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.scalars(
                select(JournalEntree.id).where(JournalEntree.titre.like("restart-%"))
            )
            return {str(i) for i in rows}
    finally:
        await engine.dispose()


async def test_no_acknowledged_write_is_lost_across_a_database_restart(
    server: PostgresServer, api_url: str, restart_demo: DemoIds
) -> None:
    auth = demo_headers(restart_demo)
    parcours = restart_demo.parcours["Ateliers de Belleville:en_cours"]
    path = f"/api/v1/parcours/{parcours}/notes"
    traffic = Traffic()
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        writers = [
            asyncio.create_task(_writer(client, path, auth(who), who, traffic))
            for who in ("accompagnateur.paris", "direction.paris", "coordinateur.paris", "admin")
        ]
        await asyncio.sleep(1.5)
        await asyncio.to_thread(server.stop)
        stopped_at = time.monotonic()  # down from here...
        await asyncio.sleep(OUTAGE_SECONDS)
        starting_at = time.monotonic()  # ... to here
        await asyncio.to_thread(server.start)
        restarted_at = time.monotonic()
        # Recovery: every writer gets a 2xx again, without the app being restarted.
        recovered_at = None
        while recovered_at is None and time.monotonic() < restarted_at + 30:
            recent = [o for o in traffic.outcomes if o.started > time.monotonic() - 1.0]
            if len(recent) >= 8 and all(o.status == 201 for o in recent):
                recovered_at = time.monotonic()
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)
        traffic.stop.set()
        await asyncio.gather(*writers)

    outcomes = traffic.outcomes
    acknowledged = {o.note_id for o in outcomes if o.note_id}
    found = await _stored_notes(server.url)
    unavailable = [o for o in outcomes if o.status == 503]
    during = [o for o in outcomes if stopped_at <= o.started <= starting_at]
    after = [o for o in outcomes if recovered_at and o.started > recovered_at]
    slowest = max(o.elapsed for o in outcomes)
    print(  # the figures of the run, for the issue note
        f"\ndatabase restart: {len(outcomes)} writes, {len(acknowledged)} acknowledged, "
        f"{len(acknowledged & found)} found in the database, {len(unavailable)} answered 503 "
        f"(outage {OUTAGE_SECONDS:.0f} s), slowest answer {slowest:.2f} s, "
        f"recovered {(recovered_at or 0) - restarted_at:.1f} s after the restart"
    )
    assert [o.error for o in outcomes if o.error] == []
    assert {o.status for o in outcomes} <= {201, 503}
    assert acknowledged - found == set(), "acknowledged writes are missing"
    assert unavailable, "the outage was not seen"
    assert during and all(o.status == 503 for o in during)
    for o in unavailable:
        assert o.content_type == "application/problem+json"
        assert o.retry_after and int(o.retry_after) > 0
    assert slowest < 2 * POOL_TIMEOUT
    assert recovered_at is not None, "the app did not recover"
    assert len(after) > 10 and all(o.status == 201 for o in after), "the app did not recover"


async def test_webhook_deliveries_pending_during_an_outage_are_delivered_after_it(
    server: PostgresServer,
    api_url: str,
    restart_demo: DemoIds,
    tmp_path: Path,
) -> None:
    auth = demo_headers(restart_demo)
    partner = Receiver([503] * 1000)  # down at first: deliveries wait for a retry
    worker_log = (tmp_path / "worker.log").open("w")
    worker = _start_worker(_environment(server, tmp_path), worker_log)

    def ours(requests: list[tuple[dict[str, str], bytes]]) -> set[str]:
        return {
            json.loads(body)["data"]["orientation_id"]
            for _, body in requests
            if json.loads(body)["data"].get("orientation_id") in orientations
        }

    try:
        async with httpx.AsyncClient(base_url=api_url, timeout=30, headers=auth("admin")) as client:
            registered = await client.post(
                "/api/v1/webhooks",
                headers=auth("demo-siao-de-paris"),
                json={"url": partner.url, "evenements": ["orientation.envoyee"]},
            )
            assert registered.status_code == 201, registered.text
            orientations = {await _orientation_event(client, restart_demo) for _ in range(3)}
        await _wait(lambda: ours(partner.requests) == orientations, "the first (failed) attempts")
        await asyncio.to_thread(server.stop)
        back = len(partner.requests)
        partner.statuses.clear()  # the partner is back: 200 from now on
        await asyncio.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, "the worker died during the outage"
        await asyncio.to_thread(server.start)
        # Backoff after a failed attempt: 2.5 to 7.5 s; then delivered.
        await _wait(lambda: ours(partner.requests[back:]) == orientations, "the deliveries")
        assert worker.poll() is None, "the worker died"
        print(
            f"\nworker across the restart: {len(orientations)} deliveries pending during the "
            f"outage, {len(ours(partner.requests[back:]))} delivered after it, worker alive"
        )
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
        worker_log.close()
        partner.close()


def _start_worker(env: dict[str, str], log: IO[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "worker", "--interval", "0.3"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


async def _wait(condition: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


async def _count(url: str, title: str) -> tuple[int, int]:
    """(notes with this title, idempotency keys left without an answer)."""
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            notes = await conn.scalar(
                select(func.count()).select_from(JournalEntree).where(JournalEntree.titre == title)
            )
            pending = await conn.scalar(
                select(func.count())
                .select_from(IdempotencyKey)
                .where(IdempotencyKey.status_code.is_(None))
            )
            return int(notes or 0), int(pending or 0)
    finally:
        await engine.dispose()


async def _until_answered(
    client: httpx.AsyncClient, path: str, body: dict[str, str], headers: dict[str, str]
) -> list[int]:
    """POST with the same key until the answer is not a 503; every status seen."""
    seen: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            response = await client.post(path, json=body, headers=headers)
        except httpx.TransportError:
            seen.append(0)
        else:
            seen.append(response.status_code)
            if response.status_code != 503:
                return seen
        await asyncio.sleep(0.1)
    return seen


async def test_a_keyed_write_cut_by_the_outage_is_stored_once_when_retried(
    server: PostgresServer, api_url: str, restart_demo: DemoIds
) -> None:
    """Finding 12: the request holds its key when the database goes down under it."""
    auth = demo_headers(restart_demo)
    parcours = restart_demo.parcours["Ateliers de Belleville:en_cours"]
    path = f"/api/v1/parcours/{parcours}/notes"
    title = f"coupure-{time.monotonic_ns()}"
    body = {"date": date.today().isoformat(), "titre": title, "texte": "Note"}
    headers = auth("accompagnateur.paris") | {"Idempotency-Key": title}
    blocker = make_engine(server.url)
    conn = await blocker.connect()
    try:
        async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
            # A connection pooled before an earlier restart fails once (and the pool renews).
            for _ in range(10):
                if (await client.get("/api/v1/moi", headers=headers)).status_code == 200:
                    break
            # The request waits on this lock inside its write: in flight, key reserved.
            await conn.execute(text("LOCK TABLE journal_entree IN SHARE MODE"))
            first = asyncio.create_task(client.post(path, json=body, headers=headers))
            deadline = time.monotonic() + 20
            lock_waits = text(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            )
            # A fresh statistics snapshot each time (not the one of this transaction).
            while (await conn.execute(text("SELECT pg_stat_clear_snapshot()"))) and not (
                await conn.scalar(lock_waits)
            ):
                assert time.monotonic() < deadline, "the request never reached its write"
                assert not first.done(), (await first).text
                await asyncio.sleep(0.05)
            await asyncio.to_thread(server.stop)
            cut = await first
            await asyncio.to_thread(server.start)
            retries = await _until_answered(client, path, body, headers)
    finally:
        with contextlib.suppress(Exception):  # its connection died with the server
            await conn.close()
        await blocker.dispose()
    assert cut.status_code == 503, cut.text
    assert retries[-1] == 201, retries
    assert set(retries[:-1]) <= {0, 503}, retries
    assert await _count(server.url, title) == (1, 0)
    again = await _until_answered(httpx.AsyncClient(base_url=api_url), path, body, headers)
    assert again == [201]


async def test_keyed_writers_across_an_immediate_shutdown_store_each_write_once(
    server: PostgresServer, api_url: str, restart_demo: DemoIds
) -> None:
    """Writers with a key per note retry each failed note with its key until answered, while
    PostgreSQL is shut down in immediate mode (a crash) and started again."""
    auth = demo_headers(restart_demo)
    parcours = restart_demo.parcours["Ateliers de Belleville:en_cours"]
    path = f"/api/v1/parcours/{parcours}/notes"
    run = time.monotonic_ns()
    statuses: dict[str, list[int]] = {}
    stop = asyncio.Event()

    async def writer(client: httpx.AsyncClient, who: str) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            title = f"cle-{run}-{who}-{n}"
            body = {"date": date.today().isoformat(), "titre": title, "texte": "Note"}
            statuses[title] = await _until_answered(
                client, path, body, auth(who) | {"Idempotency-Key": title}
            )

    async with httpx.AsyncClient(base_url=api_url, timeout=30) as client:
        writers = [
            asyncio.create_task(writer(client, who))
            for who in ("accompagnateur.paris", "direction.paris", "coordinateur.paris", "admin")
        ]
        await asyncio.sleep(1.0)
        await asyncio.to_thread(server.stop, "immediate")
        await asyncio.sleep(1.0)
        await asyncio.to_thread(server.start)
        await asyncio.sleep(2.0)
        stop.set()
        await asyncio.gather(*writers)

    cut = {title: seen for title, seen in statuses.items() if len(seen) > 1}
    final = {seen[-1] for seen in statuses.values()}
    engine = make_engine(server.url)
    try:
        async with engine.connect() as conn:
            stored = dict(
                (
                    await conn.execute(
                        select(JournalEntree.titre, func.count())
                        .where(JournalEntree.titre.like(f"cle-{run}-%"))
                        .group_by(JournalEntree.titre)
                    )
                ).all()
            )
    finally:
        await engine.dispose()
    print(
        f"\nkeyed writes across an immediate shutdown: {len(statuses)} notes, {len(cut)} cut "
        f"by the outage and retried with their key, {sum(stored.values())} stored"
    )
    assert cut, "the outage was not seen"
    assert final == {201}, {t: s for t, s in statuses.items() if s[-1] != 201}
    assert stored == dict.fromkeys(statuses, 1)
    assert (await _count(server.url, "-"))[1] == 0
