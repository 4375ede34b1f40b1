"""The right of access: the person's whole file, as data or as a printable document."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext, AuditEvent
from api.core.auth import Actor
from api.core.db import utcnow
from api.freins import service as freins_service
from api.freins.models import Action, Diagnostic, Frein, ReferentielValeur
from api.freins.schemas import DomaineOut
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.orientations.schemas import DonneesPartagees, EvenementOut, MessageOut
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.parcours.schemas import ContratOut, JournalOut, SuiviOut
from api.referentiel import ElementPartage
from api.rgpd import retention
from api.rgpd.document import render
from api.rgpd.schemas import (
    ConsentementDonnees,
    ConservationOut,
    DiagnosticDonnees,
    DivulgationOut,
    DonneesPersonnellesOut,
    OrientationDonnees,
    ParcoursDonnees,
)
from api.rgpd.service import acces_out, conservation_legale, person
from api.salaries.models import Consentement, ReferentExterne
from api.salaries.schemas import ReferentOut, SalarieOut
from api.settings import Settings
from api.structures.models import Structure
from api.territoires.models import Territoire


async def _parcours(
    session: AsyncSession, actor: Actor, salarie_id: uuid.UUID
) -> list[ParcoursDonnees]:
    rows = list(
        (
            await session.scalars(
                select(Parcours)
                .where(Parcours.salarie_id == salarie_id)
                .order_by(Parcours.date_entree)
            )
        ).all()
    )
    if not rows:
        return []
    ids = [p.id for p in rows]
    chantiers = dict(
        (
            await session.execute(
                select(Structure.id, Structure.nom).where(
                    Structure.id.in_({p.chantier_id for p in rows})
                )
            )
        ).all()
    )

    async def grouped(stmt: Any, key: str) -> dict[uuid.UUID, list[Any]]:
        out: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for row in (await session.scalars(stmt)).all():
            out[getattr(row, key)].append(row)
        return out

    contrats = await grouped(
        select(Contrat).where(Contrat.parcours_id.in_(ids)).order_by(Contrat.date_debut),
        "parcours_id",
    )
    suivis = await grouped(
        select(SuiviPostSortie)
        .where(SuiviPostSortie.parcours_id.in_(ids))
        .order_by(SuiviPostSortie.echeance_mois),
        "parcours_id",
    )
    diagnostics = await grouped(
        select(Diagnostic)
        .where(Diagnostic.parcours_id.in_(ids))
        .options(selectinload(Diagnostic.domaines))
        .order_by(Diagnostic.date, Diagnostic.created_at),
        "parcours_id",
    )
    freins = await grouped(
        select(Frein)
        .where(Frein.parcours_id.in_(ids))
        .order_by(Frein.domaine, Frein.date_identification),
        "parcours_id",
    )
    frein_ids = [f.id for fs in freins.values() for f in fs]
    actions = (
        await grouped(
            select(Action)
            .where(Action.frein_id.in_(frein_ids))
            .order_by(Action.echeance, Action.created_at),
            "frein_id",
        )
        if frein_ids
        else {}
    )
    journal = await grouped(
        select(JournalEntree)
        .where(JournalEntree.parcours_id.in_(ids))
        .order_by(JournalEntree.date, JournalEntree.created_at),
        "parcours_id",
    )
    return [
        ParcoursDonnees(
            id=p.id,
            chantier_id=p.chantier_id,
            chantier_nom=chantiers.get(p.chantier_id, ""),
            referent_id=p.referent_id,
            date_entree=p.date_entree,
            statut=p.statut,
            prescripteur=p.prescripteur,
            prescripteur_precision=p.prescripteur_precision,
            parcours_de_rue=p.parcours_de_rue,
            duree_rue_mois=p.duree_rue_mois,
            logement_entree=p.logement_entree,
            justification_duree=p.justification_duree,
            motif_suspension=p.motif_suspension,
            date_sortie=p.date_sortie,
            motif_sortie=p.motif_sortie,
            categorie_sortie=p.categorie_sortie,
            logement_sortie=p.logement_sortie,
            employeur_sortie=p.employeur_sortie,
            contrat_sortie=p.contrat_sortie,
            date_cloture=p.date_cloture,
            contrats=[ContratOut.model_validate(c) for c in contrats[p.id]],
            suivis=[SuiviOut.model_validate(s) for s in suivis[p.id]],
            diagnostics=[
                DiagnosticDonnees(
                    id=d.id,
                    etape=d.etape,
                    date=d.date,
                    statut=d.statut,
                    remplace_id=d.remplace_id,
                    domaines=[
                        DomaineOut(
                            domaine=item.domaine,
                            niveau=item.niveau,
                            situations=list(item.situations),
                            commentaire=item.commentaire,
                        )
                        for item in d.domaines
                    ],
                )
                for d in diagnostics[p.id]
            ],
            freins=[
                freins_service.frein_out(actor, f, actions.get(f.id, [])) for f in freins[p.id]
            ],
            # The person reads every note about them, restricted ones included.
            journal=[
                JournalOut(
                    id=j.id,
                    type=j.type,
                    date=j.date,
                    auteur_id=j.auteur_id,
                    titre=j.titre,
                    confidentialite=j.confidentialite,
                    details=j.details,
                    created_at=j.created_at,
                    texte=j.texte,
                )
                for j in journal[p.id]
            ],
        )
        for p in rows
    ]


async def _orientations(session: AsyncSession, salarie_id: uuid.UUID) -> list[OrientationDonnees]:
    rows = list(
        (
            await session.scalars(
                select(Orientation)
                .where(Orientation.salarie_id == salarie_id)
                .order_by(Orientation.created_at)
            )
        ).all()
    )
    if not rows:
        return []
    ids = [o.id for o in rows]
    partners = dict(
        (
            await session.execute(
                select(Structure.id, Structure.nom).where(
                    Structure.id.in_({o.partenaire_id for o in rows})
                )
            )
        ).all()
    )
    events: dict[uuid.UUID, list[EvenementOut]] = defaultdict(list)
    for e in await session.scalars(
        select(OrientationEvenement)
        .where(OrientationEvenement.orientation_id.in_(ids))
        .order_by(OrientationEvenement.at)
    ):
        events[e.orientation_id].append(EvenementOut.model_validate(e))
    messages: dict[uuid.UUID, list[MessageOut]] = defaultdict(list)
    for m in await session.scalars(
        select(OrientationMessage)
        .where(OrientationMessage.orientation_id.in_(ids))
        .order_by(OrientationMessage.created_at)
    ):
        messages[m.orientation_id].append(MessageOut.model_validate(m))
    return [
        OrientationDonnees(
            id=o.id,
            parcours_id=o.parcours_id,
            partenaire_id=o.partenaire_id,
            partenaire_nom=partners.get(o.partenaire_id, ""),
            domaine=o.domaine,
            motif=o.motif,
            urgence=o.urgence,
            besoin=o.besoin,
            statut=o.statut,
            partage=[ElementPartage(p) for p in o.partage],
            donnees_partagees=DonneesPartagees.model_validate(o.donnees_partagees)
            if o.donnees_partagees is not None
            else None,
            envoyee_le=o.envoyee_le,
            premiere_reponse_le=o.premiere_reponse_le,
            motif_refus=o.motif_refus,
            commentaire_reponse=o.commentaire_reponse,
            date_realisation=o.date_realisation,
            evenements=events[o.id],
            messages=messages[o.id],
        )
        for o in rows
    ]


async def donnees(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    salarie_id: uuid.UUID,
    format_: str,
    today: date | None = None,
) -> DonneesPersonnellesOut:
    """Everything held about the person, to hand to them; audited as an export."""
    salarie = await person(session, actor, salarie_id)
    await audit.record(
        session,
        context,
        "export",
        object_type="donnees_personnelles",
        object_id=salarie.id,
        salarie_id=salarie.id,
        details={"format": format_},
    )
    names = dict(
        (
            await session.execute(
                select(Structure.id, Structure.nom).where(
                    Structure.id.in_(
                        select(Consentement.partenaire_id).where(
                            Consentement.salarie_id == salarie.id
                        )
                    )
                    | (Structure.id == salarie.chantier_id)
                )
            )
        ).all()
    )
    territoire = await session.get(Territoire, salarie.territoire_id)
    consents = list(
        (
            await session.scalars(
                select(Consentement)
                .where(Consentement.salarie_id == salarie.id)
                .order_by(Consentement.date_recueil, Consentement.created_at)
            )
        ).all()
    )
    referents = (
        await session.scalars(
            select(ReferentExterne)
            .where(ReferentExterne.salarie_id == salarie.id)
            .order_by(ReferentExterne.nom)
        )
    ).all()
    orientations = await _orientations(session, salarie.id)
    events = list(
        (
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.salarie_id == salarie.id)
                .order_by(AuditEvent.id.desc())
            )
        ).all()
    )
    found = await retention.dossiers(
        session, settings.retention_months, salarie_ids=[salarie.id], today=today
    )
    dossier = found[0]
    return DonneesPersonnellesOut(
        genere_le=utcnow(),
        identite=SalarieOut.model_validate(salarie),
        territoire_nom=territoire.nom if territoire else "",
        chantier_nom=names.get(salarie.chantier_id, ""),
        consentements=[
            ConsentementDonnees(
                id=c.id,
                type=c.type,
                partenaire_id=c.partenaire_id,
                partenaire_nom=names.get(c.partenaire_id) if c.partenaire_id else None,
                inclut_sante=c.inclut_sante,
                date_recueil=c.date_recueil,
                revoque_le=c.revoque_le,
                actif=c.revoque_le is None,
            )
            for c in consents
        ],
        referents_externes=[ReferentOut.model_validate(r) for r in referents],
        parcours=await _parcours(session, actor, salarie.id),
        orientations=orientations,
        divulgations=[
            DivulgationOut(
                orientation_id=o.id,
                partenaire_id=o.partenaire_id,
                partenaire_nom=o.partenaire_nom,
                envoyee_le=o.envoyee_le,
                elements=sorted(
                    k for k, v in o.donnees_partagees.model_dump().items() if v is not None
                ),
            )
            for o in orientations
            if o.envoyee_le is not None and o.donnees_partagees is not None
        ],
        acces=await acces_out(session, events),
        conservation=ConservationOut(
            retention_mois=settings.retention_months,
            dernier_contact=dossier.dernier_contact,
            conserve_jusqu_au=dossier.conserve_jusqu_au,
            dossier_ouvert=dossier.ouvert,
            conservation_legale=conservation_legale(settings),
        ),
    )


async def document(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    salarie_id: uuid.UUID,
) -> str:
    """The same, as a printable French HTML document to hand to the person."""
    data = await donnees(session, actor, context, settings, salarie_id, "html")
    libelles = dict(
        (await session.execute(select(ReferentielValeur.code, ReferentielValeur.libelle))).all()
    )
    return render(data, libelles)
