"""Append-only, hash-chained audit trail, written in the caller's transaction."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import BigInteger, Integer, String, Table, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import JSON, Uuid

from api.core.db import Base, UTCDateTime, utcnow

GENESIS = "0" * 64
# One lock for the chain: concurrent transactions append one after the other.
_CHAIN_LOCK_KEY = 7_406_150_001


class AuditEvent(Base):
    __tablename__ = "audit_event"

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
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


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
    """Append one event in the current transaction, chained to the previous one.

    In a bulk context (an import's rows) nothing is written: the import records one event
    with its counts; the returned event is transient.
    """
    if context.bulk:
        return AuditEvent(action=action, object_type=object_type, details=details)
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK_KEY})
    prev = await session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
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
    event.prev_hash = prev or GENESIS
    event.hash = _digest(event.prev_hash, event)
    # A Core INSERT, not session.add + flush: the event is never read back in the request,
    # and an ORM flush costs more than the statement itself (the returned event is transient).
    table = cast(Table, AuditEvent.__table__)
    values = {c.key: getattr(event, c.key) for c in table.columns if c.key != "id"}
    inserted = await session.execute(insert(table).values(**values).returning(table.c.id))
    event.id = int(inserted.scalar_one())
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None


async def verify_chain(session: AsyncSession, batch: int = 5000) -> ChainReport:
    """Recompute every hash; the first kept row anchors the chain (older rows may be purged)."""
    checked = 0
    expected_prev: str | None = None
    last_id = 0
    while True:
        rows = (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.id > last_id)
                .order_by(AuditEvent.id)
                .limit(batch)
            )
        ).all()
        if not rows:
            return ChainReport(checked, None)
        for event in rows:
            if expected_prev is not None and event.prev_hash != expected_prev:
                return ChainReport(checked, event.id)
            if _digest(event.prev_hash, event) != event.hash:
                return ChainReport(checked, event.id)
            expected_prev = event.hash
            checked += 1
            last_id = event.id
