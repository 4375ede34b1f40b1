import uuid

import httpx
import pytest

from api.demo.seed import STRUCTURES
from tests.conftest import StatementCounter


async def _territoire_id(client: httpx.AsyncClient, nom: str) -> str:
    items = (await client.get("/api/v1/territoires")).json()["items"]
    return next(t["id"] for t in items if t["nom"] == nom)


async def test_lists_structures_of_a_territoire_by_type(client: httpx.AsyncClient) -> None:
    paris = await _territoire_id(client, "Paris")
    response = await client.get(
        "/api/v1/structures", params={"territoire_id": paris, "type": "chantier"}
    )
    assert response.status_code == 200
    chantiers = response.json()["items"]
    expected = {s.nom for s in STRUCTURES if s.territoire == "paris" and s.type == "chantier"}
    assert {c["nom"] for c in chantiers} == expected
    assert [c["nom"] for c in chantiers if c["porteur_coordination"]] == ["Ateliers de Belleville"]


async def test_search_by_name_is_case_insensitive_and_escapes_wildcards(
    client: httpx.AsyncClient,
) -> None:
    found = (await client.get("/api/v1/structures", params={"q": "siao"})).json()["items"]
    assert [s["nom"] for s in found] == ["SIAO de Paris"]
    # Accented capitals fold too, on SQLite as on PostgreSQL.
    accents = (await client.get("/api/v1/structures", params={"q": "fas île"})).json()["items"]
    assert [s["nom"] for s in accents] == ["FAS Île-de-France"]
    none = (await client.get("/api/v1/structures", params={"q": "%"})).json()["items"]
    assert none == []


async def test_siret_filter_finds_the_structure(client: httpx.AsyncClient) -> None:
    any_structure = (await client.get("/api/v1/structures", params={"limit": 1})).json()["items"][0]
    response = await client.get("/api/v1/structures", params={"siret": any_structure["siret"]})
    assert [s["id"] for s in response.json()["items"]] == [any_structure["id"]]


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234", "Le SIRET doit comporter exactement 14 chiffres."),
        ("1234567890123A", "Le SIRET doit comporter exactement 14 chiffres."),
        ("73282932000075", "Le SIRET n'est pas valide (clé de contrôle incorrecte)."),
    ],
)
async def test_malformed_siret_is_a_french_422_naming_the_field(
    client: httpx.AsyncClient, siret: str, message: str
) -> None:
    response = await client.get("/api/v1/structures", params={"siret": siret})
    assert response.status_code == 422
    problem = response.json()
    assert problem["errors"] == [{"field": "query.siret", "message": message}]
    assert "siret" in problem["detail"]


async def test_unknown_structure_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/api/v1/structures/{uuid.uuid4()}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "structure_introuvable"
    assert response.json()["detail"] == "Aucune structure ne correspond à cet identifiant."


async def test_structure_detail(client: httpx.AsyncClient) -> None:
    listed = (await client.get("/api/v1/structures", params={"q": "Convergence France"})).json()
    structure = listed["items"][0]
    detail = await client.get(f"/api/v1/structures/{structure['id']}")
    assert detail.json() == structure
    assert structure["type"] == "convergence_france"


async def test_list_costs_the_same_statements_whatever_the_page_size(
    client: httpx.AsyncClient, count_statements: StatementCounter
) -> None:
    counts = []
    for limit in (1, 5, 200):
        count_statements.count = 0
        response = await client.get("/api/v1/structures", params={"limit": limit})
        assert response.status_code == 200
        assert len(response.json()["items"]) == min(limit, len(STRUCTURES))
        counts.append(count_statements.count)
    # The caller (one statement), the page, its domaines and territoires served.
    assert counts == [4, 4, 4]
