"""Finding 8: throttling without denial of service. Failures count per (account, source), per
source and per device; a device that signed in before (device cookie) is never refused for
someone else's failures; the account-wide ceiling slows, it never locks; partner API clients
likewise per (client, source). Every lockout is in the audit trail. Production settings; the
sources are the TCP peers of the test clients."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.audit import AuditEvent
from api.identity.tokens import DEVICE_COOKIE
from tests.identity.production import browser, production_app
from tests.identity.test_tokens import TOKEN, login

OWNER = "encadrant.lyon@demo.example.org"
OTHER = "encadrant.paris@demo.example.org"
ATTACKER = "10.6.6.6"
DELAY = 2.0


@pytest.fixture
def app(engine: AsyncEngine, sessionmaker: Any) -> Any:
    # Thresholds lowered to keep the test short; the logic is the production one.
    return production_app(
        engine,
        sessionmaker,
        login_max_failures_per_address=6,
        login_account_ceiling=7,
        login_ceiling_delay_seconds=DELAY,
    )


@pytest.fixture
async def owner(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(app, "10.0.0.1") as client:
        yield client


async def _fail(client: httpx.AsyncClient, email: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        wrong = await client.post(
            TOKEN, data={"grant_type": "password", "username": email, "password": "x" * 12}
        )
        statuses.append(wrong.status_code)
    return statuses


async def test_the_owner_with_a_device_cookie_is_never_refused_for_an_attackers_failures(
    app: Any, owner: httpx.AsyncClient, session: AsyncSession
) -> None:
    assert (await login(owner, OWNER)).status_code == 200
    assert DEVICE_COOKIE in owner.cookies
    async with browser(app, ATTACKER) as attacker:
        assert await _fail(attacker, OWNER, 6) == [401] * 5 + [429]
    # Past the account's ceiling (failures from another source too): slowed, never locked.
    async with browser(app, "10.6.6.7") as more:
        assert await _fail(more, OWNER, 2) == [401, 401]
    # The owner's device, from yet another network (a phone's): at once, 200.
    async with browser(app, "10.0.0.2") as moved:
        moved.cookies.set(DEVICE_COOKIE, owner.cookies[DEVICE_COOKIE], domain="test.local")
        started = time.monotonic()
        assert (await login(moved, OWNER)).status_code == 200
        assert time.monotonic() - started < DELAY
    # Without the device cookie, from a third address: slowed down, but signed in.
    async with browser(app, "10.0.0.3") as elsewhere:
        started = time.monotonic()
        assert (await login(elsewhere, OWNER)).status_code == 200
        assert time.monotonic() - started >= DELAY
    # Every lockout is in the audit trail (the address's, the pairs'), without e-mail nor address.
    locks = (
        await session.scalars(select(AuditEvent).where(AuditEvent.action == "login_refused"))
    ).all()
    scopes = [e.details["portee"] for e in locks if e.details.get("raison") == "verrouillage"]
    assert scopes.count("compte_source") >= 1
    assert all(OWNER not in str(e.details) and ATTACKER not in str(e.details) for e in locks)


async def test_a_blocked_source_refuses_everyone_from_it_but_known_devices(
    app: Any, owner: httpx.AsyncClient
) -> None:
    # Someone at a worksite signed in before from its (shared) address: a known device.
    assert (await login(owner, OTHER)).status_code == 200
    async with browser(app, ATTACKER) as attacker:
        # Many accounts tried from one address: the address is blocked.
        for index in range(6):
            await _fail(attacker, f"inconnu{index}@demo.example.org", 1)
        assert (await login(attacker, OTHER)).status_code == 429
        # The same address, a browser that signed in to that account before: 200.
        attacker.cookies.set(DEVICE_COOKIE, owner.cookies[DEVICE_COOKIE], domain="test.local")
        assert (await login(attacker, OTHER)).status_code == 200
        # A device cookie is the account's own: it does not open another account.
        assert (await login(attacker, OWNER)).status_code == 429


async def test_a_forged_device_cookie_is_no_device(app: Any) -> None:
    async with browser(app, ATTACKER) as attacker:
        await _fail(attacker, OWNER, 5)
        attacker.cookies.set(
            DEVICE_COOKIE, "00000000-0000-0000-0000-000000000000.x.1.y", domain="test.local"
        )
        assert (await login(attacker, OWNER)).status_code == 429


async def test_a_partner_client_is_not_locked_out_by_failures_from_elsewhere(app: Any) -> None:
    client_id = "demo-fas-ile-de-france"
    async with browser(app, ATTACKER) as attacker:
        for _ in range(6):
            last = await attacker.post(
                TOKEN,
                data={
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": "cs_faux",
                },
            )
        assert last.status_code == 429
    async with browser(app, "192.0.2.10") as partner:
        granted = await partner.post(
            TOKEN,
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": "cs_demo_fas_ile_de_france",
            },
        )
        assert granted.status_code == 200
