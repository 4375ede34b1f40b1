"""Keeping the statistical records in step with the files.

Every commit that touched a parcours, its person, a diagnostic, a post-exit check-in
or an orientation recomputes the records of the parcours concerned, in the same
transaction (a session event, so no service can forget it). The computation reads a
handful of rows per parcours with a few statements per batch, whatever the batch size.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from sqlalchemy import Connection, delete, event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from api.core.db import utcnow
from api.freins import evolution as rules
from api.freins.models import Diagnostic, DiagnosticDomaine
from api.orientations.models import Orientation
from api.parcours.models import Parcours, SuiviPostSortie
from api.referentiel import (
    EN_LOGEMENT,
    EtapeDiagnostic,
    GroupeLogement,
    SituationLogement,
    StatutDiagnostic,
    StatutOrientation,
    groupe,
)
from api.salaries.models import Salarie
from api.statistiques.models import StatistiqueOrientation, StatistiqueParcours
from api.structures.models import Structure

BATCH = 500
ANSWERED = frozenset(
    {StatutOrientation.acceptee, StatutOrientation.refusee, StatutOrientation.realisee}
)
ACCEPTED = frozenset({StatutOrientation.acceptee, StatutOrientation.realisee})
_KEY = "statistiques"


def month(day: date | None) -> date | None:
    return day.replace(day=1) if day else None


def tranche_age(naissance: date | None, au: date) -> str | None:
    if naissance is None:
        return None
    age = au.year - naissance.year - ((au.month, au.day) < (naissance.month, naissance.day))
    low = max(age, 0) // 5 * 5
    return f"{low}-{low + 4}"


def _groupe(code: str | None) -> GroupeLogement | None:
    if code is None or code not in SituationLogement.__members__:
        return None
    return groupe(SituationLogement(code))


def _batches(ids: Iterable[uuid.UUID]) -> Iterator[list[uuid.UUID]]:
    items = list(dict.fromkeys(ids))
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _current(rows: list[Any]) -> list[Any]:
    replaced = {r.remplace_id for r in rows if r.remplace_id}
    return [r for r in rows if r.statut == StatutDiagnostic.valide and r.id not in replaced]


def _record(p: Any, diagnostics: list[Any], items: dict[uuid.UUID, dict[str, Any]],
            suivis: list[Any]) -> dict[str, Any]:  # fmt: skip
    current = _current(diagnostics)
    entree = next((d for d in current if d.etape == EtapeDiagnostic.entree), None)
    sortie = next((d for d in reversed(current) if d.etape == EtapeDiagnostic.sortie), None)
    avant = items.get(entree.id, {}) if entree else {}
    apres = items.get(sortie.id, {}) if sortie else {}

    def improved(domaine: str, rule: Any) -> bool | None:
        if domaine not in avant or domaine not in apres:
            return None
        return bool(rule(avant[domaine].situations, apres[domaine].situations))

    g_in, g_out = _groupe(p.logement_entree), _groupe(p.logement_sortie)
    exited = p.date_sortie is not None
    ameliore = None
    if g_in in rules.RANG_LOGEMENT and g_out in rules.RANG_LOGEMENT:
        ameliore = rules.RANG_LOGEMENT[g_out] > rules.RANG_LOGEMENT[g_in]
    record: dict[str, Any] = {
        "parcours_id": p.id,
        "salarie_id": p.salarie_id,
        "territoire_id": p.territoire_id,
        "chantier_id": p.chantier_id,
        "statut": str(p.statut),
        "mois_entree": month(p.date_entree),
        "annee_entree": p.date_entree.year,
        "mois_sortie": month(p.date_sortie),
        "annee_sortie": p.date_sortie.year if exited else None,
        "duree_jours": (p.date_sortie - p.date_entree).days if exited else None,
        "tranche_age": tranche_age(p.date_naissance, p.date_entree),
        "sexe": str(p.sexe) if p.sexe else None,
        "parcours_de_rue": bool(p.parcours_de_rue),
        "duree_rue_mois": p.duree_rue_mois,
        "categorie_sortie": str(p.categorie_sortie) if p.categorie_sortie else None,
        "motif_sortie": str(p.motif_sortie) if p.motif_sortie else None,
        "groupe_logement_entree": str(g_in) if g_in else None,
        "groupe_logement_sortie": str(g_out) if g_out else None,
        "en_logement_sortie": (g_out in EN_LOGEMENT) if exited else None,
        "logement_ameliore": ameliore if exited else None,
        "sante_amelioree": improved("sante", rules.sante_amelioree),
        "droits_accrus": improved("droits", rules.droits_accrus),
        "niveaux_entree": {k: v.niveau for k, v in sorted(avant.items())},
        "niveaux_sortie": {k: v.niveau for k, v in sorted(apres.items())},
        "anonymise": False,
        "maj_le": utcnow(),
    }
    for echeance in (6, 12):
        suivi = next((s for s in suivis if s.echeance_mois == echeance), None)
        if suivi is None:
            for key in ("prevu", "tenu", "emploi", "logement"):
                record[f"suivi{echeance}_{key}"] = None
            continue
        tenu = suivi.resultat == "joint"
        record[f"suivi{echeance}_prevu"] = month(suivi.date_prevue)
        record[f"suivi{echeance}_tenu"] = tenu
        record[f"suivi{echeance}_emploi"] = bool(suivi.en_emploi) if tenu else None
        record[f"suivi{echeance}_logement"] = suivi.groupe_logement in EN_LOGEMENT if tenu else None
    return record


def refresh_parcours(conn: Connection, parcours_ids: Iterable[uuid.UUID]) -> int:
    """Recompute the records of these parcours (those that still exist)."""
    written = 0
    for batch in _batches(parcours_ids):
        rows = conn.execute(
            select(
                Parcours.id,
                Parcours.salarie_id,
                Parcours.chantier_id,
                Parcours.statut,
                Parcours.date_entree,
                Parcours.date_sortie,
                Parcours.parcours_de_rue,
                Parcours.duree_rue_mois,
                Parcours.categorie_sortie,
                Parcours.motif_sortie,
                Parcours.logement_entree,
                Parcours.logement_sortie,
                Salarie.date_naissance,
                Salarie.sexe,
                func.coalesce(Structure.territoire_id, Salarie.territoire_id).label(
                    "territoire_id"
                ),
            )
            .join(Salarie, Salarie.id == Parcours.salarie_id)
            .join(Structure, Structure.id == Parcours.chantier_id)
            .where(Parcours.id.in_(batch))
        ).all()
        if not rows:
            continue
        found = [r.id for r in rows]
        diagnostics: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for d in conn.execute(
            select(
                Diagnostic.id,
                Diagnostic.parcours_id,
                Diagnostic.etape,
                Diagnostic.statut,
                Diagnostic.remplace_id,
            )
            .where(Diagnostic.parcours_id.in_(found))
            .order_by(Diagnostic.date, Diagnostic.created_at)
        ):
            diagnostics[d.parcours_id].append(d)
        items: dict[uuid.UUID, dict[str, Any]] = defaultdict(dict)
        diagnostic_ids = [d.id for ds in diagnostics.values() for d in ds]
        for chunk in _batches(diagnostic_ids):
            for item in conn.execute(
                select(
                    DiagnosticDomaine.diagnostic_id,
                    DiagnosticDomaine.domaine,
                    DiagnosticDomaine.niveau,
                    DiagnosticDomaine.situations,
                ).where(DiagnosticDomaine.diagnostic_id.in_(chunk))
            ):
                items[item.diagnostic_id][str(item.domaine)] = item
        suivis: dict[uuid.UUID, list[Any]] = defaultdict(list)
        for s in conn.execute(
            select(
                SuiviPostSortie.parcours_id,
                SuiviPostSortie.echeance_mois,
                SuiviPostSortie.date_prevue,
                SuiviPostSortie.resultat,
                SuiviPostSortie.en_emploi,
                SuiviPostSortie.groupe_logement,
            ).where(SuiviPostSortie.parcours_id.in_(found))
        ):
            suivis[s.parcours_id].append(s)
        records = [_record(r, diagnostics[r.id], items, suivis[r.id]) for r in rows]
        conn.execute(delete(StatistiqueParcours).where(StatistiqueParcours.parcours_id.in_(found)))
        conn.execute(insert(StatistiqueParcours), records)
        written += len(records)
    return written


def refresh_orientations(conn: Connection, orientation_ids: Iterable[uuid.UUID]) -> int:
    written = 0
    for batch in _batches(orientation_ids):
        rows = conn.execute(
            select(
                Orientation.id,
                Orientation.parcours_id,
                Orientation.domaine,
                Orientation.statut,
                Orientation.envoyee_le,
                Orientation.premiere_reponse_le,
            ).where(Orientation.id.in_(batch))
        ).all()
        conn.execute(
            delete(StatistiqueOrientation).where(
                StatistiqueOrientation.orientation_id.in_([r.id for r in rows])
            )
        )
        records = []
        for r in rows:
            if r.envoyee_le is None:
                continue
            answered = r.premiere_reponse_le is not None or r.statut in ANSWERED
            delay = None
            if r.premiere_reponse_le is not None:
                delay = round((r.premiere_reponse_le - r.envoyee_le).total_seconds() / 3600, 2)
            records.append(
                {
                    "orientation_id": r.id,
                    "parcours_id": r.parcours_id,
                    "domaine": str(r.domaine),
                    "statut": str(r.statut),
                    "annee_envoi": r.envoyee_le.year,
                    "repondue": answered,
                    "acceptee": r.statut in ACCEPTED,
                    "delai_reponse_heures": delay,
                }
            )
        if records:
            conn.execute(insert(StatistiqueOrientation), records)
        written += len(records)
    return written


def _pending(session: Session) -> dict[str, set[uuid.UUID]]:
    pending: dict[str, set[uuid.UUID]] = session.info.setdefault(
        _KEY, {"parcours": set(), "diagnostics": set(), "salaries": set(), "orientations": set()}
    )
    return pending


def _after_flush(session: Session, _context: Any) -> None:
    pending = _pending(session)
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Parcours):
            pending["parcours"].add(obj.id)
        elif isinstance(obj, Diagnostic | SuiviPostSortie):
            pending["parcours"].add(obj.parcours_id)
        elif isinstance(obj, DiagnosticDomaine):
            pending["diagnostics"].add(obj.diagnostic_id)
        elif isinstance(obj, Salarie):
            pending["salaries"].add(obj.id)
        elif isinstance(obj, Orientation):
            pending["orientations"].add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Diagnostic | SuiviPostSortie):
            pending["parcours"].add(obj.parcours_id)


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        # A savepoint released (a row of an import): the records are recomputed once, for
        # every parcours touched, when the transaction itself commits.
        return
    session.flush()
    pending = session.info.pop(_KEY, None)
    if not pending or not any(pending.values()):
        return
    conn = session.connection()
    parcours = set(pending["parcours"])
    if pending["diagnostics"]:
        parcours.update(
            conn.scalars(
                select(Diagnostic.parcours_id).where(
                    Diagnostic.id.in_(list(pending["diagnostics"]))
                )
            )
        )
    if pending["salaries"]:
        parcours.update(
            conn.scalars(
                select(Parcours.id).where(Parcours.salarie_id.in_(list(pending["salaries"])))
            )
        )
    if parcours:
        refresh_parcours(conn, parcours)
    if pending["orientations"]:
        refresh_orientations(conn, pending["orientations"])


def _after_rollback(session: Session, previous: Any) -> None:
    # A savepoint rolled back leaves the transaction's other changes pending (recomputing a
    # parcours the savepoint created finds nothing and writes nothing).
    if not previous.nested:
        session.info.pop(_KEY, None)


def install() -> None:
    """Register the session events once per process (idempotent)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_soft_rollback", _after_rollback)


async def rebuild(session: AsyncSession) -> tuple[int, int]:
    """Recompute every record from the files (after a bulk load or a change of rule)."""

    def run(sync: Session) -> tuple[int, int]:
        conn = sync.connection()
        parcours = refresh_parcours(conn, conn.scalars(select(Parcours.id)).all())
        orientations = refresh_orientations(conn, conn.scalars(select(Orientation.id)).all())
        return parcours, orientations

    return await session.run_sync(run)
