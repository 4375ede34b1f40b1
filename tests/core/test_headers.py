import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from api.main import create_app
from api.settings import Settings


async def test_api_responses_are_not_cached_and_not_sniffed(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/territoires")
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in response.headers  # demo mode: plain HTTP


async def test_hsts_and_docs_switch_outside_demo(settings: Settings, engine: AsyncEngine) -> None:
    production = settings.model_copy(
        update={"env": "production", "secret_key": "x" * 40, "docs_enabled": False}
    )
    app = create_app(production, engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        health = await client.get("/healthz")
        docs = await client.get("/api/docs")
        schema = await client.get("/api/openapi.json")
    assert health.headers["strict-transport-security"].startswith("max-age=")
    assert docs.status_code == 404 and schema.status_code == 404
