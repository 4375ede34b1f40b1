"""Per-partner statistics of a territoire's orientations, computed in SQL aggregates."""

from __future__ import annotations

import statistics
import uuid
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.candidatures.models import Candidature
from api.core.auth import Actor, Forbidden
from api.core.db import utcnow
from api.orientations.models import Orientation
from api.orientations.schemas import (
    NouveauPartenaire,
    PartenaireRef,
    StatistiquesOut,
    StatPartenaire,
)
from api.referentiel import Role, StatutOrientation, TypeStructure
from api.structures.models import Structure, structure_territoire

NOUVEAU_JOURS = 90
"""A partner is new for this long after it entered the directory."""


async def statistics_for(
    session: AsyncSession, actor: Actor, territoire_id: uuid.UUID | None
) -> StatistiquesOut:
    """Per partner of the territoire: answers, refusals by motif, delays; in SQL aggregates."""
    if actor.role != Role.admin_national and (
        territoire_id is None or territoire_id not in actor.territoire_ids
    ):
        territoire_id = next(iter(sorted(actor.territoire_ids)), None)
        if territoire_id is None:
            raise Forbidden()
    partners_stmt = select(Structure.id, Structure.nom).where(
        Structure.type == TypeStructure.partenaire
    )
    if territoire_id is not None:
        partners_stmt = partners_stmt.where(
            Structure.id.in_(
                select(structure_territoire.c.structure_id).where(
                    structure_territoire.c.territoire_id == territoire_id
                )
            )
        )
    rows = (await session.execute(partners_stmt.add_columns(Structure.created_at))).all()
    partners = {row.id: row.nom for row in rows}
    arrived = {row.id: row.created_at for row in rows}
    base = (
        select(Orientation)
        .where(
            Orientation.partenaire_id.in_(list(partners)),
            Orientation.statut != StatutOrientation.brouillon,
        )
        .subquery()
    )
    old = utcnow() - timedelta(days=15)
    counts = (
        await session.execute(
            select(
                base.c.partenaire_id,
                func.count().label("recues"),
                func.count().filter(base.c.statut.in_(["acceptee", "realisee", "abandonnee"])),
                func.count().filter(base.c.statut == "refusee"),
                func.count().filter(base.c.statut == "realisee"),
                func.count().filter(and_(base.c.statut == "envoyee", base.c.envoyee_le < old)),
            ).group_by(base.c.partenaire_id)
        )
    ).all()
    by_motif: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for pid, motif, n in (
        await session.execute(
            select(base.c.partenaire_id, base.c.motif_refus, func.count())
            .where(base.c.statut == "refusee")
            .group_by(base.c.partenaire_id, base.c.motif_refus)
        )
    ).all():
        by_motif[pid][str(motif)] = n
    medians = await _median_hours(session, base)
    stats = [
        StatPartenaire(
            partenaire_id=pid,
            nom=partners[pid],
            recues=recues,
            acceptees=acceptees,
            refusees=refusees,
            refus_par_motif=by_motif[pid],
            realisees=realisees,
            en_attente_plus_15_jours=waiting,
            delai_median_premiere_reponse_heures=medians.get(pid),
        )
        for pid, recues, acceptees, refusees, realisees, waiting in counts
    ]
    solicited = {s.partenaire_id for s in stats}
    recues = {s.partenaire_id: s.recues for s in stats}
    since = utcnow() - timedelta(days=NOUVEAU_JOURS)
    recent = [pid for pid, at in arrived.items() if at >= since]
    by_application = set(
        (
            await session.scalars(
                select(Candidature.structure_id).where(Candidature.structure_id.in_(recent))
            )
        ).all()
    )
    return StatistiquesOut(
        nouveaux=[
            NouveauPartenaire(
                partenaire_id=pid,
                nom=partners[pid],
                arrive_le=arrived[pid],
                par_candidature=pid in by_application,
                orientations_recues=recues.get(pid, 0),
            )
            for pid in sorted(recent, key=lambda p: arrived[p], reverse=True)
        ],
        partenaires=sorted(stats, key=lambda s: s.nom),
        jamais_sollicites=[
            PartenaireRef(partenaire_id=pid, nom=nom)
            for pid, nom in sorted(partners.items(), key=lambda item: item[1])
            if pid not in solicited
        ],
    )


async def _median_hours(session: AsyncSession, base: Any) -> dict[uuid.UUID, float]:
    answered = and_(base.c.premiere_reponse_le.is_not(None), base.c.envoyee_le.is_not(None))
    if session.get_bind().dialect.name == "postgresql":
        hours = func.extract("epoch", base.c.premiere_reponse_le - base.c.envoyee_le) / 3600.0
        rows = await session.execute(
            select(base.c.partenaire_id, func.percentile_cont(0.5).within_group(hours))
            .where(answered)
            .group_by(base.c.partenaire_id)
        )
        return {pid: round(float(v), 1) for pid, v in rows.all() if v is not None}
    # SQLite has no percentile: the answered pairs only (two timestamps per orientation).
    grouped: dict[uuid.UUID, list[float]] = defaultdict(list)
    rows = await session.execute(
        select(base.c.partenaire_id, base.c.envoyee_le, base.c.premiere_reponse_le).where(answered)
    )
    for pid, sent, answered_at in rows.all():
        sent_at = datetime.fromisoformat(str(sent)) if not isinstance(sent, datetime) else sent
        first = (
            datetime.fromisoformat(str(answered_at))
            if not isinstance(answered_at, datetime)
            else answered_at
        )
        grouped[pid].append((first - sent_at).total_seconds() / 3600)
    return {pid: round(statistics.median(values), 1) for pid, values in grouped.items()}
