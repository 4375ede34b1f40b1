"""Reusable field types with French error messages."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, StringConstraints


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
