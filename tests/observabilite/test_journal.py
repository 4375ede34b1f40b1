"""The per-request log line: request id round trip, JSON shape, and nothing personal in it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.core.observabilite.journal import JsonFormatter
from api.demo.people import NOMS, PRENOMS
from api.demo.seed import DEMO_USERS, demo_accounts
from api.settings import DEMO_SECRET_KEY
from tests.conftest import DemoIds


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Every log record of the test, formatted as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)


def _request_lines(stream: io.StringIO) -> list[dict[str, Any]]:
    lines = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "convergence.requete"]


async def test_request_id_round_trip(
    app: Any,
    session: AsyncSession,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    json_lines: io.StringIO,
) -> None:
    parcours_id = next(iter(demo.parcours.values()))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        headers = auth("admin") | {"X-Request-ID": "essai-ops-42"}
        response = await client.get(f"/api/v1/parcours/{parcours_id}", headers=headers)
        assert response.status_code == 200, response.text
        assert response.headers["X-Request-ID"] == "essai-ops-42"
        # An id that could forge a log line is replaced by a generated one.
        forged = await client.get("/healthz", headers={"X-Request-ID": 'a b"}'})
        assert forged.headers["X-Request-ID"] != 'a b"}'
        assert len(forged.headers["X-Request-ID"]) == 32

    line = next(r for r in _request_lines(json_lines) if r["request_id"] == "essai-ops-42")
    assert line["route"] == "/api/v1/parcours/{parcours_id}"
    assert line["status"] == 200 and line["level"] == "info"
    assert line["actor_type"] == "user" and line["actor_id"] == str(demo.users["admin"])
    assert line["duration_ms"] > 0 and line["error_code"] is None
    assert line["time"].endswith("Z")
    events = (
        await session.scalars(select(AuditEvent).where(AuditEvent.request_id == "essai-ops-42"))
    ).all()
    assert events, "the traced read left no audit event with the request id"


async def test_error_code_in_the_line(
    anonymous: httpx.AsyncClient, json_lines: io.StringIO
) -> None:
    response = await anonymous.get("/api/v1/moi")
    assert response.status_code == 401
    line = _request_lines(json_lines)[-1]
    assert line["error_code"] == response.json()["code"]
    assert line["actor_type"] == "anonyme" and line["actor_id"] is None


async def test_logs_hold_no_name_nor_secret(
    app: Any,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    json_lines: io.StringIO,
) -> None:
    accounts = demo_accounts()
    clients: list[dict[str, str]] = accounts["clients_api"]  # type: ignore[assignment]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    tokens: list[str] = []
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        user = DEMO_USERS[0]
        for password in (accounts["mot_de_passe"], "mauvais-mot-de-passe"):
            answer = await client.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": user.email, "password": password},
            )
            tokens.append(answer.json().get("access_token", ""))
        answer = await client.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": clients[0]["client_id"],
                "client_secret": clients[0]["client_secret"],
            },
        )
        tokens.append(answer.json().get("access_token", ""))
        headers = auth("admin")
        await client.get("/api/v1/parcours", headers=headers)
        for parcours_id in list(demo.parcours.values())[:3]:
            await client.get(f"/api/v1/parcours/{parcours_id}", headers=headers)
        await client.get("/api/v1/salaries?q=Exemple", headers=headers)
        await client.post("/api/v1/parcours", headers=headers, json={"nom": "Fictif"})
    # The test's own HTTP client logs the URLs it calls: not the application's lines.
    text = "\n".join(
        line for line in json_lines.getvalue().splitlines() if '"logger": "httpx"' not in line
    )
    assert "convergence.requete" in text
    secrets = [
        str(accounts["mot_de_passe"]),
        DEMO_SECRET_KEY,
        *(c["client_secret"] for c in clients),
    ]
    secrets += [t for t in tokens if t]
    people = [u.email for u in DEMO_USERS] + [u.nom for u in DEMO_USERS]
    people += [name for name in NOMS + PRENOMS if len(name) >= 4]
    for value in secrets + people:
        assert value not in text, f"{value!r} appears in the logs"
