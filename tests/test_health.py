from pathlib import Path

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from api.main import create_app
from api.settings import Settings


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"statut": "ok"}


async def test_readyz_on_a_migrated_database(settings: Settings, engine: AsyncEngine) -> None:
    # Its own app, outside the test transaction: readiness opens a connection of its own.
    app = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["statut"] == "ok"
    assert response.json()["base_de_donnees"] == "ok"


async def test_readyz_is_503_on_a_database_without_migrations(tmp_path: Path) -> None:
    settings = Settings(env="demo", database_url=f"sqlite+aiosqlite:///{tmp_path / 'vide.db'}")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/readyz")
    await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"]
    assert response.json()["code"] == "service_indisponible"


async def test_readyz_is_503_when_the_database_is_unreachable() -> None:
    settings = Settings(env="demo", database_url="postgresql+asyncpg://nobody@127.0.0.1:1/nowhere")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/readyz")
    await app.state.engine.dispose()
    assert response.status_code == 503
