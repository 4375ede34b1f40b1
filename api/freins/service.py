"""Freins and their actions (identified from a diagnostic or directly), and their evolution
across a parcours' diagnostics; health details on a need-to-know basis.

Its neighbours: `catalogue` (the référentiel), `diagnostics`, `evolution` (the pure rules).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.permissions import Permission
from api.freins import evolution as rules
from api.freins.catalogue import offered_values
from api.freins.diagnostics import (
    DiagnosticNotFound,
    current_diagnostics,
    get_diagnostic,
    list_diagnostics,
)
from api.freins.models import Action, Diagnostic, DiagnosticDomaine, Frein
from api.freins.schemas import (
    ActionCreate,
    ActionOut,
    ActionUpdate,
    Etat,
    EvolutionDomaine,
    EvolutionOut,
    FreinCreate,
    FreinOut,
    FreinsDepuisDiagnosticIn,
    FreinUpdate,
)
from api.identity import perimetre
from api.parcours.acces import get_parcours
from api.parcours.models import Parcours
from api.referentiel import (
    Domaine,
    EtapeDiagnostic,
    KindReferentiel,
    StatutAction,
    StatutDiagnostic,
    StatutFrein,
    StatutParcours,
)


class FreinNotFound(NotFound):
    code = "frein_introuvable"
    detail = "Aucun frein ne correspond à cet identifiant."


# --- freins and actions --------------------------------------------------------------------


def frein_out(actor: Actor, frein: Frein, actions: list[Action]) -> FreinOut:
    out = FreinOut(
        id=frein.id,
        parcours_id=frein.parcours_id,
        domaine=frein.domaine,
        statut=frein.statut,
        date_identification=frein.date_identification,
        date_cloture=frein.date_cloture,
        version=frein.version,
    )
    if not actor.sees_details(frein.domaine):
        if actor.can(Permission.freins_read):
            out.niveau = frein.niveau
        return out
    out.niveau = frein.niveau
    out.situations = list(frein.situations)
    out.objectifs = list(frein.objectifs)
    out.commentaire = frein.commentaire
    out.actions = [ActionOut.model_validate(a) for a in actions]
    return out


async def list_freins(
    session: AsyncSession, actor: Actor, context: AuditContext, parcours_id: uuid.UUID
) -> list[FreinOut]:
    parcours = await get_parcours(session, actor, parcours_id)
    freins = list(
        (
            await session.scalars(
                select(Frein)
                .where(Frein.parcours_id == parcours.id)
                .order_by(Frein.domaine, Frein.date_identification)
            )
        ).all()
    )
    actions = (
        (
            await session.scalars(
                select(Action)
                .where(Action.frein_id.in_([f.id for f in freins]))
                .order_by(Action.echeance, Action.created_at)
            )
        ).all()
        if freins
        else []
    )
    by_frein: dict[uuid.UUID, list[Action]] = defaultdict(list)
    for action in actions:
        by_frein[action.frein_id].append(action)
    await audit.record(
        session,
        context,
        "read",
        object_type="frein",
        object_id=parcours.id,
        salarie_id=parcours.salarie_id,
    )
    return [frein_out(actor, f, by_frein[f.id]) for f in freins]


async def _check_codes(
    session: AsyncSession, domaine: str, situations: list[str], objectifs: list[str]
) -> None:
    offered = await offered_values(session, KindReferentiel.situation)
    goals = await offered_values(session, KindReferentiel.objectif)
    if any(s not in offered[domaine] for s in situations):
        raise InvalidField("body.situations", "Situation inconnue ou retirée du référentiel.")
    if any(o not in goals[domaine] for o in objectifs):
        raise InvalidField("body.objectifs", "Objectif inconnu ou retiré du référentiel.")


async def create_frein(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: FreinCreate,
) -> Frein:
    parcours = await get_parcours(session, actor, parcours_id)
    if parcours.statut == StatutParcours.clos:
        raise Conflict("Ce parcours est clos.")
    if data.date_identification < parcours.date_entree or data.date_identification > date.today():
        raise InvalidField("body.date_identification", "Date impossible pour ce parcours.")
    await _check_codes(session, data.domaine, data.situations, data.objectifs)
    frein = Frein(parcours_id=parcours.id, **data.model_dump(), statut=StatutFrein.identifie)
    session.add(frein)
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="frein",
        object_id=frein.id,
        salarie_id=parcours.salarie_id,
    )
    return frein


async def freins_from_diagnostic(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    parcours_id: uuid.UUID,
    data: FreinsDepuisDiagnosticIn,
) -> list[Frein]:
    """Every domaine at level 2 or more (or the ones chosen) becomes a frein, in one step."""
    diagnostic, parcours = await get_diagnostic(session, actor, data.diagnostic_id)
    if parcours.id != parcours_id:
        raise DiagnosticNotFound()
    if diagnostic.statut != StatutDiagnostic.valide:
        raise Conflict("Validez le diagnostic avant d'en tirer les freins.")
    open_domaines = set(
        (
            await session.scalars(
                select(Frein.domaine).where(
                    Frein.parcours_id == parcours.id,
                    Frein.statut.in_([StatutFrein.identifie, StatutFrein.en_traitement]),
                )
            )
        ).all()
    )
    wanted = set(data.domaines) if data.domaines is not None else None
    created = []
    for item in diagnostic.domaines:
        chosen = item.domaine in wanted if wanted is not None else item.niveau >= 2
        if not chosen or item.niveau == 0 or item.domaine in open_domaines:
            continue
        frein = Frein(
            parcours_id=parcours.id,
            domaine=item.domaine,
            niveau=item.niveau,
            situations=list(item.situations),
            objectifs=[],
            commentaire=item.commentaire,
            statut=StatutFrein.identifie,
            date_identification=diagnostic.date,
            diagnostic_id=diagnostic.id,
        )
        session.add(frein)
        created.append(frein)
    await session.flush()
    for frein in created:
        await audit.record(
            session,
            context,
            "create",
            object_type="frein",
            object_id=frein.id,
            salarie_id=parcours.salarie_id,
        )
    return created


async def _get_frein(
    session: AsyncSession, actor: Actor, frein_id: uuid.UUID
) -> tuple[Frein, Parcours]:
    frein = await session.get(Frein, frein_id)
    if frein is None:
        raise FreinNotFound()
    try:
        parcours = await get_parcours(session, actor, frein.parcours_id)
    except NotFound:
        raise FreinNotFound() from None
    if not actor.sees_details(frein.domaine):
        raise FreinNotFound()
    return frein, parcours


async def update_frein(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    frein_id: uuid.UUID,
    expected_version: int,
    data: FreinUpdate,
) -> Frein:
    frein, parcours = await _get_frein(session, actor, frein_id)
    check_version(frein.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    await _check_codes(
        session, frein.domaine, changes.get("situations") or [], changes.get("objectifs") or []
    )
    statut = changes.get("statut")
    if statut in (StatutFrein.leve, StatutFrein.non_leve):
        changes.setdefault("date_cloture", date.today())
    for name, value in changes.items():
        if value is not None or name in ("commentaire", "date_cloture"):
            setattr(frein, name, value)
    frein.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="frein",
        object_id=frein.id,
        salarie_id=parcours.salarie_id,
        details={"champs": sorted(changes)},
    )
    return frein


async def add_action(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    frein_id: uuid.UUID,
    data: ActionCreate,
) -> Action:
    frein, parcours = await _get_frein(session, actor, frein_id)
    types = await offered_values(session, KindReferentiel.type_action)
    if data.type not in types[frein.domaine]:
        raise InvalidField("body.type", "Type d'action inconnu pour ce domaine.")
    if data.responsable_id is not None:
        await perimetre.check_equipe(
            session, "body.responsable_id", [data.responsable_id], chantier_id=parcours.chantier_id
        )
    action = Action(frein_id=frein.id, **data.model_dump())
    session.add(action)
    if frein.statut == StatutFrein.identifie:
        frein.statut = StatutFrein.en_traitement
    await session.flush()
    await audit.record(
        session,
        context,
        "create",
        object_type="action",
        object_id=action.id,
        salarie_id=parcours.salarie_id,
    )
    return action


async def update_action(
    session: AsyncSession,
    actor: Actor,
    context: AuditContext,
    action_id: uuid.UUID,
    expected_version: int,
    data: ActionUpdate,
) -> Action:
    action = await session.get(Action, action_id)
    if action is None:
        raise NotFound("Aucune action ne correspond à cet identifiant.")
    _, parcours = await _get_frein(session, actor, action.frein_id)
    check_version(action.version, expected_version)
    changes = data.model_dump(exclude_unset=True)
    if changes.get("statut") == StatutAction.realisee:
        changes.setdefault("date_realisation", date.today())
    for name, value in changes.items():
        setattr(action, name, value)
    action.updated_at = utcnow()
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="action",
        object_id=action.id,
        salarie_id=parcours.salarie_id,
    )
    return action


# --- evolution -----------------------------------------------------------------------------


async def evolution(
    session: AsyncSession, actor: Actor, context: AuditContext, parcours_id: uuid.UUID
) -> EvolutionOut:
    """Per domaine: entry, each suivi, exit and after; and whether it improved."""
    diagnostics = current_diagnostics(await list_diagnostics(session, actor, context, parcours_id))
    states: dict[str, dict[str, list[tuple[Diagnostic, DiagnosticDomaine]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for d in diagnostics:
        for item in d.domaines:
            states[item.domaine][d.etape].append((d, item))

    def etat(d: Diagnostic, item: DiagnosticDomaine) -> Etat:
        hidden = not actor.sees_details(item.domaine)
        return Etat(
            date=d.date,
            etape=d.etape,
            niveau=item.niveau,
            situations=None if hidden else list(item.situations),
        )

    out = []
    for domaine in Domaine:
        per = states.get(domaine, {})
        entree = per.get(EtapeDiagnostic.entree, [])
        sortie = per.get(EtapeDiagnostic.sortie, [])
        suivis = per.get(EtapeDiagnostic.suivi, [])
        after = per.get(EtapeDiagnostic.post_sortie, [])
        if not (entree or sortie or suivis or after):
            continue
        # Entry against exit, or against the latest suivi while the parcours goes on.
        first = entree[0][1] if entree else None
        latest = sortie or suivis
        last = latest[-1][1] if latest else None
        improved_level: bool | None = None
        improved: bool | None = None
        if first is not None and last is not None:
            improved_level = last.niveau < first.niveau
            improved = rules.ameliore(
                domaine, (first.niveau, first.situations), (last.niveau, last.situations)
            )
        housed = None
        if domaine == Domaine.logement and last is not None:
            housed = rules.en_logement(last.situations)
        out.append(
            EvolutionDomaine(
                domaine=domaine,
                entree=etat(*entree[0]) if entree else None,
                suivis=[etat(*s) for s in suivis],
                sortie=etat(*sortie[-1]) if sortie else None,
                post_sortie=[etat(*s) for s in after],
                ameliore=improved,
                indicateur=rules.INDICATEUR.get(domaine),
                niveau_baisse=improved_level,
                en_logement=housed,
            )
        )
    return EvolutionOut(parcours_id=parcours_id, domaines=out)
