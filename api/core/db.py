"""Database engine, per-request session, declarative Base and shared mixins."""

from __future__ import annotations

import enum
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import DateTime, Enum, Integer, MetaData, String, event, text
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator, Uuid
from starlette.requests import Request

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def str_enum(cls: type[enum.StrEnum], name: str) -> Enum:
    """A portable enum column: VARCHAR + CHECK constraint, values stored as written."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


class VersionMixin:
    """Optimistic concurrency: SQLAlchemy bumps `version` on every UPDATE and checks it."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Entity(IdMixin, TimestampMixin, VersionMixin):
    """UUID id, timestamps and version: what every mutable resource carries."""


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _sqlite_pragmas(engine: AsyncEngine) -> None:
    """Proper transactions (BEGIN / SAVEPOINT) and enforced foreign keys on SQLite."""

    @event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()
        # SQLite's lower() folds ASCII only: "Épicerie" would never match "épicerie" in a
        # case-insensitive search. Python's, like PostgreSQL's, folds every letter.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    @event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front: two read-then-write transactions wait for
        # each other (busy_timeout) instead of deadlocking on the lock upgrade. Read-only
        # work may ask for a deferred transaction with `execution_options(sqlite_begin=...)`.
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {'DEFERRED' if mode == 'DEFERRED' else 'IMMEDIATE'}")


def make_engine(
    url: str,
    *,
    pool_size: int = 10,
    pool_timeout: float = 5.0,
    statement_timeout_ms: int = 0,
    **kwargs: Any,
) -> AsyncEngine:
    """The engine of a process. On PostgreSQL: a bounded wait for a connection (pool and
    connect) and a server-side `statement_timeout` when given (0: none, e.g. migrations).

    Connections are not pinged before use (a ping is three round trips per request: BEGIN,
    an empty query, ROLLBACK). After a database restart the first statement on a dead
    connection fails as a disconnect: that request answers 503, SQLAlchemy invalidates the
    whole pool, and the next requests connect afresh (tests/hardening/test_database_restart.py).
    """
    if url.startswith("sqlite"):
        if ":memory:" not in url:
            pool = {"pool_size": pool_size, "max_overflow": pool_size, "pool_timeout": pool_timeout}
            kwargs = {**pool, **kwargs}
        engine = create_async_engine(url, **kwargs)
        _sqlite_pragmas(engine)
        return engine
    connect_args: dict[str, Any] = {"timeout": pool_timeout}
    if statement_timeout_ms:
        connect_args["server_settings"] = {"statement_timeout": str(int(statement_timeout_ms))}
    connect_args.update(kwargs.pop("connect_args", {}))
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        connect_args=connect_args,
        **kwargs,
    )


EXPORT_STATEMENT_TIMEOUT_MS = 120_000
"""What exports and long reports may ask with `allow_long_statements` (2 minutes)."""


async def allow_long_statements(session: AsyncSession, ms: int) -> None:
    """Raise the statement timeout for the rest of this transaction (exports, long reports).

    PostgreSQL only (`SET LOCAL`); a no-op on SQLite, which has no statement timeout.
    """
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text(f"SET LOCAL statement_timeout = {int(ms)}"))


def make_sessionmaker(bind: Any) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(bind=bind, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One request, one session, one transaction.

    Declared with `Depends(get_session, scope="function")` so the commit happens
    before the response is sent: a client never sees a success that was not stored.
    """
    maker: async_sessionmaker[AsyncSession] = request.app.state.sessionmaker
    # A request with an Idempotency-Key runs inside the key's transaction (its commits
    # release a savepoint; api/core/idempotency.py commits the whole once the answer is known).
    connection = getattr(request.state, "idempotency_connection", None)
    options: dict[str, Any] = (
        {}
        if connection is None
        else {"bind": connection, "join_transaction_mode": "create_savepoint"}
    )
    async with maker(**options) as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        else:
            await session.commit()


SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]


class uuid_text(FunctionElement[str]):
    """A UUID column as the text `str(uuid)` gives (lower case, with hyphens), to compare it
    with ids stored as text (the audit trail's `object_id`). PostgreSQL casts; SQLite stores
    UUIDs as 32 hexadecimal digits and gets its hyphens back."""

    type = String()
    inherit_cache = True


@compiles(uuid_text)
def _uuid_text_default(element: uuid_text, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    return f"CAST({compiler.process(column, **kw)} AS TEXT)"


@compiles(uuid_text, "sqlite")
def _uuid_text_sqlite(element: uuid_text, compiler: Any, **kw: Any) -> str:
    (column,) = element.clauses
    c = compiler.process(column, **kw)
    parts = [(1, 8), (9, 4), (13, 4), (17, 4), (21, 12)]
    return "lower(" + " || '-' || ".join(f"substr({c}, {s}, {n})" for s, n in parts) + ")"
