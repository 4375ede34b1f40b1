"""Référentiel, diagnostics, freins and actions, with health details on a need-to-know basis."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.core import audit
from api.core.audit import AuditContext
from api.core.auth import Actor
from api.core.concurrency import check_version
from api.core.db import utcnow
from api.core.errors import Conflict, InvalidField, NotFound
from api.core.permissions import Permission
from api.freins import evolution as rules
from api.freins.models import Action, Diagnostic, DiagnosticDomaine, Frein, ReferentielValeur
from api.freins.schemas import (
    ActionCreate,
    ActionOut,
    ActionUpdate,
    CorrectionIn,
    DiagnosticIn,
    DiagnosticOut,
    DiagnosticUpdate,
    DomaineIn,
    DomaineOut,
    DomaineReferentiel,
    Etat,
    EvolutionDomaine,
    EvolutionOut,
    FreinCreate,
    FreinOut,
    FreinsDepuisDiagnosticIn,
    FreinUpdate,
    ReferentielOut,
    ValeurCreate,
    ValeurOut,
)
from api.identity import perimetre
from api.parcours.acces import get_parcours
from api.parcours.models import Parcours, SuiviPostSortie
from api.referentiel import (
    Domaine,
    EtapeDiagnostic,
    KindReferentiel,
    StatutAction,
    StatutDiagnostic,
    StatutFrein,
    StatutParcours,
)


class DiagnosticNotFound(NotFound):
    code = "diagnostic_introuvable"
    detail = "Aucun diagnostic ne correspond à cet identifiant."


class FreinNotFound(NotFound):
    code = "frein_introuvable"
    detail = "Aucun frein ne correspond à cet identifiant."


class DiagnosticValide(Conflict):
    code = "diagnostic_valide"
    detail = (
        "Un diagnostic validé ne se modifie plus : enregistrez une correction, qui garde les "
        "deux versions."
    )


# --- référentiel ---------------------------------------------------------------------------


async def referentiel(session: AsyncSession) -> tuple[ReferentielOut, str]:
    """All of it in one response, with a strong ETag over its content."""
    rows = (
        await session.scalars(
            select(ReferentielValeur).order_by(
                ReferentielValeur.domaine,
                ReferentielValeur.kind,
                ReferentielValeur.ordre,
                ReferentielValeur.code,
            )
        )
    ).all()
    by_domaine: dict[str, dict[str, list[ValeurOut]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_domaine[row.domaine][row.kind].append(ValeurOut.model_validate(row))
    out = ReferentielOut(
        domaines=[
            DomaineReferentiel(
                domaine=d,
                situations=by_domaine[d][KindReferentiel.situation],
                objectifs=by_domaine[d][KindReferentiel.objectif],
                types_action=by_domaine[d][KindReferentiel.type_action],
            )
            for d in Domaine
        ]
    )
    digest = hashlib.sha256(out.model_dump_json().encode()).hexdigest()[:32]
    return out, f'"{digest}"'


async def add_valeur(
    session: AsyncSession, actor: Actor, context: AuditContext, data: ValeurCreate
) -> ReferentielValeur:
    ordre = await session.scalar(
        select(ReferentielValeur.ordre)
        .where(ReferentielValeur.kind == data.kind, ReferentielValeur.domaine == data.domaine)
        .order_by(ReferentielValeur.ordre.desc())
        .limit(1)
    )
    valeur = ReferentielValeur(**data.model_dump(), ordre=(ordre or 0) + 1, retire=False)
    session.add(valeur)
    try:
        await session.flush()
    except IntegrityError:
        raise Conflict("Cette valeur existe déjà dans le référentiel.") from None
    await audit.record(
        session, context, "create", object_type="referentiel_valeur", object_id=valeur.id
    )
    return valeur


async def retire_valeur(
    session: AsyncSession, actor: Actor, context: AuditContext, valeur_id: uuid.UUID
) -> ReferentielValeur:
    valeur = await session.get(ReferentielValeur, valeur_id)
    if valeur is None:
        raise NotFound("Aucune valeur du référentiel ne correspond à cet identifiant.")
    valeur.retire = True
    await session.flush()
    await audit.record(
        session,
        context,
        "update",
        object_type="referentiel_valeur",
        object_id=valeur.id,
        details={"transition": "retrait"},
    )
    return valeur


async def _offered(session: AsyncSession, kind: KindReferentiel) -> dict[str, set[str]]:
    rows = await session.execute(
        select(ReferentielValeur.domaine, ReferentielValeur.code).where(
            ReferentielValeur.kind == kind, ReferentielValeur.retire.is_(False)
        )
    )
    offered: dict[str, set[str]] = defaultdict(set)
    for domaine, code in rows:
        offered[domaine].add(code)
    return offered


async def _check_domaines(session: AsyncSession, items: list[DomaineIn]) -> None:
    offered = await _offered(session, KindReferentiel.situation)
    seen: set[str] = set()
    for index, item in enumerate(items):
        field = f"body.domaines.{index}"
        if item.domaine in seen:
            raise InvalidField(f"{field}.domaine", "Chaque domaine n'apparaît qu'une fois.")
        seen.add(item.domaine)
        unknown = [s for s in item.situations if s not in offered[item.domaine]]
        if unknown:
            raise InvalidField(
                f"{field}.situations",
                "Situation inconnue ou retirée du référentiel : " + ", ".join(unknown),
            )
        if item.domaine == Domaine.logement and len(item.situations) != 1:
            raise InvalidField(
                f"{field}.situations", "Le logement se décrit par une seule situation."
            )


# --- diagnostics ---------------------------------------------------------------------------


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


def _current(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
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


async def _get_diagnostic(
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
    existing = _current(list((await session.scalars(_diagnostics(parcours.id))).all()))
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
    await _check_domaines(session, data.domaines)
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
    diagnostic, parcours = await _get_diagnostic(session, actor, diagnostic_id)
    if diagnostic.statut == StatutDiagnostic.valide:
        raise DiagnosticValide()
    check_version(diagnostic.version, expected_version)
    if data.date is not None:
        if data.date < parcours.date_entree or data.date > date.today():
            raise InvalidField("body.date", "Date de diagnostic impossible pour ce parcours.")
        diagnostic.date = data.date
    if data.domaines is not None:
        await _check_domaines(session, data.domaines)
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
    diagnostic, parcours = await _get_diagnostic(session, actor, diagnostic_id)
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
    old, parcours = await _get_diagnostic(session, actor, diagnostic_id)
    if old.statut != StatutDiagnostic.valide:
        raise Conflict(
            "Un brouillon se modifie directement ; seule une version validée se corrige."
        )
    already = await session.scalar(select(Diagnostic.id).where(Diagnostic.remplace_id == old.id))
    if already is not None:
        raise Conflict("Cette version a déjà été corrigée : corrigez la plus récente.")
    await _check_domaines(session, data.domaines)
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
    offered = await _offered(session, KindReferentiel.situation)
    goals = await _offered(session, KindReferentiel.objectif)
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
    diagnostic, parcours = await _get_diagnostic(session, actor, data.diagnostic_id)
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
    types = await _offered(session, KindReferentiel.type_action)
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
    diagnostics = _current(await list_diagnostics(session, actor, context, parcours_id))
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
