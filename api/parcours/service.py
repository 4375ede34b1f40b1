"""The parcours lifecycle: opening, statut machine, duration rules, contracts, closing.

Its neighbours: what a caller may see (`acces`), the exit and its follow-up (`sortie`), the
journal (`journal`), calendar arithmetic (`dates`); the caseload and the À faire read it from
above (`api.a_faire`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField
from api.core.permissions import ROLES_REFERENT, Permission
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
    SuiviOut,
    TransitionIn,
)
from api.referentiel import (
    DUREE_MAX_MOIS,
    DUREE_NORME_MOIS,
    EtatSuivi,
    StatutDiagnostic,
    StatutParcours,
    TypeJournal,
)
from api.salaries import service as salaries
from api.salaries.models import Salarie


class ParcoursOuvertExistant(Conflict):
    code = "parcours_ouvert_existant"
    detail = "Cette personne a déjà un parcours ouvert : clôturez-le avant d'en ouvrir un autre."


class DiagnosticRequis(Conflict):
    code = "diagnostic_requis"


async def has_diagnostic(session: AsyncSession, parcours_id: uuid.UUID, etape: str) -> bool:
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


def check_duration(
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
            or referent.role not in ROLES_REFERENT
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
        if (
            referent is None
            or referent.structure_id != parcours.chantier_id
            or referent.role not in ROLES_REFERENT
            or not referent.actif
        ):
            raise InvalidField(
                "body.referent_id", "Le référent est un accompagnateur actif de ce chantier."
            )
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
        check_duration(parcours, data.date, data.justification_duree)
    if name == "demarrage" and not await has_diagnostic(session, parcours.id, "entree"):
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
    check_duration(parcours, data.date_fin, data.justification_duree, "body.date_fin")
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
