"""Reusable field types with French error messages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, StringConstraints


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def check_siret(value: str) -> str:
    cleaned = value.replace(" ", "")
    if len(cleaned) != 14 or not cleaned.isdigit():
        raise ValueError("Le SIRET doit comporter exactement 14 chiffres.")
    if not luhn_ok(cleaned):
        raise ValueError("Le SIRET n'est pas valide (clé de contrôle incorrecte).")
    return cleaned


# 14 digits, possibly grouped with spaces ("999 000 000 00094").
Siret = Annotated[str, StringConstraints(max_length=20), AfterValidator(check_siret)]


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$"
)


def _iso_text(pattern: re.Pattern[str], message: str) -> Any:
    def check(value: Any) -> Any:
        # Pydantic would read a number as a Unix timestamp: JSON and URLs carry dates as text.
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise ValueError(message)
        return value

    return check


Date = Annotated[date, BeforeValidator(_iso_text(_ISO_DATE, "Une date AAAA-MM-JJ est attendue."))]
"""An input date: `AAAA-MM-JJ` only (never a number)."""


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


DateTime = Annotated[
    datetime,
    BeforeValidator(
        _iso_text(_ISO_DATETIME, "Une date et heure ISO 8601 est attendue (AAAA-MM-JJTHH:MM:SSZ).")
    ),
    AfterValidator(_utc),
]
"""An input timestamp: ISO 8601 only (never a number); without an offset, it is UTC."""
