"""The parcours lifecycle: statut machine, duration rules, contracts, exit, follow-up, closing.

Its neighbours: what a caller may see (`acces`), the journal (`journal`), calendar arithmetic
(`dates`); the caseload and the À faire read it from above (`api.a_faire`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.permissions import Permission
from api.core.statemachine import TransitionRefusee
from api.freins.models import Diagnostic
from api.identity.models import UserAccount
from api.parcours.acces import get_parcours, statut_inline, visible_parcours
from api.parcours.dates import add_months, months_between
from api.parcours.journal import check_date, journal_entry
from api.parcours.machine import OUVERTS, PARCOURS
from api.parcours.models import Contrat, Parcours, SuiviPostSortie
from api.parcours.schemas import (
    ContratCreate,
    ContratOut,
    ParcoursCreate,
    ParcoursOut,
    ParcoursUpdate,
    SalarieRef,
    SortieIn,
    SuiviOut,
    SuiviResultatIn,
    TransitionIn,
)
from api.referentiel import (
    DUREE_MAX_MOIS,
    DUREE_NORME_MOIS,
    EMPLOI,
    EN_LOGEMENT,
    SUIVIS_MOIS,
    CategorieSortie,
    EtatSuivi,
    Role,
    SituationLogement,
    StatutDiagnostic,
    StatutParcours,
    TypeJournal,
    categorie,
    groupe,
)
from api.salaries import service as salaries
from api.salaries.models import Salarie

# Past this many months after the exit, the follow-up window is over: an exit recorded then is
# historical data (no check-in planned, no alert, the file closes at once).
FENETRE_SUIVI_MOIS = SUIVIS_MOIS[-1]


class ParcoursOuvertExistant(Conflict):
    code = "parcours_ouvert_existant"
    detail = "Cette personne a déjà un parcours ouvert : clôturez-le avant d'en ouvrir un autre."


class DiagnosticRequis(Conflict):
    code = "diagnostic_requis"


async def _has_diagnostic(session: AsyncSession, parcours_id: uuid.UUID, etape: str) -> bool:
    found = await session.scalar(
        select(Diagnostic.id)
        .where(
            Diagnostic.parcours_id == parcours_id,
            Diagnostic.etape == etape,
            Diagnostic.statut == StatutDiagnostic.valide,
        )
        .limit(1)
    )
    return found is not None


class JustificationRequise(InvalidField):
    code = "justification_requise"

    def __init__(self) -> None:
        super().__init__(
            "body.justification_duree",
            "Au-delà de 24 mois, le parcours doit être justifié par écrit (durée adaptée).",
        )


class DureeMaximaleDepassee(InvalidField):
    code = "duree_maximale_depassee"

    def __init__(self, field: str) -> None:
        super().__init__(field, "Un parcours ne peut pas dépasser 5 ans depuis l'entrée.")


def sortie_historique(date_sortie: date, today: date | None = None) -> bool:
    """An exit whose follow-up window (12 months) was already over when it is recorded."""
    return date_sortie < add_months(today or date.today(), -FENETRE_SUIVI_MOIS)


def suivi_attendu(cat: CategorieSortie, logement: SituationLogement) -> bool:
    """Post-exit follow-up is for exits to a job or to lasting housing."""
    return cat in EMPLOI or groupe(logement) in EN_LOGEMENT


def etat_suivi(parcours: Parcours, suivis: int) -> EtatSuivi | None:
    if parcours.date_sortie is None:
        return None
    if parcours.sortie_historique:
        return EtatSuivi.historique_renseigne if suivis else EtatSuivi.non_suivi_historique
    return EtatSuivi.planifie if suivis else EtatSuivi.sans_objet


def _due_for_closing(today: date) -> ColumnElement[bool]:
    """Exited at least a month ago with no follow-up planned: the file closes."""
    no_followup = (
        ~select(SuiviPostSortie.id).where(SuiviPostSortie.parcours_id == Parcours.id).exists()
    )
    return and_(
        Parcours.statut == statut_inline(StatutParcours.sorti),
        Parcours.date_sortie.is_not(None),
        Parcours.date_sortie <= add_months(today, -1),
        no_followup,
    )


async def close_due(
    session: AsyncSession, today: date | None = None, *, actor: Actor | None = None
) -> int:
    """Exits without follow-up close one month later.

    Applied on read over the reader's own perimeter (so what a caseworker sees is never
    stale, at a cost bounded by the perimeter, not the country), and nationally by the
    worker's daily run (`api/rgpd/jobs.py`) for files nobody opens.
    """
    today = today or date.today()
    stmt = visible_parcours(actor) if actor is not None else select(Parcours)
    rows = (await session.scalars(stmt.where(_due_for_closing(today)))).all()
    for parcours in rows:
        _close(session, parcours)
    if rows:
        await session.flush()
    return len(rows)


def _close(session: AsyncSession, parcours: Parcours) -> None:
    assert parcours.date_sortie is not None
    parcours.statut = StatutParcours.clos
    parcours.date_cloture = add_months(parcours.date_sortie, 1)
    journal_entry(
        session,
        parcours,
        TypeJournal.transition,
        parcours.date_cloture,
        None,
        "Clôture du parcours (un mois après la sortie, sans suivi)",
    )


async def close_if_due(
    session: AsyncSession, parcours: Parcours, today: date | None = None
) -> None:
    """The detail's share of `close_due`: no statement unless the exit is a month old."""
    today = today or date.today()
    if (
        parcours.statut != StatutParcours.sorti
        or parcours.date_sortie is None
        or parcours.date_sortie > add_months(today, -1)
    ):
        return
    planned = await session.scalar(
        select(SuiviPostSortie.id).where(SuiviPostSortie.parcours_id == parcours.id).limit(1)
    )
    if planned is None:
        _close(session, parcours)
        await session.flush()


async def parcours_out(
    session: AsyncSession, actor: Actor, parcours: Parcours, context: AuditContext | None
) -> ParcoursOut:
    """The parcours page: four statements whatever the number of contracts or check-ins."""
    salarie = await session.get(Salarie, parcours.salarie_id)
    assert salarie is not None
    contrats = (
        await session.scalars(
            select(Contrat).where(Contrat.parcours_id == parcours.id).order_by(Contrat.date_debut)
        )
    ).all()
    end = parcours.date_sortie or date.today()
    base: dict[str, Any] = {
        "id": parcours.id,
        "salarie": SalarieRef(
            id=salarie.id,
            nom=salarie.nom,
            prenoms=salarie.prenoms,
            date_naissance=salarie.date_naissance,
            # The summary roles read the name and birth date only (key absent, as below).
            **({"sexe": salarie.sexe} if actor.can(Permission.parcours_write) else {}),
        ),
        "chantier_id": parcours.chantier_id,
        "referent_id": parcours.referent_id,
        "date_entree": parcours.date_entree,
        "statut": parcours.statut,
        "duree_mois": max(0, months_between(parcours.date_entree, end)),
        "contrats": [ContratOut.model_validate(c) for c in contrats],
        "version": parcours.version,
        "actions": PARCOURS.actions(parcours.statut, actor),
    }
    if actor.can(Permission.parcours_write):  # else identity, contracts and statut only
        suivis = (
            await session.scalars(
                select(SuiviPostSortie)
                .where(SuiviPostSortie.parcours_id == parcours.id)
                .order_by(SuiviPostSortie.echeance_mois)
            )
        ).all()
        for name in (
            "prescripteur",
            "prescripteur_precision",
            "parcours_de_rue",
            "duree_rue_mois",
            "logement_entree",
            "justification_duree",
            "motif_suspension",
            "date_sortie",
            "motif_sortie",
            "categorie_sortie",
            "logement_sortie",
            "employeur_sortie",
            "contrat_sortie",
            "date_cloture",
            "pass_iae",
            "pass_iae_debut",
            "pass_iae_fin",
        ):
            base[name] = getattr(parcours, name)
        base["suivis"] = [SuiviOut.model_validate(s) for s in suivis]
        base["suivi_post_sortie"] = etat_suivi(parcours, len(suivis))
    if context is not None:
        await audit.record(
            session,
            context,
            "read",
            object_type="parcours",
            object_id=parcours.id,
            salarie_id=parcours.salarie_id,
        )
    return ParcoursOut(**base)


# --- rules ---------------------------------------------------------------------------------


def _check_duration(
    parcours: Parcours, until: date, justification: str | None, field: str = "body.date"
) -> None:
    """No parcours beyond five years; past 24 months, a written justification."""
    if until > add_months(parcours.date_entree, DUREE_MAX_MOIS):
        raise DureeMaximaleDepassee(field)
    if until > add_months(parcours.date_entree, DUREE_NORME_MOIS):
        if not (parcours.justification_duree or justification):
            raise JustificationRequise()
        if justification:
            parcours.justification_duree = justification


async def create_parcours(
    session: AsyncSession, actor: Actor, context: AuditContext, data: ParcoursCreate
) -> Parcours:
    salarie = await salaries.get_salarie(session, actor, data.salarie_id)
    chantier = await salaries.chantier_in_perimeter(session, actor, data.chantier_id)
    if data.date_entree > date.today():
        raise InvalidField("body.date_entree", "La date d'entrée ne peut pas être future.")
    if not data.parcours_de_rue and data.duree_rue_mois:
        raise InvalidField("body.duree_rue_mois", "Sans parcours de rue, pas de durée.")
    if data.referent_id is not None:
        referent = await session.get(UserAccount, data.referent_id)
        if (
            referent is None
            or referent.structure_id != chantier.id
            or referent.role not in (Role.accompagnateur, Role.direction_chantier)
            or not referent.actif
        ):
            raise InvalidField(
                "body.referent_id", "Le référent est un accompagnateur actif de ce chantier."
            )
    open_one = await session.scalar(
        select(Parcours.id).where(
            Parcours.salarie_id == salarie.id, Parcours.statut != StatutParcours.clos
        )
    )
    if open_one is not None:
        raise ParcoursOuvertExistant()
    parcours = Parcours(**data.model_dump(), statut=StatutParcours.accueil)
    session.add(parcours)
    try:
        await session.flush()
    except IntegrityError:
        raise ParcoursOuvertExistant() from None
    journal_entry(
        session,
        parcours,
        TypeJournal.transition,
        parcours.date_entree,
        actor.id,
        "Entrée dans le parcours (accueil)",
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=salarie.id,
    )
    return parcours


async def update_parcours(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    expected_version: int,
    data: ParcoursUpdate,
) -> Parcours:
    parcours = await get_parcours(session, actor, parcours_id)
    check_version(parcours.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if "referent_id" in changes and changes["referent_id"] is not None:
        referent = await session.get(UserAccount, changes["referent_id"])
        if referent is None or referent.structure_id != parcours.chantier_id:
            raise InvalidField("body.referent_id", "Le référent est un accompagnateur du chantier.")
    for name, value in changes.items():
        setattr(parcours, name, value)
    parcours.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
        details={"champs": sorted(changes)},
    )
    return parcours


async def transition(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    name: str,
    data: TransitionIn,
) -> Parcours:
    parcours = await get_parcours(session, actor, parcours_id)
    step = PARCOURS.check(parcours.statut, name)
    check_date(parcours, data.date)
    if name == "suspension" and not data.motif:
        raise InvalidField("body.motif", "Indiquez le motif de la suspension.")
    if name == "cloture":
        assert parcours.date_sortie is not None
        if data.date < parcours.date_sortie:
            raise InvalidField("body.date", "La clôture ne peut pas précéder la sortie.")
    else:
        _check_duration(parcours, data.date, data.justification_duree)
    if name == "demarrage" and not await _has_diagnostic(session, parcours.id, "entree"):
        raise DiagnosticRequis("Validez le diagnostic d'entrée avant de démarrer le parcours.")
    assert step.vers is not None
    parcours.statut = step.vers
    if name == "suspension":
        parcours.motif_suspension = data.motif
    elif name == "reprise":
        parcours.motif_suspension = None
    elif name == "cloture":
        parcours.date_cloture = data.date
    parcours.updated_at = utcnow()
    journal_entry(
        session, parcours, TypeJournal.transition, data.date, actor.id, step.libelle, data.motif
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
        details={"transition": name},
    )
    return parcours


async def exit_parcours(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: SortieIn,
) -> Parcours:
    parcours = await get_parcours(session, actor, parcours_id)
    PARCOURS.check(parcours.statut, "sortie")
    check_date(parcours, data.date)
    _check_duration(parcours, data.date, data.justification_duree)
    if not await _has_diagnostic(session, parcours.id, "sortie"):
        raise DiagnosticRequis("Validez le diagnostic de sortie avant d'enregistrer la sortie.")
    cat = categorie(data.motif)
    historique = data.historique
    if historique and not sortie_historique(data.date):
        raise InvalidField(
            "body.historique",
            "Le mode historique concerne une sortie de plus de 12 mois : les suivis d'une "
            "sortie récente sont planifiés.",
        )
    # Historical records rarely name the employer: required only for exits recorded live.
    if cat in EMPLOI and not data.employeur and not historique:
        raise InvalidField("body.employeur", "Indiquez l'employeur pour une sortie en emploi.")
    if data.suivis and not historique:
        raise InvalidField(
            "body.suivis",
            "Les résultats de suivi ne s'enregistrent avec la sortie qu'en mode historique "
            "(historique=true, sortie de plus de 12 mois) : sinon, les suivis sont planifiés.",
        )
    echeances = [s.echeance_mois for s in data.suivis]
    if len(set(echeances)) != len(echeances):
        raise InvalidField("body.suivis", "Une seule ligne par échéance de suivi.")
    parcours.statut = StatutParcours.sorti
    parcours.date_sortie = data.date
    parcours.motif_sortie = data.motif
    parcours.categorie_sortie = cat
    parcours.logement_sortie = data.logement_sortie
    parcours.employeur_sortie = data.employeur
    parcours.contrat_sortie = data.contrat
    parcours.sortie_historique = historique
    parcours.updated_at = utcnow()
    if historique:
        _record_historical_followup(session, parcours, cat, data)
    elif suivi_attendu(cat, data.logement_sortie):
        for months in SUIVIS_MOIS:
            session.add(
                SuiviPostSortie(
                    parcours_id=parcours.id,
                    echeance_mois=months,
                    date_prevue=add_months(data.date, months),
                )
            )
    journal_entry(
        session,
        parcours,
        TypeJournal.sortie,
        data.date,
        actor.id,
        "Sortie du chantier (données historiques)" if historique else "Sortie du chantier",
        details={
            "motif": data.motif.value,
            "categorie": cat.value,
            "logement": data.logement_sortie.value,
        },
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
        details={"transition": "sortie", **({"historique": True} if historique else {})},
    )
    return parcours


def _record_historical_followup(
    session: AsyncSession, parcours: Parcours, cat: CategorieSortie, data: SortieIn
) -> None:
    """A historical exit: the known check-in results as given, none planned, file closed.

    Unknown results stay unknown (no check-in row): the follow-up indicators leave them out of
    their denominators instead of counting them as check-ins not held.
    """
    for known in data.suivis:
        prevue = add_months(data.date, known.echeance_mois)
        realisee = known.date_realisee or prevue
        if realisee < data.date or realisee > date.today():
            raise InvalidField("body.suivis", "Date de suivi impossible.")
        session.add(
            SuiviPostSortie(
                parcours_id=parcours.id,
                echeance_mois=known.echeance_mois,
                date_prevue=prevue,
                date_realisee=realisee,
                resultat=known.resultat,
                en_emploi=known.en_emploi,
                groupe_logement=known.groupe_logement,
            )
        )
    followed = suivi_attendu(cat, data.logement_sortie)
    parcours.statut = StatutParcours.clos
    parcours.date_cloture = add_months(data.date, FENETRE_SUIVI_MOIS if followed else 1)


async def correct_historical(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    entree: dict[str, Any],
    sortie: SortieIn | None,
) -> Parcours:
    """Correct what was recorded of a historical parcours (a corrected row of an import).

    `entree`: any of prescripteur, prescripteur_precision, parcours_de_rue, duree_rue_mois,
    logement_entree. `sortie`: the exit as it should read; only a historical exit is
    corrected this way (a live one goes through its check-ins). The category is derived
    from the motif and the known check-ins recorded as given, as at the exit.
    """
    parcours = await get_parcours(session, actor, parcours_id)
    allowed = {
        "prescripteur",
        "prescripteur_precision",
        "parcours_de_rue",
        "duree_rue_mois",
        "logement_entree",
    }
    assert set(entree) <= allowed
    if not entree.get("parcours_de_rue", parcours.parcours_de_rue) and entree.get("duree_rue_mois"):
        raise InvalidField("body.duree_rue_mois", "Sans parcours de rue, pas de durée.")
    changed = sorted(k for k, v in entree.items() if getattr(parcours, k) != v)
    for name in changed:
        setattr(parcours, name, entree[name])
    if sortie is not None:
        if parcours.date_sortie is None or not parcours.sortie_historique:
            raise TransitionRefusee(
                "Seule une sortie historique (plus de 12 mois) se corrige par import."
            )
        if not sortie_historique(sortie.date):
            raise InvalidField(
                "body.date", "La sortie corrigée doit rester historique (plus de 12 mois)."
            )
        check_date(parcours, sortie.date)
        _check_duration(parcours, sortie.date, sortie.justification_duree)
        cat = categorie(sortie.motif)
        parcours.date_sortie = sortie.date
        parcours.motif_sortie = sortie.motif
        parcours.categorie_sortie = cat
        parcours.logement_sortie = sortie.logement_sortie
        parcours.employeur_sortie = sortie.employeur
        parcours.contrat_sortie = sortie.contrat
        for old in (
            await session.scalars(
                select(SuiviPostSortie).where(SuiviPostSortie.parcours_id == parcours.id)
            )
        ).all():
            await session.delete(old)
        await session.flush()
        _record_historical_followup(session, parcours, cat, sortie)
        changed.append("sortie")
    if changed:
        parcours.updated_at = utcnow()
        journal_entry(
            session,
            parcours,
            TypeJournal.note,
            date.today(),
            actor.id,
            "Correction des données historiques",
            details={"champs": changed},
        )
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="parcours",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
        details={"champs": changed, "historique": True},
    )
    return parcours


async def record_suivi(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    suivi_id: uuid.UUID,
    data: SuiviResultatIn,
) -> SuiviPostSortie:
    parcours = await get_parcours(session, actor, parcours_id)
    suivi = await session.scalar(
        select(SuiviPostSortie).where(
            SuiviPostSortie.id == suivi_id, SuiviPostSortie.parcours_id == parcours.id
        )
    )
    if suivi is None:
        raise NotFound("Aucun suivi ne correspond à cet identifiant.")
    if parcours.statut != StatutParcours.sorti:
        raise TransitionRefusee("Les suivis se renseignent pendant le suivi post-sortie.")
    assert parcours.date_sortie is not None
    if data.date_realisee < parcours.date_sortie or data.date_realisee > date.today():
        raise InvalidField("body.date_realisee", "Date de suivi impossible.")
    for name, value in data.model_dump().items():
        setattr(suivi, name, value)
    journal_entry(
        session,
        parcours,
        TypeJournal.suivi,
        data.date_realisee,
        actor.id,
        f"Suivi à {suivi.echeance_mois} mois",
        data.commentaire,
        details={"resultat": data.resultat.value, "en_emploi": data.en_emploi},
    )
    remaining = await session.scalar(
        select(func.count())
        .select_from(SuiviPostSortie)
        .where(
            SuiviPostSortie.parcours_id == parcours.id,
            SuiviPostSortie.date_realisee.is_(None),
            SuiviPostSortie.id != suivi.id,
        )
    )
    if suivi.echeance_mois == SUIVIS_MOIS[-1] or not remaining:
        parcours.statut = StatutParcours.clos
        parcours.date_cloture = data.date_realisee
        journal_entry(
            session,
            parcours,
            TypeJournal.transition,
            data.date_realisee,
            actor.id,
            "Clôture du parcours (fin du suivi post-sortie)",
        )
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="suivi_post_sortie",
        object_id=suivi.id,
        salarie_id=parcours.salarie_id,
    )
    return suivi


async def add_contrat(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: ContratCreate,
) -> Contrat:
    parcours = await get_parcours(session, actor, parcours_id)
    if parcours.statut not in OUVERTS:
        raise TransitionRefusee("Un contrat ne s'ajoute qu'à un parcours ouvert.")
    if data.date_debut < parcours.date_entree:
        raise InvalidField("body.date_debut", "Le contrat ne peut pas commencer avant l'entrée.")
    if data.date_fin <= data.date_debut:
        raise InvalidField("body.date_fin", "La fin du contrat doit suivre son début.")
    _check_duration(parcours, data.date_fin, data.justification_duree, "body.date_fin")
    overlap = await session.scalar(
        select(Contrat.id)
        .where(
            Contrat.parcours_id == parcours.id,
            Contrat.date_debut <= data.date_fin,
            Contrat.date_fin >= data.date_debut,
        )
        .limit(1)
    )
    if overlap is not None:
        raise InvalidField("body.date_debut", "Ce contrat chevauche un contrat existant.")
    if data.renouvellement_de is not None:
        previous = await session.get(Contrat, data.renouvellement_de)
        if previous is None or previous.parcours_id != parcours.id:
            raise InvalidField("body.renouvellement_de", "Contrat renouvelé inconnu.")
    contrat = Contrat(parcours_id=parcours.id, **data.model_dump(exclude={"justification_duree"}))
    session.add(contrat)
    await session.flush()
    journal_entry(
        session,
        parcours,
        TypeJournal.contrat,
        data.date_debut,
        actor.id,
        "Renouvellement de contrat" if data.renouvellement_de else "Nouveau contrat",
        details={
            "contrat_id": str(contrat.id),
            "date_fin": data.date_fin.isoformat(),
            "heures_hebdo": str(data.heures_hebdo),
        },
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="contrat",
        object_id=contrat.id,
        salarie_id=parcours.salarie_id,
    )
    return contrat
