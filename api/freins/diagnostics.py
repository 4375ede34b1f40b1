"""Diagnostics: the stages of a parcours (entry, follow-up, exit), drafted then validated, a
validated one corrected by a new version; health details on a need-to-know basis.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.permissions import Permission
from api.freins.catalogue import check_domaines
from api.freins.models import Diagnostic, DiagnosticDomaine
from api.freins.schemas import (
    CorrectionIn,
    DiagnosticIn,
    DiagnosticOut,
    DiagnosticUpdate,
    DomaineIn,
    DomaineOut,
)
from api.parcours.acces import get_parcours
from api.parcours.models import Parcours, SuiviPostSortie
from api.referentiel import EtapeDiagnostic, StatutDiagnostic


class DiagnosticNotFound(NotFound):
    code = "diagnostic_introuvable"
    detail = "Aucun diagnostic ne correspond à cet identifiant."


class DiagnosticValide(Conflict):
    code = "diagnostic_valide"
    detail = (
        "Un diagnostic validé ne se modifie plus : enregistrez une correction, qui garde les "
        "deux versions."
    )


def _domaine_out(actor: Actor, item: DiagnosticDomaine) -> DomaineOut:
    out = DomaineOut(domaine=item.domaine)
    if not actor.sees_details(item.domaine):
        if actor.can(Permission.freins_read):
            out.niveau = item.niveau
        return out
    out.niveau = item.niveau
    out.situations = list(item.situations)
    out.commentaire = item.commentaire
    return out


async def diagnostics_out(
    session: AsyncSession, actor: Actor, diagnostics: list[Diagnostic]
) -> list[DiagnosticOut]:
    replaced = (
        set(
            (
                await session.scalars(
                    select(Diagnostic.remplace_id).where(
                        Diagnostic.remplace_id.in_([d.id for d in diagnostics])
                    )
                )
            ).all()
        )
        if diagnostics
        else set()
    )
    return [
        DiagnosticOut(
            id=d.id,
            parcours_id=d.parcours_id,
            etape=d.etape,
            date=d.date,
            statut=d.statut,
            auteur_id=d.auteur_id,
            remplace_id=d.remplace_id,
            remplace=d.id in replaced,
            suivi_id=d.suivi_id,
            valide_le=d.valide_le,
            domaines=[_domaine_out(actor, item).model_copy() for item in d.domaines],
            version=d.version,
        )
        for d in diagnostics
    ]


def _diagnostics(parcours_id: uuid.UUID) -> Select[Diagnostic]:
    return (
        select(Diagnostic)
        .where(Diagnostic.parcours_id == parcours_id)
        .options(selectinload(Diagnostic.domaines))
        .order_by(Diagnostic.date, Diagnostic.created_at)
    )


def current_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Validated diagnostics not replaced by a correction."""
    replaced = {d.remplace_id for d in diagnostics if d.remplace_id}
    return [d for d in diagnostics if d.statut == StatutDiagnostic.valide and d.id not in replaced]


async def list_diagnostics(
    session: AsyncSession, actor: Actor, context: AuditContext, parcours_id: uuid.UUID
) -> list[Diagnostic]:
    parcours = await get_parcours(session, actor, parcours_id)
    rows = list((await session.scalars(_diagnostics(parcours.id))).all())
    await audit.record(
        session,
        context,
        "read",
        object_type="diagnostic",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
    )
    return rows


async def get_diagnostic(
    session: AsyncSession, actor: Actor, diagnostic_id: uuid.UUID
) -> tuple[Diagnostic, Parcours]:
    diagnostic = await session.scalar(
        select(Diagnostic)
        .where(Diagnostic.id == diagnostic_id)
        .options(selectinload(Diagnostic.domaines))
    )
    if diagnostic is None:
        raise DiagnosticNotFound()
    try:
        parcours = await get_parcours(session, actor, diagnostic.parcours_id)
    except NotFound:
        raise DiagnosticNotFound() from None
    return diagnostic, parcours


async def _check_unique_stage(
    session: AsyncSession,
    parcours: Parcours,
    etape: EtapeDiagnostic,
    suivi_id: uuid.UUID | None,
    excluding: uuid.UUID | None = None,
) -> None:
    existing = current_diagnostics(list((await session.scalars(_diagnostics(parcours.id))).all()))
    others = [d for d in existing if d.id != excluding]
    if etape in (EtapeDiagnostic.entree, EtapeDiagnostic.sortie) and any(
        d.etape == etape for d in others
    ):
        raise Conflict(
            f"Ce parcours a déjà un diagnostic « {etape.value} » validé : corrigez-le plutôt."
        )
    if etape == EtapeDiagnostic.post_sortie and any(
        d.etape == etape and d.suivi_id == suivi_id for d in others
    ):
        raise Conflict("Ce suivi post-sortie a déjà son diagnostic.")


def _items(items: list[DomaineIn]) -> list[DiagnosticDomaine]:
    return [
        DiagnosticDomaine(
            domaine=i.domaine,
            niveau=i.niveau,
            situations=list(i.situations),
            commentaire=i.commentaire,
        )
        for i in items
    ]


async def create_diagnostic(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: DiagnosticIn,
) -> Diagnostic:
    parcours = await get_parcours(session, actor, parcours_id)
    if data.date < parcours.date_entree or data.date > date.today():
        raise InvalidField("body.date", "Date de diagnostic impossible pour ce parcours.")
    if data.etape == EtapeDiagnostic.post_sortie:
        suivi = await session.get(SuiviPostSortie, data.suivi_id) if data.suivi_id else None
        if suivi is None or suivi.parcours_id != parcours.id:
            raise InvalidField("body.suivi_id", "Un diagnostic post-sortie se rattache à un suivi.")
    elif data.suivi_id is not None:
        raise InvalidField("body.suivi_id", "Seul un diagnostic post-sortie nomme un suivi.")
    await check_domaines(session, data.domaines)
    if data.valider:
        await _check_unique_stage(session, parcours, data.etape, data.suivi_id)
    diagnostic = Diagnostic(
        parcours_id=parcours.id,
        etape=data.etape,
        date=data.date,
        auteur_id=actor.id,
        statut=StatutDiagnostic.valide if data.valider else StatutDiagnostic.brouillon,
        suivi_id=data.suivi_id,
        valide_le=utcnow() if data.valider else None,
    )
    diagnostic.domaines = _items(data.domaines)
    session.add(diagnostic)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="diagnostic",
        object_id=diagnostic.id,
        salarie_id=parcours.salarie_id,
    )
    return diagnostic


async def update_diagnostic(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    diagnostic_id: uuid.UUID,
    expected_version: int,
    data: DiagnosticUpdate,
) -> Diagnostic:
    diagnostic, parcours = await get_diagnostic(session, actor, diagnostic_id)
    if diagnostic.statut == StatutDiagnostic.valide:
        raise DiagnosticValide()
    check_version(diagnostic.version, expected_version)
    if data.date is not None:
        if data.date < parcours.date_entree or data.date > date.today():
            raise InvalidField("body.date", "Date de diagnostic impossible pour ce parcours.")
        diagnostic.date = data.date
    if data.domaines is not None:
        await check_domaines(session, data.domaines)
        diagnostic.domaines = _items(data.domaines)
    diagnostic.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="diagnostic",
        object_id=diagnostic.id,
        salarie_id=parcours.salarie_id,
    )
    return diagnostic


async def validate_diagnostic(
    session: AsyncSession, actor: Actor, context: AuditContext, diagnostic_id: uuid.UUID
) -> Diagnostic:
    diagnostic, parcours = await get_diagnostic(session, actor, diagnostic_id)
    if diagnostic.statut == StatutDiagnostic.valide:
        raise DiagnosticValide("Ce diagnostic est déjà validé.")
    await _check_unique_stage(session, parcours, diagnostic.etape, diagnostic.suivi_id)
    diagnostic.statut = StatutDiagnostic.valide
    diagnostic.valide_le = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="diagnostic",
        object_id=diagnostic.id,
        salarie_id=parcours.salarie_id,
        details={"transition": "validation"},
    )
    return diagnostic


async def correct_diagnostic(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    diagnostic_id: uuid.UUID,
    data: CorrectionIn,
) -> Diagnostic:
    """A new validated version that replaces the old one; both are kept."""
    old, parcours = await get_diagnostic(session, actor, diagnostic_id)
    if old.statut != StatutDiagnostic.valide:
        raise Conflict(
            "Un brouillon se modifie directement ; seule une version validée se corrige."
        )
    already = await session.scalar(select(Diagnostic.id).where(Diagnostic.remplace_id == old.id))
    if already is not None:
        raise Conflict("Cette version a déjà été corrigée : corrigez la plus récente.")
    await check_domaines(session, data.domaines)
    new = Diagnostic(
        parcours_id=parcours.id,
        etape=old.etape,
        date=old.date,
        auteur_id=actor.id,
        statut=StatutDiagnostic.valide,
        remplace_id=old.id,
        suivi_id=old.suivi_id,
        valide_le=utcnow(),
    )
    new.domaines = _items(data.domaines)
    session.add(new)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="diagnostic",
        object_id=new.id,
        salarie_id=parcours.salarie_id,
        details={"correction_de": str(old.id)},
    )
    return new
