"""data·inclusion: import of the directory (dry run, confirm, idempotent), export validated."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from data_inclusion.schema import v1
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from api.connecteurs.models import ServicePartenaire
from api.referentiel import Engagement
from api.structures.models import Structure
from tests.conftest import DemoIds

FIXTURE = json.loads((Path(__file__).parent / "data" / "data_inclusion.json").read_text("utf-8"))
Headers = Callable[[str], dict[str, str]]


def _client(app: Any, headers: dict[str, str]) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


def _upload(data: dict[str, Any], departements: str = "75") -> dict[str, Any]:
    """The published files, uploaded as they are, and the territoire's filter."""
    return {
        "files": {
            "structures": ("structures.json", json.dumps(data["structures"]), "application/json"),
            "services": ("services.json", json.dumps(data["services"]), "application/json"),
        },
        "data": {"departements": departements},
    }


async def _post(
    client: httpx.AsyncClient, territoire: Any, data: dict[str, Any], departements: str = "75"
) -> httpx.Response:
    return await client.post(
        f"/api/v1/territoires/{territoire}/data-inclusion/imports",
        **_upload(data, departements),
    )


async def _import(
    client: httpx.AsyncClient, territoire: Any, data: dict[str, Any]
) -> dict[str, Any]:
    response = await _post(client, territoire, data)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _ids(lines: list[dict[str, Any]]) -> set[str]:
    return {line["id"] for line in lines}


async def test_dry_run_then_confirm_then_idempotent_and_updates(
    app: Any, auth: Headers, session: AsyncSession, demo: DemoIds
) -> None:
    paris = demo.territoires["paris"]
    async with _client(app, auth("partenariat.paris")) as charge:
        dry = await _import(charge, paris, FIXTURE)
        rapport = dry["rapport"]
        assert dry["statut"] == "a_confirmer"
        # Paris only: the Villeurbanne (69) structure and its service are outside.
        assert _ids(rapport["creations"]) == {
            "dora--epicerie-solidaire-belleville",
            "emplois-de-linclusion--aide-mobilite-paris",
            "dora--epicerie-solidaire-belleville--aide-alimentaire",
            "emplois-de-linclusion--aide-mobilite-paris--permis",
        }
        assert rapport["hors_perimetre"] == 2
        rejets = {r["id"]: r for r in rapport["rejets"]}
        # The reason in French: the field as one reads it, then what is wrong.
        invalide = rejets["dora--invalide"]
        assert invalide["raison"].startswith("code postal : ")
        assert invalide["nom"] == "Structure au code postal invalide" and invalide["rang"] == 4
        assert rejets["dora--service-thematique-inconnue"]["raison"] == (
            "thématiques : Valeur inconnue du schéma data·inclusion."
        )
        # Nothing written by the dry run.
        assert (
            await session.scalar(
                select(Structure.id).where(Structure.di_id == "dora--epicerie-solidaire-belleville")
            )
        ) is None

        confirmed = await charge.post(f"/api/v1/data-inclusion/imports/{dry['id']}/confirmer")
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json()["statut"] == "applique"
        again = await charge.post(f"/api/v1/data-inclusion/imports/{dry['id']}/confirmer")
        assert again.status_code == 409

        epicerie = await session.scalar(
            select(Structure)
            .options(selectinload(Structure.domaine_rows))
            .where(Structure.di_id == "dora--epicerie-solidaire-belleville")
        )
        assert epicerie is not None
        assert epicerie.siret == "41993847600027" and epicerie.territoire_id == paris
        assert epicerie.domaines == ["finances"]
        mobilite = await session.scalar(
            select(Structure)
            .options(selectinload(Structure.domaine_rows))
            .where(Structure.di_id == "emplois-de-linclusion--aide-mobilite-paris")
        )
        assert mobilite is not None and mobilite.domaines == ["emploi", "mobilite"]
        services = (
            await session.scalars(
                select(ServicePartenaire).where(ServicePartenaire.structure_id == epicerie.id)
            )
        ).all()
        assert [s.nom for s in services] == ["Aide alimentaire"]

        # A local field set by the chargé de partenariat survives re-imports.
        epicerie.engagement = Engagement.engage
        await session.flush()

        # Re-importing the same file: nothing to create nor update.
        second = await _import(charge, paris, FIXTURE)
        assert second["rapport"]["creations"] == [] and second["rapport"]["mises_a_jour"] == []
        assert second["rapport"]["inchangees"] == 4

        # A newer date_maj updates (and only that row).
        newer = copy.deepcopy(FIXTURE)
        newer["structures"][0]["date_maj"] = "2026-07-01"
        newer["structures"][0]["telephone"] = "+33140000099"
        third = await _import(charge, paris, newer)
        assert _ids(third["rapport"]["mises_a_jour"]) == {"dora--epicerie-solidaire-belleville"}
        # The update says what changes, in words.
        assert third["rapport"]["mises_a_jour"][0]["differences"] == [
            {
                "champ": "telephone",
                "libelle": "Téléphone",
                "avant": "+33140000001",
                "apres": "+33140000099",
            }
        ]
        applied = await charge.post(f"/api/v1/data-inclusion/imports/{third['id']}/confirmer")
        assert applied.status_code == 200
    await session.refresh(epicerie)
    assert epicerie.telephone == "+33140000099"
    assert epicerie.engagement == Engagement.engage


async def test_a_siret_already_known_is_upserted_not_duplicated(
    app: Any, auth: Headers, session: AsyncSession, demo: DemoIds
) -> None:
    siao = await session.get(Structure, demo.structures["SIAO de Paris"])
    assert siao is not None and siao.siret
    data = copy.deepcopy(FIXTURE)
    data["structures"][0]["siret"] = siao.siret
    async with _client(app, auth("coordinateur.paris")) as coordinateur:
        dry = await _import(coordinateur, demo.territoires["paris"], data)
        assert "dora--epicerie-solidaire-belleville" in _ids(dry["rapport"]["mises_a_jour"])
        await coordinateur.post(f"/api/v1/data-inclusion/imports/{dry['id']}/confirmer")
    await session.refresh(siao)
    assert siao.di_id == "dora--epicerie-solidaire-belleville"
    assert siao.engagement is not None  # local field kept


async def test_one_file_with_both_lists_and_the_differences_of_an_update(
    app: Any, auth: Headers, session: AsyncSession, demo: DemoIds
) -> None:
    """One file {"structures", "services"} (our export's shape) is read like the two files; an
    update of a partner entered by hand lists its changes and the domaines it gains."""
    siao = await session.scalar(
        select(Structure)
        .options(selectinload(Structure.domaine_rows))
        .where(Structure.id == demo.structures["SIAO de Paris"])
    )
    assert siao is not None and siao.domaines == ["logement"]
    data = copy.deepcopy(FIXTURE)
    data["structures"][0]["siret"] = siao.siret
    data["structures"][0]["nom"] = siao.nom
    async with _client(app, auth("partenariat.paris")) as charge:
        response = await charge.post(
            f"/api/v1/territoires/{demo.territoires['paris']}/data-inclusion/imports",
            files={"structures": ("annuaire.json", json.dumps(data), "application/json")},
            data={"departements": "75"},
        )
        assert response.status_code == 201, response.text
        rapport = response.json()["rapport"]
        update = next(
            line
            for line in rapport["mises_a_jour"]
            if line["id"] == "dora--epicerie-solidaire-belleville"
        )
        assert update["nom"] == siao.nom
        changes = {d["champ"]: (d["avant"], d["apres"]) for d in update["differences"]}
        assert "nom" not in changes
        assert changes["adresse"] == (None, "4 rue Ramponeau")
        assert changes["domaines"] == ("Logement", "Logement, Ressources et dettes")
        service = next(
            line
            for line in rapport["creations"]
            if line["id"] == "dora--epicerie-solidaire-belleville--aide-alimentaire"
        )
        assert service["structure"] == siao.nom and service["type"] == "service"
        # The reports stay readable by GET.
        again = await charge.get(f"/api/v1/data-inclusion/imports/{response.json()['id']}")
        assert again.json()["rapport"] == rapport
        not_lists = await charge.post(
            f"/api/v1/territoires/{demo.territoires['paris']}/data-inclusion/imports",
            files={"structures": ("annuaire.json", b'{"structures": 3}', "application/json")},
            data={"departements": "75"},
        )
    assert not_lists.status_code == 422
    assert not_lists.json()["errors"][0]["field"] == "body.structures"


async def test_perimeter_and_roles(app: Any, auth: Headers, demo: DemoIds) -> None:
    lyon = demo.territoires["grand-lyon"]
    async with _client(app, auth("partenariat.paris")) as charge:
        response = await _post(charge, lyon, FIXTURE, "69")
        assert response.status_code == 404
        paris_import = await _import(charge, demo.territoires["paris"], FIXTURE)
    async with _client(app, auth("partenariat.lyon")) as other:
        got = await other.get(f"/api/v1/data-inclusion/imports/{paris_import['id']}")
        assert got.status_code == 404
    async with _client(app, auth("direction.paris")) as direction:
        response = await _post(direction, demo.territoires["paris"], FIXTURE)
        assert response.status_code == 403


async def test_bad_filter_is_a_422(app: Any, auth: Headers, demo: DemoIds) -> None:
    async with _client(app, auth("partenariat.paris")) as charge:
        response = await _post(charge, demo.territoires["paris"], FIXTURE, "Paris")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "body.departements"
        broken = await charge.post(
            f"/api/v1/territoires/{demo.territoires['paris']}/data-inclusion/imports",
            files={"structures": ("structures.json", b"{pas du json", "application/json")},
            data={"departements": "75"},
        )
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "body.structures"


async def test_export_validates_against_the_schema_and_has_no_personal_data(
    app: Any, auth: Headers, session: AsyncSession, demo: DemoIds
) -> None:
    siao = await session.get(Structure, demo.structures["SIAO de Paris"])
    assert siao is not None
    siao.contacts = [
        {"nom": "Dominique Contactprive", "courriel": "dominique.contactprive@example.org"}
    ]
    await session.flush()
    async with _client(app, auth("financeur")) as reader:
        response = await reader.get("/api/v1/structures/data-inclusion")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["structures"] and body["services"]
    for row in body["structures"]:
        v1.Structure.model_validate(row)
    for row in body["services"]:
        v1.Service.model_validate(row)
    ids = {s["id"] for s in body["structures"]}
    assert all(s["structure_id"] in ids for s in body["services"])
    # Structure-level contact only: the named contacts of a structure never leave.
    assert any(s["id"] == f"convergence--{siao.id}" for s in body["structures"])
    assert "Contactprive" not in response.text and "contactprive" not in response.text
    async with _client(app, auth("partenaire.siao")) as partner:
        assert (await partner.get("/api/v1/structures/data-inclusion")).status_code == 403


EXEMPLE = (
    Path(__file__).parents[2] / "frontend/src/features/connecteurs/exemple-data-inclusion.json"
)


async def test_the_demo_example_file_creates_updates_and_rejects(
    app: Any, auth: Headers, demo: DemoIds
) -> None:
    """The example file the SPA offers fits the demo: Paris gets a creation, an update of the CCAS
    entered by hand (with its changes) and a row rejected by the schema; Lyon's rows are outside."""
    async with _client(app, auth("partenariat.paris")) as charge:
        response = await charge.post(
            f"/api/v1/territoires/{demo.territoires['paris']}/data-inclusion/imports",
            files={"structures": ("exemple.json", EXEMPLE.read_bytes(), "application/json")},
            data={"departements": "75"},
        )
    assert response.status_code == 201, response.text
    rapport = response.json()["rapport"]
    assert [(line["type"], line["nom"]) for line in rapport["creations"]] == [
        ("structure", "Épicerie solidaire des Envierges"),
        ("service", "Épicerie solidaire"),
        ("service", "Domiciliation administrative"),
        ("service", "Point numérique"),
    ]
    [update] = rapport["mises_a_jour"]
    assert update["nom"] == "CCAS du 19e arrondissement"
    assert {d["libelle"] for d in update["differences"]} == {
        "Adresse",
        "Courriel",
        "Téléphone",
        "Domaines",
    }
    [rejet] = rapport["rejets"]
    assert rejet["nom"] == "Cap numérique Belleville" and rejet["rang"] == 3
    assert rejet["raison"] == "code postal : Doit contenir au plus 5 caractères."
    assert rapport["hors_perimetre"] == 2
