"""The app in production settings for the security tests: TOTP rules, Secure cookies."""

from __future__ import annotations

from typing import Any

import httpx

from api.main import create_app
from api.settings import DEMO_SECRET_KEY
from tests.conftest import DATABASE_URL, suite_settings


def production_app(engine: Any, sessionmaker: Any, **overrides: Any) -> Any:
    # A first lockout of 30 s (not 1 s): a loaded test machine must not outlast it.
    overrides = {"login_block_base_seconds": 30, **overrides}
    settings = suite_settings(
        DATABASE_URL, env="production", secret_key=DEMO_SECRET_KEY, **overrides
    )
    app = create_app(settings, engine=engine)
    app.state.sessionmaker = sessionmaker
    return app


def browser(app: Any, address: str = "127.0.0.1") -> httpx.AsyncClient:
    """A client seen from `address` (the TCP peer), over https (Secure cookies come back)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="https://test")
