"""ProConnect sign-in against a real OpenID Connect provider (oidc-provider-mock, Authlib
based) served over HTTP on 127.0.0.1, with PKCE enforced by a thin WSGI layer (the mock
does not check RFC 7636 itself). No network beyond this machine."""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pyotp
import pytest
import werkzeug.serving
from oidc_provider_mock import app as provider_app
from sqlalchemy import func, select, update

from api.identity import proconnect
from api.identity.models import UserAccount
from api.main import create_app
from api.settings import DEMO_SECRET_KEY, Settings
from tests.conftest import DemoIds, suite_settings

CLIENT_ID = "convergence"
REDIRECT = "https://test/api/v1/auth/proconnect/retour"


class PkceEnforcer:
    """RFC 7636 on the provider: the token request must prove the authorize request's
    S256 challenge."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.challenges: dict[str, str] = {}
        self.pending: str | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ.get("PATH_INFO", "")
        if path == "/oauth2/authorize" and environ["REQUEST_METHOD"] == "POST":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            challenge = query.get("code_challenge", [""])[0]

            def recording(status: str, headers: list[tuple[str, str]], *a: Any) -> Any:
                for name, value in headers:
                    if name.lower() == "location":
                        code = parse_qs(urlsplit(value).query).get("code", [""])[0]
                        self.challenges[code] = challenge
                return start_response(status, headers, *a)

            return self.app(environ, recording)
        if path == "/oauth2/token":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            body = environ["wsgi.input"].read(length)
            form = parse_qs(body.decode())
            code = form.get("code", [""])[0]
            verifier = form.get("code_verifier", [""])[0]
            expected = self.challenges.pop(code, None)
            computed = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if expected is not None and (not expected or computed != expected):
                start_response("400 Bad Request", [("Content-Type", "application/json")])
                return [b'{"error": "invalid_grant"}']
            environ["wsgi.input"] = io.BytesIO(body)
        return self.app(environ, start_response)


class Provider:
    def __init__(self, max_age: timedelta) -> None:
        self.pkce = PkceEnforcer(provider_app(access_token_max_age=max_age))
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.pkce, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def user(self, sub: str, **claims: Any) -> None:
        response = httpx.put(f"{self.url}/users/{sub}", json=claims)
        assert response.status_code == 204


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    started = Provider(timedelta(hours=1))
    started.thread.start()
    yield started
    started.server.shutdown()


@pytest.fixture(scope="module")
def expired_provider() -> Iterator[Provider]:
    """Issues ID tokens that expired five minutes before they were made."""
    started = Provider(timedelta(seconds=-300))
    started.thread.start()
    yield started
    started.server.shutdown()


def _settings(database_url: str, issuer: str) -> Settings:
    # Not the demo: TOTP roles apply and cookies are Secure (the client speaks https).
    return suite_settings(
        database_url,
        env="development",
        secret_key=DEMO_SECRET_KEY,
        oidc_issuer=issuer,
        oidc_client_id=CLIENT_ID,
        oidc_client_secret="secret-du-client",
        oidc_redirect_uri=REDIRECT,
        public_url="https://test",
    )


@pytest.fixture
async def web(provider: Provider, migrated_database: str, engine: Any, sessionmaker: Any) -> Any:
    app = create_app(_settings(migrated_database, provider.url), engine=engine)
    app.state.sessionmaker = sessionmaker
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as client:
        yield client


async def _authorize(
    web: httpx.AsyncClient,
    sub: str,
    tamper: Callable[[dict[str, list[str]]], None] | None = None,
) -> tuple[str, str]:
    """Start at our API, consent at the provider as `sub`: the callback's code and state."""
    start = await web.get("/api/v1/auth/proconnect/connexion")
    assert start.status_code == 302
    location = urlsplit(start.headers["location"])
    query = parse_qs(location.query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]
    assert query["claims"] == ['{"id_token":{"amr":{"essential":true}}}']  # amr is asked for
    if tamper:
        tamper(query)
    url = f"{location.scheme}://{location.netloc}{location.path}?{urlencode(query, doseq=True)}"
    async with httpx.AsyncClient() as browser:
        consent = await browser.post(url, data={"sub": sub})
    assert consent.status_code == 302, consent.text
    back = parse_qs(urlsplit(consent.headers["location"]).query)
    return back["code"][0], back["state"][0]


async def _callback(web: httpx.AsyncClient, code: str, state: str) -> httpx.Response:
    return await web.get("/api/v1/auth/proconnect/retour", params={"code": code, "state": state})


async def test_code_flow_with_pkce_signs_in_and_links_sub(
    web: httpx.AsyncClient, provider: Provider, session: Any
) -> None:
    provider.user("sub-encadrant", email="encadrant.paris@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-encadrant")
    back = await _callback(web, code, state)
    assert back.status_code == 302 and back.headers["location"] == "/espace"
    token = await web.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    assert token.status_code == 200
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    moi = await web.get("/api/v1/moi", headers=headers)
    assert moi.json()["email"] == "encadrant.paris@demo.example.org"
    linked = await session.scalar(
        select(UserAccount.proconnect_sub).where(UserAccount.id == uuid.UUID(moi.json()["id"]))
    )
    assert linked == "sub-encadrant"
    # Logout ends the provider's session too.
    out = await web.post("/api/v1/auth/deconnexion")
    redirection = out.json()["redirection"]
    assert redirection.startswith(f"{provider.url}/oauth2/end_session?")
    assert "id_token_hint=" in redirection
    # Back to the login page, the address to register with ProConnect (docs/comptes.md).
    assert parse_qs(urlsplit(redirection).query)["post_logout_redirect_uri"] == [
        "https://test/connexion"
    ]
    async with httpx.AsyncClient() as browser:
        assert (await browser.get(redirection)).status_code == 200
    assert (await web.get("/api/v1/moi", headers=headers)).status_code == 401


async def test_code_replayed_is_refused(web: httpx.AsyncClient, provider: Provider) -> None:
    provider.user("sub-direction", email="direction.paris@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-direction")
    assert (await _callback(web, code, state)).status_code == 302
    # The flow cookie is gone and the provider forgot the code: a replay gets nothing.
    replay = await _callback(web, code, state)
    assert replay.status_code == 400


async def test_unknown_email_refused_without_creating_anything(
    web: httpx.AsyncClient, provider: Provider, session: Any
) -> None:
    before = await session.scalar(select(func.count()).select_from(UserAccount))
    provider.user("sub-x", email="inconnue@ailleurs.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-x")
    refused = await _callback(web, code, state)
    assert refused.status_code == 400
    assert "Aucun compte Convergence" in refused.text and 'lang="fr"' in refused.text
    assert await session.scalar(select(func.count()).select_from(UserAccount)) == before


async def test_unverified_email_refused(web: httpx.AsyncClient, provider: Provider) -> None:
    provider.user("sub-nv", email="encadrant.paris@demo.example.org", email_verified=False)
    code, state = await _authorize(web, "sub-nv")
    refused = await _callback(web, code, state)
    assert refused.status_code == 400 and "pas confirmé" in refused.text


async def test_wrong_nonce_refused(web: httpx.AsyncClient, provider: Provider) -> None:
    provider.user("sub-n", email="encadrant.paris@demo.example.org", email_verified=True)

    def other_nonce(query: dict[str, list[str]]) -> None:
        query["nonce"] = ["nonce-d-un-autre"]

    code, state = await _authorize(web, "sub-n", other_nonce)
    assert (await _callback(web, code, state)).status_code == 400


async def test_pkce_verifier_must_match(web: httpx.AsyncClient, provider: Provider) -> None:
    provider.user("sub-p", email="encadrant.paris@demo.example.org", email_verified=True)

    def other_challenge(query: dict[str, list[str]]) -> None:
        query["code_challenge"] = ["A" * 43]

    code, state = await _authorize(web, "sub-p", other_challenge)
    assert (await _callback(web, code, state)).status_code == 400


async def test_callback_csrf_state_and_cookie(
    web: httpx.AsyncClient, provider: Provider, migrated_database: str
) -> None:
    provider.user("sub-c", email="encadrant.paris@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-c")
    # Another browser (no flow cookie) handed the callback URL: refused.
    transport = web._transport  # the same app, a client without cookies
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as victim:
        assert (await _callback(victim, code, state)).status_code == 400
    # The right browser, a forged state: refused.
    assert (await _callback(web, code, state + "x")).status_code == 400


async def test_mfa_asserted_or_totp_asked(
    web: httpx.AsyncClient, provider: Provider, session: Any, demo: DemoIds
) -> None:
    secret = pyotp.random_base32()
    await session.execute(
        update(UserAccount)
        .where(UserAccount.id == demo.users["admin"])
        .values(totp_secret=secret, totp_active=True, totp_last_step=None)
    )
    await session.commit()
    provider.user(
        "sub-admin", email="admin@demo.example.org", email_verified=True, amr=["pwd", "mfa"]
    )
    code, state = await _authorize(web, "sub-admin")
    assert (await _callback(web, code, state)).headers["location"] == "/espace"

    provider.user("sub-admin", email="admin@demo.example.org", email_verified=True, amr=["pwd"])
    code, state = await _authorize(web, "sub-admin")
    asked = await _callback(web, code, state)
    assert asked.headers["location"] == "/connexion?proconnect=totp"
    wrong = await web.post("/api/v1/auth/proconnect/totp", json={"code": "000000"})
    assert wrong.status_code == 401
    good = await web.post("/api/v1/auth/proconnect/totp", json={"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 200 and good.json()["access_token"]
    # The pending cookie is spent: the same code (or any) gets nothing more.
    again = await web.post("/api/v1/auth/proconnect/totp", json={"code": pyotp.TOTP(secret).now()})
    assert again.status_code == 401


async def test_totp_enrolled_by_choice_is_asked_too(
    web: httpx.AsyncClient, provider: Provider, session: Any, demo: DemoIds
) -> None:
    """A role without the TOTP rule whose account turned TOTP on: ProConnect without MFA
    does not bypass it (as after a password)."""
    secret = pyotp.random_base32()
    await session.execute(
        update(UserAccount)
        .where(UserAccount.id == demo.users["encadrant.lyon"])
        .values(totp_secret=secret, totp_active=True, totp_last_step=None)
    )
    await session.commit()
    provider.user("sub-el", email="encadrant.lyon@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-el")
    asked = await _callback(web, code, state)
    assert asked.headers["location"] == "/connexion?proconnect=totp"
    assert (
        await web.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    ).status_code == 401
    good = await web.post("/api/v1/auth/proconnect/totp", json={"code": pyotp.TOTP(secret).now()})
    assert good.status_code == 200


async def test_sign_in_opens_a_new_session_whatever_the_browser_carries(
    web: httpx.AsyncClient, provider: Provider, migrated_database: str
) -> None:
    """Session fixation: a refresh cookie planted in the browser (the attacker's own session)
    is neither kept nor upgraded by the victim's sign-in."""
    attacker = await web.post(
        "/api/v1/auth/token",
        data={
            "grant_type": "password",
            "username": "partenaire.csapa@demo.example.org",
            "password": "Demo-Convergence-2026",
        },
    )
    planted = attacker.json()["refresh_token"]
    web.cookies.set("convergence_refresh", planted, domain="test", path="/api/v1/auth")
    provider.user("sub-f", email="encadrant.paris@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-f")
    back = await _callback(web, code, state)
    assert back.status_code == 302
    issued = back.cookies.get("convergence_refresh")
    assert issued and issued != planted
    # The victim's browser now holds the victim's new session ...
    renewed = await web.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    victim = {"Authorization": f"Bearer {renewed.json()['access_token']}"}
    assert (await web.get("/api/v1/moi", headers=victim)).json()["email"] == (
        "encadrant.paris@demo.example.org"
    )
    # ... and the planted token still opens only the attacker's own account.
    transport = web._transport
    async with httpx.AsyncClient(transport=transport, base_url="https://test") as other:
        again = await other.post(
            "/api/v1/auth/token", data={"grant_type": "refresh_token", "refresh_token": planted}
        )
        mine = {"Authorization": f"Bearer {again.json()['access_token']}"}
        assert (await other.get("/api/v1/moi", headers=mine)).json()["email"] == (
            "partenaire.csapa@demo.example.org"
        )


async def _direct_id_token(issuer: str, client_id: str, sub: str, nonce: str) -> str:
    """An ID token obtained by the test itself, as client `client_id`."""
    async with httpx.AsyncClient() as browser:
        consent = await browser.post(
            f"{issuer}/oauth2/authorize?"
            + urlencode(
                {
                    "client_id": client_id,
                    "redirect_uri": "https://autre.example.org/retour",
                    "response_type": "code",
                    "scope": "openid email",
                    "nonce": nonce,
                    "state": "s",
                    "code_challenge": base64.urlsafe_b64encode(
                        hashlib.sha256(b"verificateur-du-test-" * 3).digest()
                    )
                    .rstrip(b"=")
                    .decode(),
                    "code_challenge_method": "S256",
                }
            ),
            data={"sub": sub},
        )
        code = parse_qs(urlsplit(consent.headers["location"]).query)["code"][0]
        token = await browser.post(
            f"{issuer}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": "https://autre.example.org/retour",
                "client_id": client_id,
                "client_secret": "s",
                "code_verifier": "verificateur-du-test-" * 3,
            },
        )
    return str(token.json()["id_token"])


async def test_id_token_checks(
    provider: Provider, expired_provider: Provider, migrated_database: str
) -> None:
    settings = _settings(migrated_database, provider.url)
    provider.user("sub-t", email="t@demo.example.org", email_verified=True)
    good = await _direct_id_token(provider.url, CLIENT_ID, "sub-t", "n1")
    assert (await proconnect.verify_id_token(settings, good, "n1"))["sub"] == "sub-t"
    with pytest.raises(proconnect.ProConnectError):
        await proconnect.verify_id_token(settings, good, "autre-nonce")
    head, payload, signature = good.split(".")
    forged = base64.urlsafe_b64encode(
        base64.urlsafe_b64decode(payload + "==").replace(b"sub-t", b"sub-z")
    )
    with pytest.raises(proconnect.ProConnectError):  # wrong signature
        await proconnect.verify_id_token(
            settings, f"{head}.{forged.rstrip(b'=').decode()}.{signature}", "n1"
        )
    other_audience = await _direct_id_token(provider.url, "un-autre-service", "sub-t", "n1")
    with pytest.raises(proconnect.ProConnectError):
        await proconnect.verify_id_token(settings, other_audience, "n1")
    expired_provider.user("sub-t", email="t@demo.example.org", email_verified=True)
    expired = await _direct_id_token(expired_provider.url, CLIENT_ID, "sub-t", "n1")
    with pytest.raises(proconnect.ProConnectError):
        await proconnect.verify_id_token(
            _settings(migrated_database, expired_provider.url), expired, "n1"
        )
    # Signed by another provider: its key is not in this provider's JWKS.
    with pytest.raises(proconnect.ProConnectError):
        await proconnect.verify_id_token(settings, expired, "n1")


async def test_totp_after_proconnect_is_throttled(
    web: httpx.AsyncClient, provider: Provider, session: Any, demo: DemoIds
) -> None:
    """Wrong codes after a ProConnect sign-in count as after a password: blocked (429)."""
    secret = pyotp.random_base32()
    await session.execute(
        update(UserAccount)
        .where(UserAccount.id == demo.users["direction.lyon"])
        .values(totp_secret=secret, totp_active=True, totp_last_step=None)
    )
    await session.commit()
    provider.user("sub-dl", email="direction.lyon@demo.example.org", email_verified=True)
    code, state = await _authorize(web, "sub-dl")
    assert (await _callback(web, code, state)).headers["location"].endswith("proconnect=totp")
    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"
    statuses = [
        (await web.post("/api/v1/auth/proconnect/totp", json={"code": wrong})).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    blocked = await web.post("/api/v1/auth/proconnect/totp", json={"code": right})
    assert blocked.status_code == 429 and blocked.headers["Retry-After"]
    assert blocked.json()["code"] == "trop_de_tentatives"


async def test_a_health_reader_without_totp_needs_proconnect_to_assert_mfa(
    web: httpx.AsyncClient, provider: Provider
) -> None:
    # A coordinateur reads health data: second factor required (the permission table says so).
    email = "coordinateur.paris@demo.example.org"
    provider.user("sub-coord", email=email, email_verified=True, amr=["pwd", "mfa"])
    code, state = await _authorize(web, "sub-coord")
    assert (await _callback(web, code, state)).headers["location"] == "/espace"
    token = await web.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await web.get("/api/v1/moi", headers=headers)).json()["totp_requis"] is False
    assert (await web.get("/api/v1/territoires", headers=headers)).status_code == 200
    await web.post("/api/v1/auth/deconnexion")
    # Without MFA asserted and without TOTP: a session that can only enrol.
    provider.user("sub-coord", email=email, email_verified=True, amr=["pwd"])
    code, state = await _authorize(web, "sub-coord")
    assert (await _callback(web, code, state)).headers["location"] == "/espace"
    token = await web.post("/api/v1/auth/token", data={"grant_type": "refresh_token"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    assert (await web.get("/api/v1/moi", headers=headers)).json()["totp_requis"] is True
    blocked = await web.get("/api/v1/territoires", headers=headers)
    assert blocked.status_code == 403 and blocked.json()["code"] == "totp_enrolement_requis"
