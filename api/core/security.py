"""Password hashing and JWT: the only module that knows python-jose and pwdlib."""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from jose import JWTError, jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

ALGORITHM = "HS256"
AUDIENCE = "convergence-api"
ISSUER = "convergence"
ACCESS_TOKEN_TTL = timedelta(minutes=15)

_hasher = PasswordHash((Argon2Hasher(),))


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password: verifying against it costs the same as a real check,
    so an unknown account can't be told from a wrong password by timing. Computed at the
    first unknown login, not at import (an argon2 hash is most of a second of startup)."""
    return _hasher.hash(secrets.token_urlsafe(16))


class InvalidToken(Exception):
    """The token is malformed, forged, expired or meant for someone else."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _dummy_hash())
        return False
    try:
        return _hasher.verify(password, password_hash)
    except ValueError:
        return False


def hash_secret(secret: str) -> str:
    """Opaque high-entropy secrets (refresh tokens, client secrets): SHA-256 is enough."""
    return hashlib.sha256(secret.encode()).hexdigest()


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_secret(prefix: str, nbytes: int = 32) -> str:
    return f"{prefix}{secrets.token_urlsafe(nbytes)}"


def create_access_token(
    *, subject: str, key: str, claims: dict[str, Any], now: datetime | None = None
) -> tuple[str, int]:
    issued = now or datetime.now(UTC)
    payload = {
        **claims,
        "sub": subject,
        "aud": AUDIENCE,
        "iss": ISSUER,
        "iat": int(issued.timestamp()),
        "exp": int((issued + ACCESS_TOKEN_TTL).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, key, algorithm=ALGORITHM), int(ACCESS_TOKEN_TTL.total_seconds())


def decode_access_token(token: str, *, key: str) -> dict[str, Any]:
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            options={
                "require_exp": True,
                "require_iat": True,
                "require_sub": True,
                "require_aud": True,
                "verify_exp": True,
                "verify_aud": True,
                "verify_iat": True,
            },
        )
    except JWTError as exc:
        raise InvalidToken(str(exc)) from None
    return claims
