"""Webhooks: Standard Webhooks signatures, SSRF guards, delivery to a real HTTP server."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.core.db import utcnow
from api.core.outbox import OutboxEvent
from api.referentiel import StatutLivraison
from api.settings import Settings
from api.webhooks import service, signing
from api.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import _new_parcours

# The published Standard Webhooks test vector.
VECTOR = {
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "timestamp": 1614265330,
    "body": b'{"test": 2432232314}',
    "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}


def test_golden_signature_vector() -> None:
    assert (
        signing.sign(VECTOR["secret"], VECTOR["id"], VECTOR["timestamp"], VECTOR["body"])
        == VECTOR["signature"]
    )  # type: ignore[arg-type]


def test_receiver_verification_and_tampering() -> None:
    args = (VECTOR["secret"], VECTOR["id"], VECTOR["timestamp"])
    assert signing.verify(*args, VECTOR["body"], VECTOR["signature"])  # type: ignore[arg-type]
    assert not signing.verify(*args, b'{"test": 2432232315}', VECTOR["signature"])  # type: ignore[arg-type]
    rotated = signing.signature_header(
        [signing.new_secret(), VECTOR["secret"]], *args[1:], VECTOR["body"]
    )  # type: ignore[arg-type]
    assert signing.verify(*args, VECTOR["body"], rotated)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.0.0.1/hook",
        "http://169.254.169.254/latest",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://192.168.1.10/h",
        "ftp://x.org/h",
        "https://user:pw@example.org/h",
    ],
)
async def test_internal_addresses_are_refused_outside_demo(settings: Settings, url: str) -> None:
    production = settings.model_copy(update={"env": "production", "secret_key": "k" * 40})
    with pytest.raises(service.UnsafeUrl):
        await service.check_url(url, production)


async def test_registration_through_the_api(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    partner = auth("demo-siao-de-paris")
    refused = await anonymous.post(
        "/api/v1/webhooks",
        headers=partner,
        json={"url": "gopher://x", "evenements": ["orientation.envoyee"]},
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "body.url"
    created = await anonymous.post(
        "/api/v1/webhooks",
        headers=partner,
        json={"url": "http://127.0.0.1:9/hook", "evenements": ["orientation.envoyee"]},
    )
    assert created.status_code == 201  # demo mode accepts this machine (for tests)
    assert created.json()["secret"].startswith("whsec_")
    listed = (await anonymous.get("/api/v1/webhooks", headers=partner)).json()
    assert [e["url"] for e in listed] == ["http://127.0.0.1:9/hook"]
    assert "secret" not in listed[0]
    other = await anonymous.get("/api/v1/webhooks", headers=auth("partenaire.csapa"))
    assert other.json() == []


class Receiver:
    """A partner's endpoint on 127.0.0.1: answers the planned statuses, records requests."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                if code in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/ailleurs")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/convergence"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


@pytest.fixture
def receiver() -> Iterator[Callable[[list[int]], Receiver]]:
    made: list[Receiver] = []

    def make(statuses: list[int]) -> Receiver:
        made.append(Receiver(statuses))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.fixture(autouse=True)
async def _earlier_events_handled(session: AsyncSession) -> None:
    """The demo data's own events are not these tests' business."""
    await session.execute(update(OutboxEvent).values(processed_at=utcnow()))
    await session.commit()


async def _orientation_event(client: httpx.AsyncClient, demo: DemoIds) -> str:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    return str(draft["id"])


async def _register(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], url: str
) -> str:
    created = await anonymous.post(
        "/api/v1/webhooks",
        headers=auth("demo-siao-de-paris"),
        json={"url": url, "evenements": ["orientation.envoyee", "orientation.message"]},
    )
    return str(created.json()["secret"])


async def test_fails_three_times_then_delivered_once(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Callable[[list[int]], Receiver],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    partner = receiver([500, 503, 500])
    secret = await _register(anonymous, auth, partner.url)
    orientation_id = await _orientation_event(client, demo)
    monkeypatch.setattr(service, "next_attempt", lambda attempts, now: now)  # no waiting here
    async with httpx.AsyncClient() as http:
        outcomes = [await service.run_once(sessionmaker, settings, http) for _ in range(5)]
    assert outcomes[0]["evenements"] >= 1
    assert len(partner.requests) == 4
    ids = {headers["webhook-id"] for headers, _ in partner.requests}
    assert len(ids) == 1  # the same message id on every retry
    for headers, body in partner.requests:
        assert signing.verify(
            secret,
            headers["webhook-id"],
            int(headers["webhook-timestamp"]),
            body,
            headers["webhook-signature"],
        )
        payload = json.loads(body)
        assert payload["type"] == "orientation.envoyee"
        assert payload["data"]["orientation_id"] == orientation_id
        assert "nom" not in body.decode()  # thin payload: no personal data
    async with sessionmaker() as session:
        delivery = await session.scalar(select(WebhookDelivery))
        assert delivery is not None
        assert delivery.statut == StatutLivraison.livree and delivery.tentatives == 4
        attempts = (
            await session.scalars(select(WebhookAttempt.code).order_by(WebhookAttempt.at))
        ).all()
    assert list(attempts) == [500, 503, 500, 200]
    seen = await anonymous.get(
        f"/api/v1/webhooks/{delivery.endpoint_id}/livraisons", headers=auth("demo-siao-de-paris")
    )
    assert [e["code"] for e in seen.json()[0]["essais"]] == [500, 503, 500, 200]


async def test_a_worker_dying_mid_delivery_loses_nothing(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Callable[[list[int]], Receiver],
) -> None:
    partner = receiver([])
    await _register(anonymous, auth, partner.url)
    await _orientation_event(client, demo)
    async with sessionmaker() as session, session.begin():
        await service.dispatch_outbox(session, settings)
    async with sessionmaker() as session, session.begin():
        claimed = await service.claim_due(session)  # ... and the worker dies here
    assert len(claimed) == 1 and partner.requests == []
    async with httpx.AsyncClient() as http:
        await service.run_once(sessionmaker, settings, http)
        assert partner.requests == []  # still held by the dead worker's lease
        async with sessionmaker() as session, session.begin():
            await session.execute(
                update(WebhookDelivery).values(verrou_jusqu_a=utcnow() - timedelta(seconds=1))
            )
        await service.run_once(sessionmaker, settings, http)
    assert len(partner.requests) == 1


@pytest.mark.parametrize(("status", "disabled"), [(410, True), (302, False)])
async def test_gone_disables_and_redirects_fail(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    sessionmaker: async_sessionmaker[AsyncSession],
    settings: Settings,
    receiver: Callable[[list[int]], Receiver],
    status: int,
    disabled: bool,
) -> None:
    partner = receiver([status])
    await _register(anonymous, auth, partner.url)
    await _orientation_event(client, demo)
    async with httpx.AsyncClient() as http:
        await service.run_once(sessionmaker, settings, http)
    async with sessionmaker() as session:
        delivery = await session.scalar(select(WebhookDelivery))
        endpoint = await session.scalar(select(WebhookEndpoint))
    assert delivery is not None and endpoint is not None
    assert delivery.statut != StatutLivraison.livree and delivery.dernier_code == status
    assert endpoint.actif is (not disabled)


def test_backoff_grows_and_is_capped() -> None:
    now = utcnow()
    delays = [(service.next_attempt(n, now) - now).total_seconds() for n in (1, 2, 3, 20)]
    assert 2.5 <= delays[0] <= 7.5 and 5 <= delays[1] <= 15 and 10 <= delays[2] <= 30
    assert delays[3] <= 6 * 3600 * 1.5


async def test_without_webhook_partner_users_get_an_email_without_personal_data(
    client: httpx.AsyncClient,
    demo: DemoIds,
    session: AsyncSession,
    settings: Settings,
    tmp_path: Path,
) -> None:
    await _orientation_event(client, demo)
    mail_settings = settings.model_copy(update={"mail_dir": tmp_path})
    await service.dispatch_outbox(session, mail_settings)
    (mail,) = list(tmp_path.glob("*.eml"))
    message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
    assert message["To"] == "partenaire.siao@demo.example.org"
    # The decoded parts, not the raw message: its MIME boundary is random digits.
    bodies = [
        part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
    ]
    assert bodies
    for text in bodies:
        assert "/orientations/" in text and "Nouvelle" not in text and "1980" not in text
