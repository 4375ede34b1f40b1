"""Enrolment in one transaction: POST /api/v1/parcours/inscription."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.salaries.models import Salarie
from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO
from tests.parcours.test_parcours import BELLEVILLE, TODAY


def _body(demo: DemoIds, **over: Any) -> dict[str, Any]:
    return {
        "salarie": {
            "chantier_id": str(demo.structures[BELLEVILLE]),
            "nom": "Inscrite",
            "prenoms": "Dominique",
            "date_naissance": "1981-02-03",
        },
        "consentements": [
            {"type": "notice_information", "date_recueil": TODAY.isoformat()},
            {
                "type": "partage_partenaire",
                "partenaire_id": str(demo.structures[SIAO]),
                "date_recueil": TODAY.isoformat(),
            },
        ],
        "parcours": {
            "date_entree": TODAY.isoformat(),
            "prescripteur": "maraude",
            "parcours_de_rue": True,
            "duree_rue_mois": 12,
            "logement_entree": "sans_abri",
            "referent_id": str(demo.users["accompagnateur.paris"]),
        },
    } | over


async def _people(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Salarie.id))) or 0)


async def test_a_person_their_consents_and_parcours_are_written_at_once(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    response = await client.post("/api/v1/parcours/inscription", json=_body(demo))
    assert response.status_code == 201, response.text
    out = response.json()
    assert out["consentements"] == 2
    assert response.headers["Location"] == f"/api/v1/parcours/{out['parcours_id']}"
    parcours = (await client.get(f"/api/v1/parcours/{out['parcours_id']}")).json()
    assert parcours["statut"] == "accueil" and parcours["salarie"]["id"] == out["salarie_id"]
    assert parcours["logement_entree"] == "sans_abri"
    consents = (await client.get(f"/api/v1/salaries/{out['salarie_id']}/consentements")).json()
    assert sorted(c["type"] for c in consents) == ["notice_information", "partage_partenaire"]


async def test_a_broken_rule_anywhere_writes_nothing_and_names_its_field(
    client: httpx.AsyncClient, demo: DemoIds, session: AsyncSession
) -> None:
    before = await _people(session)
    body = _body(demo)
    body["consentements"][1]["partenaire_id"] = str(demo.structures[BELLEVILLE])
    response = await client.post("/api/v1/parcours/inscription", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "body.consentements.1.partenaire_id"

    body = _body(demo)
    body["parcours"]["duree_rue_mois"] = 5
    body["parcours"]["parcours_de_rue"] = False
    response = await client.post("/api/v1/parcours/inscription", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.parcours.duree_rue_mois"

    body = _body(demo)
    body["salarie"]["nom"] = ""
    response = await client.post("/api/v1/parcours/inscription", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("body.salarie.nom")
    assert await _people(session) == before


async def test_one_person_exactly(client: httpx.AsyncClient, demo: DemoIds) -> None:
    neither = _body(demo, salarie=None)
    response = await client.post("/api/v1/parcours/inscription", json=neither)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.salarie"
    both = _body(demo, salarie_id=str(demo.salaries[f"{BELLEVILLE}:clos"]))
    assert (await client.post("/api/v1/parcours/inscription", json=both)).status_code == 422


async def test_a_possible_duplicate_is_asked_then_confirmed_or_the_known_person_taken(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    first = await client.post("/api/v1/parcours/inscription", json=_body(demo))
    assert first.status_code == 201
    again = await client.post("/api/v1/parcours/inscription", json=_body(demo))
    assert again.status_code == 409
    assert again.json()["code"] == "doublon_possible"
    assert first.json()["salarie_id"] in again.json()["candidats"]
    # The known person already has an open parcours: refused, as for POST /parcours.
    known = _body(demo, salarie=None, salarie_id=first.json()["salarie_id"], consentements=[])
    response = await client.post("/api/v1/parcours/inscription", json=known)
    assert response.status_code == 409
    assert response.json()["code"] == "parcours_ouvert_existant"
    confirmed = _body(demo)
    confirmed["salarie"]["confirm_distinct"] = True
    assert (await client.post("/api/v1/parcours/inscription", json=confirmed)).status_code == 201


async def test_the_enrolment_path_is_not_read_as_a_parcours_id(client: httpx.AsyncClient) -> None:
    """Parcours ids are typed in the path: `/parcours/inscription` is the enrolment alone, and
    a method it does not take is a 405 that advertises only its own."""
    answer = await client.patch("/api/v1/parcours/inscription", json={})
    assert answer.status_code == 405
    assert answer.headers["allow"] == "POST"
