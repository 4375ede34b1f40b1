"""The parcours: statut machine, duration rules, contracts, exit, follow-up, journal, alerts."""

from __future__ import annotations

import calendar
import functools
import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import CHANTIER_ROLES, Actor
from api.core.concurrency import check_version
from api.core.db import UTCDateTime, utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.pagination import decode_cursor, encode_cursor
from api.core.permissions import Permission
from api.core.statemachine import TransitionRefusee
from api.core.text import escape_like, normalise
from api.freins.models import Action, Diagnostic, Frein
from api.identity import perimetre
from api.identity.models import UserAccount
from api.orientations.models import Orientation
from api.parcours.machine import OUVERTS, PARCOURS
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.parcours.schemas import (
    CaseloadRow,
    ContratCreate,
    ContratOut,
    EntretienIn,
    JournalDetails,
    JournalOut,
    NoteIn,
    ParcoursCreate,
    ParcoursOut,
    ParcoursUpdate,
    SalarieRef,
    SortieIn,
    SuiviOut,
    SuiviResultatIn,
    SyntheseIn,
    TransitionIn,
)
from api.referentiel import (
    DUREE_MAX_MOIS,
    DUREE_NORME_MOIS,
    EMPLOI,
    EN_LOGEMENT,
    SUIVIS_MOIS,
    TITRES_ENTRETIEN,
    CategorieSortie,
    Confidentialite,
    EtatSuivi,
    Role,
    SituationLogement,
    StatutDiagnostic,
    StatutFrein,
    StatutOrientation,
    StatutParcours,
    TypeJournal,
    categorie,
    groupe,
)
from api.salaries import service as salaries
from api.salaries.models import ReferentExterne, Salarie

# Past this many months after the exit, the follow-up window is over: an exit recorded then is
# historical data (no check-in planned, no alert, the file closes at once).
FENETRE_SUIVI_MOIS = SUIVIS_MOIS[-1]


class ParcoursNotFound(NotFound):
    code = "parcours_introuvable"
    detail = "Aucun parcours ne correspond à cet identifiant."


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


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


# --- perimeter -----------------------------------------------------------------------------


def visible_parcours(actor: Actor) -> Select[Parcours]:
    """Every read of a parcours starts here."""
    stmt = select(Parcours)
    if actor.role == Role.admin_national:
        return stmt
    if actor.role in CHANTIER_ROLES:
        return stmt.where(Parcours.chantier_id.in_(actor.chantier_ids))
    if actor.role == Role.coordinateur:
        return stmt.where(
            Parcours.salarie_id.in_(
                select(Salarie.id).where(Salarie.territoire_id.in_(actor.territoire_ids))
            )
        )
    # charge_partenariat reaches a parcours only through an orientation (not yet built).
    return stmt.where(Parcours.id.is_(None))


def statut_inline(statut: StatutParcours) -> ColumnElement[Any]:
    """A statut written into the SQL text, not sent as a bound parameter.

    PostgreSQL plans a prepared statement for its parameters five times, then may keep a
    generic plan; in a generic plan `statut <> $1` can't match the partial index
    `ix_parcours_chantier_ouverts` (`WHERE statut <> 'clos'`), and the caseload walked every
    person of the country by name (18 ms at scale 1 instead of 2). Inline, it always matches.
    """
    return literal_column(f"'{StatutParcours(statut).value}'")


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
    _journal(
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


async def get_parcours(session: AsyncSession, actor: Actor, parcours_id: uuid.UUID) -> Parcours:
    parcours = await session.scalar(visible_parcours(actor).where(Parcours.id == parcours_id))
    if parcours is None:
        raise ParcoursNotFound()
    return parcours


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


# --- journal helpers -----------------------------------------------------------------------


def _journal(
    session: AsyncSession,
    parcours: Parcours,
    type_: TypeJournal,
    when: date,
    author: uuid.UUID | None,
    titre: str,
    texte: str | None = None,
    details: dict[str, object] | None = None,
    confidentialite: Confidentialite = Confidentialite.normale,
) -> JournalEntree:
    entry = JournalEntree(
        parcours_id=parcours.id,
        type=type_,
        date=when,
        auteur_id=author,
        titre=titre,
        texte=texte,
        details=details or {},
        confidentialite=confidentialite,
    )
    session.add(entry)
    return entry


# --- rules ---------------------------------------------------------------------------------


def _check_date(parcours: Parcours, when: date, field: str = "body.date") -> None:
    if when < parcours.date_entree:
        raise InvalidField(field, "La date ne peut pas précéder l'entrée dans le parcours.")
    if when > date.today():
        raise InvalidField(field, "La date ne peut pas être dans le futur.")


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
    _journal(
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
    _check_date(parcours, data.date)
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
    _journal(
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
    _check_date(parcours, data.date)
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
    _journal(
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
        _check_date(parcours, sortie.date)
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
        _journal(
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
    _journal(
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
        _journal(
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
    _journal(
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


# --- journal -------------------------------------------------------------------------------


def journal_out(actor: Actor, entry: JournalEntree) -> JournalOut:
    out = JournalOut(
        id=entry.id,
        type=entry.type,
        date=entry.date,
        auteur_id=entry.auteur_id,
        titre=entry.titre,
        confidentialite=entry.confidentialite,
        # Known keys only, and only those the entry has (the route drops unset ones).
        details=JournalDetails.model_validate(entry.details),
        created_at=entry.created_at,
    )
    if entry.confidentialite != Confidentialite.restreint or actor.can(
        Permission.journal_restreint
    ):
        out.texte = entry.texte
    return out


async def list_journal(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    *,
    limit: int,
    cursor: str | None,
    type_: TypeJournal | None,
) -> tuple[list[JournalEntree], str | None]:
    """Newest first, keyset on (date, id)."""
    parcours = await get_parcours(session, actor, parcours_id)
    stmt = select(JournalEntree).where(JournalEntree.parcours_id == parcours.id)
    if type_ is not None:
        stmt = stmt.where(JournalEntree.type == type_)
    if cursor:
        day, entry_id = decode_cursor(cursor, date.fromisoformat, uuid.UUID)
        stmt = stmt.where(
            or_(
                JournalEntree.date < day,
                and_(JournalEntree.date == day, JournalEntree.id < entry_id),
            )
        )
    rows = list(
        (
            await session.scalars(
                stmt.order_by(JournalEntree.date.desc(), JournalEntree.id.desc()).limit(limit + 1)
            )
        ).all()
    )
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = encode_cursor([rows[-1].date, rows[-1].id])
    await audit.record(
        session,
        context,
        "read",
        object_type="journal",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
    )
    return rows, next_cursor


async def add_entretien(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: EntretienIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    _check_date(parcours, data.date)
    entry = _journal(
        session,
        parcours,
        TypeJournal.entretien,
        data.date,
        actor.id,
        TITRES_ENTRETIEN[data.type_entretien],
        data.texte,
        details={"type_entretien": data.type_entretien, "participants": data.participants},
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry


async def add_note(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: NoteIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    _check_date(parcours, data.date)
    entry = _journal(
        session,
        parcours,
        TypeJournal.note,
        data.date,
        actor.id,
        data.titre,
        data.texte,
        confidentialite=data.confidentialite,
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry


async def add_synthese(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: SyntheseIn,
) -> JournalEntree:
    parcours = await get_parcours(session, actor, parcours_id)
    _check_date(parcours, data.date)
    if data.referents_externes:
        known = set(
            (
                await session.scalars(
                    select(ReferentExterne.id).where(
                        ReferentExterne.salarie_id == parcours.salarie_id,
                        ReferentExterne.id.in_(data.referents_externes),
                    )
                )
            ).all()
        )
        if known != set(data.referents_externes):
            raise InvalidField("body.referents_externes", "Référent externe inconnu.")
    await perimetre.check_equipe(
        session,
        "body.participants_internes",
        data.participants_internes,
        chantier_id=parcours.chantier_id,
    )
    entry = _journal(
        session,
        parcours,
        TypeJournal.synthese,
        data.date,
        actor.id,
        "Synthèse concertée",
        data.decisions,
        details={
            "participants_internes": [str(u) for u in data.participants_internes],
            "referents_externes": [str(r) for r in data.referents_externes],
            "prochaines_etapes": data.prochaines_etapes,
        },
    )
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="journal_entree",
        object_id=entry.id,
        salarie_id=parcours.salarie_id,
    )
    return entry


# --- caseload and "à faire" ----------------------------------------------------------------


@functools.cache
def _caseload_columns() -> tuple[Any, ...]:
    """The caseload's computed columns, built once per process with named parameters
    (`_caseload_parameters`): building six correlated subqueries cost about a millisecond
    per request."""
    today = bindparam("aujourdhui", type_=Date)
    next_end = (
        select(func.min(Contrat.date_fin))
        .where(Contrat.parcours_id == Parcours.id, Contrat.date_fin >= today)
        .scalar_subquery()
    )
    due_checkins = (
        select(func.count(SuiviPostSortie.id))
        .where(
            SuiviPostSortie.parcours_id == Parcours.id,
            SuiviPostSortie.date_realisee.is_(None),
            SuiviPostSortie.date_prevue <= bindparam("suivis_jusqu_au", type_=Date),
        )
        .scalar_subquery()
    )
    last_meeting = (
        select(func.max(JournalEntree.date))
        .where(
            JournalEntree.parcours_id == Parcours.id, JournalEntree.type == TypeJournal.entretien
        )
        .scalar_subquery()
    )
    last_diagnostic = (
        select(func.max(Diagnostic.date))
        .where(
            Diagnostic.parcours_id == Parcours.id,
            Diagnostic.statut == StatutDiagnostic.valide,
            Diagnostic.etape.in_(["entree", "suivi"]),
        )
        .scalar_subquery()
    )
    blocking = (
        select(func.count(Frein.id))
        .where(
            Frein.parcours_id == Parcours.id,
            Frein.niveau == 3,
            Frein.statut.in_([StatutFrein.identifie, StatutFrein.en_traitement]),
            Frein.date_identification <= bindparam("freins_identifies_avant", type_=Date),
            ~select(Action.id).where(Action.frein_id == Frein.id).exists(),
        )
        .scalar_subquery()
    )
    silent_orientations = (
        select(func.count(Orientation.id))
        .where(
            Orientation.parcours_id == Parcours.id,
            Orientation.statut == StatutOrientation.envoyee,
            Orientation.envoyee_le <= bindparam("envoyees_avant", type_=UTCDateTime),
        )
        .scalar_subquery()
    )
    return (
        Salarie.nom,
        Salarie.prenoms,
        Salarie.recherche,
        next_end.label("prochaine_fin"),
        due_checkins.label("suivis_dus"),
        last_meeting.label("dernier_entretien"),
        last_diagnostic.label("dernier_diagnostic"),
        blocking.label("freins_bloquants_sans_action"),
        silent_orientations.label("orientations_sans_reponse"),
    )


def _caseload_parameters(today: date) -> dict[str, Any]:
    return {
        "aujourdhui": today,
        "suivis_jusqu_au": today + timedelta(days=7),
        "freins_identifies_avant": today - timedelta(days=30),
        "envoyees_avant": utcnow() - timedelta(days=15),
    }


def _caseload_statement(actor: Actor) -> Select[Any]:
    """One SELECT: each parcours with its person, next contract end, due check-ins, last
    entretien. Correlated subqueries keep the cost constant whatever the page size; execute
    it with `_caseload_parameters(today)`."""
    # The perimeter filters this very parcours row (not a joined copy of the table), so the
    # planner starts from the chantier's or territoire's parcours, never from every open one.
    return (
        visible_parcours(actor)
        .add_columns(*_caseload_columns())
        .join(Salarie, Salarie.id == Parcours.salarie_id)
    )


# Alerts about freins and diagnostics: only for who reads them (not the encadrant technique).
FREINS_ALERTS = frozenset({"frein_bloquant_sans_action", "diagnostic_suivi"})


def _alerts(row: Any, today: date) -> list[tuple[str, str, date | None]]:
    """The alerts of one caseload row (values computed by the caseload statement)."""
    parcours: Parcours = row.Parcours
    next_end: date | None = row.prochaine_fin
    due: int = row.suivis_dus
    last_meeting: date | None = row.dernier_entretien
    alerts: list[tuple[str, str, date | None]] = []
    if parcours.statut == StatutParcours.clos:
        return alerts
    if parcours.statut in OUVERTS:
        if next_end is not None and next_end <= today + timedelta(days=30):
            alerts.append(("contrat_fin_proche", "Fin de contrat dans moins de 30 jours", next_end))
        limit_24 = add_months(parcours.date_entree, DUREE_NORME_MOIS)
        if today >= limit_24 and not parcours.justification_duree:
            alerts.append(
                (
                    "justification_24_mois",
                    "Parcours de plus de 24 mois sans justification",
                    limit_24,
                )
            )
        limit_60 = add_months(parcours.date_entree, DUREE_MAX_MOIS)
        if today >= add_months(limit_60, -6):
            alerts.append(("limite_5_ans", "Limite des 5 ans dans moins de 6 mois", limit_60))
        reference = last_meeting or parcours.date_entree
        if reference <= today - timedelta(days=30):
            alerts.append(
                (
                    "sans_entretien",
                    "Aucun entretien depuis 30 jours",
                    reference + timedelta(days=30),
                )
            )
        if parcours.statut != StatutParcours.accueil and row.dernier_diagnostic is not None:
            due_diag = add_months(row.dernier_diagnostic, 6)
            if due_diag <= today:
                alerts.append(
                    ("diagnostic_suivi", "Diagnostic de suivi de plus de 6 mois", due_diag)
                )
        if row.freins_bloquants_sans_action:
            alerts.append(
                ("frein_bloquant_sans_action", "Frein bloquant sans action depuis 30 jours", None)
            )
    if row.orientations_sans_reponse:
        alerts.append(
            ("orientation_sans_reponse", "Orientation sans réponse depuis 15 jours", None)
        )
    if due:
        alerts.append(("suivi_du", "Suivi post-sortie à réaliser", None))
    return alerts


async def caseload(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    *,
    limit: int,
    cursor: str | None,
    statut: StatutParcours | None,
    chantier_id: uuid.UUID | None,
    referent_id: uuid.UUID | None,
    q: str | None,
) -> tuple[list[CaseloadRow], str | None]:
    await close_due(session, actor=actor)
    today = date.today()
    stmt = _caseload_statement(actor)
    if statut is not None:
        stmt = stmt.where(Parcours.statut == statut)
    else:
        stmt = stmt.where(Parcours.statut != statut_inline(StatutParcours.clos))
    if chantier_id is not None:
        stmt = stmt.where(Parcours.chantier_id == chantier_id)
    if referent_id is not None:
        stmt = stmt.where(Parcours.referent_id == referent_id)
    if q:
        for token in normalise(q).split():
            stmt = stmt.where(Salarie.recherche.like(f"%{escape_like(token)}%", escape="\\"))
    if cursor:
        key, pid = decode_cursor(cursor, str, uuid.UUID)
        stmt = stmt.where(
            or_(Salarie.recherche > key, and_(Salarie.recherche == key, Parcours.id > pid))
        )
    rows = (
        await session.execute(
            stmt.order_by(Salarie.recherche, Parcours.id).limit(limit + 1),
            _caseload_parameters(today),
        )
    ).all()
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor([last.recherche, last.Parcours.id])
    items = [
        CaseloadRow(
            parcours_id=r.Parcours.id,
            salarie_id=r.Parcours.salarie_id,
            nom=r.nom,
            prenoms=r.prenoms,
            chantier_id=r.Parcours.chantier_id,
            referent_id=r.Parcours.referent_id,
            statut=r.Parcours.statut,
            date_entree=r.Parcours.date_entree,
            mois_parcours=max(
                0, months_between(r.Parcours.date_entree, r.Parcours.date_sortie or today)
            ),
            prochaine_fin_contrat=r.prochaine_fin,
            alertes=[
                code
                for code, _, _ in _alerts(r, today)
                if actor.can(Permission.freins_read) or code not in FREINS_ALERTS
            ],
        )
        for r in rows
    ]
    await audit.record(
        session, context, "list", object_type="parcours", details={"resultats": len(items)}
    )
    return items, next_cursor
