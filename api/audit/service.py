"""Reading, exporting, verifying and purging the audit trail."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, delete, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.conventions.models import Convention
from api.core.audit import AuditEvent, AuditSeal
from api.core.auth import Actor
from api.core.db import EXPORT_STATEMENT_TIMEOUT_MS, allow_long_statements, utcnow, uuid_text
from api.core.errors import InvalidField
from api.identity import perimetre
from api.referentiel import Role
from api.salaries.models import Salarie
from api.structures.models import Structure
from api.territoires.models import Territoire


def visible_audit(actor: Actor) -> Select[AuditEvent]:
    """admin_national reads everything; a coordinateur the events about the people and the
    objects of its territoires (structures, conventions, the territoires, their staff),
    whoever acted: a partner or an administrator reading one of its people is shown, a user
    of its territoire reading another territoire's person is not."""
    stmt = select(AuditEvent)
    if actor.role == Role.admin_national:
        return stmt
    if not actor.in_territoires:
        return stmt.where(AuditEvent.id.is_(None))
    territoires = actor.territoire_ids
    people = select(Salarie.id).where(Salarie.territoire_id.in_(territoires))
    objects = {
        "structure": select(uuid_text(Structure.id)).where(
            Structure.territoire_id.in_(territoires)
        ),
        "convention": select(uuid_text(Convention.id)).where(
            Convention.territoire_id.in_(territoires)
        ),
        "territoire": select(uuid_text(Territoire.id)).where(Territoire.id.in_(territoires)),
        "user_account": select(
            uuid_text(perimetre.utilisateurs_des_territoires(territoires).subquery().c.id)
        ),
    }
    about_objects = [
        and_(AuditEvent.object_type == kind, AuditEvent.object_id.in_(ids))
        for kind, ids in objects.items()
    ]
    return stmt.where(
        or_(
            AuditEvent.salarie_id.in_(people),
            and_(AuditEvent.salarie_id.is_(None), or_(*about_objects)),
        )
    )


def _filtered(
    actor: Actor,
    *,
    salarie_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    action: str | None,
    debut: date | None,
    fin: date | None,
) -> Select[AuditEvent]:
    if debut and fin and fin < debut:
        raise InvalidField("query.fin", "La fin de période précède son début.")
    stmt = visible_audit(actor)
    if salarie_id is not None:
        stmt = stmt.where(AuditEvent.salarie_id == salarie_id)
    if actor_id is not None:
        stmt = stmt.where(AuditEvent.actor_id == actor_id)
    if action is not None:
        stmt = stmt.where(AuditEvent.action == action)
    if debut is not None:
        stmt = stmt.where(AuditEvent.occurred_at >= _start_of(debut))
    if fin is not None:
        stmt = stmt.where(AuditEvent.occurred_at < _start_of(fin + timedelta(days=1)))
    return stmt


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=utcnow().tzinfo)


async def list_events(
    session: AsyncSession,
    actor: Actor,
    *,
    limit: int,
    before_id: int | None,
    **filters: Any,
) -> tuple[list[AuditEvent], int | None]:
    """Newest first; the cursor is the last id seen."""
    stmt = _filtered(actor, **filters)
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    rows = list((await session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit + 1))).all())
    next_id = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_id = rows[-1].id
    return rows, next_id


CSV_COLUMNS = [
    "id",
    "occurred_at",
    "actor_type",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "salarie_id",
    "client_address",
    "request_id",
]


def export_csv(
    maker: async_sessionmaker[AsyncSession],
    actor: Actor,
    filters: dict[str, Any],
    batch: int = 1000,
) -> AsyncIterator[str]:
    """Streams the CSV in batches of rows: constant memory whatever the size.

    Filters are checked now; rows are read later, in a session of the stream's own, since the
    request's session is committed and closed before the body is sent.
    """
    stmt = _filtered(actor, **filters).order_by(AuditEvent.id)
    return _stream_csv(maker, stmt, batch)


async def _stream_csv(
    maker: async_sessionmaker[AsyncSession], stmt: Select[AuditEvent], batch: int
) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    last_id = 0
    async with maker() as session:
        await allow_long_statements(session, EXPORT_STATEMENT_TIMEOUT_MS)
        while True:
            rows = (await session.scalars(stmt.where(AuditEvent.id > last_id).limit(batch))).all()
            if not rows:
                return
            buffer.seek(0)
            buffer.truncate()
            for event in rows:
                writer.writerow(
                    ["" if getattr(event, c) is None else getattr(event, c) for c in CSV_COLUMNS]
                )
            last_id = rows[-1].id
            yield buffer.getvalue()


async def purge_older_than(session: AsyncSession, days: int) -> int:
    """Delete sealed events past the retention period, from the start of the chain.

    What goes is a prefix of the chain (positions below the first one still within the period),
    so the chain stays verifiable from the first kept position, which `audit_seal` records.
    """
    cutoff = utcnow() - timedelta(days=days)
    state = await session.scalar(select(AuditSeal).where(AuditSeal.id == 1).with_for_update())
    if state is None:
        return 0
    first_kept = await session.scalar(
        select(AuditEvent.seq)
        .where(AuditEvent.seq.is_not(None), AuditEvent.occurred_at >= cutoff)
        .order_by(AuditEvent.seq)
        .limit(1)
    )
    if first_kept is None:
        first_kept = state.sealed_seq + 1  # everything sealed is past the period
    if first_kept <= state.first_seq:
        return 0
    postgresql = session.get_bind().dialect.name == "postgresql"
    if postgresql:
        await session.execute(text("SET LOCAL convergence.audit_purge = 'on'"))
    else:
        await session.execute(text("INSERT INTO audit_purge_flag (id) VALUES (1)"))
    result = await session.execute(
        delete(AuditEvent).where(AuditEvent.seq < first_kept, AuditEvent.occurred_at < cutoff)
    )
    if not postgresql:
        await session.execute(text("DELETE FROM audit_purge_flag"))
    state.first_seq = first_kept
    await session.flush()
    return int(result.rowcount)  # type: ignore[attr-defined]
