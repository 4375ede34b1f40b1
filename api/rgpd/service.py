"""The person's rights (access, erasure) and the retention status of the files."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit, outbox
from api.core.audit import AuditContext, AuditEvent
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import Conflict
from api.freins import service as freins_service
from api.freins.models import Action, Diagnostic, Frein, ReferentielValeur
from api.freins.schemas import DomaineOut
from api.identity.models import ApiClient, UserAccount
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.orientations.schemas import DonneesPartagees, EvenementOut, MessageOut
from api.parcours.dates import add_months
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.parcours.schemas import ContratOut, JournalOut, SuiviOut
from api.referentiel import ElementPartage, ElementRestant, Role, StatutOrientation
from api.rgpd import anonymisation, retention
from api.rgpd.document import render
from api.rgpd.models import TACHE_QUOTIDIENNE, TachePlanifiee
from api.rgpd.schemas import (
    AccesOut,
    ActeurOut,
    ApercuEffacementOut,
    ConsentementDonnees,
    ConservationOut,
    DiagnosticDonnees,
    DivulgationOut,
    DonneesPersonnellesOut,
    EffacementIn,
    EffacementOut,
    ElementConserveOut,
    OrientationDonnees,
    ParcoursDonnees,
    RestantOut,
    RetentionOut,
    RetentionTerritoire,
)
from api.salaries import service as salaries_service
from api.salaries.models import Consentement, ReferentExterne, Salarie
from api.salaries.schemas import ReferentOut, SalarieOut
from api.settings import Settings
from api.structures.models import Structure
from api.territoires.models import Territoire

# Who hands the person their data, who erases it, who watches the retention.
SENT = (
    StatutOrientation.envoyee,
    StatutOrientation.acceptee,
    StatutOrientation.refusee,
    StatutOrientation.realisee,
    StatutOrientation.abandonnee,
    StatutOrientation.annulee,
    StatutOrientation.expiree,
)


class DossierOuvert(Conflict):
    code = "parcours_ouvert"
    detail = (
        "Un parcours de cette personne est encore ouvert : enregistrez sa sortie avant "
        "d'effacer ses données (les indicateurs doivent garder la sortie)."
    )


async def _person(session: AsyncSession, actor: Actor, salarie_id: uuid.UUID) -> Salarie:
    """The person, inside the caller's perimeter (404 outside, as everywhere)."""
    return await salaries_service.get_salarie(session, actor, salarie_id)


# --- access history ------------------------------------------------------------------------


async def _acteurs(session: AsyncSession, events: list[AuditEvent]) -> dict[uuid.UUID, ActeurOut]:
    users = {e.actor_id for e in events if e.actor_type == "user" and e.actor_id}
    clients = {e.actor_id for e in events if e.actor_type == "client" and e.actor_id}
    found: dict[uuid.UUID, ActeurOut] = {}
    if users:
        for r in await session.execute(
            select(UserAccount.id, UserAccount.prenom, UserAccount.nom, UserAccount.role,
                   Structure.nom.label("structure"))
            .join(Structure, Structure.id == UserAccount.structure_id)
            .where(UserAccount.id.in_(users))
        ):  # fmt: skip
            found[r.id] = ActeurOut(
                type="user", id=r.id, nom=f"{r.prenom} {r.nom}", role=r.role, structure=r.structure
            )
    if clients:
        for c in await session.execute(
            select(ApiClient.id, ApiClient.nom, ApiClient.role, Structure.nom.label("structure"))
            .join(Structure, Structure.id == ApiClient.structure_id)
            .where(ApiClient.id.in_(clients))
        ):
            found[c.id] = ActeurOut(
                type="client", id=c.id, nom=c.nom, role=c.role, structure=c.structure
            )
    return found


async def _acces_out(session: AsyncSession, events: list[AuditEvent]) -> list[AccesOut]:
    acteurs = await _acteurs(session, events)
    return [
        AccesOut(
            id=e.id,
            occurred_at=e.occurred_at,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            acteur=acteurs.get(e.actor_id)
            if e.actor_id is not None and e.actor_id in acteurs
            else ActeurOut(type=e.actor_type, id=e.actor_id, nom=None, role=None, structure=None),
            details=e.details,
        )
        for e in events
    ]


async def acces(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    salarie_id: uuid.UUID,
    *,
    limit: int,
    before_id: int | None,
) -> tuple[list[AccesOut], int | None]:
    """Who opened or changed the file, newest first (reading it is itself traced)."""
    salarie = await _person(session, actor, salarie_id)
    await audit.record(
        session, context, "read", object_type="acces", object_id=salarie.id, salarie_id=salarie.id
    )
    stmt = select(AuditEvent).where(AuditEvent.salarie_id == salarie.id)
    if before_id is not None:
        stmt = stmt.where(AuditEvent.id < before_id)
    rows = list((await session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(limit + 1))).all())
    next_id = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_id = rows[-1].id
    return await _acces_out(session, rows), next_id


# --- right of access: the whole file -------------------------------------------------------


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


def _conservation_legale(settings: Settings) -> list[ElementConserveOut]:
    return [ElementConserveOut(**e.model_dump()) for e in settings.conservation_legale]


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
    salarie = await _person(session, actor, salarie_id)
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
        acces=await _acces_out(session, events),
        conservation=ConservationOut(
            retention_mois=settings.retention_months,
            dernier_contact=dossier.dernier_contact,
            conserve_jusqu_au=dossier.conserve_jusqu_au,
            dossier_ouvert=dossier.ouvert,
            conservation_legale=_conservation_legale(settings),
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


# --- erasure -------------------------------------------------------------------------------


async def _sent_to(
    session: AsyncSession, salarie_id: uuid.UUID
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(orientation, partner) of every orientation that left the system."""
    rows = await session.execute(
        select(Orientation.id, Orientation.partenaire_id).where(
            Orientation.salarie_id == salarie_id,
            Orientation.statut.in_(SENT),
            Orientation.envoyee_le.is_not(None),
        )
    )
    return [(r.id, r.partenaire_id) for r in rows.all()]


async def _restants(
    session: AsyncSession,
    settings: Settings,
    salarie_id: uuid.UUID,
    supprimes: dict[str, int],
    partners: int,
    today: date,
) -> list[RestantOut]:
    """What an erasure leaves, said plainly (the confirmation names it)."""
    audit_rows = len(
        (
            await session.scalars(select(AuditEvent.id).where(AuditEvent.salarie_id == salarie_id))
        ).all()
    )
    out = [
        RestantOut(
            element=ElementRestant.statistiques,
            description=(
                "Une fiche statistique par parcours (sans nom ni date de naissance : mois "
                "d'entrée et de sortie, tranche d'âge, situations et résultats), pour que les "
                "indicateurs du programme restent justes."
            ),
            nombre=supprimes.get("parcours", 0),
        )
    ]
    rule = next((e for e in settings.conservation_legale if e.element == "contrats"), None)
    if rule is not None and supprimes.get("contrats"):
        fins = (
            await session.scalars(
                select(Contrat.date_fin)
                .join(Parcours, Parcours.id == Contrat.parcours_id)
                .where(Parcours.salarie_id == salarie_id)
            )
        ).all()
        kept = [add_months(f, rule.duree_mois) for f in fins]
        kept = [k for k in kept if k >= today]
        if kept:
            out.append(
                RestantOut(
                    element=ElementRestant.contrats,
                    description=f"Contrats conservés sans nom : {rule.motif}",
                    nombre=len(kept),
                    jusqu_au=max(kept),
                )
            )
    out.append(
        RestantOut(
            element=ElementRestant.journal_audit,
            description=(
                "Les traces des consultations et modifications du dossier (sans nom : "
                "identifiants, dates, actions), effacées au terme de la conservation du "
                f"journal d'audit ({settings.audit_retention_days} jours)."
            ),
            nombre=audit_rows,
            jusqu_au=today + timedelta(days=settings.audit_retention_days),
        )
    )
    if partners:
        out.append(
            RestantOut(
                element=ElementRestant.copies_partenaires,
                description=(
                    "Les informations déjà transmises aux partenaires restent chez eux : "
                    "chacun est prévenu de l'effacement et doit supprimer sa copie."
                ),
                nombre=partners,
            )
        )
    return out


async def apercu_effacement(
    session: AsyncSession,
    actor: Actor,
    settings: Settings,
    salarie_id: uuid.UUID,
    today: date | None = None,
) -> ApercuEffacementOut:
    today = today or date.today()
    salarie = await _person(session, actor, salarie_id)
    found = await retention.dossiers(
        session, settings.retention_months, salarie_ids=[salarie.id], today=today
    )
    supprimes = dict(await anonymisation.counts(session, [salarie.id]))
    sent = await _sent_to(session, salarie.id)
    partner_ids = {p for _o, p in sent}
    names = (
        sorted(
            (
                await session.scalars(select(Structure.nom).where(Structure.id.in_(partner_ids)))
            ).all()
        )
        if partner_ids
        else []
    )
    return ApercuEffacementOut(
        possible=not found[0].ouvert,
        raison=DossierOuvert.detail if found[0].ouvert else None,
        supprimes={k: supprimes.get(k, 0) for k in anonymisation.SUPPRIMES},
        restants=await _restants(session, settings, salarie.id, supprimes, len(partner_ids), today),
        partenaires_a_informer=names,
    )


async def effacer(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    settings: Settings,
    salarie_id: uuid.UUID,
    data: EffacementIn,
    today: date | None = None,
) -> EffacementOut:
    """Erasure on request: anonymised at once, partners told to delete their copies."""
    today = today or date.today()
    await anonymisation.serialise(session)
    salarie = await _person(session, actor, salarie_id)
    found = await retention.dossiers(
        session, settings.retention_months, salarie_ids=[salarie.id], today=today
    )
    if found[0].ouvert:
        raise DossierOuvert()
    sent = await _sent_to(session, salarie.id)
    partners = {p for _o, p in sent}
    supprimes = dict(await anonymisation.counts(session, [salarie.id]))
    restants = await _restants(session, settings, salarie.id, supprimes, len(partners), today)
    # RGPD art. 19: every recipient is told; the payload names the orientation only.
    for orientation_id, partner_id in sent:
        await outbox.publish(
            session,
            "orientation.effacee",
            {"orientation_id": str(orientation_id), "statut": "effacee"},
            partner_id,
        )
    bilan = await anonymisation.anonymise(
        session, [salarie.id], settings.conservation_legale, today
    )
    await audit.record(
        session,
        context,
        "erase",
        object_type="salarie",
        object_id=salarie.id,
        salarie_id=salarie.id,
        details={"motif": data.motif.value, "partenaires_informes": len(partners)}
        | bilan.details(),
    )
    return EffacementOut(
        salarie_id=salarie.id,
        efface_le=utcnow(),
        motif=data.motif,
        supprimes={k: bilan.supprimes[k] for k in anonymisation.SUPPRIMES},
        restants=restants,
        partenaires_informes=len(partners),
    )


# --- retention status ----------------------------------------------------------------------


async def etat_retention(
    session: AsyncSession, actor: Actor, settings: Settings, today: date | None = None
) -> RetentionOut:
    today = today or date.today()
    territoires_stmt = select(Territoire.id, Territoire.nom).order_by(Territoire.nom)
    scope = None
    if actor.role != Role.admin_national:
        scope = list(actor.territoire_ids)
        territoires_stmt = territoires_stmt.where(Territoire.id.in_(scope))
    names = dict((await session.execute(territoires_stmt)).all())
    found = await retention.dossiers(
        session, settings.retention_months, territoire_ids=scope, today=today
    )
    soon = today + timedelta(days=30)
    rows: dict[uuid.UUID, RetentionTerritoire] = {
        tid: RetentionTerritoire(
            territoire_id=tid,
            nom=nom,
            dossiers=0,
            echeance_30_jours=0,
            echeance_depassee=0,
            ouverts_sans_contact=0,
        )
        for tid, nom in names.items()
    }
    for d in found:
        row = rows.get(d.territoire_id)
        if row is None:
            continue
        row.dossiers += 1
        if d.ouvert:
            row.ouverts_sans_contact += d.conserve_jusqu_au < today
        elif d.conserve_jusqu_au < today:
            row.echeance_depassee += 1
        elif d.conserve_jusqu_au < soon:
            row.echeance_30_jours += 1
    items = sorted(rows.values(), key=lambda r: r.nom)
    total = RetentionTerritoire(
        territoire_id=None,
        nom="Total",
        dossiers=sum(r.dossiers for r in items),
        echeance_30_jours=sum(r.echeance_30_jours for r in items),
        echeance_depassee=sum(r.echeance_depassee for r in items),
        ouverts_sans_contact=sum(r.ouverts_sans_contact for r in items),
    )
    marker = await session.get(TachePlanifiee, TACHE_QUOTIDIENNE)
    return RetentionOut(
        date_reference=today,
        retention_mois=settings.retention_months,
        audit_retention_jours=settings.audit_retention_days,
        conservation_legale=_conservation_legale(settings),
        territoires=items,
        total=total,
        derniere_execution=marker.terminee_le if marker else None,
        # Its counts are national: for the national team only.
        dernier_resultat=marker.resultat if marker and actor.role == Role.admin_national else None,
    )
