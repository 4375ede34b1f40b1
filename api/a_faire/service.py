"""The caseworker's inbox, "À faire": what is due on their people and what partners answered.

This package sits above the ones it reads (parcours, orientations, the Les emplois connector)
and imports them plainly. Three sources, one list:
- the deadlines and alerts of the caller's open parcours (the caseload statement, `caseload.py`);
- the news of the orientations the caller sent or follows as référent: partner answers
  (accepted, refused, realised), expiries and partner messages of the last
  `NEWS_WINDOW_DAYS` days;
- Les emplois de l'inclusion: arrivals to welcome, connections whose account was refused
  (`api.connecteurs.emplois.a_faire_items`).

Each user has one "seen" marker (`a_faire_vu`): news that arrived after it is `nouveau`.
Items are sorted once, by urgency (overdue first, oldest deadline first; then news, newest
first; then what is due soon), and grouped by person, the most urgent person first (the
connector's items belong to no parcours: they are in `items` only).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.a_faire.caseload import caseload_parameters, caseload_statement, row_alerts
from api.a_faire.schemas import AFaireOut, AFairePersonne
from api.candidatures import service as candidatures
from api.connecteurs.emplois import a_faire_items as emplois_items
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.permissions import Permission
from api.orientations.acces import visible_orientations
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.parcours.acces import statut_inline
from api.parcours.dates import months_between
from api.parcours.models import Parcours
from api.parcours.schemas import AFaireItem
from api.parcours.service import close_due
from api.parcours.vu import ANSWER_STATUSES, NEWS_WINDOW_DAYS, followed_by, seen_at
from api.referentiel import MotifRefus, Role, StatutOrientation, StatutParcours
from api.salaries.models import Salarie
from api.structures.models import Structure

# Caseloads are bounded (a chantier has a few dozen people); a safety cap, not a page.
MAX_PARCOURS = 2000

# The item type of each partner answer (vu.ANSWER_STATUSES).
ANSWERS = {
    StatutOrientation.acceptee: "orientation_acceptee",
    StatutOrientation.refusee: "orientation_refusee",
    StatutOrientation.realisee: "orientation_realisee",
    StatutOrientation.expiree: "orientation_expiree",
}

# The French label of a refusal motif, for the item's text.
# (To move into the shared vocabulary, api/referentiel, with the other labels.)
MOTIFS_REFUS = {
    MotifRefus.hors_criteres: "hors critères",
    MotifRefus.pas_de_place: "pas de place",
    MotifRefus.personne_injoignable: "personne injoignable",
    MotifRefus.doublon: "doublon",
    MotifRefus.autre: "autre motif",
}


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def delai_en_mots(echeance: date, today: date) -> str:
    """« en retard de 20 mois », « aujourd'hui », « dans 5 jours », « dans 2 mois »."""
    if echeance == today:
        return "aujourd'hui"
    start, end = (echeance, today) if echeance < today else (today, echeance)
    months = months_between(start, end)
    days = (end - start).days
    if months >= 12:
        years = months // 12
        amount = _plural(years, "an", "ans")
        if months % 12:
            amount += f" {months % 12} mois"
    elif months >= 1:
        amount = f"{months} mois"
    else:
        amount = _plural(days, "jour", "jours")
    return f"en retard de {amount}" if echeance < today else f"dans {amount}"


def _urgency(item: AFaireItem) -> tuple[int, float]:
    """Sort key: overdue (oldest first), then news (newest first), then due soon."""
    if item.en_retard and item.echeance is not None:
        return (0, float(item.echeance.toordinal()))
    if item.survenu_le is not None:
        return (1, -item.survenu_le.timestamp())
    if item.echeance is not None:
        return (2, float(item.echeance.toordinal()))
    return (3, 0.0)


def in_urgency_order(items: list[AFaireItem]) -> list[AFaireItem]:
    """The inbox's one order: overdue first (oldest first), then news, then what is due."""
    return sorted(items, key=lambda i: (_urgency(i), i.nom, i.prenoms))


async def _news(
    session: AsyncSession, actor: Actor, since: datetime, seen: datetime | None
) -> list[AFaireItem]:
    """Partner answers, expiries and partner messages on the orientations the caller follows."""
    followed = (
        visible_orientations(actor).with_only_columns(Orientation.id).where(followed_by(actor))
    )
    latest_answer = (
        select(
            OrientationEvenement.orientation_id,
            func.max(OrientationEvenement.at).label("at"),
        )
        .where(
            OrientationEvenement.orientation_id.in_(followed),
            OrientationEvenement.statut.in_(ANSWER_STATUSES),
            OrientationEvenement.at >= since,
        )
        .group_by(OrientationEvenement.orientation_id)
        .subquery()
    )
    latest_message = (
        select(
            OrientationMessage.orientation_id,
            func.max(OrientationMessage.created_at).label("at"),
            func.count(OrientationMessage.id).label("nombre"),
        )
        .where(
            OrientationMessage.orientation_id.in_(followed),
            OrientationMessage.cote == "partenaire",
            OrientationMessage.created_at >= since,
        )
        .group_by(OrientationMessage.orientation_id)
        .subquery()
    )
    columns = (Orientation, Salarie.nom, Salarie.prenoms, Structure.nom.label("partenaire"))
    base = (
        select(*columns)
        .join(Salarie, Salarie.id == Orientation.salarie_id)
        .join(Structure, Structure.id == Orientation.partenaire_id)
    )
    answers = await session.execute(
        base.add_columns(latest_answer.c.at).join(
            latest_answer, latest_answer.c.orientation_id == Orientation.id
        )
    )
    messages = await session.execute(
        base.add_columns(latest_message.c.at, latest_message.c.nombre).join(
            latest_message, latest_message.c.orientation_id == Orientation.id
        )
    )
    items: list[AFaireItem] = []

    def item(row: Any, type_: str, libelle: str) -> AFaireItem:
        o: Orientation = row.Orientation
        return AFaireItem(
            type=type_,
            libelle=libelle,
            echeance=None,
            survenu_le=row.at,
            nouveau=seen is None or row.at > seen,
            parcours_id=o.parcours_id,
            salarie_id=o.salarie_id,
            nom=row.nom,
            prenoms=row.prenoms,
            objet_id=o.id,
            lien=f"/orientations/{o.id}",
        )

    for row in answers:
        o = row.Orientation
        if o.statut not in ANSWERS:
            continue  # answered, then cancelled or abandoned by the chantier: nothing to read
        partner = row.partenaire
        if o.statut == StatutOrientation.acceptee:
            text = f"{partner} a accepté l'orientation « {o.motif} »"
        elif o.statut == StatutOrientation.refusee:
            motif = MOTIFS_REFUS.get(o.motif_refus, "") if o.motif_refus else ""
            text = f"{partner} a refusé l'orientation « {o.motif} »" + (
                f" : {motif}" if motif else ""
            )
        elif o.statut == StatutOrientation.realisee:
            text = f"{partner} a réalisé l'accompagnement « {o.motif} »"
        else:
            text = f"L'orientation « {o.motif} » vers {partner} a expiré sans réponse"
        if o.commentaire_reponse and o.statut != StatutOrientation.expiree:
            text += f" — « {o.commentaire_reponse} »"
        items.append(item(row, ANSWERS[o.statut], text))
    for row in messages:
        count = row.nombre
        text = (
            f"Nouveau message de {row.partenaire}"
            if count == 1
            else f"{count} messages de {row.partenaire}"
        ) + f" sur l'orientation « {row.Orientation.motif} »"
        items.append(item(row, "message_partenaire", text))
    return items


async def _echeances(session: AsyncSession, actor: Actor, today: date) -> list[AFaireItem]:
    """The deadlines and alerts of the caller's open parcours (their own, for an accompagnateur)."""
    stmt = caseload_statement(actor).where(Parcours.statut != statut_inline(StatutParcours.clos))
    if actor.role == Role.accompagnateur:
        stmt = stmt.where(Parcours.referent_id == actor.id)
    items: list[AFaireItem] = []
    rows = await session.execute(stmt.limit(MAX_PARCOURS), caseload_parameters(today))
    for r in rows.all():
        for code, libelle, due in row_alerts(r, today):
            items.append(
                AFaireItem(
                    type=code,
                    libelle=libelle,
                    echeance=due,
                    delai=delai_en_mots(due, today) if due is not None else None,
                    en_retard=due is not None and due < today,
                    parcours_id=r.Parcours.id,
                    salarie_id=r.Parcours.salarie_id,
                    nom=r.nom,
                    prenoms=r.prenoms,
                    lien=f"/parcours/{r.Parcours.id}",
                )
            )
    return items


async def inbox(session: AsyncSession, actor: Actor) -> AFaireOut:
    await close_due(session, actor=actor)
    today = date.today()
    seen = await seen_at(session, actor)
    since = utcnow() - timedelta(days=NEWS_WINDOW_DAYS)
    items = in_urgency_order(
        [
            *await emplois_items(session, actor),
            *await _echeances(session, actor, today),
            *await _news(session, actor, since, seen),
        ]
    )

    groups: dict[uuid.UUID, list[AFaireItem]] = defaultdict(list)
    for i in items:  # already in urgency order: a group's first item is its most urgent
        if i.parcours_id is not None:
            groups[i.parcours_id].append(i)
    personnes = [
        AFairePersonne(
            parcours_id=parcours_id,
            salarie_id=group[0].salarie_id,
            nom=group[0].nom,
            prenoms=group[0].prenoms,
            lien=f"/parcours/{parcours_id}",
            nouveaux=sum(1 for i in group if i.nouveau),
            en_retard=sum(1 for i in group if i.en_retard),
            items=group,
        )
        for parcours_id, group in groups.items()
    ]
    return AFaireOut(
        items=items,
        personnes=personnes,
        nouveaux=sum(1 for i in items if i.nouveau),
        vu_le=seen,
        candidatures_a_instruire=(
            await candidatures.a_instruire(session, actor)
            if actor.can(Permission.candidatures_instruire)
            else 0
        ),
    )
