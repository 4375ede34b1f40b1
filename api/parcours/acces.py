"""What a caller may see of the parcours: every read starts from `visible_parcours`."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import CHANTIER_ROLES, Actor
from api.core.errors import NotFound
from api.parcours.models import Parcours
from api.referentiel import Role, StatutParcours
from api.salaries.models import Salarie


class ParcoursNotFound(NotFound):
    code = "parcours_introuvable"
    detail = "Aucun parcours ne correspond à cet identifiant."


# --- perimeter -----------------------------------------------------------------------------


def visible_parcours(actor: Actor) -> Select[Parcours]:
    """Every read of a parcours starts here."""
    stmt = select(Parcours)
    if actor.role == Role.admin_national:
        return stmt
    if actor.role in CHANTIER_ROLES:
        return stmt.where(Parcours.chantier_id.in_(actor.chantier_ids))
    if actor.role == Role.coordinateur:
        return stmt.where(
            Parcours.salarie_id.in_(
                select(Salarie.id).where(Salarie.territoire_id.in_(actor.territoire_ids))
            )
        )
    # charge_partenariat reaches a parcours only through an orientation (not yet built).
    return stmt.where(Parcours.id.is_(None))


def statut_inline(statut: StatutParcours) -> ColumnElement[Any]:
    """A statut written into the SQL text, not sent as a bound parameter.

    PostgreSQL plans a prepared statement for its parameters five times, then may keep a
    generic plan; in a generic plan `statut <> $1` can't match the partial index
    `ix_parcours_chantier_ouverts` (`WHERE statut <> 'clos'`), and the caseload walked every
    person of the country by name (18 ms at scale 1 instead of 2). Inline, it always matches.
    """
    return literal_column(f"'{StatutParcours(statut).value}'")


async def get_parcours(session: AsyncSession, actor: Actor, parcours_id: uuid.UUID) -> Parcours:
    parcours = await session.scalar(visible_parcours(actor).where(Parcours.id == parcours_id))
    if parcours is None:
        raise ParcoursNotFound()
    return parcours
