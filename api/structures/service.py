"""Use cases of structures: the directory of organisations and its rules."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.pagination import PageParams, paginate
from api.core.permissions import STRUCTURES_GEREES
from api.referentiel import (
    Domaine,
    Engagement,
    StatutTerritoire,
    TypePartenaire,
    TypeStructure,
)
from api.structures.models import Structure, StructureDomaine, structure_territoire
from api.structures.schemas import StructureCreate, StructureUpdate
from api.territoires.models import Territoire


class StructureNotFound(NotFound):
    code = "structure_introuvable"
    detail = "Aucune structure ne correspond à cet identifiant."


class PorteurExistant(Conflict):
    code = "porteur_existant"
    detail = (
        "Ce territoire a déjà un chantier porteur de la coordination : retirez-lui ce rôle "
        "avant de le confier à un autre chantier."
    )


class PorteurRequis(Conflict):
    code = "porteur_requis"
    detail = (
        "Un territoire opérationnel doit garder exactement un chantier porteur de la coordination."
    )


class SiretExistant(Conflict):
    code = "siret_existant"
    detail = "Une structure avec ce SIRET existe déjà."


CHANTIER_FIELDS = {"porteur_coordination", "nombre_postes", "activites_support"}
PARTENAIRE_FIELDS = {"type_partenaire", "domaines", "territoire_ids_servis", "engagement"}


def visible_structures(actor: Actor) -> Select[Structure]:
    """Every read of structures starts here: the directory is open to every reader role."""
    return select(Structure).options(
        selectinload(Structure.domaine_rows), selectinload(Structure.territoires_servis)
    )


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


async def list_structures(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    territoire_id: uuid.UUID | None = None,
    type: TypeStructure | None = None,
    siret: str | None = None,
    q: str | None = None,
    domaine: Domaine | None = None,
    type_partenaire: TypePartenaire | None = None,
    engagement: Engagement | None = None,
) -> tuple[list[Structure], str | None]:
    stmt = visible_structures(actor)
    if territoire_id is not None:
        served = exists().where(
            structure_territoire.c.structure_id == Structure.id,
            structure_territoire.c.territoire_id == territoire_id,
        )
        stmt = stmt.where(or_(Structure.territoire_id == territoire_id, served))
    if type is not None:
        stmt = stmt.where(Structure.type == type)
    if siret is not None:
        stmt = stmt.where(Structure.siret == siret)
    if q:
        pattern = f"%{_escape_like(q.lower())}%"
        stmt = stmt.where(func.lower(Structure.nom).like(pattern, escape="\\"))
    if domaine is not None:
        stmt = stmt.where(
            exists().where(
                StructureDomaine.structure_id == Structure.id, StructureDomaine.domaine == domaine
            )
        )
    if type_partenaire is not None:
        stmt = stmt.where(Structure.type_partenaire == type_partenaire)
    if engagement is not None:
        stmt = stmt.where(Structure.engagement == engagement)
    return await paginate(session, stmt, sort=Structure.nom, tiebreak=Structure.id, params=params)


async def get_structure(session: AsyncSession, actor: Actor, structure_id: uuid.UUID) -> Structure:
    structure = await session.scalar(visible_structures(actor).where(Structure.id == structure_id))
    if structure is None:
        raise StructureNotFound()
    return structure


def _check_write_perimeter(
    actor: Actor, type_: TypeStructure, territoire_id: uuid.UUID | None
) -> None:
    """Who may create or edit which structure."""
    if type_ not in STRUCTURES_GEREES.get(actor.role, frozenset()):
        raise Forbidden("Votre rôle ne permet pas de gérer ce type de structure.")
    if not actor.national and territoire_id not in actor.territoire_ids:
        raise Forbidden("Vous ne pouvez gérer que les structures de votre territoire.")


def _check_fields_for_type(type_: TypeStructure, fields: set[str]) -> None:
    if type_ != TypeStructure.chantier:
        for name in sorted(fields & CHANTIER_FIELDS):
            raise InvalidField(f"body.{name}", "Ce champ ne concerne que les chantiers.")
    if type_ != TypeStructure.partenaire:
        for name in sorted(fields & PARTENAIRE_FIELDS):
            raise InvalidField(f"body.{name}", "Ce champ ne concerne que les partenaires.")


async def _territoires(session: AsyncSession, ids: list[uuid.UUID], field: str) -> list[Territoire]:
    found = list((await session.scalars(select(Territoire).where(Territoire.id.in_(ids)))).all())
    if len(found) != len(set(ids)):
        raise InvalidField(field, "Territoire inconnu.")
    return found


async def _other_porteur(
    session: AsyncSession, territoire_id: uuid.UUID | None, structure_id: uuid.UUID | None
) -> bool:
    stmt = select(Structure.id).where(
        Structure.territoire_id == territoire_id, Structure.porteur_coordination.is_(True)
    )
    if structure_id is not None:
        stmt = stmt.where(Structure.id != structure_id)
    return (await session.scalar(stmt.limit(1))) is not None


async def _flush(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        message = str(exc.orig).lower()
        if "porteur" in message:
            raise PorteurExistant() from None
        if "siret" in message:
            raise SiretExistant() from None
        raise


async def create_structure(
    session: AsyncSession, actor: Actor, context: AuditContext, data: StructureCreate
) -> Structure:
    _check_write_perimeter(actor, data.type, data.territoire_id)
    given = {k for k in data.model_fields_set if getattr(data, k) not in (None, [], False)}
    _check_fields_for_type(data.type, given)
    if data.type == TypeStructure.chantier and data.territoire_id is None:
        raise InvalidField("body.territoire_id", "Un chantier est rattaché à un territoire.")
    if data.territoire_id is not None:
        await _territoires(session, [data.territoire_id], "body.territoire_id")
    if data.porteur_coordination and await _other_porteur(session, data.territoire_id, None):
        raise PorteurExistant()
    if data.siret and await session.scalar(
        select(Structure.id).where(Structure.siret == data.siret)
    ):
        raise SiretExistant()
    values: dict[str, Any] = data.model_dump(
        exclude={"domaines", "territoire_ids_servis", "contacts", "activites_support"}
    )
    structure = Structure(
        **values,
        activites_support=data.activites_support or [],
        contacts=[c.model_dump() for c in data.contacts or []],
        engagement=Engagement.contact if data.type == TypeStructure.partenaire else None,
    )
    structure.domaines = [d.value for d in data.domaines or []]
    servis = data.territoire_ids_servis
    if data.type == TypeStructure.partenaire and not servis and data.territoire_id:
        servis = [data.territoire_id]
    structure.territoires_servis = await _territoires(
        session, servis or [], "body.territoire_ids_servis"
    )
    session.add(structure)
    await _flush(session)
    await audit.record(session, context, "create", object_type="structure", object_id=structure.id)
    return structure


async def update_structure(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    structure_id: uuid.UUID,
    expected_version: int,
    data: StructureUpdate,
) -> Structure:
    structure = await get_structure(session, actor, structure_id)
    _check_write_perimeter(actor, structure.type, structure.territoire_id)
    check_version(structure.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    _check_fields_for_type(structure.type, set(changes))
    if changes.get("engagement") == Engagement.engage:
        raise InvalidField(
            "body.engagement",
            "Un partenaire devient « engagé » par la signature d'une convention de partenariat.",
        )
    if "porteur_coordination" in changes:
        await _change_porteur(session, structure, bool(changes.pop("porteur_coordination")))
    if "domaines" in changes:
        structure.domaines = [Domaine(d).value for d in changes.pop("domaines") or []]
    if "territoire_ids_servis" in changes:
        structure.territoires_servis = await _territoires(
            session, changes.pop("territoire_ids_servis") or [], "body.territoire_ids_servis"
        )
    if "contacts" in changes:
        changes["contacts"] = changes["contacts"] or []
    if "activites_support" in changes:
        changes["activites_support"] = changes["activites_support"] or []
    if changes.get("siret") and changes["siret"] != structure.siret:
        other = await session.scalar(
            select(Structure.id).where(Structure.siret == changes["siret"])
        )
        if other is not None:
            raise SiretExistant()
    for name, value in changes.items():
        if name == "nom" and value is None:
            continue
        setattr(structure, name, value)
    structure.updated_at = utcnow()
    await _flush(session)
    await audit.record(
        session,
        context,
        "update",
        object_type="structure",
        object_id=structure.id,
        details={"champs": sorted(data.model_fields_set)},
    )
    return structure


async def _change_porteur(session: AsyncSession, structure: Structure, porteur: bool) -> None:
    if porteur == structure.porteur_coordination:
        return
    if porteur:
        if await _other_porteur(session, structure.territoire_id, structure.id):
            raise PorteurExistant()
    else:
        statut = await session.scalar(
            select(Territoire.statut).where(Territoire.id == structure.territoire_id)
        )
        if statut == StatutTerritoire.operationnel:
            raise PorteurRequis()
    structure.porteur_coordination = porteur


async def has_porteur(session: AsyncSession, territoire_id: uuid.UUID) -> bool:
    return await _other_porteur(session, territoire_id, None)


async def set_engagement(session: AsyncSession, structure_id: uuid.UUID, engaged: bool) -> None:
    """Called by conventions: a partner is `engage` while a partnership convention is active."""
    structure = await session.get(Structure, structure_id)
    if structure is None or structure.type != TypeStructure.partenaire:
        return
    if engaged:
        structure.engagement = Engagement.engage
    elif structure.engagement == Engagement.engage:
        structure.engagement = Engagement.contact
