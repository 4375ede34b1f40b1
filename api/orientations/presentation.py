"""The orientations as each caller reads them: the chantier's view with its events and names,
the partner's minimum view, the thread signed by names and organisations.
"""

from __future__ import annotations

import uuid
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.auth import Actor
from api.identity.auteurs import auteurs
from api.orientations.acces import is_partner
from api.orientations.machine import ORIENTATION
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.orientations.schemas import (
    DonneesPartagees,
    EvenementOut,
    MessageOut,
    OrientationOut,
    OrientationPartenaireOut,
    PersonneRef,
)
from api.parcours import vu
from api.referentiel import ElementPartage
from api.salaries.models import Salarie
from api.structures.models import Structure


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
