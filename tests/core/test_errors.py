import httpx
from fastapi import FastAPI


async def test_oversized_body_is_a_413_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/territoires",
        content=b"x" * (1_048_576 + 1),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "corps_trop_volumineux"


async def test_streamed_oversized_body_is_a_413(fresh_app: FastAPI) -> None:
    app = fresh_app

    @app.post("/api/v1/_echo", include_in_schema=False)
    async def echo(payload: dict[str, str]) -> dict[str, str]:
        return payload

    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 65_536

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.post(
            "/api/v1/_echo", content=chunks(), headers={"content-type": "application/json"}
        )
    assert response.status_code == 413
    assert response.json()["code"] == "corps_trop_volumineux"


async def test_unsupported_method_is_a_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/territoires")
    assert response.status_code == 405
    assert response.json()["code"] == "methode_non_autorisee"


async def test_unknown_api_path_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/nulle-part")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_internal_error_reveals_nothing(fresh_app: FastAPI) -> None:
    app = fresh_app

    @app.get("/api/v1/_boom", include_in_schema=False)
    async def boom() -> None:
        raise RuntimeError("SELECT secret FROM table_interne")

    app.router.routes.insert(0, app.router.routes.pop())  # before the SPA catch-all
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/api/v1/_boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "SELECT" not in response.text
    assert "Traceback" not in response.text
    assert response.json()["code"] == "erreur_interne"


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = await client.get("/healthz")
    assert len(made.headers["x-request-id"]) == 32
