"""The programme's history in the demo: statistical records of files already anonymised.

Parcours closed more than 24 months ago survive only as statistical records (no person,
dates rounded to the month). The demo holds such a history, from each territoire's start
to last year, with the brochure's proportions (three in four with a street history,
sorties dynamiques rising towards one in two, one in two housed at exit...), so the
indicators have trends to show. Deterministic.
"""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.referentiel import (
    CATEGORIE_DU_MOTIF,
    CategorieSortie,
    Domaine,
    GroupeLogement,
    TypeStructure,
)
from api.statistiques.models import StatistiqueOrientation, StatistiqueParcours
from api.structures.models import Structure
from api.territoires.models import Territoire

FIRST_YEAR = 2017
ENTRY_GROUPS = [
    (GroupeLogement.rue, 0.45),
    (GroupeLogement.urgence, 0.25),
    (GroupeLogement.insertion, 0.12),
    (GroupeLogement.temporaire, 0.12),
    (GroupeLogement.institution, 0.06),
]
RANK = {"rue": 0, "urgence": 1, "institution": 1, "insertion": 2, "temporaire": 2}
DOMAINES = [Domaine.logement, Domaine.sante, Domaine.droits, Domaine.emploi, Domaine.mobilite]


def _motifs(categorie: CategorieSortie) -> list[str]:
    return [m.value for m, c in CATEGORIE_DU_MOTIF.items() if c == categorie]


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _record(
    rng: random.Random, territoire: uuid.UUID, chantier: uuid.UUID, year: int, today: date
) -> dict[str, Any]:
    sortie = date(year, rng.randint(1, 12), 1)
    length = rng.randint(6, 42)
    entree = _add_months(sortie, -length)
    dynamic_share = 0.40 + 0.012 * (year - FIRST_YEAR)
    categorie = _pick(
        rng,
        [
            (CategorieSortie.emploi_durable, dynamic_share * 0.45),
            (CategorieSortie.emploi_transition, dynamic_share * 0.25),
            (CategorieSortie.sortie_positive, dynamic_share * 0.30),
            (CategorieSortie.autre_sortie, 0.95 - dynamic_share),
            (CategorieSortie.retrait, 0.05),
        ],
    )
    housed = rng.random() < 0.5
    g_in = _pick(rng, ENTRY_GROUPS)
    g_out = (
        rng.choice([GroupeLogement.logement_adapte, GroupeLogement.logement_autonome])
        if housed
        else rng.choice(
            [GroupeLogement.urgence, GroupeLogement.insertion, GroupeLogement.temporaire]
        )
    )
    ameliore = housed or RANK.get(g_out.value, 0) > RANK[g_in.value]
    niveaux_in = {d.value: rng.randint(2, 4) for d in DOMAINES}
    niveaux_out = {k: max(0, v - rng.randint(0, 2)) for k, v in niveaux_in.items()}
    record: dict[str, Any] = {
        "parcours_id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "salarie_id": None,
        "territoire_id": territoire,
        "chantier_id": chantier,
        "statut": "clos",
        "mois_entree": entree,
        "annee_entree": entree.year,
        "mois_sortie": sortie,
        "annee_sortie": year,
        "duree_jours": int(length * 30.4375),
        "tranche_age": f"{(low := rng.randrange(20, 60, 5))}-{low + 4}",
        "sexe": _pick(rng, [("homme", 0.78), ("femme", 0.2), ("autre", 0.02)]),
        "parcours_de_rue": rng.random() < 0.75,
        "duree_rue_mois": rng.randint(3, 120),
        "categorie_sortie": categorie.value,
        "motif_sortie": rng.choice(_motifs(categorie)),
        "groupe_logement_entree": g_in.value,
        "groupe_logement_sortie": g_out.value,
        "en_logement_sortie": housed,
        "logement_ameliore": ameliore,
        "sante_amelioree": rng.random() < 0.75,
        "droits_accrus": rng.random() < 0.75,
        "niveaux_entree": niveaux_in,
        "niveaux_sortie": niveaux_out,
        "anonymise": True,
        "maj_le": utcnow(),
    }
    followed = categorie != CategorieSortie.autre_sortie or housed
    for months in (6, 12):
        due = _add_months(sortie, months)
        held = followed and due <= today and rng.random() < 0.7
        record[f"suivi{months}_prevu"] = due if followed else None
        record[f"suivi{months}_tenu"] = held if followed else None
        record[f"suivi{months}_emploi"] = (rng.random() < 0.6) if held else None
        record[f"suivi{months}_logement"] = (housed or rng.random() < 0.2) if held else None
    return record


def _orientations(rng: random.Random, record: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for _ in range(rng.randint(1, 4)):
        answered = rng.random() < 0.85
        accepted = answered and rng.random() < 0.72
        rows.append(
            {
                "orientation_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                "parcours_id": record["parcours_id"],
                "domaine": rng.choice(DOMAINES).value,
                "statut": ("realisee" if accepted else "refusee") if answered else "expiree",
                "annee_envoi": record["annee_entree"],
                "repondue": answered,
                "acceptee": accepted,
                "delai_reponse_heures": round(rng.uniform(4, 240), 1) if answered else None,
            }
        )
    return rows


async def seed_history(session: AsyncSession, *, seed: int = 2017) -> dict[str, int]:
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    today = utcnow().date()
    chantiers = (
        await session.execute(
            select(Structure.id, Structure.territoire_id, Structure.nombre_postes, Territoire)
            .join(Territoire, Territoire.id == Structure.territoire_id)
            .where(Structure.type == TypeStructure.chantier)
            .order_by(Structure.nom)
        )
    ).all()
    records: list[dict[str, Any]] = []
    orientations: list[dict[str, Any]] = []
    for chantier_id, _territoire_id, postes, territoire in chantiers:
        start = max(FIRST_YEAR, territoire.date_demarrage.year)
        for year in range(start, today.year):
            # Exits a year grow with the chantier's posts, with the noise of real life.
            for _ in range(max(3, round((postes or 12) * rng.uniform(0.5, 1.2)))):
                record = _record(rng, territoire.id, chantier_id, year, today)
                records.append(record)
                orientations.extend(_orientations(rng, record))
    if records:
        await session.execute(insert(StatistiqueParcours), records)
        await session.execute(insert(StatistiqueOrientation), orientations)
    return {"historique_parcours": len(records), "historique_orientations": len(orientations)}
