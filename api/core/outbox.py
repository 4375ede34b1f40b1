"""The outbox: events that leave the system, written in the same transaction as the change."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid

from api.core.db import Base, UTCDateTime, utcnow
from api.core.observabilite.traces import current_traceparent


class OutboxEvent(Base):
    __tablename__ = "outbox_event"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    type: Mapped[str] = mapped_column(String(60), index=True)
    # The structure the event concerns (the partner to notify).
    destinataire_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The W3C trace context of the request that wrote the event (when tracing is on): the
    # worker's delivery continues that trace (api.core.observabilite.traces).
    traceparent: Mapped[str | None] = mapped_column(String(64))


async def publish(
    session: AsyncSession, type_: str, payload: dict[str, Any], destinataire_id: uuid.UUID | None
) -> OutboxEvent:
    event = OutboxEvent(
        type=type_,
        payload=payload,
        destinataire_id=destinataire_id,
        traceparent=current_traceparent(),
    )
    session.add(event)
    await session.flush()
    return event
