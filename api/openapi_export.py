"""Deterministic YAML rendering of the app's OpenAPI document (openapi.yaml)."""

from __future__ import annotations

import yaml

from api.main import create_app
from api.settings import Settings


def render_openapi() -> str:
    settings = Settings(env="demo", database_url="sqlite+aiosqlite:///:memory:")
    app = create_app(settings)
    return yaml.safe_dump(app.openapi(), sort_keys=True, allow_unicode=True, width=100)
