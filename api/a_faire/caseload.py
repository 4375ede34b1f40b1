"""The caseload: each visible parcours with its person, deadlines and alerts, in one SELECT.

It reads the parcours and what hangs on them (contracts, check-ins, journal, freins,
diagnostics, orientations), which is why it sits above those packages; the À faire builds its
deadlines from the same statement and alerts.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Date, Select, and_, bindparam, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.db import UTCDateTime, utcnow
from api.core.pagination import decode_cursor, encode_cursor
from api.core.permissions import Permission
from api.core.text import escape_like, normalise
from api.freins.models import Action, Diagnostic, Frein
from api.orientations.models import Orientation
from api.parcours.acces import statut_inline, visible_parcours
from api.parcours.dates import add_months, months_between
from api.parcours.machine import OUVERTS
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.parcours.schemas import CaseloadRow
from api.parcours.service import close_due
from api.referentiel import (
    DUREE_MAX_MOIS,
    DUREE_NORME_MOIS,
    StatutDiagnostic,
    StatutFrein,
    StatutOrientation,
    StatutParcours,
    TypeJournal,
)
from api.salaries.models import Salarie


def caseload_columns() -> tuple[Any, ...]:
    """The caseload's computed columns, built once per process with named parameters
    (`caseload_parameters`): building six correlated subqueries cost about a millisecond
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


def caseload_parameters(today: date) -> dict[str, Any]:
    return {
        "aujourdhui": today,
        "suivis_jusqu_au": today + timedelta(days=7),
        "freins_identifies_avant": today - timedelta(days=30),
        "envoyees_avant": utcnow() - timedelta(days=15),
    }


def caseload_statement(actor: Actor) -> Select[Any]:
    """One SELECT: each parcours with its person, next contract end, due check-ins, last
    entretien. Correlated subqueries keep the cost constant whatever the page size; execute
    it with `caseload_parameters(today)`."""
    # The perimeter filters this very parcours row (not a joined copy of the table), so the
    # planner starts from the chantier's or territoire's parcours, never from every open one.
    return (
        visible_parcours(actor)
        .add_columns(*caseload_columns())
        .join(Salarie, Salarie.id == Parcours.salarie_id)
    )


# Alerts about freins and diagnostics: only for who reads them (not the encadrant technique).
FREINS_ALERTS = frozenset({"frein_bloquant_sans_action", "diagnostic_suivi"})


def row_alerts(row: Any, today: date) -> list[tuple[str, str, date | None]]:
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
    stmt = caseload_statement(actor)
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
            caseload_parameters(today),
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
                for code, _, _ in row_alerts(r, today)
                if actor.can(Permission.freins_read) or code not in FREINS_ALERTS
            ],
        )
        for r in rows
    ]
    await audit.record(
        session, context, "list", object_type="parcours", details={"resultats": len(items)}
    )
    return items, next_cursor
