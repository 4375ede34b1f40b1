import uuid

import httpx

BROCHURE = {
    "Paris",
    "Grand Lyon",
    "Lille",
    "Nantes",
    "Strasbourg",
    "Charente",
    "Marseille",
    "Rouen",
}


async def test_lists_the_eight_territoires_of_the_brochure(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/territoires")
    assert response.status_code == 200
    body = response.json()
    assert {t["nom"] for t in body["items"]} == BROCHURE
    assert body["next_cursor"] is None
    noms = [t["nom"] for t in body["items"]]
    assert noms == sorted(noms)


async def test_keyset_pages_walk_every_territoire_once(client: httpx.AsyncClient) -> None:
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        body = (await client.get("/api/v1/territoires", params=params)).json()
        seen += [t["id"] for t in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 8


async def test_filters_by_densite(client: httpx.AsyncClient) -> None:
    body = (await client.get("/api/v1/territoires", params={"densite": "peu_dense"})).json()
    assert [t["nom"] for t in body["items"]] == ["Charente"]


async def test_unknown_filter_value_is_a_french_422(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/territoires", params={"statut": "ferme"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == "query.statut"
    assert "Valeur non autorisée" in response.json()["errors"][0]["message"]


async def test_limit_is_capped(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/territoires", params={"limit": 100000})
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert problem["errors"] == [
        {"field": "query.limit", "message": "Doit être inférieur ou égal à 200."}
    ]


async def test_garbage_cursor_is_a_422_not_a_500(client: httpx.AsyncClient) -> None:
    for cursor in ("%%%", "bm90LWpzb24", "WyJhIl0"):
        response = await client.get("/api/v1/territoires", params={"cursor": cursor})
        assert response.status_code == 422, cursor
        assert response.json()["errors"][0]["field"] == "query.cursor"


async def test_detail_and_not_found(client: httpx.AsyncClient) -> None:
    first = (await client.get("/api/v1/territoires", params={"limit": 1})).json()["items"][0]
    response = await client.get(f"/api/v1/territoires/{first['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert {k: detail[k] for k in first} == first
    assert {"porteur", "fas", "charges_partenariat", "evenements"} <= detail.keys()

    missing = await client.get(f"/api/v1/territoires/{uuid.uuid4()}")
    assert missing.status_code == 404
    assert missing.json()["code"] == "territoire_introuvable"

    malformed = await client.get("/api/v1/territoires/pas-un-uuid")
    assert malformed.status_code == 422
