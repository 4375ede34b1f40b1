"""Ids given in bodies: checked against the caller's perimeter (422 with the field), never a
database error."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import httpx

from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO
from tests.parcours.test_parcours import TODAY, _diagnostic, _new_parcours

UNKNOWN = str(uuid.uuid4())


def _field(response: httpx.Response) -> str:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    (error,) = response.json()["errors"]
    assert "équipe" in error["message"] or "ne correspond" in error["message"]
    return str(error["field"])


async def test_referent_contact_of_an_orientation_is_of_the_parcours_team(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    body = {
        "parcours_id": parcours["id"],
        "partenaire_id": str(demo.structures[SIAO]),
        "domaine": "logement",
        "motif": "Mise à l'abri",
    }
    for foreign in (str(demo.users["accompagnateur.lyon"]), UNKNOWN):
        refused = await client.post(
            "/api/v1/orientations", json=body | {"referent_contact_id": foreign}
        )
        assert _field(refused) == "body.referent_contact_id"
    own = await client.post(
        "/api/v1/orientations",
        json=body | {"referent_contact_id": str(demo.users["accompagnateur.paris"])},
    )
    assert own.status_code == 201, own.text


async def test_responsible_of_an_action_is_of_the_parcours_team(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    diag = await _diagnostic(client, parcours["id"], "entree")
    freins = await client.post(
        f"/api/v1/parcours/{parcours['id']}/freins/depuis-diagnostic",
        json={"diagnostic_id": diag["id"]},
    )
    logement = next(f for f in freins.json() if f["domaine"] == "logement")
    url = f"/api/v1/freins/{logement['id']}/actions"
    for foreign in (str(demo.users["accompagnateur.lyon"]), UNKNOWN):
        refused = await client.post(url, json={"type": "demande_siao", "responsable_id": foreign})
        assert _field(refused) == "body.responsable_id"
    own = await client.post(
        url,
        json={"type": "demande_siao", "responsable_id": str(demo.users["accompagnateur.paris"])},
    )
    assert own.status_code == 201, own.text


async def test_internal_participants_of_a_synthese_are_of_the_parcours_team(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    url = f"/api/v1/parcours/{parcours['id']}/syntheses"
    body = {"date": TODAY.isoformat(), "decisions": "Demande SIAO"}
    for foreign in (str(demo.users["coordinateur.lyon"]), UNKNOWN):
        refused = await client.post(url, json=body | {"participants_internes": [foreign]})
        assert _field(refused) == "body.participants_internes"
    team = [str(demo.users["accompagnateur.paris"]), str(demo.users["partenariat.paris"])]
    own = await client.post(url, json=body | {"participants_internes": team})
    assert own.status_code == 201, own.text


async def test_unknown_structure_of_an_external_referent_is_a_422(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    response = await client.post(
        f"/api/v1/salaries/{parcours['salarie']['id']}/referents",
        json={"nom": "Agnès Référente", "structure_id": UNKNOWN, "fonction": "spip"},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body.structure_id"


async def test_unreadable_bodies_answer_a_french_problem(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    not_utf8 = await anonymous.post(
        "/api/v1/salaries",
        content='{"nom": "Éloïse"}'.encode("latin-1"),
        headers=auth("admin") | {"Content-Type": "application/json"},
    )
    not_json = await anonymous.post(
        "/api/v1/salaries",
        content=b'{"nom": ',
        headers=auth("admin") | {"Content-Type": "application/json"},
    )
    convention = demo.conventions[next(iter(demo.conventions))]
    bad_multipart = await anonymous.post(
        f"/api/v1/conventions/{convention}/documents",
        content=b'--frontiere\r\nContent-Disposition: form-data; name="fichier"\r\n\r\nxx',
        headers=auth("admin") | {"Content-Type": "multipart/form-data"},  # no boundary
    )
    for response in (not_utf8, not_json, bad_multipart):
        assert response.status_code == 400, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "corps_illisible"
        assert "illisible" in response.json()["detail"]
