"""The retention job (`convergence retention`) and the worker's daily run.

The daily run happens once a day whatever the number of workers: the first worker to see a
new day locks the marker row (`tache_planifiee`), writes the day and runs it; the others
find the day written and go back to the outbox.
"""

from __future__ import annotations

import logging
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.audit.service import purge_older_than
from api.candidatures import donnees as candidatures_donnees
from api.core import audit
from api.core.audit import AuditContext
from api.core.db import utcnow
from api.core.idempotency import KEEP, IdempotencyKey
from api.exports.service import evaluation_key
from api.parcours.service import close_due
from api.rgpd import retention
from api.rgpd.anonymisation import anonymise, serialise
from api.rgpd.models import TACHE_QUOTIDIENNE, ContratArchive, TachePlanifiee
from api.settings import Settings

logger = logging.getLogger("convergence.rgpd")
SYSTEME = AuditContext("systeme", None)


@dataclass
class Passage:
    """What a retention run found or did, by territoire id; no name."""

    dossiers: Counter[uuid.UUID] = field(default_factory=Counter)
    sans_parcours: Counter[uuid.UUID] = field(default_factory=Counter)
    lots: int = 0

    @property
    def total(self) -> int:
        return sum(self.dossiers.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "dossiers": self.total,
            "sans_parcours": sum(self.sans_parcours.values()),
            "lots": self.lots,
            "par_territoire": {str(k): v for k, v in sorted(self.dossiers.items(), key=str)},
        }


async def run_retention(
    maker: async_sessionmaker[AsyncSession],
    settings: Settings,
    *,
    today: date | None = None,
    dry_run: bool = False,
    batch_size: int | None = None,
) -> Passage:
    """Anonymise every file past its limit, in batches of one transaction each.

    Idempotent: each batch checks its people again before acting, and a file done is gone,
    so a second run (or a concurrent one) finds nothing more to do.
    """
    today = today or date.today()
    size = batch_size or settings.retention_batch_size
    months = settings.retention_months
    async with maker() as session:
        due = await retention.dus(session, months, today)
    passage = Passage()
    if dry_run:
        for d in due:
            passage.dossiers[d.territoire_id] += 1
            passage.sans_parcours[d.territoire_id] += not d.avec_parcours
        return passage
    ids = [d.salarie_id for d in due]
    for start in range(0, len(ids), size):
        async with maker() as session, session.begin():
            await serialise(session)
            batch = ids[start : start + size]
            still = await retention.dus(session, months, today, salarie_ids=batch)
            if not still:
                continue
            bilan = await anonymise(
                session,
                [d.salarie_id for d in still],
                settings.conservation_legale,
                today,
                evaluation_key(settings.secret_key, settings.evaluation_key),
            )
            await audit.record(
                session,
                SYSTEME,
                "anonymise",
                object_type="salarie",
                details={
                    "raison": "conservation",
                    "retention_mois": months,
                    "personnes": len(still),
                }
                | bilan.details(),
            )
        passage.lots += 1
        for d in still:
            passage.dossiers[d.territoire_id] += 1
            passage.sans_parcours[d.territoire_id] += not d.avec_parcours
    return passage


async def purge_expired(session: AsyncSession, today: date) -> dict[str, int]:
    """What outlived its own period: idempotent replies (24 h), kept contracts."""
    replies = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < utcnow() - KEEP)
    )
    contracts = await session.execute(
        delete(ContratArchive).where(ContratArchive.conserver_jusqu_au < today)
    )
    return {
        "reponses_idempotentes": int(replies.rowcount),  # type: ignore[attr-defined]
        "contrats_conserves": int(contracts.rowcount),  # type: ignore[attr-defined]
    }


async def _claim(maker: async_sessionmaker[AsyncSession], today: date) -> bool:
    async with maker() as session, session.begin():
        stmt = select(TachePlanifiee).where(TachePlanifiee.nom == TACHE_QUOTIDIENNE)
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        marker = await session.scalar(stmt)
        if marker is None:
            marker = TachePlanifiee(nom=TACHE_QUOTIDIENNE)
            session.add(marker)
        elif marker.derniere_date is not None and marker.derniere_date >= today:
            return False
        marker.derniere_date = today
        marker.commencee_le = utcnow()
        marker.terminee_le = None
        return True


async def run_daily(
    maker: async_sessionmaker[AsyncSession], settings: Settings, today: date | None = None
) -> dict[str, Any] | None:
    """Closures, retention, audit purge and expired rows, once a day; None when done today."""
    today = today or date.today()
    if not await _claim(maker, today):
        return None
    outcome: dict[str, Any] = {"date": today.isoformat()}
    async with maker() as session, session.begin():
        # Files nobody opened: readers close their own perimeter's on read.
        outcome["parcours_clos"] = await close_due(session, today)
    outcome["anonymisation"] = (await run_retention(maker, settings, today=today)).as_dict()
    async with maker() as session, session.begin():
        outcome["audit_purge"] = await purge_older_than(session, settings.audit_retention_days)
    async with maker() as session, session.begin():
        outcome |= await purge_expired(session, today)
    async with maker() as session, session.begin():
        outcome |= await candidatures_donnees.purger(
            session, settings.candidature_conservation_mois
        )
    async with maker() as session, session.begin():
        marker = await session.get(TachePlanifiee, TACHE_QUOTIDIENNE)
        if marker is not None:
            marker.terminee_le = utcnow()
            marker.resultat = outcome
    logger.info("daily run done", extra={"resultat": outcome})
    return outcome


class DailyScheduler:
    """Asks the database at most once per day and process whether the daily run is due."""

    def __init__(self) -> None:
        self.checked: date | None = None

    async def tick(
        self, maker: async_sessionmaker[AsyncSession], settings: Settings, today: date | None = None
    ) -> dict[str, Any] | None:
        today = today or date.today()
        if self.checked == today:
            return None
        try:
            outcome = await run_daily(maker, settings, today)
        except Exception:
            # Retried at the next day; the outbox keeps flowing meanwhile.
            logger.exception("daily run failed")
            self.checked = today
            return None
        self.checked = today
        return outcome
