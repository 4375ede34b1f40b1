"""The network's growth: applications per voie, per territoire and month, the median time to
a decision and the acceptance rate, in the caller's perimeter; aggregated in SQL (the median
by PostgreSQL's `percentile_cont`; on SQLite, over the decided rows' durations)."""

from __future__ import annotations

import statistics

from sqlalchemy import Float, case, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.candidatures.machine import DECIDEES
from api.candidatures.models import candidature_territoire
from api.candidatures.schemas import IndicateurMois, IndicateursCandidaturesOut, IndicateurVoie
from api.candidatures.service import visible_candidatures
from api.core.auth import Actor
from api.referentiel import StatutCandidature, VoieCandidature
from api.territoires.models import Territoire


async def indicateurs(session: AsyncSession, actor: Actor) -> IndicateursCandidaturesOut:
    postgres = session.get_bind().dialect.name == "postgresql"
    base = visible_candidatures(actor).subquery()
    acceptee = func.sum(case((base.c.statut == StatutCandidature.acceptee.value, 1), else_=0))
    decidee = func.sum(case((base.c.statut.in_([s.value for s in DECIDEES]), 1), else_=0))
    par_voie = {
        VoieCandidature(voie): IndicateurVoie(
            voie=VoieCandidature(voie), candidatures=n, acceptees=a or 0, decidees=d or 0
        )
        for voie, n, a, d in await session.execute(
            select(base.c.voie, func.count(), acceptee, decidee).group_by(base.c.voie)
        )
    }
    voies = [
        par_voie.get(v, IndicateurVoie(voie=v, candidatures=0, acceptees=0, decidees=0))
        for v in VoieCandidature
    ]

    mois = (
        func.to_char(base.c.soumise_le, literal_column("'YYYY-MM'"))
        if postgres
        else func.strftime("%Y-%m", base.c.soumise_le)
    )
    rows = await session.execute(
        select(Territoire.id, Territoire.nom, mois.label("mois"), func.count())
        .select_from(base)
        .outerjoin(candidature_territoire, candidature_territoire.c.candidature_id == base.c.id)
        .outerjoin(Territoire, Territoire.id == candidature_territoire.c.territoire_id)
        .group_by(Territoire.id, Territoire.nom, literal_column("mois"))
        .order_by(literal_column("mois"), Territoire.nom)
    )
    par_mois = [
        IndicateurMois(territoire_id=tid, territoire_nom=nom, mois=str(m), candidatures=n)
        for tid, nom, m, n in rows
        if m is not None
    ]

    decided = base.c.statut.in_([s.value for s in DECIDEES])
    if postgres:
        seconds = func.extract("epoch", base.c.decidee_le - base.c.soumise_le)
        median_seconds = await session.scalar(
            select(func.percentile_cont(0.5).within_group(seconds)).where(decided)
        )
        median = float(median_seconds) / 86400 if median_seconds is not None else None
    else:
        days = cast(func.julianday(base.c.decidee_le) - func.julianday(base.c.soumise_le), Float)
        durations = [float(d) for d in (await session.scalars(select(days).where(decided))) if d]
        median = statistics.median(durations) if durations else None

    total_decided = sum(v.decidees for v in voies)
    taux = sum(v.acceptees for v in voies) / total_decided if total_decided else None
    return IndicateursCandidaturesOut(
        par_voie=voies,
        par_territoire_et_mois=par_mois,
        delai_median_decision_jours=round(median, 1) if median is not None else None,
        taux_acceptation=round(taux, 3) if taux is not None else None,
    )
