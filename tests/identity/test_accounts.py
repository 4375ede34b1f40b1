"""Account administration: password policy, perimeter of a coordinateur, If-Match."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from api.identity.passwords import password_problem
from tests.conftest import DemoIds


def _new(demo: DemoIds, **over: object) -> dict[str, object]:
    body: dict[str, object] = {
        "email": "nouvelle.personne@demo.example.org",
        "nom": "Personne",
        "prenom": "Nouvelle",
        "role": "accompagnateur",
        "structure_id": str(demo.structures["Ressourcerie du Canal"]),
    }
    return body | over


def test_policy_accepts_a_passphrase() -> None:
    assert password_problem("cheval-agrafe-pile-correcte", "x@y.fr") is None


async def test_create_then_duplicate_email_conflicts(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    created = await client.post("/api/v1/utilisateurs", json=_new(demo))
    assert created.status_code == 201
    assert created.headers["location"] == f"/api/v1/utilisateurs/{created.json()['id']}"
    assert "mot_de_passe" not in created.json() and "password_hash" not in created.json()
    again = await client.post(
        "/api/v1/utilisateurs", json=_new(demo, email="NOUVELLE.personne@demo.example.org")
    )
    assert again.status_code == 409


async def test_role_must_match_the_structure_type(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post(
        "/api/v1/utilisateurs",
        json=_new(demo, role="partenaire"),  # a chantier is not a partner
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.structure_id"


async def test_territorial_roles_need_territoires(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post(
        "/api/v1/utilisateurs",
        json=_new(
            demo, role="coordinateur", structure_id=str(demo.structures["Ateliers de Belleville"])
        ),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.territoire_ids"


async def test_unknown_fields_are_refused(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post("/api/v1/utilisateurs", json=_new(demo, actif=False, id="x"))
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"body.actif", "body.id"}


async def test_coordinateur_cannot_grant_national_roles(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    response = await anonymous.post(
        "/api/v1/utilisateurs",
        json=_new(
            demo, role="admin_national", structure_id=str(demo.structures["Convergence France"])
        ),
        headers=auth("coordinateur.paris"),
    )
    assert response.status_code == 403


async def test_coordinateur_lists_only_its_territoire(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    response = await anonymous.get(
        "/api/v1/utilisateurs", params={"limit": 200}, headers=auth("coordinateur.paris")
    )
    emails = {u["email"].split("@")[0] for u in response.json()["items"]}
    assert "accompagnateur.paris" in emails and "fas.idf" in emails
    assert "accompagnateur.lyon" not in emails and "admin" not in emails


async def test_patch_needs_a_fresh_if_match(client: httpx.AsyncClient, demo: DemoIds) -> None:
    url = f"/api/v1/utilisateurs/{demo.users['accompagnateur.canal']}"
    read = await client.get(url)
    etag = read.headers["etag"]
    missing = await client.patch(url, json={"nom": "Sans"})
    assert missing.status_code == 428
    assert missing.json()["code"] == "if_match_requis"
    first = await client.patch(url, json={"nom": "Premier"}, headers={"If-Match": etag})
    assert first.status_code == 200
    assert first.headers["etag"] != etag
    stale = await client.patch(url, json={"nom": "Second"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert (await client.get(url)).json()["nom"] == "Premier"


async def test_nobody_changes_their_own_role(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    url = f"/api/v1/utilisateurs/{demo.users['admin']}"
    read = await anonymous.get(url, headers=auth("admin"))
    response = await anonymous.patch(
        url,
        json={"actif": False},
        headers=auth("admin") | {"If-Match": read.headers["etag"]},
    )
    assert response.status_code == 403
