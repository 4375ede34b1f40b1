"""People accompanied: identity, duplicates, search, consents and external référents."""

from __future__ import annotations

import difflib
import uuid
from datetime import date

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, events
from api.core.audit import AuditContext
from api.core.auth import CHANTIER_ROLES, Actor, Forbidden
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.pagination import PageParams, paginate
from api.core.permissions import Permission
from api.core.text import escape_like, normalise
from api.parcours.models import Parcours
from api.referentiel import Role, TypeConsentement, TypeStructure
from api.salaries.events import ConsentementRetire
from api.salaries.models import Consentement, ReferentExterne, Salarie
from api.salaries.schemas import (
    ConsentementCreate,
    ReferentCreate,
    SalarieCreate,
    SalarieUpdate,
)
from api.structures.models import Structure


class SalarieNotFound(NotFound):
    code = "salarie_introuvable"
    detail = "Aucune personne ne correspond à cet identifiant."


class DoublonPossible(Conflict):
    code = "doublon_possible"
    detail = (
        "Une personne née le même jour et au nom proche est déjà suivie sur ce territoire. "
        "Vérifiez qu'il ne s'agit pas de la même personne, ou confirmez la création "
        "(confirm_distinct=true)."
    )

    def __init__(self, candidats: list[uuid.UUID]) -> None:
        super().__init__()
        self.candidats = [str(c) for c in candidats]


def visible_salaries(actor: Actor) -> Select[Salarie]:
    """People of the caller's chantier(s) or territoire(s), by enrolment or by parcours."""
    stmt = select(Salarie)
    if actor.role == Role.admin_national:
        return stmt
    if actor.role in CHANTIER_ROLES:
        in_parcours = exists().where(
            Parcours.salarie_id == Salarie.id, Parcours.chantier_id.in_(actor.chantier_ids)
        )
        return stmt.where(or_(Salarie.chantier_id.in_(actor.chantier_ids), in_parcours))
    if actor.role == Role.coordinateur:
        return stmt.where(Salarie.territoire_id.in_(actor.territoire_ids))
    return stmt.where(Salarie.id.is_(None))


def can_write_people(actor: Actor) -> bool:
    return actor.can(Permission.parcours_write)


async def chantier_in_perimeter(
    session: AsyncSession, actor: Actor, chantier_id: uuid.UUID
) -> Structure:
    chantier = await session.get(Structure, chantier_id)
    if chantier is None or chantier.type != TypeStructure.chantier:
        raise InvalidField("body.chantier_id", "Chantier inconnu.")
    allowed = (
        actor.role == Role.admin_national
        or chantier.id in actor.chantier_ids
        or (actor.role == Role.coordinateur and chantier.territoire_id in actor.territoire_ids)
    )
    if not allowed:
        raise Forbidden("Ce chantier n'est pas dans votre périmètre.")
    return chantier


def _close(a: str, b: str) -> bool:
    """Same tokens in any order, or a small spelling difference."""
    ta, tb = sorted(a.split()), sorted(b.split())
    if ta == tb:
        return True
    return difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb)).ratio() >= 0.85


async def find_duplicates(
    session: AsyncSession,
    territoire_id: uuid.UUID,
    date_naissance: date,
    nom: str,
    prenoms: str,
    excluding: uuid.UUID | None = None,
) -> list[uuid.UUID]:
    wanted = normalise(nom, prenoms)
    rows = (
        await session.execute(
            select(Salarie.id, Salarie.nom, Salarie.prenoms, Salarie.nom_usage).where(
                Salarie.territoire_id == territoire_id, Salarie.date_naissance == date_naissance
            )
        )
    ).all()
    return [
        r.id
        for r in rows
        if r.id != excluding
        and (
            _close(wanted, normalise(r.nom, r.prenoms))
            or (r.nom_usage and _close(wanted, normalise(r.nom_usage, r.prenoms)))
        )
    ]


async def create_salarie(
    session: AsyncSession, actor: Actor, context: AuditContext, data: SalarieCreate
) -> Salarie:
    chantier = await chantier_in_perimeter(session, actor, data.chantier_id)
    assert chantier.territoire_id is not None
    if data.date_naissance >= date.today():
        raise InvalidField("body.date_naissance", "La date de naissance doit être passée.")
    if not data.confirm_distinct:
        candidats = await find_duplicates(
            session, chantier.territoire_id, data.date_naissance, data.nom, data.prenoms
        )
        if candidats:
            raise DoublonPossible(candidats)
    salarie = Salarie(
        **data.model_dump(exclude={"confirm_distinct"}),
        territoire_id=chantier.territoire_id,
        recherche=normalise(data.nom, data.prenoms, data.nom_usage),
    )
    session.add(salarie)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="salarie",
        object_id=salarie.id,
        salarie_id=salarie.id,
    )
    return salarie


async def list_salaries(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    params: PageParams,
    *,
    q: str | None = None,
) -> tuple[list[Salarie], str | None]:
    stmt = visible_salaries(actor)
    if q:
        for token in normalise(q).split():
            stmt = stmt.where(Salarie.recherche.like(f"%{escape_like(token)}%", escape="\\"))
    rows, cursor = await paginate(
        session, stmt, sort=Salarie.recherche, tiebreak=Salarie.id, params=params
    )
    await audit.record(
        session, context, "list", object_type="salarie", details={"resultats": len(rows)}
    )
    return rows, cursor


async def get_salarie(
    session: AsyncSession,
    actor: Actor,
    salarie_id: uuid.UUID,
    context: AuditContext | None = None,
) -> Salarie:
    salarie = await session.scalar(visible_salaries(actor).where(Salarie.id == salarie_id))
    if salarie is None:
        raise SalarieNotFound()
    if context is not None:
        await audit.record(
            session,
            context,
            "read",
            object_type="salarie",
            object_id=salarie.id,
            salarie_id=salarie.id,
        )
    return salarie


async def update_salarie(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    salarie_id: uuid.UUID,
    expected_version: int,
    data: SalarieUpdate,
) -> Salarie:
    if not can_write_people(actor):
        raise Forbidden()
    salarie = await get_salarie(session, actor, salarie_id)
    check_version(salarie.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    for required in ("nom", "prenoms", "date_naissance"):
        if required in changes and changes[required] is None:
            raise InvalidField(f"body.{required}", "Ce champ ne peut pas être vidé.")
    for name, value in changes.items():
        setattr(salarie, name, value)
    salarie.recherche = normalise(salarie.nom, salarie.prenoms, salarie.nom_usage)
    salarie.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="salarie",
        object_id=salarie.id,
        salarie_id=salarie.id,
        details={"champs": sorted(changes)},
    )
    return salarie


# --- consents ------------------------------------------------------------------------------


async def list_consentements(
    session: AsyncSession, actor: Actor, salarie_id: uuid.UUID
) -> list[Consentement]:
    await get_salarie(session, actor, salarie_id)
    return list(
        (
            await session.scalars(
                select(Consentement)
                .where(Consentement.salarie_id == salarie_id)
                .order_by(Consentement.date_recueil.desc(), Consentement.created_at.desc())
            )
        ).all()
    )


async def add_consentement(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    salarie_id: uuid.UUID,
    data: ConsentementCreate,
) -> Consentement:
    if not can_write_people(actor):
        raise Forbidden()
    await get_salarie(session, actor, salarie_id)
    if data.date_recueil > date.today():
        raise InvalidField("body.date_recueil", "La date ne peut pas être future.")
    if data.type == TypeConsentement.partage_partenaire:
        partner = await session.get(Structure, data.partenaire_id) if data.partenaire_id else None
        if partner is None or partner.type != TypeStructure.partenaire:
            raise InvalidField("body.partenaire_id", "Nommez le partenaire concerné.")
    elif data.partenaire_id is not None or data.inclut_sante:
        raise InvalidField(
            "body.partenaire_id", "Seul un consentement de partage nomme un partenaire."
        )
    consentement = Consentement(
        salarie_id=salarie_id,
        type=data.type,
        partenaire_id=data.partenaire_id,
        inclut_sante=data.inclut_sante,
        date_recueil=data.date_recueil,
        recueilli_par=actor.id,
    )
    session.add(consentement)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="consentement",
        object_id=consentement.id,
        salarie_id=salarie_id,
    )
    return consentement


async def revoke_consentement(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    salarie_id: uuid.UUID,
    consentement_id: uuid.UUID,
    when: date,
) -> Consentement:
    if not can_write_people(actor):
        raise Forbidden()
    await get_salarie(session, actor, salarie_id)
    consentement = await session.scalar(
        select(Consentement).where(
            Consentement.id == consentement_id, Consentement.salarie_id == salarie_id
        )
    )
    if consentement is None:
        raise NotFound("Aucun consentement ne correspond à cet identifiant.")
    if consentement.revoque_le is not None:
        raise Conflict("Ce consentement est déjà révoqué.")
    if when < consentement.date_recueil or when > date.today():
        raise InvalidField("body.date_revocation", "Date de révocation impossible.")
    consentement.revoque_le = when
    consentement.revoque_par = actor.id
    await session.flush()
    if (
        consentement.type == TypeConsentement.partage_partenaire
        and consentement.partenaire_id
        # Another consent to the same partner still in force keeps the sharing going.
        and await active_consent(
            session, salarie_id, TypeConsentement.partage_partenaire, consentement.partenaire_id
        )
        is None
    ):
        await events.publish(
            session, ConsentementRetire(context, salarie_id, consentement.partenaire_id)
        )
    await audit.record(
        session,
        context,
        "update",
        object_type="consentement",
        object_id=consentement.id,
        salarie_id=salarie_id,
        details={"transition": "revocation"},
    )
    return consentement


async def active_consent(
    session: AsyncSession,
    salarie_id: uuid.UUID,
    type_: TypeConsentement,
    partenaire_id: uuid.UUID | None = None,
) -> Consentement | None:
    """What later features ask before sharing anything."""
    stmt = select(Consentement).where(
        Consentement.salarie_id == salarie_id,
        Consentement.type == type_,
        Consentement.revoque_le.is_(None),
    )
    if partenaire_id is not None:
        stmt = stmt.where(Consentement.partenaire_id == partenaire_id)
    return await session.scalar(
        stmt.order_by(Consentement.date_recueil.desc(), Consentement.created_at.desc()).limit(1)
    )


# --- external référents --------------------------------------------------------------------


async def list_referents(
    session: AsyncSession, actor: Actor, salarie_id: uuid.UUID
) -> list[ReferentExterne]:
    await get_salarie(session, actor, salarie_id)
    return list(
        (
            await session.scalars(
                select(ReferentExterne)
                .where(ReferentExterne.salarie_id == salarie_id)
                .order_by(ReferentExterne.nom)
            )
        ).all()
    )


async def add_referent(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    salarie_id: uuid.UUID,
    data: ReferentCreate,
) -> ReferentExterne:
    if not can_write_people(actor):
        raise Forbidden()
    await get_salarie(session, actor, salarie_id)
    if data.structure_id is None and not data.organisation:
        raise InvalidField("body.organisation", "Indiquez la structure ou l'organisation.")
    if data.depuis and data.jusqu_a and data.jusqu_a < data.depuis:
        raise InvalidField("body.jusqu_a", "La fin précède le début.")
    if data.structure_id is not None and await session.get(Structure, data.structure_id) is None:
        raise InvalidField("body.structure_id", "Structure inconnue.")
    referent = ReferentExterne(salarie_id=salarie_id, **data.model_dump())
    session.add(referent)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="referent_externe",
        object_id=referent.id,
        salarie_id=salarie_id,
    )
    return referent
