"""Orientations to partners, the sender's side: draft, consent, minimum disclosure, sending,
cancelling; and the expiry applied on read.

Its neighbours: `acces` (visibility), `presentation` (outputs), `reponses` (the partner's
answers), `messages` (the thread), `statistiques`, `handlers` (reactions to other features).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit, outbox
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField
from api.core.pagination import decode_cursor, encode_cursor
from api.freins.models import Diagnostic, DiagnosticDomaine, Frein
from api.identity import perimetre
from api.identity.models import UserAccount
from api.orientations.acces import get_orientation, visible_orientations
from api.orientations.machine import ORIENTATION
from api.orientations.models import Orientation, OrientationEvenement
from api.orientations.schemas import DonneesPartagees, OrientationCreate, OrientationUpdate
from api.parcours.acces import get_parcours
from api.referentiel import (
    Domaine,
    ElementPartage,
    StatutDiagnostic,
    StatutOrientation,
    TypeConsentement,
    TypeStructure,
)
from api.salaries import service as salaries_service
from api.salaries.models import Salarie
from api.settings import Settings
from api.structures.models import Structure


class ConsentementRequis(Conflict):
    code = "consentement_requis"
    detail = (
        "La personne n'a pas (ou plus) consenti au partage avec ce partenaire : recueillez son "
        "consentement avant d'envoyer l'orientation."
    )


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
        await move(session, orientation, StatutOrientation.expiree, "systeme", None)
        orientation.cloturee_le = utcnow()
        await outbox.publish(
            session, "orientation.expiree", event_payload(orientation), orientation.partenaire_id
        )
    if rows:
        await session.flush()


def event_payload(orientation: Orientation) -> dict[str, Any]:
    """Thin payloads: the partner fetches the details through the (audited) API."""
    return {"orientation_id": str(orientation.id), "statut": orientation.statut.value}


async def move(
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
    await move(session, orientation, StatutOrientation.brouillon, actor.kind, actor.id)
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
    await move(session, orientation, StatutOrientation.envoyee, actor.kind, actor.id)
    await session.flush()
    await outbox.publish(
        session, "orientation.envoyee", event_payload(orientation), orientation.partenaire_id
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
    await move(session, orientation, StatutOrientation.annulee, actor.kind, actor.id)
    orientation.cloturee_le = utcnow()
    await session.flush()
    if was_sent:
        await outbox.publish(
            session, "orientation.annulee", event_payload(orientation), orientation.partenaire_id
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
