"""Second factor and login throttling."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pyotp
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from api.identity.models import LoginThrottle
from api.main import create_app
from api.settings import Settings
from tests.identity.test_tokens import TOKEN, login

DIRECTION = "direction.paris@demo.example.org"


async def test_totp_enrolment_then_login_needs_the_code(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    headers = auth("direction.paris")
    enrol = await anonymous.post("/api/v1/moi/totp", headers=headers)
    assert enrol.status_code == 200
    secret = enrol.json()["secret"]
    assert enrol.json()["otpauth_uri"].startswith("otpauth://totp/Convergence:")
    wrong = await anonymous.post(
        "/api/v1/moi/totp/activation", json={"code": "000000"}, headers=headers
    )
    if pyotp.TOTP(secret).verify("000000", valid_window=1):  # pragma: no cover - 1 in 300 000
        return
    assert wrong.status_code == 422
    activation_code = pyotp.TOTP(secret).now()
    activated = await anonymous.post(
        "/api/v1/moi/totp/activation", json={"code": activation_code}, headers=headers
    )
    assert activated.status_code == 200  # a new session's tokens (the enrolment one ended)

    without = await login(anonymous, DIRECTION)
    assert without.status_code == 401
    assert without.json()["code"] == "totp_requis"
    bad = await login(
        anonymous, DIRECTION, totp="999999" if pyotp.TOTP(secret).now() != "999999" else "999998"
    )
    assert bad.status_code == 401
    assert bad.json()["code"] == "totp_invalide"
    # The activation code was used: the login takes the next 30-second step's code.
    replayed = await login(anonymous, DIRECTION, totp=activation_code)
    assert replayed.status_code == 401 and replayed.json()["code"] == "totp_invalide"
    next_code = pyotp.TOTP(secret).at(time.time() + 30)
    good = await login(anonymous, DIRECTION, totp=next_code)
    assert good.status_code == 200
    again = await login(anonymous, DIRECTION, totp=next_code)
    assert again.status_code == 401


async def test_mandatory_totp_blocks_everything_but_enrolment(
    engine: AsyncEngine, sessionmaker: Any, auth: Callable[[str], dict[str, str]]
) -> None:
    # No list in the settings: every health reader must enrol (the permission table decides).
    settings = Settings(
        env="production",
        secret_key="demo-only-secret-key-never-use-in-production-000",
        database_url="sqlite+aiosqlite:///:memory:",
    )
    app = create_app(settings, engine=engine)
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        headers = auth("accompagnateur.paris")
        blocked = await client.get("/api/v1/territoires", headers=headers)
        assert blocked.status_code == 403
        assert blocked.json()["code"] == "totp_enrolement_requis"
        moi = await client.get("/api/v1/moi", headers=headers)
        assert moi.status_code == 200 and moi.json()["totp_requis"] is True
        assert (await client.post("/api/v1/moi/totp", headers=headers)).status_code == 200
        # A role that reads no health data is not concerned.
        other = await client.get("/api/v1/territoires", headers=auth("encadrant.paris"))
        assert other.status_code == 200


async def test_failed_logins_are_throttled_per_account(anonymous: httpx.AsyncClient) -> None:
    email = "encadrant.lyon@demo.example.org"
    for _ in range(5):
        response = await anonymous.post(
            TOKEN,
            data={"grant_type": "password", "username": email, "password": "faux-mot-de-passe"},
        )
        assert response.status_code == 401
    blocked = await login(anonymous, email)  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert blocked.json()["code"] == "trop_de_tentatives"


async def test_failed_logins_are_throttled_per_client_address(anonymous: httpx.AsyncClient) -> None:
    # One address trying many accounts: the address key blocks it, whatever the account (20
    # failures: a worksite's people share one address behind its router).
    for index in range(20):
        await anonymous.post(
            TOKEN,
            data={
                "grant_type": "password",
                "username": f"inconnu{index}@demo.example.org",
                "password": "faux-mot-de-passe",
            },
        )
    blocked = await login(anonymous, "direction.lyon@demo.example.org")
    assert blocked.status_code == 429
    assert blocked.headers["retry-after"]


async def test_delay_grows_with_failures(anonymous: httpx.AsyncClient, session: Any) -> None:
    email = "financeur@demo.example.org"
    delays = []
    for _ in range(7):
        await anonymous.post(
            TOKEN, data={"grant_type": "password", "username": email, "password": "x" * 12}
        )
        row = await session.scalar(
            select(LoginThrottle).where(LoginThrottle.key == f"compte:{email}|127.0.0.1")
        )
        await session.refresh(row)
        if row.blocked_until:
            delays.append((row.blocked_until - row.last_failure_at).total_seconds())
        # Unblock (account and address) between tries, as if the delay had passed.
        await session.execute(update(LoginThrottle).values(blocked_until=None))
        await session.commit()
    assert delays == [1, 2, 4]


async def test_successful_login_resets_the_account_counter(
    anonymous: httpx.AsyncClient, session: Any
) -> None:
    email = "evaluateur@demo.example.org"
    key = f"compte:{email}|127.0.0.1"
    for _ in range(3):
        await anonymous.post(
            TOKEN, data={"grant_type": "password", "username": email, "password": "x" * 12}
        )
    assert (await session.get(LoginThrottle, key)).failures == 3
    assert (await login(anonymous, email)).status_code == 200
    session.expunge_all()
    assert await session.get(LoginThrottle, key) is None
    # The address keeps its count: a success on one account does not clear an address.
    assert (await session.get(LoginThrottle, "adresse:127.0.0.1")).failures == 3
