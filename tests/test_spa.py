from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from api.main import create_app
from api.settings import Settings


@pytest.fixture
async def spa_client(tmp_path: Path, settings: Settings, engine: AsyncEngine):  # type: ignore[no-untyped-def]
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>Convergence</title>")
    (dist / "assets" / "app.js").write_text("console.log('ok')")
    (tmp_path / "secret.txt").write_text("hors du dossier")
    app = create_app(settings.model_copy(update={"spa_dir": dist}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


async def test_root_and_client_routes_serve_index(spa_client: httpx.AsyncClient) -> None:
    for path in ("/", "/territoires", "/territoires/abc"):
        response = await spa_client.get(path)
        assert response.status_code == 200, path
        assert "<title>Convergence</title>" in response.text


async def test_assets_are_served_with_long_cache(spa_client: httpx.AsyncClient) -> None:
    response = await spa_client.get("/assets/app.js")
    assert response.text == "console.log('ok')"
    assert "immutable" in response.headers["cache-control"]


async def test_api_paths_never_fall_back_to_the_spa(spa_client: httpx.AsyncClient) -> None:
    response = await spa_client.get("/api/v1/inconnu")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_no_escape_from_the_spa_folder(spa_client: httpx.AsyncClient) -> None:
    response = await spa_client.get("/assets/../../secret.txt")
    assert "hors du dossier" not in response.text
    response = await spa_client.get("/%2e%2e/secret.txt")
    assert "hors du dossier" not in response.text


async def test_the_spa_has_a_content_security_policy(spa_client: httpx.AsyncClient) -> None:
    response = await spa_client.get("/territoires")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
