import re

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


async def test_the_docs_page_loads_only_our_own_scripts(client: httpx.AsyncClient) -> None:
    """Swagger UI lives on the refresh cookie's origin: its assets are ours, and a strict CSP
    lets only them and the page's own inline script (by its hash) run."""
    page = await client.get("/api/docs")
    assert page.status_code == 200
    html = page.text
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/api/docs/assets/") for s in sources), sources
    assert "http" not in " ".join(sources)
    csp = page.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'none'"
    script_src = directives["script-src"].split()
    assert script_src[0] == "'self'" and len(script_src) == 2
    assert script_src[1].startswith("'sha256-") and "unsafe" not in directives["script-src"]
    for source in sources:
        asset = await client.get(source)
        assert asset.status_code == 200 and len(asset.content) > 500, source
    assert "SwaggerUIBundle" in (await client.get(sources[-1])).text
