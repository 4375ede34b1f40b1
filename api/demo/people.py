"""Demo people at every stage of the parcours (obviously fictitious), through the real rules."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.freins import diagnostics as freins_diagnostics
from api.freins import service as freins_service
from api.freins.schemas import ActionCreate, DiagnosticIn, DomaineIn, FreinsDepuisDiagnosticIn
from api.identity.models import UserAccount
from api.orientations import reponses as orientations_reponses
from api.orientations import service as orientations_service
from api.orientations.schemas import OrientationCreate, RealisationIn, RefusIn, ReponseIn
from api.parcours import journal as parcours_journal
from api.parcours import service as parcours_service
from api.parcours import sortie as parcours_sortie
from api.parcours.acces import get_parcours
from api.parcours.schemas import (
    ContratCreate,
    EntretienIn,
    NoteIn,
    ParcoursCreate,
    SortieIn,
    SuiviResultatIn,
    TransitionIn,
)
from api.referentiel import (
    Confidentialite,
    FonctionReferent,
    MotifSortie,
    Prescripteur,
    Role,
    SituationLogement,
    TypeConsentement,
)
from api.salaries import service as salaries_service
from api.salaries.schemas import ConsentementCreate, ReferentCreate, SalarieCreate
from api.structures.models import Structure

PRENOMS = [
    "Élodie",
    "Karim",
    "Sandrine",
    "Moussa",
    "Nadia",
    "Thierry",
    "Fatou",
    "Grégory",
    "Amina",
    "Patrick",
    "Leïla",
    "Sébastien",
    "Awa",
    "Christophe",
    "Yasmina",
    "Didier",
    "Chantal",
    "Mamadou",
    "Isabelle",
    "Rachid",
    "Sylvie",
    "Bruno",
    "Aïcha",
    "Jean-Marc",
]
NOMS = [
    "Exemple",
    "Fictif",
    "Démo",
    "Essai",
    "Modèle",
    "Maquette",
    "Prototype",
    "Brouillon",
    "Esquisse",
    "Ébauche",
    "Pilote",
    "Témoin",
]
SANS_EMPLOI = [MotifSortie.chomage, MotifSortie.sans_nouvelle, MotifSortie.demenagement]
EMPLOI = [
    MotifSortie.cdi,
    MotifSortie.cdd_interim_6_mois_ou_plus,
    MotifSortie.cdd_interim_moins_6_mois,
    MotifSortie.formation_qualifiante,
    MotifSortie.embauche_autre_siae,
]
LOGEMENT_ENTREE = [
    SituationLogement.sans_abri,
    SituationLogement.squat,
    SituationLogement.urgence_115,
    SituationLogement.chu,
    SituationLogement.hotel_social,
    SituationLogement.chrs,
    SituationLogement.heberge_chez_un_tiers,
]
LOGEMENT_SORTIE = [
    SituationLogement.residence_sociale,
    SituationLogement.pension_de_famille,
    SituationLogement.locataire_parc_social,
    SituationLogement.chrs,
    SituationLogement.heberge_chez_un_tiers,
    SituationLogement.intermediation_locative,
]
JUSTIFICATION = (
    "Parcours prolongé : consolidation du relogement et des soins engagés avant la sortie."
)


@dataclass(frozen=True)
class Plan:
    chantier: str
    stage: str  # accueil, en_cours, fin_contrat, suspendu, sorti_emploi, sorti, clos
    entree_jours: int  # days before today


# Today's caseload of each chantier, then several years of closed pathways.
PLANS: list[Plan] = [
    Plan("Ateliers de Belleville", "accueil", 10),
    Plan("Ateliers de Belleville", "en_cours", 200),
    Plan("Ateliers de Belleville", "fin_contrat", 300),
    Plan("Ateliers de Belleville", "en_cours", 800),
    Plan("Ateliers de Belleville", "suspendu", 400),
    Plan("Ateliers de Belleville", "sorti_emploi", 700),
    Plan("Ressourcerie du Canal", "en_cours", 120),
    Plan("Ressourcerie du Canal", "fin_contrat", 150),
    Plan("Ressourcerie du Canal", "accueil", 5),
    Plan("Atelier Rhône Insertion", "en_cours", 90),
    Plan("Atelier Rhône Insertion", "fin_contrat", 500),
    Plan("Atelier Rhône Insertion", "sorti_emploi", 600),
    Plan("Potagers de Vaulx", "en_cours", 60),
    *[
        Plan(chantier, "clos", 400 + 160 * i)
        for i, chantier in enumerate(
            [
                "Ateliers de Belleville",
                "Ressourcerie du Canal",
                "Atelier Rhône Insertion",
                "Potagers de Vaulx",
            ]
            * 4
        )
    ],
]


async def seed_people(session: AsyncSession) -> dict[str, int]:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = date.today()
    structures = {
        s.nom: s
        for s in (
            await session.scalars(select(Structure).options(selectinload(Structure.domaine_rows)))
        ).all()
    }
    users = (await session.scalars(select(UserAccount))).all()
    admin = next(u for u in users if u.role == Role.admin_national)
    actor = Actor(
        kind="user", id=admin.id, role=Role.admin_national, structure_id=admin.structure_id
    )
    context = AuditContext("systeme", None)
    referents = {u.structure_id: u.id for u in users if u.role == Role.accompagnateur}
    partners = [s for s in structures.values() if s.type == "partenaire"]
    created = 0
    orientations = 0
    for index, plan in enumerate(PLANS):
        chantier = structures[plan.chantier]
        entree = today - timedelta(days=plan.entree_jours)
        salarie = await salaries_service.create_salarie(
            session,
            actor,
            context,
            SalarieCreate(
                chantier_id=chantier.id,
                nom=NOMS[index % len(NOMS)],
                prenoms=PRENOMS[index % len(PRENOMS)],
                date_naissance=date(
                    1965 + rng.randrange(35), rng.randrange(1, 13), rng.randrange(1, 29)
                ),
                telephone=f"06 00 00 {index // 100:02d} {index % 100:02d}",
                domiciliation="CCAS (domiciliation administrative)" if index % 3 else None,
                langues=["français"] + (["arabe"] if index % 4 == 1 else []),
                confirm_distinct=True,
            ),
        )
        await salaries_service.add_consentement(
            session,
            actor,
            context,
            salarie.id,
            ConsentementCreate(type=TypeConsentement.notice_information, date_recueil=entree),
        )
        if index % 2 == 0:
            await salaries_service.add_consentement(
                session,
                actor,
                context,
                salarie.id,
                ConsentementCreate(type=TypeConsentement.usage_evaluation, date_recueil=entree),
            )
        local = [p for p in partners if p.territoire_id == chantier.territoire_id]
        consented = local[index % len(local)] if local and index % 3 != 2 else None
        if consented is not None:
            await salaries_service.add_consentement(
                session,
                actor,
                context,
                salarie.id,
                ConsentementCreate(
                    type=TypeConsentement.partage_partenaire,
                    partenaire_id=local[index % len(local)].id,
                    date_recueil=entree,
                ),
            )
        await salaries_service.add_referent(
            session,
            actor,
            context,
            salarie.id,
            ReferentCreate(
                nom=f"{PRENOMS[(index + 5) % len(PRENOMS)]} Référent",
                organisation="Service social de secteur" if index % 2 else "Équipe de rue",
                fonction=FonctionReferent.assistant_social
                if index % 2
                else FonctionReferent.equipe_de_rue,
                depuis=entree - timedelta(days=90),
            ),
        )
        rue = rng.random() < 0.75
        parcours = await parcours_service.create_parcours(
            session,
            actor,
            context,
            ParcoursCreate(
                salarie_id=salarie.id,
                chantier_id=chantier.id,
                referent_id=referents.get(chantier.id),
                date_entree=entree,
                prescripteur=list(Prescripteur)[index % 5],
                parcours_de_rue=rue,
                duree_rue_mois=rng.randrange(3, 120) if rue else None,
                logement_entree=LOGEMENT_ENTREE[index % len(LOGEMENT_ENTREE)],
            ),
        )
        created += 1
        if plan.stage == "accueil":
            continue
        start = entree + timedelta(days=14)
        diagnostic = await freins_diagnostics.create_diagnostic(
            session,
            actor,
            context,
            parcours.id,
            DiagnosticIn(
                etape="entree",
                date=entree + timedelta(days=7),
                valider=True,
                domaines=_domaines(index, rng, improved=False),
            ),
        )
        freins = await freins_service.freins_from_diagnostic(
            session,
            actor,
            context,
            parcours.id,
            FreinsDepuisDiagnosticIn(diagnostic_id=diagnostic.id),
        )
        for frein in freins[:3]:
            action_type = {
                "logement": "demande_siao",
                "sante": "ouverture_css",
                "droits": "domiciliation",
                "emploi": "inscription_france_travail",
            }
            if frein.domaine in action_type:
                await freins_service.add_action(
                    session,
                    actor,
                    context,
                    frein.id,
                    ActionCreate(
                        type=action_type[frein.domaine],
                        echeance=min(today + timedelta(days=30), start + timedelta(days=60)),
                    ),
                )
        await parcours_service.transition(
            session, actor, context, parcours.id, "demarrage", TransitionIn(date=start)
        )
        await _contracts(session, actor, context, parcours.id, start, today, plan, rng)
        await parcours_journal.add_entretien(
            session,
            actor,
            context,
            parcours.id,
            EntretienIn(
                date=min(today, start + timedelta(days=20)),
                texte=("Point sur l'adaptation au chantier et sur les démarches en cours."),
            ),
        )
        await parcours_journal.add_note(
            session,
            actor,
            context,
            parcours.id,
            NoteIn(
                date=min(today, start + timedelta(days=25)),
                titre="Situation personnelle",
                texte="Éléments confiés lors de l'entretien, à ne partager qu'au besoin.",
                confidentialite=Confidentialite.restreint,
            ),
        )
        if consented is not None and plan.stage != "clos":
            await _orientation(session, actor, context, parcours.id, consented, orientations, today)
            orientations += 1
        if plan.stage in ("en_cours", "fin_contrat"):
            await parcours_journal.add_entretien(
                session,
                actor,
                context,
                parcours.id,
                EntretienIn(
                    date=today - timedelta(days=rng.randrange(3, 50)),
                    type_entretien="individuel",
                    texte="Suivi régulier.",
                ),
            )
        if plan.stage == "suspendu":
            await parcours_service.transition(
                session,
                actor,
                context,
                parcours.id,
                "suspension",
                TransitionIn(date=today - timedelta(days=20), motif="Hospitalisation"),
            )
        if plan.stage in ("sorti_emploi", "clos"):
            exit_day = min(
                today - timedelta(days=45), start + timedelta(days=plan.entree_jours // 2)
            )
            if plan.stage == "clos":
                exit_day = start + timedelta(days=min(plan.entree_jours - 100, 700))
            motif = EMPLOI[index % len(EMPLOI)] if index % 3 else SANS_EMPLOI[index % 3]
            await freins_diagnostics.create_diagnostic(
                session,
                actor,
                context,
                parcours.id,
                DiagnosticIn(
                    etape="sortie",
                    date=exit_day,
                    valider=True,
                    domaines=_domaines(index, rng, improved=index % 4 != 3),
                ),
            )
            await parcours_sortie.exit_parcours(
                session,
                actor,
                context,
                parcours.id,
                SortieIn(
                    date=exit_day,
                    motif=motif,
                    logement_sortie=LOGEMENT_SORTIE[index % len(LOGEMENT_SORTIE)],
                    employeur="Entreprise partenaire (démo)" if motif in EMPLOI[:3] else None,
                    contrat="CDI" if motif == MotifSortie.cdi else None,
                    justification_duree=JUSTIFICATION,
                ),
            )
            await _checkins(session, actor, context, parcours.id, today, rng)
    return {"salaries": created}


def _domaines(index: int, rng: random.Random, *, improved: bool) -> list[DomaineIn]:
    """Four domaines always assessed, others now and then; better at exit when improved."""
    if improved:
        logement = LOGEMENT_SORTIE[index % len(LOGEMENT_SORTIE)].value
        sante = ["complementaire", "medecin_traitant"]
        droits = ["piece_identite", "domiciliation", "compte_bancaire", "css"]
        levels = (1, 1, 0, 1)
    else:
        logement = LOGEMENT_ENTREE[index % len(LOGEMENT_ENTREE)].value
        sante = ["sans_couverture"] if index % 2 else ["couverture_base"]
        droits = ["domiciliation"] if index % 3 else []
        levels = (3, 2, 2, 2 + index % 2)
    items = [
        DomaineIn(domaine="logement", niveau=levels[0], situations=[logement]),
        DomaineIn(
            domaine="sante",
            niveau=levels[1],
            situations=sante,
            commentaire="Suivi à organiser avec la PASS.",
        ),
        DomaineIn(domaine="droits", niveau=levels[2], situations=droits),
        DomaineIn(domaine="emploi", niveau=levels[3], situations=["projet_en_construction"]),
    ]
    if index % 3 == 0:
        items.append(
            DomaineIn(
                domaine="mobilite", niveau=1 if improved else 2, situations=["transports_en_commun"]
            )
        )
    if index % 4 == 1:
        items.append(
            DomaineIn(domaine="finances", niveau=rng.choice([1, 2]), situations=["dettes"])
        )
    return items


ORIENTATION_STAGES = [
    "acceptee",
    "envoyee",
    "refusee",
    "realisee",
    "brouillon",
    "annulee",
    "expiree",
    "abandonnee",
]


async def _orientation(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    partner: Structure,
    index: int,
    today: date,
) -> None:
    """One orientation per consenting person, the statuts spread over the demo."""
    stage = ORIENTATION_STAGES[index % len(ORIENTATION_STAGES)]
    domaine = partner.domaines[0] if partner.domaines else "droits"
    orientation = await orientations_service.create_orientation(
        session,
        actor,
        context,
        OrientationCreate(
            parcours_id=parcours_id,
            partenaire_id=partner.id,
            domaine=domaine,
            motif=f"Orientation {partner.nom}",
            besoin="Accompagnement à mettre en place.",
            partage=["identite", "besoin", "situation"],
        ),
    )
    if stage == "brouillon":
        return
    await orientations_service.send(session, actor, context, orientation.id)
    sent_days_ago = 40 if stage == "expiree" else 20 - index % 10
    orientation.envoyee_le = utcnow() - timedelta(days=sent_days_ago)
    partner_actor = Actor(
        kind="user", id=uuid.uuid4(), role=Role.partenaire, structure_id=partner.id
    )
    if stage == "annulee":
        await orientations_service.cancel(session, actor, context, orientation.id)
    elif stage in ("acceptee", "realisee", "abandonnee"):
        await orientations_reponses.accept(
            session,
            partner_actor,
            context,
            orientation.id,
            ReponseIn(commentaire="Rendez-vous proposé."),
        )
        orientation.premiere_reponse_le = orientation.envoyee_le + timedelta(hours=20 + index * 7)
        if stage == "realisee":
            await orientations_reponses.realise(
                session,
                partner_actor,
                context,
                orientation.id,
                RealisationIn(date_realisation=today - timedelta(days=2)),
            )
        elif stage == "abandonnee":
            await orientations_reponses.abandon(session, actor, context, orientation.id)
    elif stage == "refusee":
        await orientations_reponses.refuse(
            session, partner_actor, context, orientation.id, RefusIn(motif="pas_de_place")
        )
        orientation.premiere_reponse_le = orientation.envoyee_le + timedelta(hours=50)
    await session.flush()


async def _contracts(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    start: date,
    today: date,
    plan: Plan,
    rng: random.Random,
) -> None:
    """Four-month CDDI-CVG, renewed with rising hours, the last one covering today."""
    hours = Decimal(8)
    debut = start
    previous = None
    horizon = today + timedelta(days=20 if plan.stage == "fin_contrat" else 90)
    while debut < today - timedelta(days=1):
        fin = min(debut + timedelta(days=120), horizon)
        if fin - debut > timedelta(days=700):
            break
        contrat = await parcours_service.add_contrat(
            session,
            actor,
            context,
            parcours_id,
            ContratCreate(
                date_debut=debut,
                date_fin=fin,
                heures_hebdo=hours,
                renouvellement_de=previous,
                justification_duree=JUSTIFICATION,
            ),
        )
        previous = contrat.id
        hours = min(Decimal(26), hours + Decimal(rng.choice([2, 4, 6])))
        debut = fin + timedelta(days=1)
        if plan.stage in ("clos", "sorti_emploi") and debut > start + timedelta(days=360):
            break


async def _checkins(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    today: date,
    rng: random.Random,
) -> None:
    out = await parcours_service.parcours_out(
        session, actor, await get_parcours(session, actor, parcours_id), None
    )
    for suivi in out.suivis or []:
        if suivi.date_prevue > today:
            break
        if suivi.date_prevue > today - timedelta(days=10):
            break  # left due: it appears in "À faire"
        await parcours_sortie.record_suivi(
            session,
            actor,
            context,
            parcours_id,
            suivi.id,
            SuiviResultatIn(
                date_realisee=suivi.date_prevue + timedelta(days=rng.randrange(0, 7)),
                resultat="joint" if rng.random() < 0.8 else "non_joint",
                en_emploi=rng.random() < 0.7,
                groupe_logement="logement_adapte",
            ),
        )
