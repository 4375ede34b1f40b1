"""Idempotency-Key on POST: a replay returns the first answer byte for byte (kept 24 hours).

Keys are scoped to the verified caller (the token's subject) and stored in the database, so
every API process shares them. A key reused with another body answers 422; a key whose first
request is still running answers 409.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Integer, LargeBinary, String, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
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


class IdempotencyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key", b"").decode("latin-1").strip()
        if scope["type"] != "http" or scope["method"] != "POST" or not key:
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
            scope["method"].encode() + b" " + scope["path"].encode() + b"\n" + body
        ).hexdigest()
        maker: async_sessionmaker[AsyncSession] = state.sessionmaker
        try:
            answered, row_id = await self._claim(scope, receive, send, maker, subject, key, digest)
        except Exception as exc:
            failure = database_failure(exc)
            if failure is None:
                raise
            await domain_problem(failure, scope.get("path"))(scope, receive, send)
            return
        if not answered:
            await self._run_and_store(scope, body, send, maker, row_id)

    async def _claim(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        maker: async_sessionmaker[AsyncSession],
        subject: str,
        key: str,
        digest: str,
    ) -> tuple[bool, Any]:
        """Store the key as "in progress" and return its row id; or answer from the earlier
        request with this key (answered: True)."""
        row_id = None
        async with maker() as session:
            existing = await _lookup(session, subject, key)
            if existing is None:
                row = IdempotencyKey(scope=subject, key=key, request_hash=digest)
                session.add(row)
                try:
                    await session.commit()
                    row_id = row.id
                except IntegrityError:
                    await session.rollback()
                    existing = await _lookup(session, subject, key)
            if existing is not None:
                await _answer_existing(existing, digest, scope, receive, send)
                return True, None
        return False, row_id

    async def _run_and_store(
        self,
        scope: Scope,
        body: bytes,
        send: Send,
        maker: async_sessionmaker[AsyncSession],
        row_id: Any,
    ) -> None:
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
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await self._store(maker, row_id, start, chunks)

    async def _store(
        self,
        maker: async_sessionmaker[AsyncSession],
        row_id: Any,
        start: Message,
        chunks: list[bytes],
    ) -> None:
        """Keep the answer for replays (a 5xx frees the key for a retry)."""
        try:
            async with maker() as session:
                row = await session.get(IdempotencyKey, row_id)
                if row is not None:
                    status = int(start.get("status", 500))
                    if status >= 500:
                        await session.delete(row)  # a failure may be retried with the same key
                    else:
                        row.status_code = status
                        row.response_headers = [
                            [k.decode("latin-1"), v.decode("latin-1")]
                            for k, v in start.get("headers", [])
                            if k.lower() not in (b"x-request-id", b"set-cookie")
                        ]
                        row.response_body = b"".join(chunks)
                await session.commit()
        except Exception as exc:
            if database_failure(exc) is None:
                raise
            # The answer is sent; a retry with this key will be told it is still running.
            logger.warning("idempotency key not stored: %s", type(exc).__name__)


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


async def _lookup(session: AsyncSession, subject: str, key: str) -> IdempotencyKey | None:
    await session.execute(
        delete(IdempotencyKey).where(
            IdempotencyKey.scope == subject,
            IdempotencyKey.key == key,
            IdempotencyKey.created_at < utcnow() - KEEP,
        )
    )
    return await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.scope == subject, IdempotencyKey.key == key)
    )


async def _answer_existing(
    row: IdempotencyKey, digest: str, scope: Scope, receive: Receive, send: Send
) -> None:
    if row.request_hash != digest:
        response = problem_response(
            422,
            "idempotency_key_reutilisee",
            "Clé d'idempotence déjà utilisée",
            "Cette clé Idempotency-Key a déjà servi pour une autre requête.",
        )
    elif row.status_code is None:
        response = problem_response(
            409,
            "requete_en_cours",
            "Requête en cours",
            "La première requête portant cette clé est encore en cours : réessayez plus tard.",
            headers={"Retry-After": "1"},
        )
    else:
        await send(
            {
                "type": "http.response.start",
                "status": row.status_code,
                "headers": [
                    [k.encode("latin-1"), v.encode("latin-1")]
                    for k, v in row.response_headers or []
                ]
                + [[b"idempotent-replayed", b"true"]],
            }
        )
        await send({"type": "http.response.body", "body": row.response_body or b""})
        return
    await response(scope, receive, send)
