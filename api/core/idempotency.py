"""Idempotency-Key on POST, PATCH, PUT and DELETE: a replay returns the first answer byte for
byte (kept 24 hours).

Keys are scoped to the verified caller (the token's subject) and stored in the database, so
every API process shares them. The key, the request's effect and its recorded answer are
committed in one transaction (the request's session joins the key's transaction through a
savepoint), so a fault at any point leaves either all three or none: a retry after a failed
attempt runs once, or returns the recorded answer. A key reused with another request answers
422; a duplicate waits for the first request with its key, and answers 409 only if that one
is still running after `IN_PROGRESS_WAIT_MS`.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime, timedelta

from sqlalchemy import (
    JSON,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    delete,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import Uuid
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.core.db import Base, UTCDateTime, utcnow
from api.core.errors import database_failure, domain_problem, problem_response
from api.core.security import InvalidToken, decode_access_token

KEEP = timedelta(hours=24)
logger = logging.getLogger("convergence.idempotency")


class IdempotencyKey(Base):
    __tablename__ = "idempotency_key"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    scope: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response_headers: Mapped[list[list[str]] | None] = mapped_column(JSON)
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


MAX_KEY = 200
METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})
CONNECTION_STATE = "idempotency_connection"
"""The key of the request-state entry holding the connection whose transaction carries the
key, the effect and the answer (read by `api.core.db.get_session`)."""
IN_PROGRESS_WAIT_MS = 2000
"""How long a duplicate waits for the first request with its key before answering 409."""


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in METHODS:
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        if not key:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        subject = _subject(headers.get(b"authorization", b""), state.settings.secret_key)
        if len(key) > MAX_KEY:
            await problem_response(
                422,
                "validation_error",
                "Données invalides",
                "En-tête Idempotency-Key trop long (200 caractères au plus).",
            )(scope, receive, send)
            return
        if subject is None:  # the app will answer 401
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        digest = hashlib.sha256(
            b"\n".join(
                (
                    scope["method"].encode(),
                    scope["path"].encode(),
                    scope.get("query_string", b""),
                    headers.get(b"if-match", b""),
                    body,
                )
            )
        ).hexdigest()
        maker: async_sessionmaker[AsyncSession] = state.sessionmaker
        try:
            answer = await self._in_one_transaction(scope, body, maker, subject, key, digest)
        except Exception as exc:
            failure = database_failure(exc)
            if failure is None:
                raise
            # Nothing was committed (or the commit's outcome is unknown, and then the key
            # and the effect were committed together): a retry with this key is safe.
            await domain_problem(failure, scope.get("path"))(scope, receive, send)
            return
        await answer(scope, receive, send)

    async def _in_one_transaction(
        self,
        scope: Scope,
        body: bytes,
        maker: async_sessionmaker[AsyncSession],
        subject: str,
        key: str,
        digest: str,
    ) -> ASGIApp:
        """Claim the key, run the request and record its answer in ONE transaction, then
        return the answer to send (sent only once committed).

        The key is never committed without its answer: after a failure (a 5xx, a lost
        connection, a crash) nothing of the request remains and a retry runs it afresh; after
        a success the retry gets the recorded answer. A duplicate arriving while the first
        request runs waits on the key's unique index for the first transaction's outcome."""
        async with maker() as session:
            existing = await _claim(session, subject, key, digest)
            if existing is not None:
                answer = _existing_answer(existing, digest)
                await session.rollback()
                return answer
            connection = await session.connection()
            scope.setdefault("state", {})[CONNECTION_STATE] = connection
            start, chunks = await self._run(scope, body)
            status = int(start.get("status", 500))
            if status >= 500:  # a failure may be retried with the same key
                await session.rollback()
            else:
                await session.execute(
                    update(IdempotencyKey)
                    .where(IdempotencyKey.scope == subject, IdempotencyKey.key == key)
                    .values(
                        status_code=status,
                        response_headers=[
                            [k.decode("latin-1"), v.decode("latin-1")]
                            for k, v in start.get("headers", [])
                            if k.lower() not in (b"x-request-id", b"set-cookie")
                        ],
                        response_body=b"".join(chunks),
                    )
                )
                await session.commit()
        return _recorded(start, chunks)

    async def _run(self, scope: Scope, body: bytes) -> tuple[Message, list[bytes]]:
        start: Message = {}
        chunks: list[bytes] = []
        delivered = False

        async def replay_receive() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, replay_receive, capture)
        return start, chunks


def _recorded(start: Message, chunks: list[bytes]) -> ASGIApp:
    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        await send(start)
        await send({"type": "http.response.body", "body": b"".join(chunks)})

    return answer


def _subject(authorization: bytes, secret: str) -> str | None:
    raw = authorization.decode("latin-1")
    if not raw.lower().startswith("bearer "):
        return None
    try:
        claims = decode_access_token(raw[7:].strip(), key=secret)
    except InvalidToken:
        return None
    return hashlib.sha256(str(claims["sub"]).encode()).hexdigest()


async def _read_body(receive: Receive) -> bytes:
    parts = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(parts)


async def _claim(
    session: AsyncSession, subject: str, key: str, digest: str
) -> IdempotencyKey | None:
    """Insert the key (uncommitted) and return None; or return the earlier request's row."""
    await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.scope == subject,
            IdempotencyKey.key == key,
            # Expired; or left without an answer by a version that committed the key first.
            (IdempotencyKey.created_at < utcnow() - KEEP) | IdempotencyKey.status_code.is_(None),
        )
    )
    postgres = session.get_bind().dialect.name == "postgresql"
    try:
        async with session.begin_nested():
            if postgres:  # wait for a duplicate in flight, not for ever
                await session.execute(text(f"SET LOCAL lock_timeout = {IN_PROGRESS_WAIT_MS}"))
            session.add(IdempotencyKey(scope=subject, key=key, request_hash=digest))
            await session.flush()
    except IntegrityError:
        pass
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        return IdempotencyKey(scope=subject, key=key, request_hash=digest)  # still running
    else:
        if postgres:
            await session.execute(text("SET LOCAL lock_timeout = DEFAULT"))
        return None
    existing = await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == subject, IdempotencyKey.key == key)
    )
    return existing or IdempotencyKey(scope=subject, key=key, request_hash=digest)


LOCK_NOT_AVAILABLE = "55P03"


def _existing_answer(row: IdempotencyKey, digest: str) -> ASGIApp:
    if row.request_hash != digest:
        return problem_response(
            422,
            "idempotency_key_reutilisee",
            "Clé d'idempotence déjà utilisée",
            "Cette clé Idempotency-Key a déjà servi pour une autre requête.",
        )
    if row.status_code is None:
        return problem_response(
            409,
            "requete_en_cours",
            "Requête en cours",
            "La première requête portant cette clé est encore en cours : réessayez plus tard.",
            headers={"Retry-After": "1"},
        )
    start: Message = {
        "type": "http.response.start",
        "status": row.status_code,
        "headers": [
            [k.encode("latin-1"), v.encode("latin-1")] for k, v in row.response_headers or []
        ]
        + [[b"idempotent-replayed", b"true"]],
    }
    return _recorded(start, [row.response_body or b""])
