"""Structures: porteur uniqueness, territoire statut, partner directory, If-Match."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.main import create_app
from api.referentiel import TypeStructure
from api.settings import Settings
from api.structures.models import Structure
from tests.conftest import DemoIds, StatementCounter


async def _etag(client: httpx.AsyncClient, path: str) -> str:
    return (await client.get(path)).headers["etag"]


async def test_a_second_porteur_is_refused(client: httpx.AsyncClient, demo: DemoIds) -> None:
    created = await client.post(
        "/api/v1/structures",
        json={
            "type": "chantier",
            "nom": "Second porteur",
            "territoire_id": str(demo.territoires["paris"]),
            "porteur_coordination": True,
        },
    )
    assert created.status_code == 409
    assert created.json()["code"] == "porteur_existant"
    path = f"/api/v1/structures/{demo.structures['Ressourcerie du Canal']}"
    patched = await client.patch(
        path, json={"porteur_coordination": True}, headers={"If-Match": await _etag(client, path)}
    )
    assert patched.status_code == 409
    assert patched.json()["code"] == "porteur_existant"


async def test_the_database_refuses_two_porteurs_too(session: AsyncSession, demo: DemoIds) -> None:
    session.add(
        Structure(
            type=TypeStructure.chantier,
            nom="Contournement",
            porteur_coordination=True,
            territoire_id=demo.territoires["paris"],
            activites_support=[],
            contacts=[],
        )
    )
    with pytest.raises(IntegrityError):
        async with session.begin_nested():
            await session.flush()


async def test_an_operational_territoire_keeps_its_porteur(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    path = f"/api/v1/structures/{demo.structures['Ateliers de Belleville']}"
    response = await client.patch(
        path, json={"porteur_coordination": False}, headers={"If-Match": await _etag(client, path)}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "porteur_requis"


async def test_territoire_becomes_operational_only_with_a_porteur(
    client: httpx.AsyncClient,
) -> None:
    created = await client.post(
        "/api/v1/territoires",
        json={"code": "dijon", "nom": "Dijon", "date_demarrage": "2027-01-01", "densite": "dense"},
    )
    assert created.status_code == 201
    assert created.json()["statut"] == "preparation"
    path = created.headers["location"]
    refused = await client.patch(
        path, json={"statut": "operationnel"}, headers={"If-Match": created.headers["etag"]}
    )
    assert refused.status_code == 409
    chantier = await client.post(
        "/api/v1/structures",
        json={
            "type": "chantier",
            "nom": "Atelier de Bourgogne",
            "territoire_id": created.json()["id"],
            "porteur_coordination": True,
            "nombre_postes": 10,
        },
    )
    assert chantier.status_code == 201
    accepted = await client.patch(
        path, json={"statut": "operationnel"}, headers={"If-Match": created.headers["etag"]}
    )
    assert accepted.status_code == 200
    assert accepted.json()["nombre_chantiers"] == 1
    back = await client.patch(
        path, json={"statut": "preparation"}, headers={"If-Match": accepted.headers["etag"]}
    )
    assert back.status_code == 409


async def test_fields_belong_to_their_type(client: httpx.AsyncClient, demo: DemoIds) -> None:
    response = await client.post(
        "/api/v1/structures",
        json={"type": "financeur", "nom": "Fondation", "domaines": ["logement"]},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.domaines"


async def test_duplicate_siret_conflicts(client: httpx.AsyncClient, demo: DemoIds) -> None:
    existing = (await client.get(f"/api/v1/structures/{demo.structures['SIAO de Paris']}")).json()
    response = await client.post(
        "/api/v1/structures",
        json={"type": "partenaire", "nom": "Doublon", "siret": existing["siret"]},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "siret_existant"


async def test_malformed_siret_in_a_body_is_a_french_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/structures", json={"type": "partenaire", "nom": "X", "siret": "12345678901234"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body.siret",
            "message": "Le SIRET n'est pas valide (clé de contrôle incorrecte).",
        }
    ]


async def test_engagement_engage_cannot_be_typed(client: httpx.AsyncClient, demo: DemoIds) -> None:
    path = f"/api/v1/structures/{demo.structures['France Travail Paris Belleville']}"
    response = await client.patch(
        path, json={"engagement": "engage"}, headers={"If-Match": await _etag(client, path)}
    )
    assert response.status_code == 422
    inactive = await client.patch(
        path, json={"engagement": "inactif"}, headers={"If-Match": await _etag(client, path)}
    )
    assert inactive.json()["engagement"] == "inactif"


async def test_stale_if_match_is_412_and_changes_nothing(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    path = f"/api/v1/structures/{demo.structures['CSAPA Les Tilleuls']}"
    etag = await _etag(client, path)
    first = await client.patch(path, json={"commune": "Lyon 8e"}, headers={"If-Match": etag})
    assert first.status_code == 200
    stale = await client.patch(path, json={"commune": "Ailleurs"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "version_perimee"
    assert (await client.get(path)).json()["commune"] == "Lyon 8e"
    missing = await client.patch(path, json={"commune": "Ailleurs"})
    assert missing.status_code == 428


async def test_two_concurrent_updates_with_the_same_etag_one_wins(
    engine: AsyncEngine, settings: Settings, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    # Real, committed transactions on two connections: no test rollback here.
    app = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=app)
    path = f"/api/v1/territoires/{demo.territoires['rouen']}"
    async with httpx.AsyncClient(
        transport=transport, base_url="http://test", headers=auth("admin")
    ) as client:
        before = await client.get(path)
        etag = before.headers["etag"]
        results = await asyncio.gather(
            client.patch(path, json={"nom": "Rouen A"}, headers={"If-Match": etag}),
            client.patch(path, json={"nom": "Rouen B"}, headers={"If-Match": etag}),
        )
        statuses = sorted(r.status_code for r in results)
        after = await client.get(path)
        restored = await client.patch(
            path, json={"nom": "Rouen"}, headers={"If-Match": after.headers["etag"]}
        )
    assert statuses == [200, 412]
    winner = next(r for r in results if r.status_code == 200).json()["nom"]
    assert after.json()["nom"] == winner
    assert after.json()["version"] == before.json()["version"] + 1
    assert restored.status_code == 200


async def test_directory_filters(client: httpx.AsyncClient, demo: DemoIds) -> None:
    sante = (
        await client.get(
            "/api/v1/structures",
            params={"domaine": "sante", "territoire_id": str(demo.territoires["paris"])},
        )
    ).json()["items"]
    assert [s["nom"] for s in sante] == ["PASS hospitalière Saint-Martin"]
    engaged = (await client.get("/api/v1/structures", params={"engagement": "engage"})).json()
    assert {s["nom"] for s in engaged["items"]} == {
        "SIAO de Paris",
        "CCAS du 19e arrondissement",
        "CSAPA Les Tilleuls",
    }


async def test_directory_costs_the_same_statements_whatever_the_page_size(
    client: httpx.AsyncClient, count_statements: StatementCounter, demo: DemoIds
) -> None:
    counts = []
    for limit in (1, 3, 200):
        count_statements.count = 0
        response = await client.get(
            "/api/v1/structures",
            params={
                "type": "partenaire",
                "territoire_id": str(demo.territoires["paris"]),
                "limit": limit,
            },
        )
        assert response.status_code == 200
        counts.append(count_statements.count)
    # Caller (1), the page (1), its domaines (1) and territoires served (1).
    assert counts == [4, 4, 4]


async def test_territoire_detail_shows_porteur_fas_charges_and_history(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    detail = (await client.get(f"/api/v1/territoires/{demo.territoires['paris']}")).json()
    assert detail["porteur"]["nom"] == "Ateliers de Belleville"
    assert [f["nom"] for f in detail["fas"]] == ["FAS Île-de-France"]
    assert [c["prenom"] for c in detail["charges_partenariat"]] == ["Sacha"]
    assert detail["evenements"][0]["date"] == "2012-01-01"
    assert detail["nombre_chantiers"] == 3
    assert detail["nombre_conventions_actives"] >= 4


async def test_territoires_list_counts_in_constant_statements(
    client: httpx.AsyncClient, count_statements: StatementCounter, session: AsyncSession
) -> None:
    count_statements.count = 0
    items = (await client.get("/api/v1/territoires")).json()["items"]
    statements = count_statements.count
    chantiers = {
        t.territoire_id
        for t in (await session.scalars(select(Structure).where(Structure.type == "chantier")))
    }
    assert all(t["nombre_chantiers"] >= 1 for t in items)
    assert len(chantiers) == 8
    # Caller (1), the page (1), three GROUP BY counts.
    assert statements == 5
