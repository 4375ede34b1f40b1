"""The staff of a place, named once: who works in a territoire, who may be named on a file.

Every user id accepted in a body (a référent to contact, the person responsible for an
action, the internal participants of a synthèse) is checked here against the object it is
attached to: a caseworker of Lyon cannot name a user of Paris.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.errors import InvalidField
from api.core.permissions import CHANTIER_ROLES
from api.identity.models import UserAccount, user_territoire
from api.referentiel import Role
from api.structures.models import Structure

# Roles that work on people's files and may be named on one.
EQUIPE_ROLES = frozenset(CHANTIER_ROLES | {Role.coordinateur, Role.charge_partenariat})


def utilisateurs_des_territoires(territoire_ids: Collection[uuid.UUID]) -> Select[Any]:
    """Ids of the users of some territoires: by their structure's territoire, or attached."""
    return select(UserAccount.id).where(
        or_(
            UserAccount.structure_id.in_(
                select(Structure.id).where(Structure.territoire_id.in_(territoire_ids))
            ),
            UserAccount.id.in_(
                select(user_territoire.c.user_id).where(
                    user_territoire.c.territoire_id.in_(territoire_ids)
                )
            ),
        )
    )


def equipe(chantier_id: uuid.UUID) -> Select[Any]:
    """Ids of the active staff who may be named on a file of this chantier: its own staff,
    and the coordinateurs and chargés de partenariat of its territoire."""
    return select(UserAccount.id).where(
        UserAccount.actif.is_(True),
        UserAccount.role.in_(EQUIPE_ROLES),
        or_(
            UserAccount.structure_id == chantier_id,
            UserAccount.id.in_(
                select(user_territoire.c.user_id).where(
                    user_territoire.c.territoire_id
                    == select(Structure.territoire_id)
                    .where(Structure.id == chantier_id)
                    .scalar_subquery()
                )
            ),
        ),
    )


async def check_equipe(
    session: AsyncSession,
    field: str,
    user_ids: Collection[uuid.UUID],
    *,
    chantier_id: uuid.UUID,
) -> None:
    """422 on `field` unless every id is a member of the file's team."""
    wanted = set(user_ids)
    if not wanted:
        return
    found = set(
        (await session.scalars(equipe(chantier_id).where(UserAccount.id.in_(wanted)))).all()
    )
    if found != wanted:
        raise InvalidField(
            field,
            "Cette personne ne fait pas partie de l'équipe qui suit ce parcours "
            "(chantier et territoire).",
        )
