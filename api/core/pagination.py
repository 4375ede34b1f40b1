"""Keyset pagination: opaque cursors over (sort key, id), stable under inserts."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Sequence
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


def _encode(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) if isinstance(v, uuid.UUID) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, size: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except ValueError as exc:
        raise InvalidField("query.cursor", "Curseur de pagination invalide.") from exc
    if not isinstance(values, list) or len(values) != size:
        raise InvalidField("query.cursor", "Curseur de pagination invalide.")
    return values


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
        last_sort, last_id = _decode(params.cursor, 2)
        try:
            last_uuid = uuid.UUID(str(last_id))
        except ValueError as exc:
            raise InvalidField("query.cursor", "Curseur de pagination invalide.") from exc
        stmt = stmt.where(or_(sort > last_sort, and_(sort == last_sort, tiebreak > last_uuid)))
    stmt = stmt.order_by(sort, tiebreak).limit(params.limit + 1)
    rows = list((await session.scalars(stmt)).all())
    next_cursor = None
    if len(rows) > params.limit:
        rows = rows[: params.limit]
        last = rows[-1]
        next_cursor = _encode([getattr(last, sort.key), getattr(last, tiebreak.key)])
    return rows, next_cursor
