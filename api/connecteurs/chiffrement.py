"""Encryption at rest of the connectors' credentials (Fernet: AES-128-CBC + HMAC-SHA256)."""

from __future__ import annotations

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken

from api.connecteurs.les_emplois import Identifiants
from api.settings import Settings


def fernet(secret_key: str, connecteurs_key: str = "") -> Fernet:
    if connecteurs_key:
        return Fernet(connecteurs_key.encode())
    # Derived from the secret key, in its own domain (never the signing key itself).
    digest = hashlib.sha256(b"convergence/connecteurs/v1|" + secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(digest.digest()))


def _fernet(settings: Settings) -> Fernet:
    return fernet(settings.secret_key, settings.connecteurs_key)


def chiffrer(settings: Settings, identifiants: Identifiants) -> str:
    return chiffrer_avec(_fernet(settings), identifiants)


def chiffrer_avec(key: Fernet, identifiants: Identifiants) -> str:
    payload = json.dumps({"u": identifiants.username, "p": identifiants.password})
    return key.encrypt(payload.encode()).decode()


def dechiffrer(settings: Settings, jeton: str) -> Identifiants | None:
    """None when the key changed since they were stored (the direction enters them again)."""
    try:
        data = json.loads(_fernet(settings).decrypt(jeton.encode()))
    except (InvalidToken, ValueError):
        return None
    return Identifiants(data["u"], data["p"])
