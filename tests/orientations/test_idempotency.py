"""Idempotency-Key: replays, reuse with another body, concurrent duplicates."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import httpx
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.idempotency import IdempotencyKey
from api.main import create_app
from api.orientations.models import Orientation
from api.settings import Settings
from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import _new_parcours


async def _sent(client: httpx.AsyncClient, demo: DemoIds) -> str:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    return str(draft["id"])


async def test_a_replay_returns_the_first_answer_byte_for_byte(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    orientation = await _sent(client, demo)
    url = f"/api/v1/orientations/{orientation}/messages"
    headers = auth("demo-siao-de-paris") | {"Idempotency-Key": "msg-1"}
    first = await anonymous.post(url, json={"texte": "Reçu"}, headers=headers)
    second = await anonymous.post(url, json={"texte": "Reçu"}, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content
    assert second.headers["idempotent-replayed"] == "true"
    thread = (await anonymous.get(url, headers=auth("demo-siao-de-paris"))).json()
    assert [m["texte"] for m in thread] == ["Reçu"]
    other_body = await anonymous.post(url, json={"texte": "Autre"}, headers=headers)
    assert other_body.status_code == 422
    assert other_body.json()["code"] == "idempotency_key_reutilisee"
    # Keys belong to their caller: the same key from someone else is a new request.
    mine = await client.post(url, json={"texte": "Reçu"}, headers={"Idempotency-Key": "msg-1"})
    assert mine.status_code == 201 and mine.json()["id"] != first.json()["id"]


async def test_two_concurrent_posts_with_one_key_create_one_orientation(
    engine: AsyncEngine,
    settings: Settings,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    app = create_app(settings, engine=engine)  # real, committed transactions
    transport = httpx.ASGITransport(app=app)
    motif = f"Concurrence {uuid.uuid4()}"
    body = {
        "parcours_id": str(demo.parcours["Ateliers de Belleville:en_cours"]),
        "partenaire_id": str(demo.structures[SIAO]),
        "domaine": "logement",
        "motif": motif,
    }
    headers = auth("accompagnateur.paris") | {"Idempotency-Key": f"creation-{motif}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        results = await asyncio.gather(
            *(client.post("/api/v1/orientations", json=body, headers=headers) for _ in range(2))
        )
    async with AsyncSession(engine) as session:
        created = await session.scalar(
            select(func.count()).select_from(Orientation).where(Orientation.motif == motif)
        )
        await session.execute(delete(Orientation).where(Orientation.motif == motif))
        await session.execute(
            delete(IdempotencyKey).where(IdempotencyKey.key == f"creation-{motif}")
        )
        await session.commit()
    assert created == 1
    # The duplicate waited for the first request's transaction, then got its answer.
    assert [r.status_code for r in results] == [201, 201]
    assert results[0].content == results[1].content
    assert {r.headers.get("idempotent-replayed") for r in results} == {None, "true"}


async def test_an_update_retried_with_its_key_gets_its_answer_not_412(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    """Finding 13: an update committed while its answer was lost is retried with its key."""
    url = f"/api/v1/utilisateurs/{demo.users['accompagnateur.canal']}"
    etag = (await client.get(url)).headers["etag"]
    headers = {"If-Match": etag, "Idempotency-Key": "maj-nom-1"}
    first = await client.patch(url, json={"nom": "Premier"}, headers=headers)
    retry = await client.patch(url, json={"nom": "Premier"}, headers=headers)
    assert first.status_code == retry.status_code == 200
    assert retry.content == first.content
    assert retry.headers["etag"] == first.headers["etag"] != etag
    assert retry.headers["idempotent-replayed"] == "true"
    # Another update with the same key is another request: refused, nothing applied.
    other = await client.patch(url, json={"nom": "Autre"}, headers=headers)
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reutilisee"
    assert (await client.get(url)).json()["nom"] == "Premier"
    # Without a key the retry is what it always was: the version moved on.
    stale = await client.patch(url, json={"nom": "Premier"}, headers={"If-Match": etag})
    assert stale.status_code == 412
