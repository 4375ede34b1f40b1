"""The person's rights, what they share: the person inside the caller's perimeter, the history
of accesses to their file, and the retention status of the files.

Its neighbours: `dossier` (the right of access: the whole file, as data or document),
`effacement` (erasure), `retention` and `anonymisation` (the rules the daily job applies).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core import audit
from api.core.audit import AuditContext, AuditEvent
from api.core.auth import Actor
from api.core.errors import Conflict
from api.identity.models import ApiClient, UserAccount
from api.referentiel import Role, StatutOrientation
from api.rgpd import retention
from api.rgpd.models import TACHE_QUOTIDIENNE, TachePlanifiee
from api.rgpd.schemas import (
    AccesOut,
    ActeurOut,
    ElementConserveOut,
    RetentionOut,
    RetentionTerritoire,
)
from api.salaries import service as salaries_service
from api.salaries.models import Salarie
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


async def person(session: AsyncSession, actor: Actor, salarie_id: uuid.UUID) -> Salarie:
    """The person, inside the caller's perimeter (404 outside, as everywhere)."""
    return await salaries_service.get_salarie(session, actor, salarie_id)


def conservation_legale(settings: Settings) -> list[ElementConserveOut]:
    return [ElementConserveOut(**e.model_dump()) for e in settings.conservation_legale]


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


async def acces_out(session: AsyncSession, events: list[AuditEvent]) -> list[AccesOut]:
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
    salarie = await person(session, actor, salarie_id)
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
    return await acces_out(session, rows), next_id


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
        conservation_legale=conservation_legale(settings),
        territoires=items,
        total=total,
        derniere_execution=marker.terminee_le if marker else None,
        # Its counts are national: for the national team only.
        dernier_resultat=marker.resultat if marker and actor.role == Role.admin_national else None,
    )
