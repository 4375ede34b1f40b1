"""What a caller may see of the orientations: partners what is addressed to them, once sent;
staff their perimeter. Every read starts from `visible_orientations`.
"""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import CHANTIER_ROLES, Actor
from api.core.errors import NotFound
from api.core.permissions import TERRITOIRE_ROLES, Permission
from api.orientations.models import Orientation
from api.parcours.models import Parcours
from api.referentiel import Role, StatutOrientation
from api.salaries.models import Salarie


class OrientationNotFound(NotFound):
    code = "orientation_introuvable"
    detail = "Aucune orientation ne correspond à cet identifiant."


def is_partner(actor: Actor) -> bool:
    return actor.role == Role.partenaire


def visible_orientations(actor: Actor) -> Select[Orientation]:
    """Partners see only what is addressed to them (and sent); staff their perimeter."""
    stmt = select(Orientation)
    if actor.role == Role.admin_national:
        return stmt
    if is_partner(actor):
        return stmt.where(
            Orientation.partenaire_id == actor.structure_id,
            Orientation.statut != StatutOrientation.brouillon,
        )
    if actor.role in CHANTIER_ROLES:
        return stmt.where(
            Orientation.parcours_id.in_(
                select(Parcours.id).where(Parcours.chantier_id.in_(actor.chantier_ids))
            )
        )
    if actor.role in TERRITOIRE_ROLES and actor.can(Permission.orientations_read):
        return stmt.where(
            Orientation.salarie_id.in_(
                select(Salarie.id).where(Salarie.territoire_id.in_(actor.territoire_ids))
            )
        )
    return stmt.where(Orientation.id.is_(None))


async def get_orientation(
    session: AsyncSession, actor: Actor, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await session.scalar(
        visible_orientations(actor).where(Orientation.id == orientation_id)
    )
    if orientation is None:
        raise OrientationNotFound()
    return orientation
