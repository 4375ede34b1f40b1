"""Test fixtures: a migrated database with the demo data, one rolled-back transaction per test."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

from api.candidatures.models import Candidature
from api.conventions.models import Convention
from api.core.db import make_engine
from api.core.migrations import upgrade
from api.core.security import create_access_token
from api.core.storage import LocalDocumentStore
from api.demo.seed import DEMO_USERS, seed_demo
from api.identity.models import ApiClient, UserAccount, UserSession
from api.main import create_app
from api.parcours.models import Parcours
from api.settings import DEMO_SECRET_KEY, Settings
from api.structures.models import Structure
from api.territoires.models import Territoire
from tests.dbutil import reset_database, test_database_url

DATABASE_URL = test_database_url()
DOCUMENTS_DIR = Path(tempfile.mkdtemp(prefix="convergence-documents-"))
MAIL_DIR = Path(tempfile.mkdtemp(prefix="convergence-mail-"))
SUITE_SESSION_TIME = datetime(2100, 1, 1, tzinfo=UTC)
BACKEND = "postgresql" if DATABASE_URL.startswith("postgresql") else "sqlite"


def pytest_report_header(config: pytest.Config) -> str:
    return f"database: {BACKEND} ({DATABASE_URL.split('@')[-1]})"


@pytest.fixture(scope="session")
def database_url() -> str:
    return DATABASE_URL


@dataclass(frozen=True)
class DemoIds:
    """Ids of the demo data, by demo login / structure name / territoire code."""

    users: dict[str, uuid.UUID]
    conventions: dict[str, uuid.UUID]
    # "<chantier>:<statut>" -> the most recent parcours (and its person) in that statut.
    parcours: dict[str, uuid.UUID]
    salaries: dict[str, uuid.UUID]
    clients: dict[str, uuid.UUID]
    structures: dict[str, uuid.UUID]
    territoires: dict[str, uuid.UUID]
    # Applications to join the network, by name.
    candidatures: dict[str, uuid.UUID] = field(default_factory=dict)


def build_demo_database(database_url: str) -> None:
    """An empty database brought to head by Alembic, then loaded with the demo data."""
    reset_database(database_url)
    upgrade(database_url)

    async def load() -> None:
        engine = make_engine(database_url)
        try:
            async with AsyncSession(engine, expire_on_commit=False) as session, session.begin():
                await seed_demo(session, LocalDocumentStore(DOCUMENTS_DIR))
                await session.flush()
                # One open session per demo account: the `sid` of the suite's tokens. Its times
                # lie in the future, so that a long run never ends it by itself (absolute and
                # idle limits) nor records its activity; the tests of those limits sign in.
                for user_id in (await session.scalars(select(UserAccount.id))).all():
                    session.add(
                        UserSession(
                            id=suite_session_id(user_id),
                            user_id=user_id,
                            created_at=SUITE_SESSION_TIME,
                            last_used_at=SUITE_SESSION_TIME,
                        )
                    )
        finally:
            await engine.dispose()

    asyncio.run(load())


@pytest.fixture(scope="session")
def migrated_database(database_url: str) -> str:
    build_demo_database(database_url)
    return database_url


def read_demo_ids(database_url: str) -> DemoIds:
    async def read() -> DemoIds:
        engine = make_engine(database_url)
        try:
            async with AsyncSession(engine) as session:
                users = {
                    email.split("@")[0]: uid
                    for uid, email in (
                        await session.execute(select(UserAccount.id, UserAccount.email))
                    )
                }
                clients = dict(
                    (cid, uid)
                    for uid, cid in (
                        await session.execute(select(ApiClient.id, ApiClient.client_id))
                    )
                )
                structures = dict(
                    (nom, uid)
                    for uid, nom in (await session.execute(select(Structure.id, Structure.nom)))
                )
                conventions = dict(
                    (titre, uid)
                    for uid, titre in (
                        await session.execute(select(Convention.id, Convention.titre))
                    )
                )
                parcours: dict[str, uuid.UUID] = {}
                salaries: dict[str, uuid.UUID] = {}
                rows = await session.execute(
                    select(Parcours.id, Parcours.salarie_id, Parcours.statut, Structure.nom)
                    .join(Structure, Structure.id == Parcours.chantier_id)
                    .order_by(Parcours.date_entree.desc())
                )
                for pid, sid, statut, chantier in rows:
                    parcours.setdefault(f"{chantier}:{statut}", pid)
                    salaries.setdefault(f"{chantier}:{statut}", sid)
                territoires = dict(
                    (code, uid)
                    for uid, code in (await session.execute(select(Territoire.id, Territoire.code)))
                )
                candidatures = {
                    str(nom): uid
                    for uid, nom in (await session.execute(select(Candidature.id, Candidature.nom)))
                }
        finally:
            await engine.dispose()
        return DemoIds(
            users, conventions, parcours, salaries, clients, structures, territoires, candidatures
        )

    return asyncio.run(read())


@pytest.fixture(scope="session")
def demo(migrated_database: str) -> DemoIds:
    return read_demo_ids(migrated_database)


def suite_session_id(user_id: uuid.UUID) -> uuid.UUID:
    """The session the suite's tokens of a demo account name (made with the database)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"convergence-tests:{user_id}")


def bearer(subject: str, claims: dict[str, str]) -> dict[str, str]:
    token, _ = create_access_token(subject=subject, key=DEMO_SECRET_KEY, claims=claims)
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="session")
def auth(demo: DemoIds) -> Callable[[str], dict[str, str]]:
    """Headers for a demo login (`accompagnateur.paris`) or a demo client id (`demo-...`)."""
    return demo_headers(demo)


def demo_headers(demo: DemoIds) -> Callable[[str], dict[str, str]]:
    roles = {u.login: u.role for u in DEMO_USERS}

    def headers(who: str) -> dict[str, str]:
        if who in demo.clients:
            scopes = (
                "orientations:read orientations:write"
                if "fas" not in who
                else ("exports:read indicateurs:read")
            )
            return bearer(
                f"client:{demo.clients[who]}",
                {"typ": "client", "role": "fas" if "fas" in who else "partenaire", "scope": scopes},
            )
        user_id = demo.users[who]
        return bearer(
            f"user:{user_id}",
            {"typ": "user", "role": roles[who], "sid": str(suite_session_id(user_id))},
        )

    return headers


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


# The suite makes thousands of requests as one user: limits out of reach, except in the
# rate-limit tests (tests/hardening/test_rate_limits.py), which lower them on an app of their own.
UNLIMITED = {
    "rate_limit_client_per_minute": 10**9,
    "rate_limit_user_per_minute": 10**9,
    "rate_limit_anonymous_per_minute": 10**9,
}


def suite_settings(database_url: str, **overrides: Any) -> Settings:
    return Settings(
        database_url=database_url,
        documents_dir=DOCUMENTS_DIR,
        mail_dir=MAIL_DIR,
        **{"env": "demo", **UNLIMITED, **overrides},
    )


@pytest.fixture
def settings(migrated_database: str) -> Settings:
    return suite_settings(migrated_database)


@pytest.fixture(scope="session")
def shared_app(migrated_database: str, engine: AsyncEngine) -> Any:
    """Built once: building the app costs more than most tests."""
    return create_app(suite_settings(migrated_database), engine=engine)


@pytest.fixture
def app(shared_app: Any, sessionmaker: async_sessionmaker[AsyncSession]) -> Any:
    """The app, its sessions joined to this test's rolled-back transaction."""
    shared_app.state.sessionmaker = sessionmaker
    return shared_app


@pytest.fixture
def fresh_app(
    settings: Settings, engine: AsyncEngine, sessionmaker: async_sessionmaker[AsyncSession]
) -> Any:
    """An app of the test's own, for tests that add routes to it."""
    app = create_app(settings, engine=engine)
    app.state.sessionmaker = sessionmaker
    return app


@pytest.fixture
async def anonymous(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
async def client(
    app: Any, auth: Callable[[str], dict[str, str]]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client authenticated as the demo admin_national."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("admin")
    ) as client:
        yield client


class StatementCounter:
    """Counts the SQL statements sent on a connection (N+1 detection).

    Savepoint bookkeeping of the test harness itself is not counted, nor the rate limiter's
    counter (the same on every request).
    """

    HARNESS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    # The rate limiter's counter: one upsert per request, not a query of the feature.
    PER_REQUEST = ("rate_limit_counter",)

    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith(self.HARNESS) and not any(
            table in statement for table in self.PER_REQUEST
        ):
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
