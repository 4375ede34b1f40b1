"""ProConnect sign-in (OpenID Connect authorization code flow with PKCE), with Authlib.

The browser leaves with a `state`, a `nonce` and a PKCE verifier sealed in a short-lived
cookie bound to it (login CSRF: the callback's `state` must match the cookie's); the
callback exchanges the code with the verifier, checks the ID token's signature against the
provider's JWKS, its issuer, audience, expiry and nonce, then signs in the account whose
e-mail is the verified e-mail of the token (linking `sub` at first use). No account is
created. Health readers (the roles that must use a second factor, from the permission table)
need `amr` to assert one, or else their TOTP code; so does any account that turned TOTP on.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.jose import JsonWebKey, JsonWebToken
from authlib.oidc.core import CodeIDToken
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.identity import sessions, tokens
from api.identity.models import UserAccount
from api.settings import Settings

logger = logging.getLogger("convergence.identity.proconnect")

FLOW_TTL_SECONDS = 600
TOTP_TTL_SECONDS = 300
LEEWAY_SECONDS = 60
ALGORITHMS = ["RS256", "ES256"]
_jwt = JsonWebToken(ALGORITHMS)
CLAIMS_REQUEST = json.dumps({"id_token": {"amr": {"essential": True}}}, separators=(",", ":"))
_metadata_cache: dict[str, dict[str, Any]] = {}


class ProConnectError(Exception):
    """A refused sign-in: `code` is stable, `message` French (shown on the error page)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


ECHEC = ProConnectError(
    "proconnect_echec",
    "La connexion avec ProConnect n'a pas abouti. Recommencez depuis la page de connexion.",
)
COMPTE_INCONNU = ProConnectError(
    "compte_inconnu",
    "Aucun compte Convergence ne correspond à l'adresse e-mail de votre compte ProConnect. "
    "Les comptes sont créés sur invitation : demandez à la coordination de votre territoire "
    "(ou à l'administration nationale) de vous inviter avec cette adresse.",
)
EMAIL_NON_VERIFIE = ProConnectError(
    "email_non_verifie",
    "ProConnect n'a pas confirmé votre adresse e-mail : la connexion est refusée. Utilisez "
    "votre mot de passe Convergence ou confirmez votre adresse auprès de ProConnect.",
)


def _fernet(settings: Settings, purpose: str) -> Fernet:
    key = hashlib.sha256(f"proconnect:{purpose}:{settings.secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(settings: Settings, purpose: str, data: dict[str, Any]) -> str:
    return _fernet(settings, purpose).encrypt(json.dumps(data).encode()).decode()


def unseal(settings: Settings, purpose: str, value: str | None, ttl: int) -> dict[str, Any]:
    if not value:
        raise ECHEC
    try:
        data: dict[str, Any] = json.loads(
            _fernet(settings, purpose).decrypt(value.encode(), ttl=ttl)
        )
    except (InvalidToken, ValueError):
        raise ECHEC from None
    return data


async def metadata(settings: Settings) -> dict[str, Any]:
    """The provider's discovery document (cached per process: it changes rarely)."""
    issuer = settings.oidc_issuer.rstrip("/")
    cached = _metadata_cache.get(issuer)
    if cached is not None:
        return cached
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{issuer}/.well-known/openid-configuration")
        response.raise_for_status()
        document: dict[str, Any] = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ECHEC
    _metadata_cache[issuer] = document
    return document


def _client(settings: Settings) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        redirect_uri=settings.oidc_redirect_uri,
        scope=settings.oidc_scopes,
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_post",
        timeout=10,
    )


async def start(settings: Settings) -> tuple[str, str]:
    """The provider's authorization URL and the sealed flow cookie (state, nonce, verifier)."""
    document = await metadata(settings)
    state = secrets.token_urlsafe(32)
    nonce = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(48)
    async with _client(settings) as client:
        url, _ = client.create_authorization_url(
            document["authorization_endpoint"],
            state=state,
            code_verifier=verifier,
            nonce=nonce,
            # ProConnect puts `amr` in the ID token only when the client asks for the claim.
            claims=CLAIMS_REQUEST,
        )
    return url, seal(settings, "flux", {"state": state, "nonce": nonce, "verifier": verifier})


async def verify_id_token(settings: Settings, id_token: str, nonce: str) -> dict[str, Any]:
    """Signature (provider's JWKS), issuer, audience, expiry and nonce of an ID token."""
    document = await metadata(settings)
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(document["jwks_uri"])
        response.raise_for_status()
        keys = JsonWebKey.import_key_set(response.json())
    try:
        claims = _jwt.decode(
            id_token,
            keys,
            claims_cls=CodeIDToken,
            claims_options={
                "iss": {"essential": True, "value": document["issuer"]},
                "aud": {"essential": True, "value": settings.oidc_client_id},
            },
            claims_params={"nonce": nonce, "client_id": settings.oidc_client_id},
        )
        claims.validate(leeway=LEEWAY_SECONDS)
    except Exception as exc:  # authlib.jose and joserfc errors, malformed tokens
        logger.warning("ProConnect ID token refused: %s", type(exc).__name__)
        raise ECHEC from None
    return dict(claims)


@dataclass(frozen=True)
class Outcome:
    """A signed-in session, or a TOTP code still to give (`pending` cookie)."""

    grant: tokens.TokenGrant | None = None
    pending: str | None = None


def _mfa_asserted(settings: Settings, claims: dict[str, Any]) -> bool:
    amr = claims.get("amr") or []
    return isinstance(amr, list) and bool(set(map(str, amr)) & set(settings.oidc_mfa_amr))


async def finish(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    code: str,
    state: str,
    flow_cookie: str | None,
    user_agent: str | None,
) -> Outcome:
    flow = unseal(settings, "flux", flow_cookie, FLOW_TTL_SECONDS)
    if not secrets.compare_digest(str(flow.get("state", "")), state):
        await audit.record(session, context, "login_failed", details={"raison": "oidc_state"})
        raise ECHEC
    document = await metadata(settings)
    try:
        async with _client(settings) as client:
            token = await client.fetch_token(
                document["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=flow["verifier"],
            )
    except Exception as exc:  # the provider refused the code, or could not be reached
        logger.warning("ProConnect token request failed: %s", type(exc).__name__)
        raise ECHEC from None
    id_token = token.get("id_token")
    if not id_token:
        raise ECHEC
    claims = await verify_id_token(settings, id_token, flow["nonce"])
    email = str(claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is False:
        await audit.record(session, context, "login_failed", details={"raison": "oidc_email"})
        raise EMAIL_NON_VERIFIE
    sub = str(claims["sub"])
    user = await session.scalar(select(UserAccount).where(UserAccount.proconnect_sub == sub))
    if user is None:
        user = await session.scalar(select(UserAccount).where(UserAccount.email == email))
        if user is not None and user.proconnect_sub not in (None, sub):
            user = None  # this address is linked to another ProConnect identity
    if user is None or not user.actif:
        await audit.record(
            session, context, "login_failed", details={"raison": "oidc_compte_inconnu"}
        )
        raise COMPTE_INCONNU
    if user.proconnect_sub is None:
        user.proconnect_sub = sub
        await audit.record(
            session, context, "proconnect_link", object_type="user_account", object_id=user.id
        )
    mfa = _mfa_asserted(settings, claims)
    # The account's second factor guards every way in: ProConnect's own MFA stands for it,
    # otherwise the TOTP code is asked, as after a password. A health reader (the permission
    # table decides who) without either gets a session that can only enrol
    # (api.identity.service.must_enroll).
    needs_code = user.totp_active and not mfa
    if needs_code:
        pending = seal(settings, "totp", {"user_id": str(user.id), "id_token": id_token})
        return Outcome(pending=pending)
    grant = await tokens.sign_in(
        session,
        settings,
        context,
        user,
        user_agent=user_agent,
        methode=sessions.PROCONNECT_MFA if mfa else "proconnect",
        id_token=id_token,
    )
    return Outcome(grant=grant)


async def finish_with_totp(
    session: AsyncSession,
    settings: Settings,
    context: AuditContext,
    *,
    pending_cookie: str | None,
    code: str,
    user_agent: str | None,
) -> tokens.TokenGrant | tokens.GrantFailure:
    pending = unseal(settings, "totp", pending_cookie, TOTP_TTL_SECONDS)
    user = await session.get(UserAccount, uuid.UUID(pending["user_id"]))
    if user is None or not user.actif or not user.totp_secret:
        return tokens.INVALID_CREDENTIALS
    # The same budget of failures as the password grant's code (per account and address):
    # the pending cookie lives 5 minutes, not long enough to try a million codes, but long
    # enough to try many without this.
    now = utcnow()
    keys = tokens.throttle_keys("compte", user.email, context.client_address)
    blocked = await tokens.check_blocked(session, keys, now)
    if blocked is not None:
        await audit.record(session, context, "login_refused", details={"raison": "throttle"})
        return blocked
    step = tokens.totp_step(user.totp_secret, code)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        await tokens.register_failure(session, settings, keys, now)
        await audit.record(
            session,
            context,
            "login_failed",
            object_type="user_account",
            object_id=user.id,
            details={"raison": "totp"},
        )
        return tokens.GrantFailure(
            401, "totp_invalide", "Code de double authentification incorrect."
        )
    user.totp_last_step = step
    await tokens.clear_failures(session, keys)
    return await tokens.sign_in(
        session,
        settings,
        context,
        user,
        user_agent=user_agent,
        methode="proconnect",
        id_token=str(pending["id_token"]),
    )


async def end_session_url(settings: Settings, id_token: str | None) -> str | None:
    """The provider's RP-initiated logout URL for a ProConnect session, if it has one."""
    if not settings.oidc_enabled:
        return None
    try:
        document = await metadata(settings)
    except (httpx.HTTPError, ProConnectError):
        return None
    endpoint = document.get("end_session_endpoint")
    if not endpoint:
        return None
    params = {
        "client_id": settings.oidc_client_id,
        "post_logout_redirect_uri": f"{settings.public_url.rstrip('/')}/connexion",
        "state": secrets.token_urlsafe(16),
    }
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}?{urlencode(params)}"


def error_page(error: ProConnectError, public_url: str) -> str:
    """The French page a refused ProConnect sign-in lands on."""
    import html

    login = html.escape(f"{public_url.rstrip('/')}/connexion")
    return (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>Connexion refusée — Convergence</title></head>"
        '<body style="font-family: Arial, sans-serif; max-width: 40rem; margin: 3rem auto">'
        "<main><h1>Connexion avec ProConnect refusée</h1>"
        f"<p>{html.escape(error.message)}</p>"
        f'<p><a href="{login}">Revenir à la page de connexion</a></p></main></body></html>'
    )
