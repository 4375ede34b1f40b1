"""Orientations to partners: consent, minimum disclosure, answers, thread, statistics."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, outbox
from api.core.audit import AuditContext
from api.core.auth import CHANTIER_ROLES, Actor, Forbidden
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.pagination import decode_cursor, encode_cursor
from api.freins.models import Diagnostic, DiagnosticDomaine, Frein
from api.identity import perimetre
from api.identity.auteurs import auteurs
from api.identity.models import UserAccount
from api.orientations.machine import ORIENTATION, OUVERTES
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.orientations.schemas import (
    DonneesPartagees,
    EvenementOut,
    MessageIn,
    MessageOut,
    OrientationCreate,
    OrientationOut,
    OrientationPartenaireOut,
    OrientationUpdate,
    PartenaireRef,
    PersonneRef,
    RealisationIn,
    RefusIn,
    ReponseIn,
    StatistiquesOut,
    StatPartenaire,
)
from api.parcours import vu
from api.parcours.acces import get_parcours
from api.parcours.models import Parcours
from api.referentiel import (
    Domaine,
    ElementPartage,
    Role,
    StatutDiagnostic,
    StatutOrientation,
    TypeConsentement,
    TypeStructure,
)
from api.salaries import service as salaries_service
from api.salaries.models import Salarie
from api.settings import Settings
from api.structures.models import Structure, structure_territoire


class OrientationNotFound(NotFound):
    code = "orientation_introuvable"
    detail = "Aucune orientation ne correspond à cet identifiant."


class ConsentementRequis(Conflict):
    code = "consentement_requis"
    detail = (
        "La personne n'a pas (ou plus) consenti au partage avec ce partenaire : recueillez son "
        "consentement avant d'envoyer l'orientation."
    )


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
    if actor.role in (Role.coordinateur, Role.charge_partenariat):
        return stmt.where(
            Orientation.salarie_id.in_(
                select(Salarie.id).where(Salarie.territoire_id.in_(actor.territoire_ids))
            )
        )
    return stmt.where(Orientation.id.is_(None))


async def expire_due(session: AsyncSession, settings: Settings) -> None:
    """Sent orientations without any answer after the delay become `expiree` (on read)."""
    limit = utcnow() - timedelta(days=settings.orientation_expiry_days)
    rows = (
        await session.scalars(
            select(Orientation).where(
                Orientation.statut == StatutOrientation.envoyee, Orientation.envoyee_le < limit
            )
        )
    ).all()
    for orientation in rows:
        await _move(session, orientation, StatutOrientation.expiree, "systeme", None)
        orientation.cloturee_le = utcnow()
        await outbox.publish(
            session, "orientation.expiree", _event(orientation), orientation.partenaire_id
        )
    if rows:
        await session.flush()


def _event(orientation: Orientation) -> dict[str, Any]:
    """Thin payloads: the partner fetches the details through the (audited) API."""
    return {"orientation_id": str(orientation.id), "statut": orientation.statut.value}


async def _move(
    session: AsyncSession,
    orientation: Orientation,
    statut: StatutOrientation,
    acteur_type: str,
    acteur_id: uuid.UUID | None,
) -> None:
    orientation.statut = statut
    orientation.updated_at = utcnow()
    session.add(
        OrientationEvenement(
            orientation_id=orientation.id,
            statut=statut,
            acteur_type=acteur_type,
            acteur_id=acteur_id,
        )
    )


async def get_orientation(
    session: AsyncSession, actor: Actor, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await session.scalar(
        visible_orientations(actor).where(Orientation.id == orientation_id)
    )
    if orientation is None:
        raise OrientationNotFound()
    return orientation


async def _events(
    session: AsyncSession, actor: Actor, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[EvenementOut]]:
    grouped: dict[uuid.UUID, list[EvenementOut]] = defaultdict(list)
    if ids:
        rows = list(
            await session.scalars(
                select(OrientationEvenement)
                .where(OrientationEvenement.orientation_id.in_(ids))
                .order_by(OrientationEvenement.at)
            )
        )
        who = await auteurs(session, actor, ((r.acteur_type, r.acteur_id) for r in rows))
        for row in rows:
            out = EvenementOut.model_validate(row)
            out.acteur = who[(row.acteur_type, row.acteur_id)]
            grouped[row.orientation_id].append(out)
    return grouped


async def messages_out(
    session: AsyncSession, actor: Actor, messages: list[OrientationMessage]
) -> list[MessageOut]:
    """The thread as people read it: each message signed by a name and an organisation."""
    who = await auteurs(session, actor, ((m.auteur_type, m.auteur_id) for m in messages))
    return [
        MessageOut.model_validate(m).model_copy(
            update={"auteur": who[(m.auteur_type, m.auteur_id)]}
        )
        for m in messages
    ]


async def _names(
    session: AsyncSession, rows: list[Orientation]
) -> tuple[dict[uuid.UUID, PersonneRef], dict[uuid.UUID, str]]:
    """The people and partners of a page of orientations: two statements whatever its size."""
    if not rows:
        return {}, {}
    people = {
        r.id: PersonneRef(id=r.id, nom=r.nom, prenoms=r.prenoms)
        for r in await session.execute(
            select(Salarie.id, Salarie.nom, Salarie.prenoms).where(
                Salarie.id.in_({o.salarie_id for o in rows})
            )
        )
    }
    partners = {
        r.id: r.nom
        for r in await session.execute(
            select(Structure.id, Structure.nom).where(
                Structure.id.in_({o.partenaire_id for o in rows})
            )
        )
    }
    return people, partners


async def outputs(
    session: AsyncSession, actor: Actor, rows: list[Orientation]
) -> list[OrientationOut | OrientationPartenaireOut]:
    if is_partner(actor):
        return [partner_view(actor, o) for o in rows]
    events = await _events(session, actor, [o.id for o in rows])
    people, partners = await _names(session, rows)
    unread = await vu.unread_answers(session, actor, [o.id for o in rows])
    return [
        OrientationOut(
            id=o.id,
            parcours_id=o.parcours_id,
            salarie_id=o.salarie_id,
            salarie=people[o.salarie_id],
            partenaire_nom=partners[o.partenaire_id],
            frein_id=o.frein_id,
            partenaire_id=o.partenaire_id,
            domaine=o.domaine,
            motif=o.motif,
            urgence=o.urgence,
            besoin=o.besoin,
            statut=o.statut,
            partage=[ElementPartage(p) for p in o.partage],
            donnees_partagees=DonneesPartagees.model_validate(o.donnees_partagees).for_actor(
                actor, o.domaine
            )
            if o.donnees_partagees is not None
            else None,
            envoyee_le=o.envoyee_le,
            premiere_reponse_le=o.premiere_reponse_le,
            motif_refus=o.motif_refus,
            commentaire_reponse=o.commentaire_reponse,
            date_realisation=o.date_realisation,
            evenements=events[o.id],
            nouvelle_reponse=o.id in unread,
            created_at=o.created_at,
            version=o.version,
            actions=ORIENTATION.actions(o.statut, actor),
        )
        for o in rows
    ]


def partner_view(actor: Actor, o: Orientation) -> OrientationPartenaireOut:
    return OrientationPartenaireOut(
        id=o.id,
        domaine=o.domaine,
        motif=o.motif,
        urgence=o.urgence,
        statut=o.statut,
        personne=DonneesPartagees.model_validate(o.donnees_partagees or {}),
        envoyee_le=o.envoyee_le,
        premiere_reponse_le=o.premiere_reponse_le,
        motif_refus=o.motif_refus,
        commentaire_reponse=o.commentaire_reponse,
        date_realisation=o.date_realisation,
        version=o.version,
        actions=ORIENTATION.actions(o.statut, actor),
    )


async def list_orientations(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    *,
    limit: int,
    cursor: str | None,
    statut: StatutOrientation | None,
    depuis: datetime | None,
    parcours_id: uuid.UUID | None,
    partenaire_id: uuid.UUID | None,
) -> tuple[list[Orientation], str | None]:
    """Newest first (by creation)."""
    await expire_due(session, settings)
    stmt = visible_orientations(actor)
    if statut is not None:
        stmt = stmt.where(Orientation.statut == statut)
    if depuis is not None:
        stmt = stmt.where(Orientation.updated_at >= depuis)
    if parcours_id is not None:
        stmt = stmt.where(Orientation.parcours_id == parcours_id)
    if partenaire_id is not None:
        stmt = stmt.where(Orientation.partenaire_id == partenaire_id)
    if cursor:
        at, oid = decode_cursor(cursor, datetime.fromisoformat, uuid.UUID)
        stmt = stmt.where(
            or_(
                Orientation.created_at < at,
                and_(Orientation.created_at == at, Orientation.id < oid),
            )
        )
    rows = list(
        (
            await session.scalars(
                stmt.order_by(Orientation.created_at.desc(), Orientation.id.desc()).limit(limit + 1)
            )
        ).all()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].created_at, rows[-1].id])
    return rows, next_cursor


# --- sender side ---------------------------------------------------------------------------


async def create_orientation(
    session: AsyncSession, actor: Actor, context: AuditContext, data: OrientationCreate
) -> Orientation:
    parcours = await get_parcours(session, actor, data.parcours_id)
    partner = await session.get(Structure, data.partenaire_id)
    if partner is None or partner.type != TypeStructure.partenaire:
        raise InvalidField("body.partenaire_id", "Partenaire inconnu.")
    if data.frein_id is not None:
        frein = await session.get(Frein, data.frein_id)
        if frein is None or frein.parcours_id != parcours.id or frein.domaine != data.domaine:
            raise InvalidField(
                "body.frein_id", "Ce frein n'est pas celui de ce parcours et domaine."
            )
    if data.referent_contact_id is not None:
        await perimetre.check_equipe(
            session,
            "body.referent_contact_id",
            [data.referent_contact_id],
            chantier_id=parcours.chantier_id,
        )
    orientation = Orientation(
        parcours_id=parcours.id,
        salarie_id=parcours.salarie_id,
        frein_id=data.frein_id,
        partenaire_id=partner.id,
        domaine=data.domaine,
        motif=data.motif,
        urgence=data.urgence,
        besoin=data.besoin,
        referent_contact_id=data.referent_contact_id or actor.id,
        demandeur_id=actor.id,
        statut=StatutOrientation.brouillon,
        partage=sorted({p.value for p in data.partage}),
    )
    session.add(orientation)
    await session.flush()
    await _move(session, orientation, StatutOrientation.brouillon, actor.kind, actor.id)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=parcours.salarie_id,
    )
    return orientation


async def update_orientation(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    expected_version: int,
    data: OrientationUpdate,
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    check_version(orientation.version, expected_version)
    ORIENTATION.check(orientation.statut, "modification")
    changes = data.model_dump(exclude_unset=True)
    if "partage" in changes:
        changes["partage"] = sorted({ElementPartage(p).value for p in changes["partage"] or []})
    for name, value in changes.items():
        if value is not None or name == "besoin":
            setattr(orientation, name, value)
    orientation.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
    )
    return orientation


async def disclosure(session: AsyncSession, orientation: Orientation) -> DonneesPartagees:
    """Exactly what the partner will see: the elements chosen, nothing else. Health details
    only for a `sante` orientation whose consent covers health."""
    salarie = await session.get(Salarie, orientation.salarie_id)
    assert salarie is not None
    chosen = set(orientation.partage)
    out = DonneesPartagees()
    if ElementPartage.identite in chosen:
        out.nom, out.prenoms, out.date_naissance = (
            salarie.nom,
            salarie.prenoms,
            salarie.date_naissance,
        )
    if ElementPartage.contact in chosen:
        out.telephone, out.courriel = salarie.telephone, salarie.courriel
    if ElementPartage.besoin in chosen:
        out.besoin = orientation.besoin
    if ElementPartage.situation in chosen:
        consent = await salaries_service.active_consent(
            session, salarie.id, TypeConsentement.partage_partenaire, orientation.partenaire_id
        )
        health_ok = orientation.domaine != Domaine.sante or (consent and consent.inclut_sante)
        if health_ok:
            out.situation = await _latest_situation(session, orientation)
    referent = (
        await session.get(UserAccount, orientation.referent_contact_id)
        if orientation.referent_contact_id
        else None
    )
    if referent is not None:
        out.referent = f"{referent.prenom} {referent.nom} ({referent.email})"
    return out


async def _latest_situation(session: AsyncSession, orientation: Orientation) -> list[str]:
    row = await session.scalar(
        select(DiagnosticDomaine)
        .join(Diagnostic, Diagnostic.id == DiagnosticDomaine.diagnostic_id)
        .where(
            Diagnostic.parcours_id == orientation.parcours_id,
            Diagnostic.statut == StatutDiagnostic.valide,
            DiagnosticDomaine.domaine == orientation.domaine,
        )
        .order_by(Diagnostic.date.desc(), Diagnostic.created_at.desc())
        .limit(1)
    )
    return list(row.situations) if row is not None else []


async def send(
    session: AsyncSession, actor: Actor, context: AuditContext, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "envoi")
    consent = await salaries_service.active_consent(
        session,
        orientation.salarie_id,
        TypeConsentement.partage_partenaire,
        orientation.partenaire_id,
    )
    if consent is None:
        raise ConsentementRequis()
    shared = await disclosure(session, orientation)
    orientation.donnees_partagees = shared.model_dump(mode="json", exclude_none=True)
    orientation.envoyee_le = utcnow()
    await _move(session, orientation, StatutOrientation.envoyee, actor.kind, actor.id)
    await session.flush()
    await outbox.publish(
        session, "orientation.envoyee", _event(orientation), orientation.partenaire_id
    )
    await audit.record(
        session,
        context,
        "disclosure",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={
            "partenaire_id": str(orientation.partenaire_id),
            "elements": sorted(orientation.donnees_partagees),
        },
    )
    return orientation


async def cancel(
    session: AsyncSession, actor: Actor, context: AuditContext, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "annulation")
    was_sent = orientation.statut != StatutOrientation.brouillon
    await _move(session, orientation, StatutOrientation.annulee, actor.kind, actor.id)
    orientation.cloturee_le = utcnow()
    await session.flush()
    if was_sent:
        await outbox.publish(
            session, "orientation.annulee", _event(orientation), orientation.partenaire_id
        )
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={"transition": "annulee"},
    )
    return orientation


# --- partner side --------------------------------------------------------------------------


async def _partner_transition(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    verbe: str,
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    to = ORIENTATION.check(orientation.statut, verbe).vers
    assert to is not None
    if orientation.premiere_reponse_le is None:
        orientation.premiere_reponse_le = utcnow()
    await _move(session, orientation, to, actor.kind, actor.id)
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={"transition": to.value},
    )
    return orientation


def _partner_only(actor: Actor) -> None:
    if not is_partner(actor):
        raise Forbidden("Seul le partenaire destinataire répond à l'orientation.")


async def accept(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: ReponseIn,
) -> Orientation:
    _partner_only(actor)
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "acceptation",
    )
    orientation.commentaire_reponse = data.commentaire
    await session.flush()
    return orientation


async def refuse(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: RefusIn,
) -> Orientation:
    _partner_only(actor)
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "refus",
    )
    orientation.motif_refus = data.motif
    orientation.commentaire_reponse = data.commentaire
    orientation.cloturee_le = utcnow()
    await session.flush()
    return orientation


async def realise(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: RealisationIn,
) -> Orientation:
    _partner_only(actor)
    if data.date_realisation > date.today():
        raise InvalidField("body.date_realisation", "La date ne peut pas être future.")
    orientation = await _partner_transition(
        session,
        actor,
        context,
        orientation_id,
        "realisation",
    )
    orientation.date_realisation = data.date_realisation
    if data.commentaire:
        orientation.commentaire_reponse = data.commentaire
    orientation.cloturee_le = utcnow()
    await session.flush()
    return orientation


async def abandon(
    session: AsyncSession, actor: Actor, context: AuditContext, orientation_id: uuid.UUID
) -> Orientation:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "abandon")
    await _move(session, orientation, StatutOrientation.abandonnee, actor.kind, actor.id)
    orientation.cloturee_le = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="orientation",
        object_id=orientation.id,
        salarie_id=orientation.salarie_id,
        details={"transition": "abandonnee"},
    )
    return orientation


# --- thread --------------------------------------------------------------------------------


async def list_messages(
    session: AsyncSession, actor: Actor, orientation_id: uuid.UUID
) -> list[OrientationMessage]:
    orientation = await get_orientation(session, actor, orientation_id)
    return list(
        (
            await session.scalars(
                select(OrientationMessage)
                .where(OrientationMessage.orientation_id == orientation.id)
                .order_by(OrientationMessage.created_at)
            )
        ).all()
    )


async def post_message(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    orientation_id: uuid.UUID,
    data: MessageIn,
) -> OrientationMessage:
    orientation = await get_orientation(session, actor, orientation_id)
    ORIENTATION.check(orientation.statut, "message")
    if not is_partner(actor) and (
        await salaries_service.active_consent(
            session,
            orientation.salarie_id,
            TypeConsentement.partage_partenaire,
            orientation.partenaire_id,
        )
        is None
    ):
        # A message from the chantier shares news of the person: not without consent.
        raise ConsentementRequis()
    message = OrientationMessage(
        orientation_id=orientation.id,
        cote="partenaire" if is_partner(actor) else "convergence",
        auteur_type=actor.kind,
        auteur_id=actor.id,
        texte=data.texte,
    )
    session.add(message)
    await session.flush()
    if not is_partner(actor):
        await outbox.publish(
            session,
            "orientation.message",
            _event(orientation) | {"message_id": str(message.id)},
            orientation.partenaire_id,
        )
    await audit.record(
        session,
        context,
        "create",
        object_type="orientation_message",
        object_id=message.id,
        salarie_id=orientation.salarie_id,
    )
    return message


# --- statistics ----------------------------------------------------------------------------


async def statistics_for(
    session: AsyncSession, actor: Actor, territoire_id: uuid.UUID | None
) -> StatistiquesOut:
    """Per partner of the territoire: answers, refusals by motif, delays; in SQL aggregates."""
    if actor.role != Role.admin_national and (
        territoire_id is None or territoire_id not in actor.territoire_ids
    ):
        territoire_id = next(iter(sorted(actor.territoire_ids)), None)
        if territoire_id is None:
            raise Forbidden()
    partners_stmt = select(Structure.id, Structure.nom).where(
        Structure.type == TypeStructure.partenaire
    )
    if territoire_id is not None:
        partners_stmt = partners_stmt.where(
            Structure.id.in_(
                select(structure_territoire.c.structure_id).where(
                    structure_territoire.c.territoire_id == territoire_id
                )
            )
        )
    partners = {row.id: row.nom for row in (await session.execute(partners_stmt)).all()}
    base = (
        select(Orientation)
        .where(
            Orientation.partenaire_id.in_(list(partners)),
            Orientation.statut != StatutOrientation.brouillon,
        )
        .subquery()
    )
    old = utcnow() - timedelta(days=15)
    counts = (
        await session.execute(
            select(
                base.c.partenaire_id,
                func.count().label("recues"),
                func.count().filter(base.c.statut.in_(["acceptee", "realisee", "abandonnee"])),
                func.count().filter(base.c.statut == "refusee"),
                func.count().filter(base.c.statut == "realisee"),
                func.count().filter(and_(base.c.statut == "envoyee", base.c.envoyee_le < old)),
            ).group_by(base.c.partenaire_id)
        )
    ).all()
    by_motif: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for pid, motif, n in (
        await session.execute(
            select(base.c.partenaire_id, base.c.motif_refus, func.count())
            .where(base.c.statut == "refusee")
            .group_by(base.c.partenaire_id, base.c.motif_refus)
        )
    ).all():
        by_motif[pid][str(motif)] = n
    medians = await _median_hours(session, base)
    stats = [
        StatPartenaire(
            partenaire_id=pid,
            nom=partners[pid],
            recues=recues,
            acceptees=acceptees,
            refusees=refusees,
            refus_par_motif=by_motif[pid],
            realisees=realisees,
            en_attente_plus_15_jours=waiting,
            delai_median_premiere_reponse_heures=medians.get(pid),
        )
        for pid, recues, acceptees, refusees, realisees, waiting in counts
    ]
    solicited = {s.partenaire_id for s in stats}
    return StatistiquesOut(
        partenaires=sorted(stats, key=lambda s: s.nom),
        jamais_sollicites=[
            PartenaireRef(partenaire_id=pid, nom=nom)
            for pid, nom in sorted(partners.items(), key=lambda item: item[1])
            if pid not in solicited
        ],
    )


async def _median_hours(session: AsyncSession, base: Any) -> dict[uuid.UUID, float]:
    answered = and_(base.c.premiere_reponse_le.is_not(None), base.c.envoyee_le.is_not(None))
    if session.get_bind().dialect.name == "postgresql":
        hours = func.extract("epoch", base.c.premiere_reponse_le - base.c.envoyee_le) / 3600.0
        rows = await session.execute(
            select(base.c.partenaire_id, func.percentile_cont(0.5).within_group(hours))
            .where(answered)
            .group_by(base.c.partenaire_id)
        )
        return {pid: round(float(v), 1) for pid, v in rows.all() if v is not None}
    # SQLite has no percentile: the answered pairs only (two timestamps per orientation).
    grouped: dict[uuid.UUID, list[float]] = defaultdict(list)
    rows = await session.execute(
        select(base.c.partenaire_id, base.c.envoyee_le, base.c.premiere_reponse_le).where(answered)
    )
    for pid, sent, answered_at in rows.all():
        sent_at = datetime.fromisoformat(str(sent)) if not isinstance(sent, datetime) else sent
        first = (
            datetime.fromisoformat(str(answered_at))
            if not isinstance(answered_at, datetime)
            else answered_at
        )
        grouped[pid].append((first - sent_at).total_seconds() / 3600)
    return {pid: round(statistics.median(values), 1) for pid, values in grouped.items()}


async def cancel_for_revoked_consent(
    session: AsyncSession, context: AuditContext, salarie_id: uuid.UUID, partenaire_id: uuid.UUID
) -> int:
    """Revoking a consent to share cancels the open orientations to that partner."""
    rows = (
        await session.scalars(
            select(Orientation).where(
                Orientation.salarie_id == salarie_id,
                Orientation.partenaire_id == partenaire_id,
                Orientation.statut.in_([StatutOrientation.brouillon, *OUVERTES]),
            )
        )
    ).all()
    for orientation in rows:
        await _move(session, orientation, StatutOrientation.annulee, "systeme", None)
        orientation.cloturee_le = utcnow()
        await outbox.publish(session, "orientation.annulee", _event(orientation), partenaire_id)
        await audit.record(
            session,
            context,
            "update",
            object_type="orientation",
            object_id=orientation.id,
            salarie_id=salarie_id,
            details={"transition": "annulee", "raison": "consentement_revoque"},
        )
    await session.flush()
    return len(rows)
