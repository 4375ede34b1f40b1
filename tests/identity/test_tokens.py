"""The token endpoint: password, refresh rotation with reuse detection, client credentials."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from jose import jwt

from api.core.security import ALGORITHM, AUDIENCE, ISSUER
from api.demo.seed import DEMO_PASSWORD
from api.settings import DEMO_SECRET_KEY
from tests.conftest import DemoIds, suite_session_id

TOKEN = "/api/v1/auth/token"
ACCOMPAGNATEUR = "accompagnateur.paris@demo.example.org"


async def login(
    client: httpx.AsyncClient, email: str = ACCOMPAGNATEUR, **extra: str
) -> httpx.Response:
    return await client.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": DEMO_PASSWORD} | extra
    )


async def test_password_grant_then_moi(anonymous: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await login(anonymous)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 900
    assert body["refresh_token"].startswith("rt_")
    assert response.headers["cache-control"] == "no-store"
    claims = jwt.get_unverified_claims(body["access_token"])
    assert claims["aud"] == AUDIENCE and claims["exp"] - claims["iat"] == 900
    moi = await anonymous.get(
        "/api/v1/moi", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert moi.status_code == 200
    data = moi.json()
    assert data["role"] == "accompagnateur"
    assert data["structure_id"] == str(demo.structures["Ateliers de Belleville"])
    assert data["perimetre"] == {
        "national": False,
        "territoire_ids": [str(demo.territoires["paris"])],
        "chantier_ids": [str(demo.structures["Ateliers de Belleville"])],
    }


@pytest.mark.parametrize(
    ("email", "password"),
    [(ACCOMPAGNATEUR, "mauvais-mot-de-passe"), ("personne@demo.example.org", DEMO_PASSWORD)],
)
async def test_wrong_credentials_answer_the_same_401(
    anonymous: httpx.AsyncClient, email: str, password: str
) -> None:
    response = await anonymous.post(
        TOKEN, data={"grant_type": "password", "username": email, "password": password}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "identifiants_invalides"
    assert response.json()["detail"] == "Identifiants incorrects."
    assert "WWW-Authenticate" in response.headers


async def test_unknown_grant_type_is_a_422(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.post(TOKEN, data={"grant_type": "implicit"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.grant_type"


async def test_refresh_rotates_and_reuse_revokes_the_family(anonymous: httpx.AsyncClient) -> None:
    first = (await login(anonymous)).json()["refresh_token"]
    rotated = await anonymous.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": first}
    )
    assert rotated.status_code == 200
    second = rotated.json()["refresh_token"]
    assert second != first

    reuse = await anonymous.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": first}
    )
    assert reuse.status_code == 401
    assert reuse.json()["code"] == "jeton_renouvellement_invalide"
    # The thief's replay ended the whole session: the legitimate newer token is dead too.
    after = await anonymous.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": second}
    )
    assert after.status_code == 401


async def test_spa_gets_the_refresh_token_as_a_strict_httponly_cookie(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await login(anonymous, refresh_token_transport="cookie")
    assert response.status_code == 200
    assert "refresh_token" not in response.json() or response.json()["refresh_token"] is None
    cookie = response.headers["set-cookie"]
    assert "convergence_refresh=rt_" in cookie
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/api/v1/auth" in cookie
    refreshed = await anonymous.post(TOKEN, data={"grant_type": "refresh_token"})
    assert refreshed.status_code == 200
    assert refreshed.json().get("refresh_token") is None
    logout = await anonymous.post("/api/v1/auth/revocation")
    assert logout.status_code == 204
    anonymous.cookies.clear()


async def test_logout_revokes_the_refresh_token(anonymous: httpx.AsyncClient) -> None:
    refresh = (await login(anonymous)).json()["refresh_token"]
    assert (
        await anonymous.post("/api/v1/auth/revocation", data={"token": refresh})
    ).status_code == 204
    response = await anonymous.post(
        TOKEN, data={"grant_type": "refresh_token", "refresh_token": refresh}
    )
    assert response.status_code == 401


async def test_client_credentials_with_scopes(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "demo-fas-ile-de-france",
            "client_secret": "cs_demo_fas_ile_de_france",
            "scope": "indicateurs:read",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "indicateurs:read"
    assert body.get("refresh_token") is None
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert (await anonymous.get("/api/v1/territoires", headers=headers)).status_code == 200
    moi = (await anonymous.get("/api/v1/moi", headers=headers)).json()
    assert moi["type"] == "client_api" and moi["scopes"] == ["indicateurs:read"]
    assert (await anonymous.get("/api/v1/utilisateurs", headers=headers)).status_code == 403


async def test_client_without_the_scope_is_refused(anonymous: httpx.AsyncClient) -> None:
    narrow = await anonymous.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "demo-fas-ile-de-france",
            "client_secret": "cs_demo_fas_ile_de_france",
            "scope": "exports:read",
        },
    )
    headers = {"Authorization": f"Bearer {narrow.json()['access_token']}"}
    response = await anonymous.get("/api/v1/territoires", headers=headers)
    assert response.status_code == 403
    assert "indicateurs:read" in response.json()["detail"]


async def test_client_cannot_ask_for_scopes_it_was_not_granted(
    anonymous: httpx.AsyncClient,
) -> None:
    response = await anonymous.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": "demo-fas-ile-de-france",
            "client_secret": "cs_demo_fas_ile_de_france",
            "scope": "orientations:write",
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "portee_invalide"


async def test_client_credentials_over_http_basic(anonymous: httpx.AsyncClient) -> None:
    response = await anonymous.post(
        TOKEN,
        data={"grant_type": "client_credentials"},
        auth=("demo-siao-de-paris", "cs_demo_siao_de_paris"),
    )
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == {"orientations:read", "orientations:write"}


async def test_secret_rotation_overlap_then_revocation(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    client_uuid = demo.clients["demo-siao-de-paris"]
    rotation = await anonymous.post(
        f"/api/v1/clients-api/{client_uuid}/rotation", headers=auth("admin")
    )
    assert rotation.status_code == 200
    new_secret = rotation.json()["client_secret"]
    assert rotation.json()["ancien_secret_valide_jusqu_a"]

    async def grant(secret: str) -> httpx.Response:
        return await anonymous.post(
            TOKEN,
            data={
                "grant_type": "client_credentials",
                "client_id": "demo-siao-de-paris",
                "client_secret": secret,
            },
        )

    assert (await grant("cs_demo_siao_de_paris")).status_code == 200
    issued = await grant(new_secret)
    assert issued.status_code == 200
    headers = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    assert (await anonymous.get("/api/v1/moi", headers=headers)).status_code == 200

    revoked = await anonymous.post(
        f"/api/v1/clients-api/{client_uuid}/revocation", headers=auth("admin")
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert (await grant(new_secret)).status_code == 401
    # Access tokens already issued stop working at once.
    assert (await anonymous.get("/api/v1/moi", headers=headers)).status_code == 401


def _forge(
    claims: dict[str, object], key: str = DEMO_SECRET_KEY, algorithm: str = ALGORITHM
) -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def _claims(demo: DemoIds, **over: object) -> dict[str, object]:
    now = datetime.now(UTC)
    base: dict[str, object] = {
        "sub": f"user:{demo.users['admin']}",
        "typ": "user",
        "role": "admin_national",
        "sid": str(suite_session_id(demo.users["admin"])),
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def _alg_none(claims: dict[str, object]) -> str:
    import base64
    import json

    def part(obj: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


@pytest.mark.parametrize(
    "case",
    ["alg_none", "wrong_signature", "wrong_audience", "expired", "no_sub", "no_exp", "hs512"],
)
async def test_bad_tokens_are_401_with_www_authenticate(
    anonymous: httpx.AsyncClient, demo: DemoIds, case: str
) -> None:
    past = int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())
    token = {
        "alg_none": lambda: _alg_none(_claims(demo)),
        "wrong_signature": lambda: _forge(_claims(demo), key="x" * 48),
        "wrong_audience": lambda: _forge(_claims(demo, aud="autre-api")),
        "expired": lambda: _forge(_claims(demo, exp=past)),
        "no_sub": lambda: _forge(_claims(demo, sub=None)),
        "no_exp": lambda: _forge(_claims(demo, exp=None)),
        "hs512": lambda: _forge(_claims(demo), algorithm="HS512"),
    }[case]()
    response = await anonymous.get("/api/v1/moi", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_valid_forged_shape_still_works(
    anonymous: httpx.AsyncClient, demo: DemoIds
) -> None:
    # The control for the cases above: the same claims, correctly signed, are accepted.
    token = _forge(_claims(demo))
    response = await anonymous.get("/api/v1/moi", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


async def test_deactivated_account_loses_access_at_once(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    headers = auth("encadrant.paris")
    assert (await anonymous.get("/api/v1/moi", headers=headers)).status_code == 200
    user_id = demo.users["encadrant.paris"]
    current = await anonymous.get(f"/api/v1/utilisateurs/{user_id}", headers=auth("admin"))
    patch = await anonymous.patch(
        f"/api/v1/utilisateurs/{user_id}",
        json={"actif": False},
        headers=auth("admin") | {"If-Match": current.headers["etag"]},
    )
    assert patch.status_code == 200 and patch.json()["actif"] is False
    assert (await anonymous.get("/api/v1/moi", headers=headers)).status_code == 401
    assert (await login(anonymous, "encadrant.paris@demo.example.org")).status_code == 401
