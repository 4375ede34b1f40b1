"""The exit of a parcours: the exit itself, its post-exit check-ins, and the correction of an
exit recorded after its follow-up window (historical data).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import utcnow
from api.core.errors import InvalidField, NotFound
from api.core.statemachine import TransitionRefusee
from api.parcours.acces import get_parcours
from api.parcours.dates import add_months
from api.parcours.journal import check_date, journal_entry
from api.parcours.machine import PARCOURS
from api.parcours.models import Parcours, SuiviPostSortie
from api.parcours.schemas import SortieIn, SuiviResultatIn
from api.parcours.service import DiagnosticRequis, check_duration, has_diagnostic
from api.referentiel import (
    EMPLOI,
    EN_LOGEMENT,
    SUIVIS_MOIS,
    CategorieSortie,
    SituationLogement,
    StatutParcours,
    TypeJournal,
    categorie,
    groupe,
)

# Past this many months after the exit, the follow-up window is over: an exit recorded then is
# historical data (no check-in planned, no alert, the file closes at once).
FENETRE_SUIVI_MOIS = SUIVIS_MOIS[-1]


def sortie_historique(date_sortie: date, today: date | None = None) -> bool:
    """An exit whose follow-up window (12 months) was already over when it is recorded."""
    return date_sortie < add_months(today or date.today(), -FENETRE_SUIVI_MOIS)


def suivi_attendu(cat: CategorieSortie, logement: SituationLogement) -> bool:
    """Post-exit follow-up is for exits to a job or to lasting housing."""
    return cat in EMPLOI or groupe(logement) in EN_LOGEMENT


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
    check_duration(parcours, data.date, data.justification_duree)
    if not await has_diagnostic(session, parcours.id, "sortie"):
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
        check_duration(parcours, sortie.date, sortie.justification_duree)
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
