"""The person at a glance: GET /api/v1/parcours/{id}/synthese."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx

from api.parcours.dates import add_months
from tests.conftest import DemoIds, StatementCounter
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import BELLEVILLE, TODAY, _diagnostic, _drive, _new_parcours


async def test_the_summary_gathers_deadlines_freins_orientations_entretien_and_contract(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo)
    base = f"/api/v1/parcours/{parcours['id']}"
    empty = (await client.get(f"{base}/synthese")).json()
    assert empty["freins"] == [] and empty["orientations"] == []
    assert empty["contrat"] is None and empty["dernier_entretien"] is None

    await _drive(client, parcours["id"], "en_cours")
    diagnostics = (await client.get(f"{base}/diagnostics")).json()
    made = await client.post(
        f"{base}/freins/depuis-diagnostic", json={"diagnostic_id": diagnostics[0]["id"]}
    )
    assert made.status_code == 201, made.text
    contrat = await client.post(
        f"{base}/contrats",
        json={
            "date_debut": (TODAY - timedelta(days=40)).isoformat(),
            "date_fin": (TODAY + timedelta(days=10)).isoformat(),
            "heures_hebdo": "20",
        },
    )
    assert contrat.status_code == 201, contrat.text
    entretien = await client.post(f"{base}/entretiens", json={"date": TODAY.isoformat()})
    assert entretien.status_code == 201, entretien.text
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    assert (await client.post(f"/api/v1/orientations/{draft['id']}/envoi")).status_code == 200
    refused = await anonymous.post(
        f"/api/v1/orientations/{draft['id']}/refus",
        json={"motif": "pas_de_place", "commentaire": "Complet ce mois-ci."},
        headers=auth("partenaire.siao"),
    )
    assert refused.status_code == 200, refused.text

    response = await anonymous.get(f"{base}/synthese", headers=auth("accompagnateur.paris"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [(f["domaine"], f["nombre"], f["niveau_max"]) for f in body["freins"]] == [
        ("logement", 1, 3),
        ("sante", 1, 2),
        ("droits", 1, 2),
    ]
    [orientation] = body["orientations"]
    assert orientation["statut"] == "refusee" and orientation["motif_refus"] == "pas_de_place"
    assert orientation["partenaire"] and orientation["derniere_reponse_le"]
    assert body["dernier_entretien"]["date"] == TODAY.isoformat()
    assert body["contrat"]["date_fin"] == (TODAY + timedelta(days=10)).isoformat()
    fin = [e for e in body["echeances"] if e["type"] == "contrat_fin_proche"]
    assert fin and fin[0]["delai"] == "dans 10 jours" and fin[0]["en_retard"] is False


async def test_what_a_role_may_not_read_is_absent(
    anonymous: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    parcours_id = demo.parcours[f"{BELLEVILLE}:en_cours"]
    body = (
        await anonymous.get(
            f"/api/v1/parcours/{parcours_id}/synthese", headers=auth("encadrant.paris")
        )
    ).json()
    assert "freins" not in body and "orientations" not in body
    assert "dernier_entretien" not in body
    assert not {e["type"] for e in body["echeances"]} & {
        "frein_bloquant_sans_action",
        "diagnostic_suivi",
    }


async def test_the_contract_end_is_hidden_once_the_person_has_left(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo, entree=add_months(TODAY, -8))
    base = f"/api/v1/parcours/{parcours['id']}"
    await _drive(client, parcours["id"], "en_cours")
    contrat = await client.post(
        f"{base}/contrats",
        json={
            "date_debut": add_months(TODAY, -7).isoformat(),
            "date_fin": add_months(TODAY, 2).isoformat(),
            "heures_hebdo": "26",
        },
    )
    assert contrat.status_code == 201, contrat.text
    assert "date_fin" in (await client.get(f"{base}/synthese")).json()["contrat"]
    await _diagnostic(client, parcours["id"], "sortie")
    sortie = await client.post(
        f"{base}/sortie",
        json={
            "date": TODAY.isoformat(),
            "motif": "cdi",
            "employeur": "Boulangerie Fictive",
            "logement_sortie": "locataire_parc_social",
        },
    )
    assert sortie.status_code == 200, sortie.text
    contrat_out = (await client.get(f"{base}/synthese")).json()["contrat"]
    assert contrat_out["date_debut"] and "date_fin" not in contrat_out


async def test_the_summary_runs_as_many_statements_for_a_full_record_as_for_an_empty_one(
    client: httpx.AsyncClient, demo: DemoIds, count_statements: StatementCounter
) -> None:
    empty = await _new_parcours(client, demo)
    full = demo.parcours[f"{BELLEVILLE}:en_cours"]
    counts = []
    for parcours_id in (empty["id"], full, empty["id"]):
        count_statements.count = 0
        assert (await client.get(f"/api/v1/parcours/{parcours_id}/synthese")).status_code == 200
        counts.append(count_statements.count)
    # Nothing per frein, orientation or contract: the same statements whatever the record.
    assert counts[1] == counts[2], counts
