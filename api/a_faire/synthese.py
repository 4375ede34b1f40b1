"""A person at a glance (`GET /api/v1/parcours/{id}/synthese`): the deadlines and alerts of
the caseload, the open freins by domaine, the orientations and their last answers, the last
entretien and the contract. Five statements whatever the size of the record; what the caller
may not read is absent.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.a_faire.caseload import FREINS_ALERTS, caseload_parameters, caseload_statement, row_alerts
from api.a_faire.schemas import (
    SyntheseContrat,
    SyntheseEcheance,
    SyntheseEntretien,
    SyntheseFrein,
    SyntheseOrientation,
    SyntheseOut,
)
from api.a_faire.service import delai_en_mots
from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.permissions import Permission
from api.freins.models import Frein
from api.orientations.acces import visible_orientations
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.parcours.acces import ParcoursNotFound
from api.parcours.models import Contrat, JournalEntree, Parcours
from api.parcours.service import close_if_due
from api.parcours.vu import ANSWER_STATUSES, NEWS_WINDOW_DAYS
from api.referentiel import Domaine, StatutFrein, StatutOrientation, StatutParcours, TypeJournal
from api.structures.models import Structure

# Orientations still waiting for the partner or under way.
OPEN_ORIENTATIONS = (
    StatutOrientation.brouillon,
    StatutOrientation.envoyee,
    StatutOrientation.acceptee,
)
OPEN_FREINS = (StatutFrein.identifie, StatutFrein.en_traitement)


async def synthese(
    session: AsyncSession, actor: Actor, context: AuditContext, parcours_id: uuid.UUID
) -> SyntheseOut:
    today = date.today()
    row = (
        await session.execute(
            caseload_statement(actor).where(Parcours.id == parcours_id),
            caseload_parameters(today),
        )
    ).first()
    if row is None:
        raise ParcoursNotFound()
    parcours: Parcours = row.Parcours
    await close_if_due(session, parcours)
    echeances = [
        SyntheseEcheance(
            type=code,
            libelle=libelle,
            echeance=due,
            delai=delai_en_mots(due, today) if due is not None else None,
            en_retard=due is not None and due < today,
        )
        for code, libelle, due in row_alerts(row, today)
        if actor.can(Permission.freins_read) or code not in FREINS_ALERTS
    ]
    echeances.sort(key=lambda e: (e.echeance is None, e.echeance or today))
    out = SyntheseOut(
        parcours_id=parcours.id,
        echeances=echeances,
        contrat=await _contrat(session, parcours),
    )
    if actor.can(Permission.freins_read):
        out.freins = await _freins(session, actor, parcours.id)
    if actor.can(Permission.orientations_read):
        out.orientations = await _orientations(session, actor, parcours.id)
    if actor.can(Permission.journal_read):
        out.dernier_entretien = await _dernier_entretien(session, parcours.id)
    await audit.record(
        session,
        context,
        "read",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
        details={"vue": "synthese"},
    )
    return out


async def _contrat(session: AsyncSession, parcours: Parcours) -> SyntheseContrat | None:
    """The contract under way, else the last one; its end is not shown once the person left."""
    contrat = await session.scalar(
        select(Contrat)
        .where(Contrat.parcours_id == parcours.id)
        .order_by(Contrat.date_debut.desc(), Contrat.id.desc())
        .limit(1)
    )
    if contrat is None:
        return None
    out = SyntheseContrat(
        type=contrat.type, date_debut=contrat.date_debut, heures_hebdo=contrat.heures_hebdo
    )
    if parcours.statut not in (StatutParcours.sorti, StatutParcours.clos):
        out.date_fin = contrat.date_fin
    return out


async def _freins(
    session: AsyncSession, actor: Actor, parcours_id: uuid.UUID
) -> list[SyntheseFrein]:
    rows = await session.execute(
        select(Frein.domaine, func.count(Frein.id), func.max(Frein.niveau))
        .where(Frein.parcours_id == parcours_id, Frein.statut.in_(OPEN_FREINS))
        .group_by(Frein.domaine)
    )
    out = []
    for domaine, nombre, niveau in rows.all():
        item = SyntheseFrein(domaine=domaine, nombre=nombre)
        if actor.sees_details(domaine):
            item.niveau_max = niveau
        out.append(item)
    # Most severe first, then in the référentiel's order of domaines.
    order = {d: i for i, d in enumerate(Domaine)}
    return sorted(out, key=lambda f: (-(f.niveau_max or 0), order[f.domaine]))


async def _orientations(
    session: AsyncSession, actor: Actor, parcours_id: uuid.UUID
) -> list[SyntheseOrientation]:
    since = utcnow() - timedelta(days=NEWS_WINDOW_DAYS)
    answer = (
        select(func.max(OrientationEvenement.at))
        .where(
            OrientationEvenement.orientation_id == Orientation.id,
            OrientationEvenement.statut.in_(ANSWER_STATUSES),
        )
        .scalar_subquery()
    )
    message = (
        select(func.max(OrientationMessage.created_at))
        .where(
            OrientationMessage.orientation_id == Orientation.id,
            OrientationMessage.cote == "partenaire",
        )
        .scalar_subquery()
    )
    stmt = (
        visible_orientations(actor)
        .add_columns(Structure.nom, answer.label("reponse"), message.label("message"))
        .join(Structure, Structure.id == Orientation.partenaire_id)
        .where(
            Orientation.parcours_id == parcours_id,
            or_(
                Orientation.statut.in_(OPEN_ORIENTATIONS),
                Orientation.cloturee_le >= since,
                Orientation.premiere_reponse_le >= since,
            ),
        )
        .order_by(Orientation.created_at.desc())
        .limit(20)
    )
    return [
        SyntheseOrientation(
            id=r.Orientation.id,
            domaine=r.Orientation.domaine,
            motif=r.Orientation.motif,
            partenaire=r.nom,
            statut=r.Orientation.statut,
            envoyee_le=r.Orientation.envoyee_le,
            derniere_reponse_le=r.reponse,
            motif_refus=r.Orientation.motif_refus,
            commentaire_reponse=r.Orientation.commentaire_reponse,
            dernier_message_le=r.message,
        )
        for r in (await session.execute(stmt)).all()
    ]


async def _dernier_entretien(
    session: AsyncSession, parcours_id: uuid.UUID
) -> SyntheseEntretien | None:
    entree = await session.scalar(
        select(JournalEntree)
        .where(
            JournalEntree.parcours_id == parcours_id, JournalEntree.type == TypeJournal.entretien
        )
        .order_by(JournalEntree.date.desc(), JournalEntree.id.desc())
        .limit(1)
    )
    return None if entree is None else SyntheseEntretien(date=entree.date, titre=entree.titre)
