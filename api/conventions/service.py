"""Conventions: parties, lifecycle and the rules that bind a territoire's organisations."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, timedelta
from typing import Any, BinaryIO

from sqlalchemy import Select, and_, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.conventions.documents import EXTENSIONS, sniff
from api.conventions.machine import CONVENTION
from api.conventions.models import Convention, ConventionDocument, ConventionPartie
from api.conventions.schemas import (
    ConventionCreate,
    ConventionLien,
    ConventionOut,
    ConventionUpdate,
    DocumentOut,
    Objectif,
    PartieIn,
    PartieOut,
    ResiliationIn,
    SignatureIn,
)
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor, Forbidden
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, DomainError, InvalidField, NotFound
from api.core.pagination import PageParams, paginate
from api.core.permissions import CONVENTIONS_GEREES, Permission
from api.core.statemachine import TransitionRefusee
from api.core.storage import DocumentStore
from api.referentiel import Role, RolePartie, StatutConvention, TypeConvention, TypeStructure
from api.structures import service as structures
from api.structures.models import Structure


class ConventionNotFound(NotFound):
    code = "convention_introuvable"
    detail = "Aucune convention ne correspond à cet identifiant."


class DocumentNotFound(NotFound):
    code = "document_introuvable"
    detail = "Aucun document ne correspond à cet identifiant."


class CoordinationRequise(Conflict):
    code = "coordination_requise"
    detail = (
        "Une convention de mise en œuvre ne peut devenir active que si le territoire a une "
        "convention de coordination active."
    )


class CoordinationExistante(Conflict):
    code = "coordination_existante"
    detail = "Ce territoire a déjà une convention de coordination active."


class DocumentTropVolumineux(DomainError):
    status = 413
    code = "document_trop_volumineux"
    title = "Document trop volumineux"


class TypeDocumentRefuse(InvalidField):
    code = "type_document_refuse"


def visible_conventions(actor: Actor) -> Select[Convention]:
    """What each role may read: its territoire, its partnerships, or the conventions it signed."""
    stmt = select(Convention).options(
        selectinload(Convention.parties), selectinload(Convention.documents)
    )
    if actor.role == Role.admin_national:
        return stmt
    if actor.role == Role.coordinateur:
        return stmt.where(Convention.territoire_id.in_(actor.territoire_ids))
    if actor.role == Role.charge_partenariat:
        return stmt.where(
            Convention.territoire_id.in_(actor.territoire_ids),
            Convention.type == TypeConvention.partenariat,
        )
    party = exists().where(
        ConventionPartie.convention_id == Convention.id,
        ConventionPartie.structure_id == actor.structure_id,
    )
    return stmt.where(party)


def peut_gerer(actor: Actor, type_: TypeConvention, territoire_id: uuid.UUID | None) -> bool:
    """Who manages a convention, beyond the gate of the route: the types its permissions
    manage (`CONVENTIONS_GEREES`), in its territoires; a national one only nationally."""
    types = {t for p, ts in CONVENTIONS_GEREES.items() if actor.can(p) for t in ts}
    if type_ not in types:
        return False
    if actor.national:
        return True
    return type_ != TypeConvention.nationale and territoire_id in actor.territoire_ids


def _check_write(actor: Actor, type_: TypeConvention, territoire_id: uuid.UUID | None) -> None:
    if not peut_gerer(actor, type_, territoire_id):
        raise Forbidden(
            "Vous ne gérez que les conventions de votre territoire"
            + ("." if actor.can(Permission.conventions_write) else ", et de partenariat.")
        )


async def expire_due(session: AsyncSession, today: date | None = None) -> int:
    """Active conventions past their échéance become `expiree` (run on every read and write)."""
    today = today or date.today()
    due = list(
        (
            await session.execute(
                select(Convention.id, Convention.type).where(
                    Convention.statut == StatutConvention.active,
                    Convention.date_echeance.is_not(None),
                    Convention.date_echeance < today,
                )
            )
        ).all()
    )
    if not due:
        return 0
    await session.execute(
        update(Convention)
        .where(Convention.id.in_([cid for cid, _ in due]))
        .values(
            statut=StatutConvention.expiree, version=Convention.version + 1, updated_at=utcnow()
        )
        .execution_options(synchronize_session=False)
    )
    for convention_id, type_ in due:
        if type_ == TypeConvention.partenariat:
            await _refresh_engagement(session, convention_id)
    return len(due)


async def list_conventions(
    session: AsyncSession,
    actor: Actor,
    params: PageParams,
    *,
    type: TypeConvention | None = None,
    statut: StatutConvention | None = None,
    territoire_id: uuid.UUID | None = None,
    structure_id: uuid.UUID | None = None,
    echeance_avant: date | None = None,
) -> tuple[list[Convention], str | None]:
    await expire_due(session)
    stmt = visible_conventions(actor)
    if type is not None:
        stmt = stmt.where(Convention.type == type)
    if statut is not None:
        stmt = stmt.where(Convention.statut == statut)
    if territoire_id is not None:
        stmt = stmt.where(Convention.territoire_id == territoire_id)
    if structure_id is not None:
        stmt = stmt.where(
            exists().where(
                ConventionPartie.convention_id == Convention.id,
                ConventionPartie.structure_id == structure_id,
            )
        )
    if echeance_avant is not None:
        stmt = stmt.where(
            Convention.statut == StatutConvention.active,
            Convention.date_echeance <= echeance_avant,
        )
    return await paginate(
        session, stmt, sort=Convention.titre, tiebreak=Convention.id, params=params
    )


async def get_convention(
    session: AsyncSession, actor: Actor, convention_id: uuid.UUID
) -> Convention:
    await expire_due(session)
    convention = await session.scalar(
        visible_conventions(actor).where(Convention.id == convention_id)
    )
    if convention is None:
        raise ConventionNotFound()
    return convention


async def to_out(
    session: AsyncSession, actor: Actor, conventions: list[Convention]
) -> list[ConventionOut]:
    """Output models, with the parties' names and the renewals loaded in one statement each
    for the whole page."""
    ids = {p.structure_id for c in conventions for p in c.parties}
    following = (
        {
            row.precedente_id: row.id
            for row in (
                await session.execute(
                    select(Convention.id, Convention.precedente_id).where(
                        Convention.precedente_id.in_([c.id for c in conventions])
                    )
                )
            ).all()
        }
        if conventions
        else {}
    )
    names = (
        {
            row.id: row
            for row in (
                await session.execute(
                    select(Structure.id, Structure.nom, Structure.type).where(Structure.id.in_(ids))
                )
            ).all()
        }
        if ids
        else {}
    )
    return [
        ConventionOut(
            id=c.id,
            type=c.type,
            titre=c.titre,
            actions=CONVENTION.actions(c.statut, actor)
            if peut_gerer(actor, c.type, c.territoire_id)
            else [],
            territoire_id=c.territoire_id,
            statut=c.statut,
            date_signature=c.date_signature,
            date_effet=c.date_effet,
            date_echeance=c.date_echeance,
            objectifs=[Objectif.model_validate(o) for o in c.objectifs],
            parties=[
                PartieOut(
                    structure_id=p.structure_id,
                    nom=names[p.structure_id].nom,
                    type=names[p.structure_id].type,
                    role=p.role,
                )
                for p in c.parties
            ],
            documents=[DocumentOut.model_validate(d) for d in c.documents],
            motif_resiliation=c.motif_resiliation,
            date_resiliation=c.date_resiliation,
            precedente_id=c.precedente_id,
            suivante_id=following.get(c.id),
            created_at=c.created_at,
            updated_at=c.updated_at,
            version=c.version,
        )
        for c in conventions
    ]


# --- composition rules ---------------------------------------------------------------------


async def _parties(
    session: AsyncSession, parties: list[PartieIn]
) -> list[tuple[Structure, RolePartie]]:
    ids = [p.structure_id for p in parties]
    if len(set(ids)) != len(ids):
        raise InvalidField("body.parties", "Une structure ne peut figurer qu'une fois.")
    found = {
        s.id: s for s in (await session.scalars(select(Structure).where(Structure.id.in_(ids))))
    }
    missing = [i for i in ids if i not in found]
    if missing:
        raise InvalidField("body.parties", "Structure inconnue parmi les parties.")
    return [(found[p.structure_id], p.role) for p in parties]


def _check_composition(
    type_: TypeConvention,
    territoire_id: uuid.UUID | None,
    parties: list[tuple[Structure, RolePartie]],
) -> None:
    """The parties each type of convention needs (DOMAIN.md, brochure)."""

    def has(kind: TypeStructure, role: RolePartie | None = None) -> bool:
        return any(s.type == kind and (role is None or r == role) for s, r in parties)

    def fail(message: str) -> None:
        raise InvalidField("body.parties", message)

    if type_ == TypeConvention.nationale:
        if territoire_id is not None:
            raise InvalidField(
                "body.territoire_id", "Une convention nationale n'a pas de territoire."
            )
    elif territoire_id is None:
        raise InvalidField("body.territoire_id", "Ce type de convention concerne un territoire.")
    if not has(TypeStructure.convergence_france) and type_ not in (TypeConvention.partenariat,):
        fail("Convergence France doit être partie à cette convention.")
    local = [
        (s, r)
        for s, r in parties
        if s.type == TypeStructure.chantier and s.territoire_id != territoire_id
    ]
    if local and type_ != TypeConvention.nationale:
        fail("Les chantiers parties doivent appartenir au territoire de la convention.")
    if type_ == TypeConvention.coordination:
        porteurs = [s for s, r in parties if r == RolePartie.porteur]
        if len(porteurs) != 1 or not porteurs[0].porteur_coordination:
            fail(
                "La convention de coordination lie le chantier porteur du territoire "
                "(rôle porteur)."
            )
        if not has(TypeStructure.fas):
            fail("La convention de coordination lie la FAS locale.")
    elif type_ == TypeConvention.mise_en_oeuvre:
        porteurs = [s for s, r in parties if r == RolePartie.porteur]
        chantiers = [
            s for s, r in parties if s.type == TypeStructure.chantier and r != RolePartie.porteur
        ]
        if len(porteurs) != 1 or not porteurs[0].porteur_coordination:
            fail("La convention de mise en œuvre lie le chantier porteur de la coordination.")
        if len(chantiers) != 1:
            fail("La convention de mise en œuvre lie un (et un seul) chantier du territoire.")
    elif type_ == TypeConvention.partenariat:
        if not has(TypeStructure.partenaire, RolePartie.partenaire):
            fail("La convention de partenariat lie un partenaire (rôle partenaire).")
    elif type_ == TypeConvention.financement and not has(TypeStructure.financeur):
        fail("La convention de financement lie un financeur.")


def _check_dates(effet: date | None, echeance: date | None) -> None:
    if effet and echeance and echeance <= effet:
        raise InvalidField("body.date_echeance", "L'échéance doit suivre la date d'effet.")


# --- writes --------------------------------------------------------------------------------


async def create_convention(
    session: AsyncSession, actor: Actor, context: AuditContext, data: ConventionCreate
) -> Convention:
    _check_write(actor, data.type, data.territoire_id)
    parties = await _parties(session, data.parties)
    _check_composition(data.type, data.territoire_id, parties)
    _check_dates(data.date_effet, data.date_echeance)
    convention = Convention(
        type=data.type,
        titre=data.titre,
        territoire_id=data.territoire_id,
        statut=StatutConvention.brouillon,
        date_effet=data.date_effet,
        date_echeance=data.date_echeance,
        objectifs=[o.model_dump() for o in data.objectifs],
    )
    convention.parties = [ConventionPartie(structure_id=s.id, role=r) for s, r in parties]
    convention.documents = []
    session.add(convention)
    await session.flush()
    await audit.record(
        session, context, "create", object_type="convention", object_id=convention.id
    )
    return convention


async def update_convention(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    convention_id: uuid.UUID,
    expected_version: int,
    data: ConventionUpdate,
) -> Convention:
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    check_version(convention.version, expected_version)
    CONVENTION.check(convention.statut, "modification")
    editable = (StatutConvention.brouillon, StatutConvention.en_signature)
    if convention.statut not in editable and set(data.model_fields_set) - {"date_echeance"}:
        raise TransitionRefusee(
            "Une convention signée ne se modifie plus, sauf son échéance (avenant)."
        )
    changes = data.model_dump(exclude_unset=True)
    if changes.get("parties") is not None:
        parties = await _parties(session, data.parties or [])
        _check_composition(convention.type, convention.territoire_id, parties)
        convention.parties = [ConventionPartie(structure_id=s.id, role=r) for s, r in parties]
    _check_dates(
        changes.get("date_effet", convention.date_effet),
        changes.get("date_echeance", convention.date_echeance),
    )
    for name in ("titre", "date_effet", "date_echeance"):
        if name in changes and (changes[name] is not None or name != "titre"):
            setattr(convention, name, changes[name])
    if changes.get("objectifs") is not None:
        convention.objectifs = [o.model_dump() for o in data.objectifs or []]
    convention.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="convention",
        object_id=convention.id,
        details={"champs": sorted(data.model_fields_set)},
    )
    return convention


async def send_for_signature(
    session: AsyncSession, actor: Actor, context: AuditContext, convention_id: uuid.UUID
) -> Convention:
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    CONVENTION.check(convention.statut, "envoi_signature")
    convention.statut = StatutConvention.en_signature
    convention.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="convention",
        object_id=convention.id,
        details={"transition": "en_signature"},
    )
    return convention


async def _active_coordination(
    session: AsyncSession, territoire_id: uuid.UUID | None, excluding: uuid.UUID
) -> bool:
    found = await session.scalar(
        select(Convention.id)
        .where(
            Convention.territoire_id == territoire_id,
            Convention.type == TypeConvention.coordination,
            Convention.statut == StatutConvention.active,
            Convention.id != excluding,
        )
        .limit(1)
    )
    return found is not None


async def sign(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    convention_id: uuid.UUID,
    data: SignatureIn,
    today: date | None = None,
) -> Convention:
    today = today or date.today()
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    CONVENTION.check(convention.statut, "signature")
    if data.date_signature > today:
        raise InvalidField("body.date_signature", "La date de signature ne peut être future.")
    expired = convention.date_echeance is not None and convention.date_echeance < today
    if data.historique:
        return await _sign_historical(session, context, convention, data, expired)
    if expired:
        raise InvalidField(
            "body.date_signature",
            "L'échéance de cette convention est passée : pour enregistrer une convention "
            "passée, utilisez le mode historique (historique=true).",
        )
    parties = await _parties(
        session, [PartieIn(structure_id=p.structure_id, role=p.role) for p in convention.parties]
    )
    _check_composition(convention.type, convention.territoire_id, parties)
    if convention.type == TypeConvention.coordination and await _active_coordination(
        session, convention.territoire_id, convention.id
    ):
        raise CoordinationExistante()
    if convention.type == TypeConvention.mise_en_oeuvre and not await _active_coordination(
        session, convention.territoire_id, convention.id
    ):
        raise CoordinationRequise()
    convention.statut = StatutConvention.active
    convention.date_signature = data.date_signature
    convention.date_effet = convention.date_effet or data.date_signature
    convention.updated_at = utcnow()
    await session.flush()
    if convention.type == TypeConvention.partenariat:
        for structure, role in parties:
            if role == RolePartie.partenaire:
                await structures.set_engagement(session, structure.id, engaged=True)
    await audit.record(
        session,
        context,
        "update",
        object_type="convention",
        object_id=convention.id,
        details={"transition": "active"},
    )
    return convention


async def _sign_historical(
    session: AsyncSession,
    context: AuditContext,
    convention: Convention,
    data: SignatureIn,
    expired: bool,
) -> Convention:
    """A past convention recorded as it was: signed, then expired at its échéance. It never
    was in force beside today's conventions, so the one-coordination rules don't apply."""
    if not expired:
        raise InvalidField(
            "body.historique",
            "Le mode historique est réservé aux conventions dont l'échéance est passée.",
        )
    assert convention.date_echeance is not None
    if data.date_signature > convention.date_echeance:
        raise InvalidField(
            "body.date_signature", "La signature ne peut pas suivre l'échéance de la convention."
        )
    parties = await _parties(
        session, [PartieIn(structure_id=p.structure_id, role=p.role) for p in convention.parties]
    )
    _check_composition(convention.type, convention.territoire_id, parties)
    convention.statut = StatutConvention.expiree
    convention.date_signature = data.date_signature
    convention.date_effet = convention.date_effet or data.date_signature
    convention.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="convention",
        object_id=convention.id,
        details={"transition": "expiree", "historique": True},
    )
    return convention


async def terminate(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    convention_id: uuid.UUID,
    data: ResiliationIn,
) -> Convention:
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    CONVENTION.check(convention.statut, "resiliation")
    if convention.date_signature and data.date_resiliation < convention.date_signature:
        raise InvalidField("body.date_resiliation", "La résiliation précède la signature.")
    convention.statut = StatutConvention.resiliee
    convention.date_resiliation = data.date_resiliation
    convention.motif_resiliation = data.motif
    convention.updated_at = utcnow()
    await session.flush()
    if convention.type == TypeConvention.partenariat:
        await _refresh_engagement(session, convention.id)
    await audit.record(
        session,
        context,
        "update",
        object_type="convention",
        object_id=convention.id,
        details={"transition": "resiliee"},
    )
    return convention


# --- renewal -------------------------------------------------------------------------------

# Conventions that can be renewed: running, or just come to their term.
RENEWABLE = (StatutConvention.active, StatutConvention.expiree)
# A renewal chain longer than this is not followed further (a safety bound).
MAX_CHAIN = 50


def _renewal_title(titre: str) -> str:
    suffix = " (renouvellement)"
    base = titre.removesuffix(suffix)
    return (base[: 200 - len(suffix)] + suffix) if base else titre


async def renew(
    session: AsyncSession, actor: Actor, context: AuditContext, convention_id: uuid.UUID
) -> tuple[Convention, bool]:
    """The next convention: same type, territoire and parties, objectives copied, dates
    following on (same length), as a draft linked to this one. A second call returns the
    renewal already made (`False`): one renewal per convention."""
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    existing = await session.scalar(
        select(Convention)
        .options(selectinload(Convention.parties), selectinload(Convention.documents))
        .where(Convention.precedente_id == convention.id)
    )
    if existing is not None:
        return existing, False
    CONVENTION.check(convention.statut, "renouvellement")
    effet = echeance = None
    if convention.date_echeance is not None:
        effet = convention.date_echeance + timedelta(days=1)
        if convention.date_effet is not None:
            echeance = effet + (convention.date_echeance - convention.date_effet)
    renewal = Convention(
        type=convention.type,
        titre=_renewal_title(convention.titre),
        territoire_id=convention.territoire_id,
        statut=StatutConvention.brouillon,
        date_effet=effet,
        date_echeance=echeance,
        objectifs=[dict(o) for o in convention.objectifs],
        precedente_id=convention.id,
    )
    renewal.parties = [
        ConventionPartie(structure_id=p.structure_id, role=p.role) for p in convention.parties
    ]
    renewal.documents = []
    session.add(renewal)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        # Renewed at the same moment by someone else: theirs is the renewal.
        existing = await session.scalar(
            select(Convention)
            .options(selectinload(Convention.parties), selectinload(Convention.documents))
            .where(Convention.precedente_id == convention.id)
        )
        if existing is None:
            raise
        return existing, False
    await audit.record(
        session,
        context,
        "create",
        object_type="convention",
        object_id=renewal.id,
        details={"renouvelle": str(convention.id)},
    )
    return renewal, True


async def chain(
    session: AsyncSession, actor: Actor, convention: Convention
) -> list[ConventionLien]:
    """The renewal chain of a convention, oldest first, itself included, as far as the
    caller may see (a few short statements: chains are a handful of conventions)."""
    visible = visible_conventions(actor).with_only_columns(
        Convention.id,
        Convention.titre,
        Convention.statut,
        Convention.date_effet,
        Convention.date_echeance,
        Convention.precedente_id,
    )
    links = [convention]
    before: list[Any] = []
    previous = convention.precedente_id
    while previous is not None and len(before) < MAX_CHAIN:
        row = (await session.execute(visible.where(Convention.id == previous))).first()
        if row is None:
            break
        before.insert(0, row)
        previous = row.precedente_id
    after: list[Any] = []
    current = convention.id
    while len(after) < MAX_CHAIN:
        row = (await session.execute(visible.where(Convention.precedente_id == current))).first()
        if row is None:
            break
        after.append(row)
        current = row.id
    if not before and not after:
        return []
    return [ConventionLien.model_validate(r) for r in [*before, *links, *after]]


async def _refresh_engagement(session: AsyncSession, convention_id: uuid.UUID) -> None:
    """A partner stays `engage` while any partnership convention naming it is active."""
    partners = (
        await session.scalars(
            select(ConventionPartie.structure_id).where(
                ConventionPartie.convention_id == convention_id,
                ConventionPartie.role == RolePartie.partenaire,
            )
        )
    ).all()
    for structure_id in partners:
        still_active = await session.scalar(
            select(Convention.id)
            .join(ConventionPartie, ConventionPartie.convention_id == Convention.id)
            .where(
                ConventionPartie.structure_id == structure_id,
                ConventionPartie.role == RolePartie.partenaire,
                and_(
                    Convention.type == TypeConvention.partenariat,
                    Convention.statut == StatutConvention.active,
                ),
            )
            .limit(1)
        )
        await structures.set_engagement(session, structure_id, engaged=still_active is not None)


# --- documents -----------------------------------------------------------------------------


def safe_name(name: str | None, content_type: str) -> str:
    base = (name or "document").replace("\\", "/").rsplit("/", 1)[-1].strip() or "document"
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?')[:150] or "document"
    ext = EXTENSIONS[content_type]
    return base if base.lower().endswith(ext) else f"{base}{ext}"


async def add_document(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    store: DocumentStore,
    convention_id: uuid.UUID,
    *,
    filename: str | None,
    source: BinaryIO,
    max_bytes: int,
) -> ConventionDocument:
    convention = await get_convention(session, actor, convention_id)
    _check_write(actor, convention.type, convention.territoire_id)
    digest = hashlib.sha256()
    size = 0
    source.seek(0)
    while chunk := source.read(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise DocumentTropVolumineux(
                f"Le document dépasse la taille maximale ({max_bytes // (1024 * 1024)} Mo)."
            )
        digest.update(chunk)
    if size == 0:
        raise InvalidField("body.fichier", "Le fichier est vide.")
    content_type = sniff(source)
    if content_type is None:
        raise TypeDocumentRefuse(
            "body.fichier", "Seuls les documents PDF, ODT et DOCX sont acceptés."
        )
    document = ConventionDocument(
        convention_id=convention.id,
        nom_fichier=safe_name(filename, content_type),
        content_type=content_type,
        taille=size,
        sha256=digest.hexdigest(),
        storage_key=uuid.uuid4().hex,
        created_by=actor.id,
    )
    source.seek(0)
    store.put(document.storage_key, source)
    session.add(document)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="convention_document",
        object_id=document.id,
        details={"convention_id": str(convention.id)},
    )
    return document


async def get_document(
    session: AsyncSession, actor: Actor, convention_id: uuid.UUID, document_id: uuid.UUID
) -> ConventionDocument:
    convention = await get_convention(session, actor, convention_id)
    document = next((d for d in convention.documents if d.id == document_id), None)
    if document is None:
        raise DocumentNotFound()
    return document
