"""Findings 4 and 5: a second factor for every health reader (derived from the permission
table), enrolment in a restricted session that ends with new tokens, and the answer to a
correct password without its code throttled like a login. Production settings."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pyotp
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.permissions import Permission, roles_with, second_factor_roles
from api.identity.models import UserAccount
from api.referentiel import Role
from tests.conftest import DemoIds, suite_settings
from tests.identity.production import browser, production_app
from tests.identity.test_tokens import ACCOMPAGNATEUR, TOKEN, login

HEALTH_READERS = {"admin", "coordinateur.paris", "direction.paris", "accompagnateur.paris"}


@pytest.fixture
async def web(engine: AsyncEngine, sessionmaker: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(production_app(engine, sessionmaker)) as client:
        yield client


def test_the_second_factor_roles_are_the_health_readers(migrated_database: str) -> None:
    production = suite_settings(migrated_database, env="production", secret_key="k" * 32)
    health = {r.value for r in roles_with(Permission.sante_read)}
    assert second_factor_roles(production) == health
    assert {"coordinateur", "direction_chantier"} <= health
    # The setting can only add roles; the demo keeps TOTP optional.
    more = suite_settings(
        migrated_database,
        env="production",
        secret_key="k" * 32,
        totp_required_roles=[Role.financeur.value],
    )
    assert second_factor_roles(more) == health | {"financeur"}
    assert second_factor_roles(suite_settings(migrated_database)) == frozenset()


@pytest.mark.parametrize("who", sorted(HEALTH_READERS))
async def test_every_health_reader_must_enrol_before_reading(
    web: httpx.AsyncClient, who: str
) -> None:
    signed_in = await login(web, f"{who}@demo.example.org")
    assert signed_in.status_code == 200
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    moi = await web.get("/api/v1/moi", headers=headers)
    assert moi.json()["totp_requis"] is True
    blocked = await web.get("/api/v1/territoires", headers=headers)
    assert blocked.status_code == 403 and blocked.json()["code"] == "totp_enrolement_requis"


async def test_a_role_reading_no_health_data_signs_in_with_its_password(
    web: httpx.AsyncClient,
) -> None:
    signed_in = await login(web, "encadrant.paris@demo.example.org")
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    assert (await web.get("/api/v1/territoires", headers=headers)).status_code == 200


async def test_enrolment_ends_its_session_and_issues_new_tokens(web: httpx.AsyncClient) -> None:
    signed_in = await login(web, ACCOMPAGNATEUR)
    old_access, old_refresh = signed_in.json()["access_token"], signed_in.json()["refresh_token"]
    old = {"Authorization": f"Bearer {old_access}"}
    listed = (await web.get("/api/v1/moi/sessions", headers=old)).json()
    old_sid = next(s["id"] for s in listed if s["courante"])
    secret = (await web.post("/api/v1/moi/totp", headers=old)).json()["secret"]
    activated = await web.post(
        "/api/v1/moi/totp/activation",
        json={"code": pyotp.TOTP(secret).now(), "refresh_token_transport": "body"},
        headers=old,
    )
    assert activated.status_code == 200, activated.text
    new = {"Authorization": f"Bearer {activated.json()['access_token']}"}
    # The enrolment session is over: its access and refresh tokens are refused at once.
    assert (await web.get("/api/v1/moi", headers=old)).status_code == 401
    refused = await web.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": old_refresh}
    )
    assert refused.status_code == 401
    # The new session (another id: no fixation) reaches everything.
    assert (await web.get("/api/v1/territoires", headers=new)).status_code == 200
    listed = (await web.get("/api/v1/moi/sessions", headers=new)).json()
    assert old_sid not in {s["id"] for s in listed}
    assert next(s for s in listed if s["courante"])["id"] != old_sid
    renewed = await web.post(
        TOKEN,
        data={"grant_type": "refresh_token", "refresh_token": activated.json()["refresh_token"]},
    )
    assert renewed.status_code == 200


async def test_a_correct_password_without_its_code_is_throttled_like_a_login(
    web: httpx.AsyncClient, session: AsyncSession, demo: DemoIds
) -> None:
    secret = pyotp.random_base32()
    await session.execute(
        update(UserAccount)
        .where(UserAccount.id == demo.users["direction.lyon"])
        .values(totp_secret=secret, totp_active=True, totp_last_step=None)
    )
    await session.commit()
    email = "direction.lyon@demo.example.org"
    for _ in range(5):
        answer = await login(web, email)
        assert answer.status_code == 401 and answer.json()["code"] == "totp_requis"
    throttled = await login(web, email)
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) >= 1
    # Even with the code, until the delay has passed.
    code = pyotp.TOTP(secret).at(time.time())
    assert (await login(web, email, totp=code)).status_code == 429
