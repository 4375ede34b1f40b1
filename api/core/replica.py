"""Reads that tolerate a bounded staleness, served by a streaming replica when one is set.

`CONVERGENCE_DATABASE_REPLICA_URL` names a PostgreSQL hot standby of the primary. Routes whose
answers may be a few seconds old (indicators, exports, statistics, the evaluation dataset,
partner statistics) take a `ReadSessionDep` instead of `SessionDep`. The replica serves them
while its replay lag stays under `replica_max_lag_seconds`; past the bound, or when it does not
answer, they read the primary (the request's own session) and the fallback is counted. The lag
is checked at most every `replica_check_seconds` per process (one small query).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, NewType, cast

from fastapi import Depends
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import Request

from api.core.db import SessionDep, make_sessionmaker

logger = logging.getLogger("convergence.replica")

ReadSession = NewType("ReadSession", AsyncSession)
"""A session for reads only, possibly a few seconds behind the primary: never write with it."""

# Caught up when everything received is replayed and the stream is live; otherwise the age of
# the last transaction replayed (NULL before the first one: unknown, so not used).
LAG_SQL = text(
    """
    SELECT pg_is_in_recovery() AS en_recuperation,
           CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                 AND EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')
                THEN 0.0
                ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8
           END AS retard
    """
)


@dataclass(frozen=True)
class ReplicaStatus:
    utilisable: bool
    etat: str  # ok, en_retard, injoignable, pas_une_replique
    retard_s: float | None
    verifie_a: float  # time.monotonic() of the check


class ReadRouter:
    """Chooses, per request, the replica or the primary for a stale-tolerant read."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        max_lag_seconds: float,
        check_seconds: float,
        check_timeout: float = 1.0,
    ) -> None:
        self.engine = engine
        self.maker = make_sessionmaker(engine)
        self.max_lag_seconds = max_lag_seconds
        self.check_seconds = check_seconds
        self.check_timeout = check_timeout
        self.lectures_replique = 0
        self.replis_primaire = 0
        self._status: ReplicaStatus | None = None
        self._lock = asyncio.Lock()

    def _fresh(self) -> ReplicaStatus | None:
        status = self._status
        if status is not None and time.monotonic() - status.verifie_a < self.check_seconds:
            return status
        return None

    async def status(self) -> ReplicaStatus:
        """The replica's state, checked at most every `check_seconds` (one check at a time)."""
        status = self._fresh()
        if status is not None:
            return status
        async with self._lock:
            status = self._fresh()
            if status is None:
                status = self._status = await self._check()
        return status

    async def _check(self) -> ReplicaStatus:
        now = time.monotonic()
        try:
            async with asyncio.timeout(self.check_timeout), self.engine.connect() as conn:
                row = (await conn.execute(LAG_SQL)).one()
        except (SQLAlchemyError, OSError, TimeoutError) as exc:
            logger.warning("replica unavailable (%s): reads go to the primary", type(exc).__name__)
            return ReplicaStatus(False, "injoignable", None, now)
        if not row.en_recuperation:
            logger.warning("the replica URL names a server out of recovery: not used")
            return ReplicaStatus(False, "pas_une_replique", None, now)
        lag = None if row.retard is None else max(0.0, float(row.retard))
        if lag is None or lag > self.max_lag_seconds:
            logger.warning("replica lag %s s past the bound: reads go to the primary", lag)
            return ReplicaStatus(False, "en_retard", lag, now)
        return ReplicaStatus(True, "ok", lag, now)

    async def choose(self) -> bool:
        """True: read the replica; False: fall back to the primary (counted)."""
        if (await self.status()).utilisable:
            self.lectures_replique += 1
            return True
        self.replis_primaire += 1
        return False

    async def dispose(self) -> None:
        await self.engine.dispose()


async def _use_replica(request: Request) -> bool:
    router: ReadRouter | None = request.app.state.read_router
    return router is not None and await router.choose()


async def get_read_session(request: Request, primary: SessionDep) -> AsyncIterator[ReadSession]:
    """A session on the replica; without one, or past the staleness bound, the request's own
    session on the primary (no second connection)."""
    if not await _use_replica(request):
        yield ReadSession(primary)
        return
    router: ReadRouter = request.app.state.read_router
    async with router.maker() as session:
        try:
            yield ReadSession(session)
        finally:
            await session.rollback()


async def get_read_maker(request: Request) -> async_sessionmaker[AsyncSession]:
    """For streamed exports, which open their session after the response has started."""
    if await _use_replica(request):
        return cast(async_sessionmaker[AsyncSession], request.app.state.read_router.maker)
    return cast(async_sessionmaker[AsyncSession], request.app.state.sessionmaker)


ReadSessionDep = Annotated[ReadSession, Depends(get_read_session, scope="function")]
ReadMakerDep = Annotated[async_sessionmaker[AsyncSession], Depends(get_read_maker)]
