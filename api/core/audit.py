"""Append-only, hash-chained audit trail.

A request only inserts its event (one INSERT, no lock, no read of the chain): the event carries
the id of its transaction (`xid`, PostgreSQL). A sealer, run by `convergence worker` on every
pass, chains the committed events afterwards: it takes the events whose transactions are
certainly finished (`xid` below the oldest transaction still running,
`pg_snapshot_xmin(pg_current_snapshot())`), orders them by (xid, id), gives each a position
`seq` and its hash, and records the sealed position in `audit_seal`. Only one sealer works at a
time (a row lock on `audit_seal`, skipped by the others). On SQLite there is a single writer:
every committed event is sealed, in id order.

`verify_chain` checks the sealed part (alteration, deletion, insertion) and reports the unsealed
tail; the head (seq, hash) can be exported signed so that an outside copy proves the past was
not rewritten.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Float,
    Index,
    Integer,
    String,
    Table,
    bindparam,
    func,
    insert,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import JSON, Uuid

from api.core.db import Base, UTCDateTime, utcnow

GENESIS = "0" * 64
SEAL_BATCH = 5000
# The id of the writing transaction, as a plain bigint (xid8 is epoch-extended: no wraparound).
_CURRENT_XID: ColumnElement[int] = literal_column("pg_current_xact_id()::text::bigint")
_HORIZON_SQL = text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")


class AuditEvent(Base):
    __tablename__ = "audit_event"
    __table_args__ = (
        # The sealer's queue: small, since sealed rows leave it.
        Index(
            "ix_audit_event_unsealed",
            "xid",
            "id",
            postgresql_where=text("seq IS NULL"),
            sqlite_where=text("seq IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_type: Mapped[str] = mapped_column(String(10))  # user, client, anonyme, systeme
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    action: Mapped[str] = mapped_column(String(30))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(64))
    salarie_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    client_address: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Written by the request: the id of its transaction (PostgreSQL; NULL on SQLite).
    xid: Mapped[int | None] = mapped_column(BigInteger)
    # Written by the sealer: the position in the chain and the hashes.
    seq: Mapped[int | None] = mapped_column(BigInteger, index=True, unique=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class AuditSeal(Base):
    """The sealed position: one row (id 1), locked by the sealer at work."""

    __tablename__ = "audit_seal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_seq: Mapped[int] = mapped_column(BigInteger)  # the first kept position (purges move it)
    sealed_seq: Mapped[int] = mapped_column(BigInteger)  # the last sealed position (0: none)
    head_hash: Mapped[str] = mapped_column(String(64))
    # Every committed event below it is sealed: a transaction id (PostgreSQL), an event id
    # (SQLite). An unsealed event below it was inserted behind the sealer's back.
    horizon: Mapped[int] = mapped_column(BigInteger)
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Age of the oldest event sealed by the last pass that sealed something (seconds).
    lag_seconds: Mapped[float | None] = mapped_column(Float)


@dataclass(frozen=True)
class AuditContext:
    """Who acts and from where; built once per request."""

    actor_type: str
    actor_id: uuid.UUID | None
    client_address: str | None = None
    request_id: str | None = None
    # A bulk import's rows: summarised by one event of the import (its counts), not one each.
    bulk: bool = False


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        {
            "occurred_at": event.occurred_at.isoformat(),
            "actor_type": event.actor_type,
            "actor_id": str(event.actor_id) if event.actor_id else None,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "salarie_id": str(event.salarie_id) if event.salarie_id else None,
            "client_address": event.client_address,
            "request_id": event.request_id,
            "details": event.details,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


async def record(
    session: AsyncSession,
    context: AuditContext,
    action: str,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    salarie_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Insert one event in the current transaction: one statement, no lock, no read.

    The sealer chains it once the transaction is over (`seal`).

    In a bulk context (an import's rows) nothing is written: the import records one event
    with its counts; the returned event is transient.
    """
    if context.bulk:
        return AuditEvent(action=action, object_type=object_type, details=details)
    event = AuditEvent(
        occurred_at=utcnow().replace(microsecond=0),
        actor_type=context.actor_type,
        actor_id=context.actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        salarie_id=salarie_id,
        client_address=context.client_address,
        request_id=context.request_id,
        details=details,
    )
    # A Core INSERT, not session.add + flush: the event is never read back in the request,
    # and an ORM flush costs more than the statement itself (the returned event is transient).
    table = cast(Table, AuditEvent.__table__)
    values: dict[str, Any] = {
        c.key: getattr(event, c.key)
        for c in table.columns
        if c.key not in ("id", "xid", "seq", "prev_hash", "hash")
    }
    if session.get_bind().dialect.name == "postgresql":
        values["xid"] = _CURRENT_XID
    inserted = await session.execute(insert(table).values(**values).returning(table.c.id))
    event.id = int(inserted.scalar_one())
    return event


# -- Sealing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SealReport:
    sealed: int  # events chained by this pass
    sealed_seq: int  # the chain's last position after the pass
    lag_seconds: float | None  # age of the oldest event this pass sealed
    busy: bool = False  # another sealer held the lock: nothing done


async def _sealing_state(session: AsyncSession) -> AuditSeal | None:
    """The sealed position, locked; None while another sealer holds it (PostgreSQL)."""
    stmt = select(AuditSeal).where(AuditSeal.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return cast(AuditSeal | None, await session.scalar(stmt))


async def seal(maker: async_sessionmaker[AsyncSession], batch: int = SEAL_BATCH) -> SealReport:
    """One sealing pass, in a transaction of its own: chain committed events, up to `batch`."""
    async with maker() as session, session.begin():
        return await seal_in(session, batch)


async def seal_in(
    session: AsyncSession, batch: int = SEAL_BATCH, *, horizon: int | None = None
) -> SealReport:
    """The sealing pass in the caller's transaction (committed by the caller).

    `horizon` replaces the transaction-id horizon: only for a test whose own transaction is
    never committed (its events would otherwise never be below the horizon).
    """
    state = await _sealing_state(session)
    if state is None:
        return SealReport(0, 0, None, busy=True)
    postgresql = session.get_bind().dialect.name == "postgresql"
    queue = select(AuditEvent).where(AuditEvent.seq.is_(None))
    if postgresql:
        # Every transaction below the horizon is over: its events, if committed, are visible
        # to the statements below (taken later) and no new one can appear there.
        if horizon is None:
            horizon = int(await session.scalar(_HORIZON_SQL) or 0)
        queue = queue.where(AuditEvent.xid < horizon).order_by(AuditEvent.xid, AuditEvent.id)
    else:
        # SQLite: one writer, and this transaction (BEGIN IMMEDIATE) holds the write lock.
        horizon = 0
        queue = queue.order_by(AuditEvent.id)
    events = list((await session.scalars(queue.limit(batch))).all())
    if not events:
        if postgresql and horizon > state.horizon:
            state.horizon = horizon
            await session.flush()
        return SealReport(0, state.sealed_seq, None)
    now = utcnow()
    prev, seq, rows = state.head_hash, state.sealed_seq, []
    for event in events:
        seq += 1
        digest = _digest(prev, event)
        rows.append({"b_id": event.id, "seq": seq, "prev_hash": prev, "hash": digest})
        prev = digest
    for event in events:
        session.expunge(event)  # written below in one batch, not through the ORM
    table = cast(Table, AuditEvent.__table__)
    await session.execute(
        update(table).where(table.c.id == bindparam("b_id")),
        rows,
        execution_options={"synchronize_session": False},
    )
    lag = max(0.0, (now - min(e.occurred_at for e in events)).total_seconds())
    if postgresql:
        # A batch cut short leaves events of the last transaction id behind.
        full = len(events) == batch
        new_horizon = cast(int, events[-1].xid) if full else horizon
    else:
        new_horizon = events[-1].id + 1
    state.sealed_seq, state.head_hash = seq, prev
    state.horizon = max(new_horizon, state.horizon)
    state.sealed_at, state.lag_seconds = now, lag
    await session.flush()
    return SealReport(len(events), seq, lag)


async def seal_all(maker: async_sessionmaker[AsyncSession], batch: int = SEAL_BATCH) -> int:
    """Seal until nothing sealable remains (CLI, tests); returns the number of events sealed."""
    total = 0
    while True:
        report = await seal(maker, batch)
        total += report.sealed
        if report.sealed < batch or report.busy:
            return total


# -- Verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    checked: int  # sealed events recomputed
    first_broken_id: int | None  # the first event where the sealed part is not intact
    probleme: str | None = None  # what is wrong, in French (None: intact)
    sealed_seq: int = 0
    unsealed: int = 0  # the tail not yet sealed
    oldest_unsealed_at: datetime | None = None
    lag_seconds: float | None = None


async def verify_chain(session: AsyncSession, batch: int = 5000) -> ChainReport:
    """Recompute the sealed part in chain order; report the unsealed tail.

    Detected: an altered event (its hash), a deleted one (a gap in the positions, the next
    event's previous hash, or a head short of the recorded one), an inserted one (a position
    taken twice, a broken link, or an unsealed event below the sealed horizon). The first kept
    position anchors the chain (older ones may have been purged, which moves it).
    """
    state = await session.get(AuditSeal, 1)
    if state is None:
        return ChainReport(0, None, "Position scellée introuvable (table audit_seal vide).")
    postgresql = session.get_bind().dialect.name == "postgresql"
    tail = (
        await session.execute(
            select(func.count(), func.min(AuditEvent.occurred_at)).where(AuditEvent.seq.is_(None))
        )
    ).one()
    below = AuditEvent.xid < state.horizon if postgresql else AuditEvent.id < state.horizon
    intruder = await session.scalar(
        select(func.min(AuditEvent.id)).where(AuditEvent.seq.is_(None), below)
    )
    common: dict[str, Any] = {
        "sealed_seq": state.sealed_seq,
        "unsealed": int(tail[0]),
        "oldest_unsealed_at": tail[1],
        "lag_seconds": state.lag_seconds,
    }

    def broken(checked: int, event_id: int | None, probleme: str) -> ChainReport:
        return ChainReport(checked, event_id, probleme, **common)

    checked = 0
    expected_seq = state.first_seq
    expected_prev: str | None = None
    while True:
        events = (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.seq >= expected_seq)
                .order_by(AuditEvent.seq, AuditEvent.id)
                .limit(batch)
            )
        ).all()
        for event in events:
            if event.seq != expected_seq:
                what = "manquante" if cast(int, event.seq) > expected_seq else "en double"
                return broken(checked, event.id, f"Position {expected_seq} {what}.")
            if expected_prev is not None and event.prev_hash != expected_prev:
                return broken(checked, event.id, "Lien rompu avec la ligne précédente.")
            if _digest(cast(str, event.prev_hash), event) != event.hash:
                return broken(checked, event.id, "Contenu modifié après scellement.")
            expected_prev = event.hash
            expected_seq += 1
            checked += 1
        session.expunge_all()
        if len(events) < batch:
            break
    if expected_seq - 1 != state.sealed_seq or (
        expected_prev is not None and expected_prev != state.head_hash
    ):
        return broken(
            checked,
            None,
            f"La chaîne s'arrête à la position {expected_seq - 1}, "
            f"la position scellée est {state.sealed_seq}.",
        )
    if intruder is not None:
        return broken(checked, intruder, "Ligne insérée dans la partie déjà scellée.")
    return ChainReport(checked, None, None, **common)


# -- Signed head -----------------------------------------------------------------------------


def head_key(secret_key: str, configured: str) -> bytes:
    if configured:
        return configured.encode()
    return hmac.new(secret_key.encode(), b"convergence-audit-head", hashlib.sha256).digest()


def _head_message(seq: int, digest: str, sealed_at: str) -> bytes:
    return f"convergence-audit-head|{seq}|{digest}|{sealed_at}".encode()


async def export_head(session: AsyncSession, key: bytes) -> dict[str, Any]:
    """The chain's head, signed (HMAC-SHA256): keep a copy outside the database."""
    state = await session.get(AuditSeal, 1)
    if state is None:
        raise LookupError("audit_seal")
    sealed_at = state.sealed_at.isoformat() if state.sealed_at else ""
    signature = hmac.new(
        key, _head_message(state.sealed_seq, state.head_hash, sealed_at), hashlib.sha256
    ).hexdigest()
    return {
        "seq": state.sealed_seq,
        "hash": state.head_hash,
        "sealed_at": sealed_at,
        "signature": signature,
    }


async def check_head(session: AsyncSession, key: bytes, head: dict[str, Any]) -> str | None:
    """None when an exported head is still on the chain; otherwise why not (French)."""
    try:
        seq, digest, sealed_at = int(head["seq"]), str(head["hash"]), str(head["sealed_at"])
        given = str(head["signature"])
    except (KeyError, TypeError, ValueError):
        return "Tête exportée illisible."
    expected = hmac.new(key, _head_message(seq, digest, sealed_at), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given):
        return "Signature de la tête exportée invalide."
    if seq == 0:
        return None
    state = await session.get(AuditSeal, 1)
    if state is not None and seq < state.first_seq:
        return None  # purged since: nothing left to compare
    stored = await session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == seq))
    if stored != digest:
        return f"La position {seq} ne porte plus le hash exporté : le passé a été réécrit."
    return None
