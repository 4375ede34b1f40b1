"""The audit trail without a lock in the request path: the worker's sealer chains the events.

Sealing needs committed transactions, so these tests use a database of their own (a sibling of
the suite's) instead of the suite's rolled-back transaction.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from typer.testing import CliRunner

from api.cli import app as cli
from api.core import audit
from api.core.audit import (
    GENESIS,
    AuditContext,
    AuditEvent,
    AuditSeal,
    check_head,
    export_head,
    head_key,
    seal,
    seal_all,
    verify_chain,
)
from api.core.db import make_engine, make_sessionmaker, utcnow
from api.core.migrations import upgrade
from api.settings import get_settings
from tests.conftest import BACKEND, DemoIds, StatementCounter
from tests.dbutil import reset_database, sibling_database_url

postgresql_only = pytest.mark.skipif(
    BACKEND != "postgresql", reason="transaction ids and row locks are PostgreSQL's"
)
CONTEXT = AuditContext("systeme", None)
KEY = head_key("une-cle-de-test", "")
T = TypeVar("T")


@pytest.fixture(scope="module")
def chain_url(database_url: str) -> str:
    url = sibling_database_url(database_url, "convergence_audit_seal_test")
    reset_database(url)
    upgrade(url)
    return url


async def _reset(url: str) -> None:
    engine = make_engine(url)
    try:
        async with engine.begin() as conn:
            if BACKEND == "postgresql":
                await conn.execute(text("TRUNCATE audit_event RESTART IDENTITY"))
            else:
                await conn.execute(text("INSERT INTO audit_purge_flag (id) VALUES (1)"))
                await conn.execute(text("DELETE FROM audit_event"))
                await conn.execute(text("DELETE FROM audit_purge_flag"))
            await conn.execute(
                update(AuditSeal).values(
                    first_seq=1, sealed_seq=0, head_hash=GENESIS, horizon=0, sealed_at=None
                )
            )
    finally:
        await engine.dispose()


@pytest.fixture
def fresh_chain(chain_url: str) -> str:
    """The test's database with an empty audit trail (every test starts from the genesis)."""
    asyncio.run(_reset(chain_url))
    return chain_url


@pytest.fixture
async def maker(fresh_chain: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = make_engine(fresh_chain)
    yield make_sessionmaker(engine)
    await engine.dispose()


def _with_maker(url: str, work: Callable[[async_sessionmaker[AsyncSession]], Awaitable[T]]) -> T:
    """For the CLI tests, which are synchronous: an engine of the call's own event loop."""

    async def run() -> T:
        engine = make_engine(url)
        try:
            return await work(make_sessionmaker(engine))
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _wait_until_finished(maker: async_sessionmaker[AsyncSession]) -> None:
    """Wait for the transaction-id horizon to pass the events written so far.

    Transaction ids are the whole server's: a transaction of another database on the same
    server (another test run) holds the horizon back until it ends. This waits for that
    outside condition, bounded; the sealer's own behaviour is what the tests then check.
    """
    if BACKEND != "postgresql":
        return
    async with maker() as session:
        newest = await session.scalar(select(func.max(AuditEvent.xid)))
    if newest is None:
        return
    # Generous: on a shared server, another run's test may sit in a transaction for a minute.
    deadline = asyncio.get_running_loop().time() + 120
    while True:
        async with maker() as session:
            horizon = await session.scalar(
                text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            )
        if horizon > newest:
            return
        assert asyncio.get_running_loop().time() < deadline, "a transaction stays open"
        await asyncio.sleep(0.05)


async def _write(maker: async_sessionmaker[AsyncSession], *object_ids: int) -> list[int]:
    """One committed transaction per event, then wait until they can be sealed."""
    ids = []
    for n in object_ids:
        async with maker() as session, session.begin():
            ids.append((await audit.record(session, CONTEXT, "read", object_id=n)).id)
    await _wait_until_finished(maker)
    return ids


async def _tamper(maker: async_sessionmaker[AsyncSession], *statements: Any) -> None:
    """What an attacker with database access does: get past the append-only guard."""
    async with maker() as session, session.begin():
        if BACKEND == "postgresql":
            await session.execute(text("SET LOCAL session_replication_role = replica"))
        else:
            await session.execute(text("DROP TRIGGER IF EXISTS audit_event_no_update"))
            await session.execute(text("INSERT INTO audit_purge_flag (id) VALUES (1)"))
        for statement in statements:
            await session.execute(statement)
        if BACKEND != "postgresql":
            await session.execute(text("DELETE FROM audit_purge_flag"))


async def _verify(maker: async_sessionmaker[AsyncSession]) -> audit.ChainReport:
    async with maker() as session:
        return await verify_chain(session)


async def test_an_audited_read_takes_no_lock_and_reads_no_hash(
    client: httpx.AsyncClient, count_statements: StatementCounter, demo: DemoIds
) -> None:
    parcours_id = demo.parcours["Ateliers de Belleville:en_cours"]
    count_statements.count = 0
    count_statements.statements.clear()
    response = await client.get(f"/api/v1/parcours/{parcours_id}")
    assert response.status_code == 200
    sql = [" ".join(s.split()).lower() for s in count_statements.statements]
    inserts = [s for s in sql if s.startswith("insert into audit_event")]
    assert len(inserts) == 1, sql
    assert not [s for s in sql if "advisory" in s], sql
    assert not [s for s in sql if "audit_event" in s and not s.startswith("insert")], sql
    assert not [s for s in sql if "audit_seal" in s], sql
    # The whole request, for the record (8 statements with the old global lock).
    assert count_statements.count <= 6, sql


async def test_the_sealer_chains_committed_events(maker: async_sessionmaker[AsyncSession]) -> None:
    ids = await _write(maker, 1, 2, 3)
    before = await _verify(maker)
    assert before.probleme is None and before.unsealed == 3 and before.checked == 0
    report = await seal(maker)
    assert report.sealed == 3 and report.sealed_seq == 3
    assert report.lag_seconds is not None and report.lag_seconds < 60
    async with maker() as session:
        rows = (await session.execute(select(AuditEvent.id, AuditEvent.seq))).all()
    assert sorted(rows) == [(ids[0], 1), (ids[1], 2), (ids[2], 3)]
    after = await _verify(maker)
    assert (after.probleme, after.checked, after.unsealed) == (None, 3, 0)
    # A later pass continues the same chain.
    await _write(maker, 4)
    assert (await seal(maker)).sealed_seq == 4
    assert (await _verify(maker)).checked == 4


@postgresql_only
async def test_running_transactions_are_not_sealed_and_the_order_is_the_xid_order(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    async with maker() as early, early.begin():
        # This transaction gets its id first but writes its event last (a larger event id).
        await early.execute(text("SELECT pg_current_xact_id()"))
        async with maker() as session, session.begin():
            late_id = (await audit.record(session, CONTEXT, "read", object_id=2)).id
        early_event = await audit.record(early, CONTEXT, "read", object_id=1)
        assert early_event.id > late_id
        # The committed event's transaction is newer than one still running: not sealed yet.
        assert (await seal(maker)).sealed == 0
    await _wait_until_finished(maker)
    assert (await seal(maker)).sealed == 2
    async with maker() as session:
        order = (await session.scalars(select(AuditEvent.id).order_by(AuditEvent.seq))).all()
    assert order == [early_event.id, late_id]
    assert (await _verify(maker)).probleme is None


@postgresql_only
async def test_one_sealer_at_a_time(maker: async_sessionmaker[AsyncSession]) -> None:
    await _write(maker, 1)
    async with maker() as other, other.begin():
        await other.execute(select(AuditSeal).where(AuditSeal.id == 1).with_for_update())
        assert (await seal(maker)).busy
    assert (await seal(maker)).sealed == 1


async def test_verify_detects_an_altered_sealed_event(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _write(maker, 1, 2, 3)
    await seal_all(maker)
    await _tamper(maker, update(AuditEvent).where(AuditEvent.id == ids[1]).values(action="x"))
    report = await _verify(maker)
    assert report.first_broken_id == ids[1]
    assert report.probleme == "Contenu modifié après scellement."


async def test_verify_detects_a_deleted_sealed_event(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _write(maker, 1, 2, 3)
    await seal_all(maker)
    await _tamper(maker, delete(AuditEvent).where(AuditEvent.id == ids[1]))
    report = await _verify(maker)
    assert report.first_broken_id == ids[2]
    assert report.probleme == "Position 2 manquante."


async def test_verify_detects_the_deleted_end_of_the_sealed_part(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _write(maker, 1, 2, 3)
    await seal_all(maker)
    await _tamper(maker, delete(AuditEvent).where(AuditEvent.id == ids[2]))
    report = await _verify(maker)
    assert report.probleme is not None and "position scellée est 3" in report.probleme


async def test_verify_detects_an_event_inserted_inside_the_sealed_part(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _write(maker, 1, 2, 3)
    await seal_all(maker)
    async with maker() as session:
        first = await session.get_one(AuditEvent, ids[0])
        forged = AuditEvent(
            occurred_at=first.occurred_at,
            actor_type="systeme",
            action="read",
            object_id="faux",
            seq=2,
            prev_hash=first.hash,
        )
        forged.hash = audit._digest(first.hash or "", forged)
    # Room is made at position 2 and the forged event, correctly hashed, put there.
    await _tamper(
        maker,
        update(AuditEvent).where(AuditEvent.id == ids[2]).values(seq=4),
        update(AuditEvent).where(AuditEvent.id == ids[1]).values(seq=3),
        text(
            "INSERT INTO audit_event (occurred_at, actor_type, action, object_id, seq, "
            "prev_hash, hash) VALUES (:at, 'systeme', 'read', 'faux', 2, :prev, :hash)"
        ).bindparams(at=first.occurred_at, prev=forged.prev_hash, hash=forged.hash),
    )
    report = await _verify(maker)
    assert report.first_broken_id == ids[1]
    assert report.probleme == "Lien rompu avec la ligne précédente."


async def test_verify_detects_an_unsealed_event_slipped_below_the_horizon(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    await _write(maker, 1)
    await seal_all(maker)
    await _write(maker, 2)
    await seal_all(maker)
    async with maker() as session:
        state = await session.get_one(AuditSeal, 1)
        old_xid = await session.scalar(select(AuditEvent.xid).where(AuditEvent.seq == 1))
    # An event dated in the sealed past: below the sealed horizon, without a position.
    values = {"xid": old_xid} if BACKEND == "postgresql" else {"id": 0}
    assert BACKEND != "postgresql" or (old_xid or 0) < state.horizon
    await _tamper(
        maker,
        insert(AuditEvent).values(
            occurred_at=utcnow(), actor_type="systeme", action="read", **values
        ),
    )
    report = await _verify(maker)
    assert report.probleme == "Ligne insérée dans la partie déjà scellée."


async def test_the_signed_head_proves_the_past_was_not_rewritten(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    ids = await _write(maker, 1, 2, 3)
    await seal_all(maker)
    async with maker() as session:
        head = await export_head(session, KEY)
        assert head["seq"] == 3
        assert await check_head(session, KEY, head) is None
        assert await check_head(session, KEY, {**head, "seq": 2}) == (
            "Signature de la tête exportée invalide."
        )
        assert await check_head(session, head_key("une-autre-cle", ""), head) is not None
    # The attacker rewrites the whole chain from event 2 on, and the recorded head with it:
    # the database alone looks intact, the exported head does not match any more.
    async with maker() as session:
        events = (await session.scalars(select(AuditEvent).order_by(AuditEvent.seq))).all()
        session.expunge_all()
    prev = events[0].hash or ""
    statements: list[Any] = []
    for event in events[1:]:
        event.object_id = "reecrit"
        digest = audit._digest(prev, event)
        statements.append(
            update(AuditEvent)
            .where(AuditEvent.id == event.id)
            .values(object_id="reecrit", prev_hash=prev, hash=digest)
        )
        prev = digest
    statements.append(update(AuditSeal).values(head_hash=prev))
    await _tamper(maker, *statements)
    assert (await _verify(maker)).probleme is None
    async with maker() as session:
        problem = await check_head(session, KEY, head)
    assert problem is not None and "réécrit" in problem
    assert ids


async def test_purge_moves_the_first_position_and_the_chain_stays_verifiable(
    maker: async_sessionmaker[AsyncSession],
) -> None:
    from datetime import timedelta

    from api.audit.service import purge_older_than
    from api.core.db import utcnow

    ids = await _write(maker, 1, 2, 3)
    await _tamper(
        maker,
        update(AuditEvent)
        .where(AuditEvent.id.in_(ids[:2]))
        .values(occurred_at=utcnow() - timedelta(days=400)),
    )
    await seal_all(maker)
    async with maker() as session, session.begin():
        assert await purge_older_than(session, 365) == 2
    report = await _verify(maker)
    assert (report.probleme, report.checked) == (None, 1)
    async with maker() as session:
        assert (await session.get_one(AuditSeal, 1)).first_seq == 3


def test_cli_seals_verifies_and_exports_the_head(
    fresh_chain: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    chain_url = fresh_chain
    ids = _with_maker(chain_url, lambda maker: _write(maker, 1, 2, 3))
    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", chain_url)
    monkeypatch.setenv("CONVERGENCE_AUDIT_HEAD_KEY", "cle-de-tete")
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        pending = runner.invoke(cli, ["audit", "verify"])
        assert pending.exit_code == 0, pending.output
        assert "0 lignes scellées vérifiées" in pending.output
        assert "3 ligne(s) pas encore scellée(s)" in pending.output
        sealed = runner.invoke(cli, ["audit", "seal"])
        assert "3 ligne(s) d'audit scellée(s)" in sealed.output
        exported = runner.invoke(cli, ["audit", "tete"])
        head = json.loads(exported.output)
        assert head["seq"] == 3
        head_file = tmp_path / "tete.json"
        head_file.write_text(exported.output, encoding="utf-8")
        intact = runner.invoke(cli, ["audit", "verify", "--tete", str(head_file)])
        assert intact.exit_code == 0, intact.output
        assert "3 lignes scellées vérifiées" in intact.output
        _with_maker(
            chain_url,
            lambda maker: _tamper(
                maker, update(AuditEvent).where(AuditEvent.id == ids[1]).values(action="x")
            ),
        )
        result = runner.invoke(cli, ["audit", "verify"])
        assert result.exit_code == 1
        assert f"id={ids[1]}" in result.output
    finally:
        get_settings.cache_clear()


def test_the_worker_seals_on_each_pass(fresh_chain: str, monkeypatch: pytest.MonkeyPatch) -> None:
    chain_url = fresh_chain
    _with_maker(chain_url, lambda maker: _write(maker, 1, 2))
    monkeypatch.setenv("CONVERGENCE_ENV", "demo")
    monkeypatch.setenv("CONVERGENCE_DATABASE_URL", chain_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["worker", "--once"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.output.strip().splitlines()[-1])
    assert outcome["audit_scelle"] == 2
    assert 0 <= outcome["audit_retard_s"] < 60
