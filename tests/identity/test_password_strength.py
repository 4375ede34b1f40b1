"""Password strength (zxcvbn), reuse, and the throttled current-password check (findings 6, 7)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditEvent
from api.demo.seed import DEMO_PASSWORD
from api.identity.passwords import password_problem
from tests.conftest import DemoIds

URL = "/api/v1/moi/mot-de-passe"
FINDING_6 = [
    "password123456",
    "azertyuiop1234",
    "motdepasse1234",
    "123456789101",
    "P@ssw0rd1234",
    "iloveyou123456",
    "Convergence2026!",
]


@pytest.mark.parametrize("weak", FINDING_6)
async def test_common_passwords_are_refused_on_change_with_a_french_reason(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], weak: str
) -> None:
    response = await anonymous.post(
        URL,
        json={"mot_de_passe_actuel": DEMO_PASSWORD, "nouveau_mot_de_passe": weak},
        headers=auth("accompagnateur.paris"),
    )
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "body.nouveau_mot_de_passe"
    assert error["message"].startswith("Ce mot de passe est trop facile à deviner : il ")


def test_the_persons_names_and_email_count_against_the_password() -> None:
    strong = "BertheLavoisier1987"
    assert password_problem(strong) is None
    weak = password_problem(strong, "berthe.lavoisier@exemple.fr", ("Berthe", "Lavoisier"))
    assert weak is not None and "votre nom" in weak
    assert password_problem("cheval agrafe batterie correcte") is None


async def test_the_current_password_cannot_be_reused(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]]
) -> None:
    response = await anonymous.post(
        URL,
        json={"mot_de_passe_actuel": DEMO_PASSWORD, "nouveau_mot_de_passe": DEMO_PASSWORD},
        headers=auth("accompagnateur.paris"),
    )
    assert response.status_code == 422
    assert "différent du mot de passe actuel" in response.json()["errors"][0]["message"]


async def test_the_current_password_check_is_throttled_like_a_login(
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
    session: AsyncSession,
) -> None:
    headers = auth("encadrant.paris")
    body = {"mot_de_passe_actuel": "pas-le-bon-mot", "nouveau_mot_de_passe": "x" * 12}
    statuses = [
        (await anonymous.post(URL, json=body, headers=headers)).status_code for _ in range(7)
    ]
    assert statuses[:5] == [422] * 5
    assert statuses[5:] == [429, 429], statuses
    # Throttled: even the right answer waits now.
    right = await anonymous.post(
        URL,
        json={
            "mot_de_passe_actuel": DEMO_PASSWORD,
            "nouveau_mot_de_passe": "cheval agrafe batterie",
        },
        headers=headers,
    )
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    failures = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "login_failed",
            AuditEvent.object_id == str(demo.users["encadrant.paris"]),
        )
    )
    assert failures == 5
