"""Use cases of territoires: reference data every reader sees; admin_national edits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.conventions.models import Convention
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, NotFound
from api.core.pagination import PageParams, paginate
from api.core.statemachine import TransitionRefusee
from api.identity.models import UserAccount, user_territoire
from api.referentiel import (
    Densite,
    Role,
    StatutConvention,
    StatutTerritoire,
    TypeStructure,
    libelle,
)
from api.structures import service as structures_service
from api.structures.models import Structure, structure_territoire
from api.territoires.machine import STATUTS_INITIAUX, TERRITOIRE, VERBE_VERS
from api.territoires.models import Territoire, TerritoireEvenement
from api.territoires.schemas import (
    Evenement,
    PersonneRef,
    StructureRef,
    TerritoireCreate,
    TerritoireDetail,
    TerritoireOut,
    TerritoireUpdate,
)


class TerritoireNotFound(NotFound):
    code = "territoire_introuvable"
    detail = "Aucun territoire ne correspond à cet identifiant."


def visible_territoires(actor: Actor) -> Select[Territoire]:
    """Every read of territoires starts here: reference data, open to every reader role."""
    return select(Territoire)


async def _counts(
    session: AsyncSession, ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, dict[str, int]]:
    """Chantiers, partners served and active conventions for a page of territoires: 3 GROUP BYs."""
    counts: dict[uuid.UUID, dict[str, int]] = {i: {} for i in ids}
    if not ids:
        return counts
    queries = {
        "nombre_chantiers": select(Structure.territoire_id, func.count())
        .where(Structure.type == TypeStructure.chantier, Structure.territoire_id.in_(ids))
        .group_by(Structure.territoire_id),
        "nombre_partenaires": select(structure_territoire.c.territoire_id, func.count())
        .where(structure_territoire.c.territoire_id.in_(ids))
        .group_by(structure_territoire.c.territoire_id),
        "nombre_conventions_actives": select(Convention.territoire_id, func.count())
        .where(Convention.statut == StatutConvention.active, Convention.territoire_id.in_(ids))
        .group_by(Convention.territoire_id),
    }
    for name, stmt in queries.items():
        for territoire_id, count in (await session.execute(stmt)).all():
            if territoire_id is not None:
                counts[territoire_id][name] = count
    return counts


def _out(actor: Actor, territoire: Territoire, counts: dict[str, int]) -> TerritoireOut:
    actions = TERRITOIRE.actions(territoire.statut, actor)
    return TerritoireOut.model_validate(territoire).model_copy(
        update={**counts, "actions": actions}
    )


async def list_territoires(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    statut: StatutTerritoire | None = None,
    densite: Densite | None = None,
) -> tuple[list[TerritoireOut], str | None]:
    stmt = visible_territoires(actor)
    if statut is not None:
        stmt = stmt.where(Territoire.statut == statut)
    if densite is not None:
        stmt = stmt.where(Territoire.densite == densite)
    rows, cursor = await paginate(
        session, stmt, sort=Territoire.nom, tiebreak=Territoire.id, params=params
    )
    counts = await _counts(session, [t.id for t in rows])
    return [_out(actor, t, counts[t.id]) for t in rows], cursor


async def get_territoire_row(
    session: AsyncSession, actor: Actor, territoire_id: uuid.UUID
) -> Territoire:
    territoire = await session.scalar(
        visible_territoires(actor).where(Territoire.id == territoire_id)
    )
    if territoire is None:
        raise TerritoireNotFound()
    return territoire


async def get_territoire(
    session: AsyncSession, actor: Actor, territoire_id: uuid.UUID
) -> TerritoireDetail:
    territoire = await get_territoire_row(session, actor, territoire_id)
    counts = (await _counts(session, [territoire.id]))[territoire.id]
    structures = (
        await session.execute(
            select(Structure.id, Structure.nom, Structure.type, Structure.porteur_coordination)
            .where(
                Structure.territoire_id == territoire.id,
                Structure.type.in_([TypeStructure.chantier, TypeStructure.fas]),
            )
            .order_by(Structure.nom)
        )
    ).all()
    charges = (
        await session.execute(
            select(UserAccount.id, UserAccount.prenom, UserAccount.nom)
            .join(user_territoire, user_territoire.c.user_id == UserAccount.id)
            .where(
                user_territoire.c.territoire_id == territoire.id,
                UserAccount.role == Role.charge_partenariat,
                UserAccount.actif.is_(True),
            )
            .order_by(UserAccount.nom, UserAccount.prenom)
        )
    ).all()
    evenements = (
        await session.scalars(
            select(TerritoireEvenement)
            .where(TerritoireEvenement.territoire_id == territoire.id)
            .order_by(TerritoireEvenement.date)
        )
    ).all()
    porteur = next((s for s in structures if s.porteur_coordination), None)
    return TerritoireDetail(
        **_out(actor, territoire, counts).model_dump(),
        porteur=StructureRef(id=porteur.id, nom=porteur.nom) if porteur else None,
        fas=[StructureRef(id=s.id, nom=s.nom) for s in structures if s.type == TypeStructure.fas],
        charges_partenariat=[PersonneRef(id=c.id, prenom=c.prenom, nom=c.nom) for c in charges],
        evenements=[Evenement(date=e.date, libelle=e.libelle) for e in evenements],
    )


async def create_territoire(
    session: AsyncSession, actor: Actor, context: AuditContext, data: TerritoireCreate
) -> Territoire:
    if data.statut not in STATUTS_INITIAUX:
        raise TransitionRefusee(
            "Un territoire naît « en préparation » : il devient opérationnel une fois son "
            "chantier porteur de la coordination désigné."
        )
    territoire = Territoire(**data.model_dump())
    session.add(territoire)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("Un territoire existe déjà avec ce code.") from None
    await audit.record(
        session, context, "create", object_type="territoire", object_id=territoire.id
    )
    return territoire


async def update_territoire(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    territoire_id: uuid.UUID,
    expected_version: int,
    data: TerritoireUpdate,
) -> Territoire:
    territoire = await get_territoire_row(session, actor, territoire_id)
    check_version(territoire.version, expected_version)
    changes = {k: v for k, v in data.model_dump(exclude_unset=True).items() if v is not None}
    new_statut = changes.get("statut")
    if new_statut is not None and new_statut != territoire.statut:
        if new_statut not in VERBE_VERS:
            raise TransitionRefusee(
                f"Un territoire ne revient pas au statut « {libelle(new_statut).lower()} »."
            )
        TERRITOIRE.check(territoire.statut, VERBE_VERS[new_statut])
        if new_statut == StatutTerritoire.operationnel and not await structures_service.has_porteur(
            session, territoire.id
        ):
            raise TransitionRefusee(
                "Désignez d'abord le chantier porteur de la coordination de ce territoire."
            )
    for name, value in changes.items():
        setattr(territoire, name, value)
    territoire.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="territoire",
        object_id=territoire.id,
        details={"champs": sorted(changes)},
    )
    return territoire


async def territoire_out(
    session: AsyncSession, actor: Actor, territoire: Territoire
) -> TerritoireOut:
    return _out(actor, territoire, (await _counts(session, [territoire.id]))[territoire.id])
