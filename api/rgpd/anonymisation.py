"""Anonymising people: statistical records kept true, everything personal deleted.

One call handles a batch of people inside the caller's transaction:

1. the statistical records of their parcours and orientations are recomputed from the
   files, then detached from the person (`salarie_id` NULL, `anonymise` true): the
   indicators read only these records, so they are the same before and after;
2. the contracts are copied, without name or link to the person, into `contrat_archive`
   when the setting `conservation_legale` asks for it (legal obligation);
3. the stored replies of idempotent POSTs that mention one of their rows are deleted;
4. the person is deleted, and with them, by the foreign keys' ON DELETE CASCADE, every row
   that hangs on them: consents, external référents, parcours, contracts, check-ins,
   journal, diagnostics and their domaines, freins, actions, orientations, their events,
   messages and the frozen disclosures sent to partners.

Kept, by design: the audit rows (no name: ids, actions, field names; they go with the audit
retention), outbox events and webhook deliveries (orientation ids only).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.core.idempotency import IdempotencyKey
from api.exports.service import consented, pseudonym
from api.freins.models import Action, Diagnostic, Frein
from api.orientations.models import Orientation, OrientationEvenement, OrientationMessage
from api.parcours.dates import add_months
from api.parcours.models import Contrat, JournalEntree, Parcours, SuiviPostSortie
from api.rgpd.models import ContratArchive
from api.salaries.models import Consentement, ReferentExterne, Salarie
from api.settings import ElementConserve
from api.statistiques.models import StatistiqueParcours
from api.statistiques.service import refresh_orientations, refresh_parcours
from api.structures.models import Structure

# Anonymisations run one after the other (job batches, erasures, a CLI run beside the worker):
# each then checks its people against what the previous one committed.
_LOCK_KEY = 7_406_150_002


async def serialise(session: AsyncSession) -> None:
    """Wait for any other anonymisation to commit (PostgreSQL; SQLite writes one at a time)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})


# What is deleted, by the name shown to people (docs/rgpd.md, erasure summary).
SUPPRIMES = (
    "salaries",
    "consentements",
    "referents_externes",
    "parcours",
    "contrats",
    "suivis",
    "journal",
    "diagnostics",
    "freins",
    "actions",
    "orientations",
    "messages",
)


@dataclass
class Bilan:
    """What one anonymisation did: counts only, never a name."""

    supprimes: Counter[str] = field(default_factory=Counter)
    statistiques_parcours: int = 0
    statistiques_orientations: int = 0
    contrats_conserves: int = 0
    conserves_jusqu_au: date | None = None
    par_territoire: Counter[str] = field(default_factory=Counter)

    def details(self) -> dict[str, Any]:
        return {
            "supprimes": {k: self.supprimes[k] for k in SUPPRIMES},
            "statistiques": {
                "parcours": self.statistiques_parcours,
                "orientations": self.statistiques_orientations,
            },
            "contrats_conserves": self.contrats_conserves,
            "par_territoire": dict(sorted(self.par_territoire.items())),
        }


def _counts(ids: list[uuid.UUID]) -> dict[str, Select[Any]]:
    in_parcours = select(Parcours.id).where(Parcours.salarie_id.in_(ids))
    in_orientations = select(Orientation.id).where(Orientation.salarie_id.in_(ids))
    n = func.count()
    return {
        "salaries": select(n).select_from(Salarie).where(Salarie.id.in_(ids)),
        "consentements": select(n)
        .select_from(Consentement)
        .where(Consentement.salarie_id.in_(ids)),
        "referents_externes": select(n)
        .select_from(ReferentExterne)
        .where(ReferentExterne.salarie_id.in_(ids)),
        "parcours": select(n).select_from(Parcours).where(Parcours.salarie_id.in_(ids)),
        "contrats": select(n).select_from(Contrat).where(Contrat.parcours_id.in_(in_parcours)),
        "suivis": select(n)
        .select_from(SuiviPostSortie)
        .where(SuiviPostSortie.parcours_id.in_(in_parcours)),
        "journal": select(n)
        .select_from(JournalEntree)
        .where(JournalEntree.parcours_id.in_(in_parcours)),
        "diagnostics": select(n)
        .select_from(Diagnostic)
        .where(Diagnostic.parcours_id.in_(in_parcours)),
        "freins": select(n).select_from(Frein).where(Frein.parcours_id.in_(in_parcours)),
        "actions": select(n)
        .select_from(Action)
        .where(Action.frein_id.in_(select(Frein.id).where(Frein.parcours_id.in_(in_parcours)))),
        "orientations": select(n).select_from(Orientation).where(Orientation.salarie_id.in_(ids)),
        "messages": select(n)
        .select_from(OrientationMessage)
        .where(OrientationMessage.orientation_id.in_(in_orientations)),
    }


async def counts(session: AsyncSession, ids: list[uuid.UUID]) -> Counter[str]:
    """How many rows of each kind these people have (what an erasure would delete)."""
    found: Counter[str] = Counter()
    for name, stmt in _counts(ids).items():
        found[name] = int(await session.scalar(stmt) or 0)
    return found


async def _row_ids(session: AsyncSession, ids: list[uuid.UUID]) -> set[str]:
    """The ids of every row of these people: what a stored reply could mention."""
    in_parcours = select(Parcours.id).where(Parcours.salarie_id.in_(ids))
    in_orientations = select(Orientation.id).where(Orientation.salarie_id.in_(ids))
    statements = [
        select(Consentement.id).where(Consentement.salarie_id.in_(ids)),
        select(ReferentExterne.id).where(ReferentExterne.salarie_id.in_(ids)),
        in_parcours,
        select(Contrat.id).where(Contrat.parcours_id.in_(in_parcours)),
        select(SuiviPostSortie.id).where(SuiviPostSortie.parcours_id.in_(in_parcours)),
        select(JournalEntree.id).where(JournalEntree.parcours_id.in_(in_parcours)),
        select(Diagnostic.id).where(Diagnostic.parcours_id.in_(in_parcours)),
        select(Frein.id).where(Frein.parcours_id.in_(in_parcours)),
        select(Action.id)
        .join(Frein, Frein.id == Action.frein_id)
        .where(Frein.parcours_id.in_(in_parcours)),
        in_orientations,
        select(OrientationMessage.id).where(OrientationMessage.orientation_id.in_(in_orientations)),
        select(OrientationEvenement.id).where(
            OrientationEvenement.orientation_id.in_(in_orientations)
        ),
    ]
    found = {str(i) for i in ids}
    for stmt in statements:
        found.update(str(i) for i in (await session.scalars(stmt)).all())
    return found


async def _forget_replies(session: AsyncSession, needles: set[str]) -> int:
    """Idempotent replies live 24 hours (purged daily): few rows, scanned here."""
    encoded = [n.encode() for n in needles]
    doomed = [
        row.id
        for row in (
            await session.execute(
                select(IdempotencyKey.id, IdempotencyKey.response_body).where(
                    IdempotencyKey.response_body.is_not(None)
                )
            )
        ).all()
        if any(n in row.response_body for n in encoded)
    ]
    if doomed:
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id.in_(doomed)))
    return len(doomed)


async def _archive_contracts(
    session: AsyncSession,
    ids: list[uuid.UUID],
    conservation: list[ElementConserve],
    today: date,
) -> tuple[int, date | None]:
    rule = next((e for e in conservation if e.element == "contrats"), None)
    if rule is None:
        return 0, None
    rows = (
        await session.execute(
            select(
                Contrat.type,
                Contrat.date_debut,
                Contrat.date_fin,
                Contrat.heures_hebdo,
                Parcours.chantier_id,
                func.coalesce(Structure.territoire_id, Salarie.territoire_id).label("territoire"),
            )
            .join(Parcours, Parcours.id == Contrat.parcours_id)
            .join(Salarie, Salarie.id == Parcours.salarie_id)
            .join(Structure, Structure.id == Parcours.chantier_id)
            .where(Parcours.salarie_id.in_(ids))
        )
    ).all()
    kept = 0
    latest: date | None = None
    for r in rows:
        until = add_months(r.date_fin, rule.duree_mois)
        if until < today:
            continue  # its legal period is over already
        session.add(
            ContratArchive(
                territoire_id=r.territoire,
                chantier_id=r.chantier_id,
                type=str(r.type),
                date_debut=r.date_debut,
                date_fin=r.date_fin,
                heures_hebdo=r.heures_hebdo,
                motif=rule.motif,
                conserver_jusqu_au=until,
            )
        )
        kept += 1
        latest = max(latest, until) if latest else until
    await session.flush()
    return kept, latest


async def anonymise(
    session: AsyncSession,
    salarie_ids: list[uuid.UUID],
    conservation: list[ElementConserve],
    today: date,
    evaluation_key: bytes | None = None,
) -> Bilan:
    """Anonymise these people in the current transaction (see the module docstring).

    With `evaluation_key` (retention, not erasure on request), the records of people whose
    evaluation consent is active keep their evaluation pseudonym: the pseudonymised row of
    the evaluation dataset outlives the file (docs/rgpd.md).
    """
    bilan = Bilan()
    ids = list(dict.fromkeys(salarie_ids))
    if not ids:
        return bilan
    await session.flush()
    bilan.supprimes = await counts(session, ids)
    for territoire, n in (
        await session.execute(
            select(Salarie.territoire_id, func.count())
            .where(Salarie.id.in_(ids))
            .group_by(Salarie.territoire_id)
        )
    ).all():
        bilan.par_territoire[str(territoire)] = n
    parcours_ids = list((await session.scalars(select(Parcours.id).where(
        Parcours.salarie_id.in_(ids)))).all())  # fmt: skip
    orientation_ids = list((await session.scalars(select(Orientation.id).where(
        Orientation.salarie_id.in_(ids)))).all())  # fmt: skip

    pseudonyms: dict[uuid.UUID, str] = {}
    if evaluation_key is not None:
        kept = await session.scalars(
            select(Salarie.id).where(Salarie.id.in_(ids), Salarie.id.in_(consented(today)))
        )
        pseudonyms = {sid: pseudonym(evaluation_key, sid) for sid in kept}

    def refresh(sync: Session) -> tuple[int, int]:
        conn = sync.connection()
        written = refresh_parcours(conn, parcours_ids)
        sent = refresh_orientations(conn, orientation_ids)
        if parcours_ids:
            conn.execute(
                update(StatistiqueParcours)
                .where(StatistiqueParcours.parcours_id.in_(parcours_ids))
                .values(salarie_id=None, anonymise=True)
            )
        for sid, pseudo in pseudonyms.items():
            conn.execute(
                update(StatistiqueParcours)
                .where(StatistiqueParcours.parcours_id.in_(parcours_ids))
                .where(
                    StatistiqueParcours.parcours_id.in_(
                        select(Parcours.id).where(Parcours.salarie_id == sid)
                    )
                )
                .values(pseudonyme_evaluation=pseudo)
            )
        return written, sent

    bilan.statistiques_parcours, bilan.statistiques_orientations = await session.run_sync(refresh)
    bilan.contrats_conserves, bilan.conserves_jusqu_au = await _archive_contracts(
        session, ids, conservation, today
    )
    await _forget_replies(session, await _row_ids(session, ids))
    # Everything else goes with the person (ON DELETE CASCADE, checked by the tests).
    await session.execute(
        delete(Salarie).where(Salarie.id.in_(ids)).execution_options(synchronize_session="fetch")
    )
    return bilan
