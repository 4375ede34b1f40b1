"""A cohort with known answers, built as real files: the indicators give exactly those numbers."""

from __future__ import annotations

import statistics
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from api.freins.models import Diagnostic, DiagnosticDomaine
from api.orientations.models import Orientation
from api.parcours.models import Parcours, SuiviPostSortie
from api.referentiel import (
    Densite,
    Domaine,
    EtapeDiagnostic,
    MotifSortie,
    Prescripteur,
    SituationLogement,
    StatutDiagnostic,
    StatutOrientation,
    StatutParcours,
    StatutTerritoire,
    TypeStructure,
    categorie,
)
from api.salaries.models import Salarie
from api.structures.models import Structure
from api.territoires.models import Territoire
from tests.conftest import DemoIds

YEAR = 2025
# 20 counted exits and 2 retraits.
MOTIFS = (
    [MotifSortie.cdi] * 4
    + [MotifSortie.cdd_interim_moins_6_mois] * 2
    + [MotifSortie.formation_qualifiante] * 3
    + [MotifSortie.chomage] * 11
    + [MotifSortie.transfert_employeur] * 2
)


async def _cohort(session: AsyncSession, demo: DemoIds) -> dict[str, Any]:
    territoire = Territoire(
        code=f"test-{uuid.uuid4().hex[:8]}",
        nom="Territoire d'essai",
        date_demarrage=date(2020, 1, 1),
        densite=Densite.dense,
        statut=StatutTerritoire.operationnel,
    )
    session.add(territoire)
    await session.flush()
    chantier = Structure(
        type=TypeStructure.chantier, nom="Chantier d'essai", territoire_id=territoire.id
    )
    session.add(chantier)
    await session.flush()
    durations = []
    for i, motif in enumerate(MOTIFS):
        entree = date(2023, 1 + i % 12, 2)
        sortie = date(YEAR, 1 + i % 6, 10 + i % 3)
        person = Salarie(
            territoire_id=territoire.id,
            chantier_id=chantier.id,
            nom=f"Essai{i}",
            prenoms="Cohorte",
            date_naissance=date(1980, 5, 17),
            recherche=f"essai{i} cohorte",
            langues=[],
        )
        session.add(person)
        await session.flush()
        parcours = Parcours(
            salarie_id=person.id,
            chantier_id=chantier.id,
            date_entree=entree,
            prescripteur=Prescripteur.maraude,
            parcours_de_rue=i < 15,
            logement_entree=SituationLogement.sans_abri if i < 15 else SituationLogement.chu,
            statut=StatutParcours.sorti,
            date_sortie=sortie,
            motif_sortie=motif,
            categorie_sortie=categorie(motif),
            logement_sortie=(
                SituationLogement.locataire_parc_social if i < 10 else SituationLogement.chu
            ),
        )
        session.add(parcours)
        await session.flush()
        if i < 20:
            durations.append((sortie - entree).days)
        sante_out = ["couverture_base", "medecin_traitant"] if i < 12 else ["sans_couverture"]
        droits_out = ["piece_identite", "compte_bancaire"] if i < 8 else ["piece_identite"]
        for etape, when, sante, droits in (
            (EtapeDiagnostic.entree, entree, ["sans_couverture"], ["piece_identite"]),
            (EtapeDiagnostic.sortie, sortie, sante_out, droits_out),
        ):
            diagnostic = Diagnostic(
                parcours_id=parcours.id, etape=etape, date=when, statut=StatutDiagnostic.valide
            )
            diagnostic.domaines = [
                DiagnosticDomaine(domaine=Domaine.sante, niveau=3, situations=sante),
                DiagnosticDomaine(domaine=Domaine.droits, niveau=2, situations=droits),
            ]
            session.add(diagnostic)
        if i < 9:  # the dynamic exits get a 6-month check-in, already due
            session.add(
                SuiviPostSortie(
                    parcours_id=parcours.id,
                    echeance_mois=6,
                    date_prevue=sortie + timedelta(days=182),
                    date_realisee=sortie + timedelta(days=185) if i < 7 else None,
                    resultat="joint" if i < 7 else None,
                    en_emploi=i < 5 if i < 7 else None,
                    groupe_logement="logement_autonome" if i < 4 else "urgence",
                )
            )
        if i < 5:
            sent = datetime(YEAR, 2, 1, 9, tzinfo=UTC)
            answered = i < 4
            session.add(
                Orientation(
                    parcours_id=parcours.id,
                    salarie_id=person.id,
                    partenaire_id=demo.structures["SIAO de Paris"],
                    domaine=Domaine.logement if i < 3 else Domaine.sante,
                    motif="Orientation d'essai",
                    statut=(
                        StatutOrientation.acceptee
                        if i < 3
                        else StatutOrientation.refusee
                        if answered
                        else StatutOrientation.envoyee
                    ),
                    partage=[],
                    envoyee_le=sent,
                    premiere_reponse_le=sent + timedelta(hours=48) if answered else None,
                )
            )
    await session.commit()
    return {"territoire": territoire.id, "chantier": chantier.id, "durations": durations}


def _by_code(cell: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for i in cell["indicateurs"]}


@pytest.fixture
async def cohort(session: AsyncSession, demo: DemoIds) -> dict[str, Any]:
    return await _cohort(session, demo)


async def test_known_cohort_gives_exactly_its_numbers(client: Any, cohort: dict[str, Any]) -> None:
    response = await client.get(
        "/api/v1/indicateurs",
        params={
            "territoire": str(cohort["territoire"]),
            "periode_sortie_debut": f"{YEAR}-01-01",
            "periode_sortie_fin": f"{YEAR}-12-31",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["masquage"] is False
    got = {
        code: (i["numerateur"], i["denominateur"]) for code, i in _by_code(body["total"]).items()
    }
    expected = {
        "effectif": (20, None),
        "public_rue": (15, 20),
        "sorties": (20, 20),
        "sorties_dynamiques": (9, 20),
        "emploi_durable": (4, 20),
        "emploi_transition": (2, 20),
        "sortie_positive": (3, 20),
        "autre_sortie": (11, 20),
        "en_logement": (10, 20),
        "logement_ameliore": (15, 20),  # 10 housed, 5 from the street to emergency
        "sante_amelioree": (12, 20),
        "droits_accrus": (8, 20),
        "suivi6_prevus": (9, 20),
        "suivi6_tenus": (7, 9),
        "suivi6_emploi": (5, 7),
        "suivi6_logement": (4, 7),
        "suivi12_prevus": (0, 20),
        "orientations": (5, None),
        "orientations_repondues": (4, 5),
        "orientations_acceptees": (3, 4),
    }
    for code, pair in expected.items():
        assert got[code] == pair, code
    assert _by_code(body["total"])["sorties_dynamiques"]["taux"] == 0.45
    motifs = {m["motif"]: m["nombre"] for m in body["total"]["sorties_par_motif"]}
    assert (
        motifs["cdi"] == 4 and motifs["chomage"] == 11 and motifs["cdd_interim_moins_6_mois"] == 2
    )
    assert "transfert_employeur" not in motifs  # retraits are not counted
    domaines = {d["domaine"]: d["nombre"] for d in body["total"]["orientations_par_domaine"]}
    assert domaines["logement"] == 3 and domaines["sante"] == 2
    assert body["total"]["delai_reponse_moyen_jours"] == 2.0
    months = [d / 30.4375 for d in cohort["durations"]]
    assert body["total"]["duree_moyenne_mois"] == round(sum(months) / len(months), 1)
    assert body["total"]["duree_mediane_mois"] == round(
        statistics.median(cohort["durations"]) / 30.4375, 1
    )


async def test_entry_cohort_counts_every_entry(client: Any, cohort: dict[str, Any]) -> None:
    response = await client.get(
        "/api/v1/indicateurs",
        params={"chantier": str(cohort["chantier"]), "cohorte_entree": 2023},
    )
    assert response.status_code == 200, response.text
    total = _by_code(response.json()["total"])
    assert total["effectif"]["numerateur"] == 22  # retraits are part of the cohort
    assert total["sorties"]["numerateur"] == 20
    assert total["public_rue"]["numerateur"] == 15


async def test_groupings_sum_to_the_total(client: Any, cohort: dict[str, Any]) -> None:
    params = {"territoire": str(cohort["territoire"]), "groupe_par": "annee"}
    body = (await client.get("/api/v1/indicateurs", params=params)).json()
    assert [g["cle"] for g in body["groupes"]] == [str(YEAR)]
    assert _by_code(body["groupes"][0])["sorties"]["numerateur"] == 20
    params["groupe_par"] = "chantier"
    body = (await client.get("/api/v1/indicateurs", params=params)).json()
    assert [g["libelle"] for g in body["groupes"]] == ["Chantier d'essai"]


async def test_a_correction_of_the_exit_moves_the_indicators(
    client: Any, session: AsyncSession, cohort: dict[str, Any]
) -> None:
    """The statistical records follow the files on every commit."""
    from sqlalchemy import select

    parcours = (
        await session.scalars(
            select(Parcours)
            .where(Parcours.chantier_id == cohort["chantier"])
            .where(Parcours.motif_sortie == MotifSortie.chomage)
            .limit(1)
        )
    ).one()
    parcours.motif_sortie = MotifSortie.cdi
    parcours.categorie_sortie = categorie(MotifSortie.cdi)
    await session.commit()
    body = (
        await client.get("/api/v1/indicateurs", params={"chantier": str(cohort["chantier"])})
    ).json()
    assert _by_code(body["total"])["emploi_durable"]["numerateur"] == 5
    assert _by_code(body["total"])["sorties_dynamiques"]["numerateur"] == 10


async def test_the_grid_costs_the_same_statements_whatever_the_size(
    client: Any, cohort: dict[str, Any], count_statements: Any
) -> None:
    counts = []
    # One year of exits, then every exit since 2017 (the demo's history and the cohort).
    for period in (
        {"periode_sortie_debut": f"{YEAR}-01-01", "periode_sortie_fin": f"{YEAR}-12-31"},
        {},
    ):
        before = count_statements.count
        params = {"groupe_par": "chantier", **period}
        assert (await client.get("/api/v1/indicateurs", params=params)).status_code == 200
        counts.append(count_statements.count - before)
    assert counts[0] == counts[1], (counts, count_statements.statements)
    # The actor's load, the grid, motifs, orientations, two medians, the chantiers' names.
    assert counts[1] <= 8, count_statements.statements


def test_the_documentation_states_every_rule() -> None:
    from pathlib import Path

    from api.indicateurs.definitions import DEFINITIONS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "indicateurs.md").read_text("utf-8")
    for d in DEFINITIONS:
        assert f"`{d.code}`" in doc and d.regle in doc, d.code
