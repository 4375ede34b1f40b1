import gzip
import json
import re
from pathlib import Path
from typing import Any

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
    for path in ("/", "/resultats", "/etre-partenaire", "/territoires", "/territoires/abc"):
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


# --- the built SPA: what a visitor of the public pages downloads ----------------------------

DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"
MANIFEST = DIST / ".vite" / "manifest.json"
PUBLIC_JS_BUDGET = 100_000  # bytes of gzip-compressed JavaScript on a first visit


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def _closure(manifest: dict[str, Any], keys: list[str], follow_dynamic: bool) -> list[str]:
    """The chunks `keys` load: their static imports, and the dynamic ones if asked."""
    seen: list[str] = []
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.append(key)
        chunk = manifest[key]
        todo += chunk.get("imports", [])
        if follow_dynamic:
            todo += chunk.get("dynamicImports", [])
    return seen


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    if not MANIFEST.is_file():
        pytest.skip("frontend/dist absent : `make spa` construit le SPA (make test le fait)")
    loaded: dict[str, Any] = json.loads(MANIFEST.read_text())
    return loaded


def test_public_pages_load_under_100_kb_of_compressed_javascript(
    manifest: dict[str, Any],
) -> None:
    entry = next(key for key, chunk in manifest.items() if chunk.get("isEntry"))
    index = (DIST / "index.html").read_text()
    public = _closure(manifest, [entry], follow_dynamic=False)
    everything = _closure(manifest, [entry], follow_dynamic=True)
    staff = [key for key in everything if key not in public]
    # What index.html loads at once is the entry and its static imports, nothing more.
    loaded = set(re.findall(r'(?:src|href)="/(assets/[^"]+\.js)"', index))
    assert loaded == {manifest[key]["file"] for key in public}, loaded

    def js(keys: list[str]) -> int:
        return sum(_gz(DIST / manifest[key]["file"]) for key in keys)

    def css(keys: list[str]) -> int:
        files = {f for key in keys for f in manifest[key].get("css", [])}
        return sum(_gz(DIST / f) for f in files)

    public_js, staff_js = js(public), js(staff)
    print(
        f"\nSPA (gzip) : pages publiques {public_js / 1000:.1f} kB de JS et "
        f"{css(public) / 1000:.1f} kB de CSS ; application des équipes "
        f"{staff_js / 1000:.1f} kB de JS et {css(staff) / 1000:.1f} kB de CSS en plus"
    )
    assert public_js < PUBLIC_JS_BUDGET, f"{public_js} octets compressés"
    assert staff, "the staff application must be a chunk of its own"
    # Mantine (its code and its CSS) comes only with the staff application.
    for key in public:
        chunk = manifest[key]
        files = [chunk["file"], *chunk.get("css", [])]
        for file in files:
            text = (DIST / file).read_text(encoding="utf-8", errors="replace")
            # The entry names the staff chunks it may fetch later: file names are no code.
            code = re.sub(r"assets/[\w.-]+", "", text)
            assert "mantine" not in code.lower(), file
    assert any("mantine" in manifest[key].get("name", "") for key in staff)
