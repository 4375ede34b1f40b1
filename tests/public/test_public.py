"""The public pages' API: anonymous reads, no personal data, and public figures that are never
between 1 and SEUIL_SECRET - 1 whatever the data (the demo's and crafted small cells)."""

from __future__ import annotations

import random
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.referentiel import (
    CATEGORIE_DU_MOTIF,
    SEUIL_SECRET,
    Densite,
    MotifSortie,
    StatutTerritoire,
    TypeStructure,
)
from api.referentiel.geographie import REGION_DU_DEPARTEMENT, REGIONS, region_du_code_postal
from api.statistiques.models import StatistiqueOrientation, StatistiqueParcours
from api.structures.models import Structure
from api.territoires.models import Territoire


@pytest.fixture(autouse=True)
def computed_afresh(app: Any) -> None:
    """Each test reads its own data: no figures kept from another test (api/public/cache.py)."""
    app.state.public_resultats = None


# Keys of the public answers that hold a year or the threshold, not a count.
NOT_COUNTS = {"annee", "annee_ouverture", "seuil_secret"}


def _counts(node: Any, path: str = "") -> list[tuple[str, int]]:
    """Every integer of an answer with where it is, but years and the threshold."""
    found: list[tuple[str, int]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in NOT_COUNTS:
                found += _counts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _counts(value, f"{path}[{index}]")
    elif isinstance(node, int) and not isinstance(node, bool):
        found.append((path, node))
    return found


def _assert_publishable(body: dict[str, Any]) -> int:
    """No count from 1 to SEUIL_SECRET - 1; rates only between published counts. Returns how
    many counts are hidden."""
    for where, value in _counts(body):
        assert value == 0 or value >= SEUIL_SECRET, (where, value)
    hidden = 0
    for periode in [body["national"], *body["cohortes"]]:
        for chiffre in periode["chiffres"]:
            if chiffre["taux"] is not None:
                assert chiffre["nombre"] is not None and chiffre["base"], chiffre
                assert chiffre["taux"] == round(chiffre["nombre"] / chiffre["base"], 4)
            if chiffre["nombre"] is None:
                hidden += 1
                assert chiffre["publie"] is False
                assert chiffre["mention"] in (f"moins de {SEUIL_SECRET}", "non publié")
            else:
                assert chiffre["mention"] is None
    return hidden


async def test_the_programme_is_public_and_names_no_one(anonymous: Any) -> None:
    response = await anonymous.get("/api/v1/public/programme")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("public, max-age=")
    body = response.json()
    territoires = {t["nom"]: t for t in body["territoires"]}
    assert len(territoires) == 8
    paris = territoires["Paris"]
    assert paris["region"] == "Île-de-France"
    assert paris["annee_ouverture"] == 2012
    assert paris["statut_libelle"] == "Opérationnel"
    assert territoires["Charente"]["region"] == "Nouvelle-Aquitaine"
    assert territoires["Grand Lyon"]["longitude"] is not None
    # By opening year: the timeline reads in order.
    years = [t["annee_ouverture"] for t in body["territoires"]]
    assert years == sorted(years)
    # No object id, no person: territoires by their code, the programme's configured contacts.
    assert "id" not in paris
    assert body["contacts"] == [
        {"nom": "Équipe nationale (démonstration)", "email": "contact@demo.example.org"}
    ]


async def test_the_results_of_the_demo_are_publishable(anonymous: Any, auth: Any) -> None:
    response = await anonymous.get("/api/v1/public/resultats")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("public, max-age=")
    body = response.json()
    assert body["seuil_secret"] == SEUIL_SECRET
    assert body["national"]["annee"] == utcnow().year - 1
    assert body["national"]["libelle"] == f"Sorties de {utcnow().year - 1}"
    assert 1 <= len(body["cohortes"]) <= 3
    assert [c["annee"] for c in body["cohortes"]] == sorted(
        (c["annee"] for c in body["cohortes"]), reverse=True
    )
    _assert_publishable(body)
    sorties = body["national"]["chiffres"][0]
    assert sorties["code"] == "sorties" and sorties["nombre"] is not None
    # No filter: parameters change nothing, and a token sees the same page.
    lyon = await anonymous.get("/api/v1/public/resultats", params={"territoire": "grand-lyon"})
    assert lyon.json() == body
    admin = await anonymous.get("/api/v1/public/resultats", headers=auth("admin"))
    assert admin.json() == body


# --- crafted datasets with small cells ---------------------------------------------------


async def _crafted(session: AsyncSession, seed: int, scale: int) -> None:
    """Replaces the statistical records (in the test's rolled-back transaction) with random
    small ones: a few territoires and chantiers, exits of last year and entries of the last
    cohorts, each count drawn from 0 to `scale`."""
    await session.execute(delete(StatistiqueOrientation))
    await session.execute(delete(StatistiqueParcours))
    rng = random.Random(seed)
    last = utcnow().year - 1
    motifs = list(MotifSortie)
    for t in range(rng.randint(1, 3)):
        territoire = Territoire(
            code=f"essai-{uuid.uuid4().hex[:8]}",
            nom=f"Essai {t}",
            date_demarrage=date(2020, 1, 1),
            densite=Densite.dense,
            statut=StatutTerritoire.operationnel,
        )
        session.add(territoire)
        await session.flush()
        for c in range(rng.randint(1, 3)):
            chantier = Structure(
                type=TypeStructure.chantier, nom=f"Chantier {t}-{c}", territoire_id=territoire.id
            )
            session.add(chantier)
            await session.flush()
            for _ in range(rng.randint(0, scale)):
                entree = rng.randint(last - 4, last)
                sortie = rng.random() < 0.7
                motif = rng.choice(motifs) if sortie else None
                mois_sortie = date(max(entree, last - rng.randint(0, 1)), rng.randint(1, 12), 1)
                session.add(
                    StatistiqueParcours(
                        parcours_id=uuid.uuid4(),
                        territoire_id=territoire.id,
                        chantier_id=chantier.id,
                        statut="sorti" if sortie else "en_cours",
                        mois_entree=date(entree, 1, 1),
                        annee_entree=entree,
                        mois_sortie=mois_sortie if sortie else None,
                        annee_sortie=mois_sortie.year if sortie else None,
                        duree_jours=300 if sortie else None,
                        parcours_de_rue=rng.random() < 0.75,
                        categorie_sortie=CATEGORIE_DU_MOTIF[motif].value if motif else None,
                        motif_sortie=motif.value if motif else None,
                        en_logement_sortie=rng.random() < 0.5 if sortie else None,
                        logement_ameliore=rng.random() < 0.4 if sortie else None,
                        sante_amelioree=rng.random() < 0.6 if sortie else None,
                        droits_accrus=rng.random() < 0.6 if sortie else None,
                    )
                )
    await session.flush()


@pytest.mark.parametrize(("seed", "scale"), [(s, sc) for s in range(6) for sc in (4, 12, 30)])
async def test_crafted_small_cells_are_never_published(
    anonymous: Any, session: AsyncSession, seed: int, scale: int
) -> None:
    await _crafted(session, seed, scale)
    response = await anonymous.get("/api/v1/public/resultats")
    assert response.status_code == 200, response.text
    _assert_publishable(response.json())


async def test_a_small_programme_publishes_nothing_but_zeros(
    anonymous: Any, session: AsyncSession
) -> None:
    await _crafted(session, seed=1, scale=3)
    body = (await anonymous.get("/api/v1/public/resultats")).json()
    hidden = _assert_publishable(body)
    assert hidden > 0
    for periode in [body["national"], *body["cohortes"]]:
        for chiffre in periode["chiffres"]:
            assert chiffre["nombre"] in (None, 0)
            assert chiffre["taux"] is None


async def test_an_empty_programme_answers_zeros(anonymous: Any, session: AsyncSession) -> None:
    await session.execute(delete(StatistiqueOrientation))
    await session.execute(delete(StatistiqueParcours))
    body = (await anonymous.get("/api/v1/public/resultats")).json()
    assert body["cohortes"] == []
    assert {c["nombre"] for c in body["national"]["chiffres"]} == {0}


def test_every_departement_has_a_region() -> None:
    assert len([d for d in REGION_DU_DEPARTEMENT if len(d) == 2]) == 95  # Corse: one "20"
    assert set(REGION_DU_DEPARTEMENT.values()) == set(REGIONS)
    assert region_du_code_postal("75010") == "idf"
    assert region_du_code_postal("97400") == "reu"
    assert region_du_code_postal("20000") == "cor"
    assert region_du_code_postal("7501") is None
    assert region_du_code_postal("98000") is None


async def test_the_figures_are_computed_once_per_period(
    anonymous: Any, app: Any, session: AsyncSession
) -> None:
    first = (await anonymous.get("/api/v1/public/resultats")).json()
    await _crafted(session, seed=1, scale=3)
    # Within the period: the same figures, whatever changed.
    assert (await anonymous.get("/api/v1/public/resultats")).json() == first
    # Past it: the previous figures while one computation runs, then the new ones.
    cache = app.state.public_resultats
    cache.computed_at -= cache.ttl
    assert (await anonymous.get("/api/v1/public/resultats")).json() == first
    await cache.task
    fresh = (await anonymous.get("/api/v1/public/resultats")).json()
    assert fresh != first
    _assert_publishable(fresh)
