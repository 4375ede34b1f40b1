"""Keyset pagination: opaque cursors over (sort key, id), stable under inserts."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field
from sqlalchemy import Select, and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from api.core.errors import InvalidField

MAX_LIMIT = 200
DEFAULT_LIMIT = 50

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Curseur de la page suivante, à renvoyer tel quel ; null en fin de liste"
    )


class PageParams(BaseModel):
    limit: int
    cursor: str | None


def page_params(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="Nombre d'éléments par page (1 à 200)")
    ] = DEFAULT_LIMIT,
    cursor: Annotated[
        str | None,
        Query(max_length=512, description="Curseur renvoyé par la page précédente"),
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor from the sort key values of the last row (uuid, dates as ISO text)."""
    raw = json.dumps([v.isoformat() if isinstance(v, date | datetime) else str(v) for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, *parsers: Callable[[str], Any]) -> tuple[Any, ...]:
    """The values of a cursor, each read by its parser; any tampering is a French 422."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(parsers):
            raise ValueError("cursor size")
        return tuple(parse(str(value)) for parse, value in zip(parsers, values, strict=True))
    except (ValueError, TypeError):
        raise InvalidField("query.cursor", "Curseur de pagination invalide.") from None


async def paginate(
    session: AsyncSession,
    stmt: Select[Any],
    *,
    sort: InstrumentedAttribute[Any],
    tiebreak: InstrumentedAttribute[uuid.UUID],
    params: PageParams,
) -> tuple[list[Any], str | None]:
    """Run `stmt` ordered by (sort, tiebreak) ascending from the cursor; one query per page."""
    if params.cursor:
        last_sort, last_uuid = decode_cursor(params.cursor, str, uuid.UUID)
        stmt = stmt.where(or_(sort > last_sort, and_(sort == last_sort, tiebreak > last_uuid)))
    stmt = stmt.order_by(sort, tiebreak).limit(params.limit + 1)
    rows = list((await session.scalars(stmt)).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, sort.key), getattr(last, tiebreak.key)])
    return rows, next_cursor
