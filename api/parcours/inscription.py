"""Enrolment in one transaction: the person (new, or known after a duplicate warning), the
consents collected at the first meeting, and the parcours. A rule broken anywhere takes the
whole back; its field is named where the body holds it (`body.salarie.nom`,
`body.consentements.1.partenaire_id`, `body.parcours.date_entree`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession

from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.errors import DomainError, FieldError, InvalidField
from api.parcours import service
from api.parcours.models import Parcours
from api.parcours.schemas import InscriptionIn, ParcoursCreate
from api.salaries import service as salaries


@asynccontextmanager
async def _under(prefix: str) -> AsyncIterator[None]:
    """Field errors of a service, moved under their place in the enrolment's body."""
    try:
        yield
    except DomainError as error:
        errors: list[FieldError] | None = getattr(error, "errors", None)
        if errors:
            for item in errors:
                if item.field.startswith("body."):
                    item.field = f"body.{prefix}.{item.field.removeprefix('body.')}"
        raise


async def inscrire(
    session: AsyncSession, actor: Actor, context: AuditContext, data: InscriptionIn
) -> tuple[Parcours, int]:
    if (data.salarie is None) == (data.salarie_id is None):
        raise InvalidField("body.salarie", "Donnez soit une nouvelle personne, soit salarie_id.")
    if data.salarie is not None:
        async with _under("salarie"):
            salarie = await salaries.create_salarie(session, actor, context, data.salarie)
    else:
        assert data.salarie_id is not None
        async with _under("salarie_id"):
            salarie = await salaries.get_salarie(session, actor, data.salarie_id)
    for index, consentement in enumerate(data.consentements):
        async with _under(f"consentements.{index}"):
            await salaries.add_consentement(session, actor, context, salarie.id, consentement)
    async with _under("parcours"):
        parcours = await service.create_parcours(
            session,
            actor,
            context,
            ParcoursCreate(
                salarie_id=salarie.id,
                chantier_id=salarie.chantier_id,
                **data.parcours.model_dump(),
            ),
        )
    return parcours, len(data.consentements)
