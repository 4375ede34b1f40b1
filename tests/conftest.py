"""Test fixtures: a migrated database with the demo data, one rolled-back transaction per test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.core.db import make_engine
from api.core.migrations import upgrade
from api.demo.seed import seed_demo
from api.main import create_app
from api.settings import Settings
from tests.dbutil import reset_database, test_database_url

DATABASE_URL = test_database_url()
BACKEND = "postgresql" if DATABASE_URL.startswith("postgresql") else "sqlite"


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {BACKEND} ({DATABASE_URL.split('@')[-1]})"


@pytest.fixture(scope="session")
def database_url() -> str:
    return DATABASE_URL


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    """An empty database brought to head by Alembic, then loaded with the demo data."""
    reset_database(database_url)
    upgrade(database_url)

    async def load() -> None:
        engine = make_engine(database_url)
        try:
            async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
                await seed_demo(session)
        finally:
            await engine.dispose()

    asyncio.run(load())
    return database_url


@pytest.fixture(scope="session")
async def engine(migrated_database: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(migrated_database)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One connection per test inside an outer transaction that is always rolled back."""
    async with engine.connect() as conn:
        transaction = await conn.begin()
        try:
            yield conn
        finally:
            if transaction.is_active:
                await transaction.rollback()


@pytest.fixture
def sessionmaker(connection: AsyncConnection) -> async_sessionmaker[AsyncSession]:
    # Commits inside the app release a SAVEPOINT; the outer transaction rolls everything back.
    return async_sessionmaker(
        bind=connection,
        expire_on_commit=False,
        autoflush=False,
        join_transaction_mode="create_savepoint",
    )


@pytest.fixture
async def session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture
def settings(migrated_database: str) -> Settings:
    return Settings(env="demo", database_url=migrated_database)


@pytest.fixture
def app(
    settings: Settings, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> Any:
    app = create_app(settings, engine=engine)
    app.state.sessionmaker = sessionmaker
    return app


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


class StatementCounter:
    """Counts the SQL statements sent on a connection (N+1 detection).

    Savepoint bookkeeping of the test harness itself is not counted.
    """

    HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(self.HARNESS):
            self.count += 1
            self.statements.append(statement)


@pytest.fixture
def count_statements(connection: AsyncConnection) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    sync_conn = connection.sync_connection
    assert sync_conn is not None
    event.listen(sync_conn, "before_cursor_execute", counter)
    yield counter
    event.remove(sync_conn, "before_cursor_execute", counter)
