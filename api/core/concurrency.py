"""Optimistic concurrency over HTTP: ETag out, If-Match in."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from api.core.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'W/"{version}"'


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=64,
            description="ETag de la version lue (obligatoire pour modifier)",
        ),
    ] = None,
) -> int:
    """The version the client read, from `If-Match: W/"3"` (or `"3"`)."""
    if if_match is None:
        raise PreconditionRequired()
    raw = if_match.strip().removeprefix("W/").strip('"')
    if not raw.isdigit():
        raise PreconditionFailed("En-tête If-Match illisible : renvoyez l'ETag reçu.")
    return int(raw)


def check_version(current: int, expected: int) -> None:
    if current != expected:
        raise PreconditionFailed()
