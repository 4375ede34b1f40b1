"""Finding 10: X-Forwarded-For is believed only from the configured reverse proxies
(`CONVERGENCE_TRUSTED_PROXIES`, empty by default), with a real `convergence serve` process.

The client address the API sees is read back from the session list (`adresse`) after a
login: the one the login throttle and the audit trail use too.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from api.demo.seed import DEMO_PASSWORD
from tests.observabilite import serveurs

SPOOFED = "203.0.113.77"


def _address_seen(url: str) -> str | None:
    with httpx.Client(base_url=url, timeout=30, headers={"X-Forwarded-For": SPOOFED}) as web:
        token = web.post(
            "/api/v1/auth/token",
            data={
                "grant_type": "password",
                "username": "encadrant.lyon@demo.example.org",
                "password": DEMO_PASSWORD,
            },
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        listed = web.get("/api/v1/moi/sessions", headers=headers).json()
        web.post("/api/v1/auth/deconnexion", data={"token": token.json()["refresh_token"]})
        return next(s["adresse"] for s in listed if s["courante"])


def test_by_default_a_spoofed_x_forwarded_for_is_ignored(
    migrated_database: str, tmp_path: Path
) -> None:
    served = serveurs.convergence_serve(migrated_database, tmp_path, "sans-proxy")
    try:
        assert _address_seen(served.url) == "127.0.0.1"
    finally:
        served.stop()


def test_from_a_trusted_proxy_x_forwarded_for_is_the_client(
    migrated_database: str, tmp_path: Path
) -> None:
    served = serveurs.convergence_serve(
        migrated_database, tmp_path, "proxy", CONVERGENCE_TRUSTED_PROXIES="127.0.0.1"
    )
    try:
        assert _address_seen(served.url) == SPOOFED
    finally:
        served.stop()
