"""Rate limits on every API route: per API client, per user, per address for anonymous calls.

Fixed windows of one minute, counted where every API process sees them: in the database
(one upsert in a short transaction of its own) or in Redis when `CONVERGENCE_REDIS_URL` is
set. The caller is read from the bearer token's claims (signature checked, no database
round trip). Every response carries the IETF `RateLimit-Policy` and `RateLimit` headers
(draft-ietf-httpapi-ratelimit-headers); past the limit the answer is a 429 problem with
`Retry-After`. Health probes and the SPA's files are not counted.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import BigInteger, Index, Integer, String, delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.auth import CLAIMS_STATE
from api.core.db import Base
from api.core.errors import TooManyRequests, database_failure, domain_problem
from api.core.security import InvalidToken, decode_access_token

logger = logging.getLogger("convergence.ratelimit")

WINDOW_SECONDS = 60
POLICY_NAME = "minute"


def clock() -> float:
    """Seconds since the epoch (the tests move it to cross a window)."""
    return time.time()


class RateLimitCounter(Base):
    """Requests of one caller in one fixed window (rows of past windows are deleted)."""

    __tablename__ = "rate_limit_counter"
    __table_args__ = (Index("ix_rate_limit_counter_window_start", "window_start"),)

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hits: Mapped[int] = mapped_column(Integer, nullable=False)


class CounterStore(Protocol):
    async def hit(self, key: str, window_start: int) -> int:
        """Count one request of `key` in the window; return the count so far."""

    async def close(self) -> None: ...


class DatabaseCounter:
    """Counters in the `rate_limit_counter` table, one short transaction per request.

    The session factory is read from the app's state at each call (tests swap it).
    """

    def __init__(self, state: Any) -> None:
        self.state = state
        self._cleaned_window = 0  # only spares useless DELETEs; never relied upon

    async def hit(self, key: str, window_start: int) -> int:
        maker: async_sessionmaker[AsyncSession] = self.state.sessionmaker
        async with maker() as session:
            dialect = session.get_bind().dialect.name
            insert = pg_insert if dialect == "postgresql" else sqlite_insert
            table = RateLimitCounter
            stmt = (
                insert(table)
                .values(key=key, window_start=window_start, hits=1)
                .on_conflict_do_update(
                    index_elements=[table.key, table.window_start],
                    set_={"hits": table.hits + 1},
                )
                .returning(table.hits)
            )
            hits = int((await session.execute(stmt)).scalar_one())
            if window_start > self._cleaned_window:
                self._cleaned_window = window_start
                # Rows of past windows; SKIP LOCKED: two processes never wait for each other.
                past = (
                    select(table.key, table.window_start)
                    .where(table.window_start < window_start)
                    .with_for_update(skip_locked=True)
                )
                await session.execute(
                    delete(table).where(tuple_(table.key, table.window_start).in_(past))
                )
            await session.commit()
        return hits

    async def close(self) -> None:
        return None


class RedisCounter:
    """Counters in Redis: INCR, and EXPIRE on the window's first hit, in one server-side
    script (atomic, one round trip); keys expire by themselves."""

    SCRIPT = (
        "local n = redis.call('INCR', KEYS[1]) "
        "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
        "return n"
    )

    def __init__(self, url: str) -> None:
        import redis.asyncio as redis

        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.script = self.client.register_script(self.SCRIPT)

    async def hit(self, key: str, window_start: int) -> int:
        name = f"convergence:ratelimit:{key}:{window_start}"
        return int(await self.script(keys=[name], args=[2 * WINDOW_SECONDS]))

    async def close(self) -> None:
        await self.client.aclose()


def make_store(redis_url: str, state: Any) -> CounterStore:
    return RedisCounter(redis_url) if redis_url else DatabaseCounter(state)


@dataclass(frozen=True)
class Limits:
    client: int
    user: int
    anonymous: int


def caller_key(scope: Scope, secret_key: str, limits: Limits) -> tuple[str, int]:
    """Who is counted, and their limit: the token's subject, or the address without one."""
    headers = dict(scope.get("headers") or [])
    raw = headers.get(b"authorization", b"").decode("latin-1")
    if raw[:7].lower() == "bearer ":
        token = raw[7:].strip()
        try:
            claims = decode_access_token(token, key=secret_key)
        except InvalidToken:
            claims = None
        else:
            # Decoded once per request: the actor's dependency reads it back (api/core/auth.py).
            scope.setdefault("state", {})[CLAIMS_STATE] = (token, claims)
        subject = str(claims.get("sub", "")) if claims else ""
        if subject.startswith("client:"):
            return subject, limits.client
        if subject.startswith("user:"):
            return subject, limits.user
    client = scope.get("client")
    address = client[0] if client else "inconnue"
    return f"adresse:{address}", limits.anonymous


def _exempt(path: str) -> bool:
    """Health probes and the SPA's files live outside /api/."""
    return not path.startswith("/api/")


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp, store: CounterStore, limits: Limits, secret_key: str) -> None:
        self.app = app
        self.store = store
        self.limits = limits
        self.secret_key = secret_key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _exempt(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        key, limit = caller_key(scope, self.secret_key, self.limits)
        now = clock()
        window_start = int(now) // WINDOW_SECONDS * WINDOW_SECONDS
        reset = max(1, math.ceil(window_start + WINDOW_SECONDS - now))
        try:
            hits = await self.store.hit(key, window_start)
        except Exception as exc:
            failure = database_failure(exc)
            if failure is not None and isinstance(self.store, DatabaseCounter):
                # The database can't count this request: it could not serve it either.
                logger.warning("rate limit: database unavailable (%s)", type(exc).__name__)
                await domain_problem(failure, scope.get("path"))(scope, receive, send)
                return
            # Counting is out of order (e.g. Redis is down): serve rather than refuse.
            logger.warning("rate limit not counted: %s", type(exc).__name__)
            await self.app(scope, receive, send)
            return
        headers = {
            "RateLimit-Policy": f'"{POLICY_NAME}";q={limit};w={WINDOW_SECONDS}',
            "RateLimit": f'"{POLICY_NAME}";r={max(limit - hits, 0)};t={reset}',
        }
        if hits > limit:
            error = TooManyRequests(
                f"Trop de requêtes : {limit} par minute au plus. Réessayez dans {reset} seconde(s)."
            )
            error.headers = {**headers, "Retry-After": str(reset)}
            await domain_problem(error, scope.get("path"))(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                for name, value in headers.items():
                    response_headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
