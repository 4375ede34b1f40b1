from __future__ import annotations

import base64
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from api.audit import service
from api.audit.service import CSV_COLUMNS
from api.core import audit
from api.core.auth import Actor, actor_context, requires
from api.core.db import SessionDep
from api.core.errors import InvalidField, problem_responses
from api.core.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.core.permissions import Permission
from api.core.validators import Date
from api.identity.auteurs import auteurs
from api.identity.schemas import AuditOut, AuditPage

router = APIRouter(prefix="/api/v1/audit", tags=["audit"])

AuditReader = Annotated[Actor, Depends(requires(Permission.audit_read))]


class AuditFilters:
    def __init__(
        self,
        salarie_id: Annotated[uuid.UUID | None, Query(description="Personne concernée")] = None,
        actor_id: Annotated[
            uuid.UUID | None, Query(description="Auteur (utilisateur ou client d'API)")
        ] = None,
        action: Annotated[
            str | None, Query(max_length=30, description="read, create, update, login...")
        ] = None,
        debut: Annotated[Date | None, Query(description="Premier jour inclus")] = None,
        fin: Annotated[Date | None, Query(description="Dernier jour inclus")] = None,
    ) -> None:
        self.values = {
            "salarie_id": salarie_id,
            "actor_id": actor_id,
            "action": action,
            "debut": debut,
            "fin": fin,
        }


def _decode_cursor(cursor: str | None) -> int | None:
    if cursor is None:
        return None
    try:
        value = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except ValueError:
        value = 0
    if not 0 < value < 2**63:  # an audit row id (BIGINT)
        raise InvalidField("query.cursor", "Curseur de pagination invalide.")
    return value


@router.get(
    "",
    summary="Consulter le journal d'audit (le plus récent d'abord)",
    response_model=AuditPage,
    responses=problem_responses(401, 403, 422),
)
async def list_audit(
    session: SessionDep,
    actor: AuditReader,
    filters: Annotated[AuditFilters, Depends()],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
) -> AuditPage:
    rows, next_id = await service.list_events(
        session, actor, limit=limit, before_id=_decode_cursor(cursor), **filters.values
    )
    next_cursor = (
        base64.urlsafe_b64encode(str(next_id).encode()).decode().rstrip("=") if next_id else None
    )
    who = await auteurs(session, actor, ((r.actor_type, r.actor_id) for r in rows))
    items = [
        AuditOut.model_validate(r).model_copy(update={"acteur": who[(r.actor_type, r.actor_id)]})
        for r in rows
    ]
    return AuditPage(items=items, next_cursor=next_cursor)


@router.get(
    "/export.csv",
    summary="Exporter le journal d'audit en CSV",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/csv": {"schema": {"type": "string"}}}, "description": "CSV"},
        **problem_responses(401, 403, 422),
    },
)
async def export_audit(
    request: Request,
    session: SessionDep,
    actor: AuditReader,
    filters: Annotated[AuditFilters, Depends()],
) -> StreamingResponse:
    await audit.record(
        session,
        actor_context(request, actor),
        "export",
        object_type="audit_event",
        details={"colonnes": len(CSV_COLUMNS)},
    )
    return StreamingResponse(
        service.export_csv(request.app.state.sessionmaker, actor, filters.values),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="journal-audit.csv"'},
    )
