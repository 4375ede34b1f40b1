"""Optimistic concurrency over HTTP: ETag out, If-Match in."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header

from api.core.errors import PreconditionFailed, PreconditionRequired


def etag(version: int) -> str:
    return f'W/"{version}"'


ETAG_PATTERN = r'^(W/)?("\d{1,18}"|\d{1,18})$'


def if_match_version(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=64,
            pattern=ETAG_PATTERN,
            description='ETag de la version lue, ex. `W/"3"` (obligatoire pour modifier)',
        ),
    ] = None,
) -> int:
    """The version the client read, from `If-Match: W/"3"` (or `"3"`); missing: 428.

    The contract declares the header required (see `api.main.build_openapi`).
    """
    if if_match is None:
        raise PreconditionRequired()
    return int(if_match.removeprefix("W/").strip('"'))


def check_version(current: int, expected: int) -> None:
    if current != expected:
        raise PreconditionFailed()
