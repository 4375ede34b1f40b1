"""Finding 3: sessions end by themselves, an absolute lifetime and an idle limit (shorter for
the health readers), on every access-token use and on refresh. Production settings.

The clock is controlled the way the suite controls it elsewhere: the session's stored times
are moved back (`created_at`, `last_used_at`), nothing sleeps.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.core.db import utcnow
from api.identity.models import UserSession
from tests.identity.production import browser, production_app
from tests.identity.test_tokens import ACCOMPAGNATEUR, TOKEN, login

ENCADRANT = "encadrant.paris@demo.example.org"


@pytest.fixture
async def web(engine: AsyncEngine, sessionmaker: Any) -> AsyncIterator[httpx.AsyncClient]:
    async with browser(production_app(engine, sessionmaker)) as client:
        yield client


async def _signed_in(web: httpx.AsyncClient, email: str) -> tuple[dict[str, str], uuid.UUID]:
    response = await login(web, email, refresh_token_transport="cookie")
    assert response.status_code == 200, response.text
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    sessions = await web.get("/api/v1/moi/sessions", headers=headers)
    current = next(s for s in sessions.json() if s["courante"])
    return headers, uuid.UUID(current["id"])


async def _age(session: AsyncSession, sid: uuid.UUID, **ago: timedelta) -> None:
    """Move the session's times back: as if that much time had passed."""
    now = utcnow()
    await session.execute(
        update(UserSession)
        .where(UserSession.id == sid)
        .values(**{k: now - v for k, v in ago.items()})
    )
    await session.commit()


async def _refresh(web: httpx.AsyncClient) -> httpx.Response:
    return await web.post(TOKEN, data={"grant_type": "refresh_token"})


def _close(value: str, expected: datetime, slack: float = 30) -> bool:
    return abs((datetime.fromisoformat(value) - expected).total_seconds()) < slack


async def test_the_token_answer_and_moi_tell_when_the_session_ends(
    web: httpx.AsyncClient,
) -> None:
    response = await login(web, ACCOMPAGNATEUR, refresh_token_transport="cookie")
    body, now = response.json(), utcnow()
    assert _close(body["session_expire_le"], now + timedelta(hours=12))
    assert _close(body["inactivite_expire_le"], now + timedelta(minutes=30))
    # The refresh cookie dies with the session, not 14 days later; both cookies (refresh,
    # device) are Secure, HttpOnly, SameSite=Strict.
    cookies = response.headers.get_list("set-cookie")
    assert len(cookies) == 2
    for each in cookies:
        assert "Secure" in each and "HttpOnly" in each and "SameSite=strict" in each
    cookie = next(c for c in cookies if c.startswith("convergence_refresh="))
    max_age = int(cookie.split("Max-Age=")[1].split(";")[0])
    assert 12 * 3600 - 60 <= max_age <= 12 * 3600
    moi = await web.get("/api/v1/moi", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert _close(moi.json()["session_expire_le"], now + timedelta(hours=12))
    assert moi.json()["inactivite_secondes"] == 30 * 60


async def test_a_health_readers_session_ends_after_30_idle_minutes(
    web: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers, sid = await _signed_in(web, ACCOMPAGNATEUR)
    await _age(session, sid, last_used_at=timedelta(minutes=29))
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 200
    # That use was recorded: the idle time starts again.
    await _age(session, sid, last_used_at=timedelta(minutes=31))
    ended = await web.get("/api/v1/moi", headers=headers)
    assert ended.status_code == 401
    assert ended.json()["code"] == "session_expiree"
    assert (await _refresh(web)).status_code == 401  # refreshing does not revive it


async def test_other_roles_idle_for_8_hours(web: httpx.AsyncClient, session: AsyncSession) -> None:
    headers, sid = await _signed_in(web, ENCADRANT)
    await _age(session, sid, last_used_at=timedelta(minutes=31))
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 200
    await _age(session, sid, last_used_at=timedelta(hours=8, minutes=1))
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 401
    assert (await _refresh(web)).status_code == 401


async def test_refresh_after_an_idle_limit_is_refused(
    web: httpx.AsyncClient, session: AsyncSession
) -> None:
    _, sid = await _signed_in(web, ACCOMPAGNATEUR)
    await _age(session, sid, last_used_at=timedelta(minutes=31))
    refused = await _refresh(web)
    assert refused.status_code == 401
    ended = await session.get(UserSession, sid)
    assert ended is not None
    await session.refresh(ended)
    assert ended.ended_at is not None


async def test_a_session_ends_12_hours_after_sign_in_even_in_use(
    web: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers, sid = await _signed_in(web, ENCADRANT)
    # In use all along, 11 hours in: a refresh works, its cookie stops at the 12th hour.
    await _age(session, sid, created_at=timedelta(hours=11), last_used_at=timedelta(minutes=1))
    renewed = await _refresh(web)
    assert renewed.status_code == 200
    max_age = int(renewed.headers["set-cookie"].split("Max-Age=")[1].split(";")[0])
    assert 3600 - 60 <= max_age <= 3600
    assert _close(renewed.json()["session_expire_le"], utcnow() + timedelta(hours=1))
    headers = {"Authorization": f"Bearer {renewed.json()['access_token']}"}
    await _age(session, sid, created_at=timedelta(hours=12, minutes=1), last_used_at=timedelta(0))
    ended = await web.get("/api/v1/moi", headers=headers)
    assert ended.status_code == 401 and ended.json()["code"] == "session_expiree"
    assert (await _refresh(web)).status_code == 401


async def test_activity_is_written_at_most_once_a_minute(
    web: httpx.AsyncClient, session: AsyncSession
) -> None:
    headers, sid = await _signed_in(web, ENCADRANT)

    async def last_used() -> datetime:
        row = await session.get(UserSession, sid)
        assert row is not None
        await session.refresh(row)
        return row.last_used_at

    signed_in = await last_used()
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 200
    assert await last_used() == signed_in  # less than a minute: not written again
    await _age(session, sid, last_used_at=timedelta(minutes=2))
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 200
    written = await last_used()
    assert utcnow() - written < timedelta(seconds=30)
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 200
    assert await last_used() == written
