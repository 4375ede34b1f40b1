"""Traces (OpenTelemetry): off unless configured; placeholder filled below."""

from __future__ import annotations

from typing import Any


def instrument_app(app: Any) -> None:
    return None
