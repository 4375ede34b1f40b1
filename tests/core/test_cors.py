import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from api.main import create_app
from api.settings import Settings


async def test_cors_only_for_configured_origins(settings: Settings, engine: AsyncEngine) -> None:
    app = create_app(
        settings.model_copy(update={"cors_origins": ["https://spa.convergence.example"]}),
        engine=engine,
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        allowed = await client.options(
            "/api/v1/territoires",
            headers={
                "Origin": "https://spa.convergence.example",
                "Access-Control-Request-Method": "GET",
            },
        )
        evil = await client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://spa.convergence.example"
    assert "access-control-allow-origin" not in evil.headers
