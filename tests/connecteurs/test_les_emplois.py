"""Les emplois de l'inclusion: connection, synchronisation against a real fake server, arrivals."""

from __future__ import annotations

import json
import logging
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from api.connecteurs.emplois import SynchroEnCours, synchroniser, synchroniser_dues
from api.connecteurs.models import ArriveeEmplois, ConnexionEmplois
from api.core.audit import AuditEvent
from api.core.db import utcnow
from api.freins.models import Diagnostic, DiagnosticDomaine
from api.parcours.models import Parcours
from api.referentiel import StatutDiagnostic
from api.salaries.models import Salarie
from api.structures.models import Structure
from tests.conftest import BACKEND, DemoIds, suite_settings
from tests.connecteurs.fake_les_emplois import FakeLesEmplois, fiche, serve

USERNAME = "direction@belleville.example.org"
PASSWORD = "Mot-de-passe-employeur-7f3a9c"
CHANTIER = "Ateliers de Belleville"
PARCOURS_EN_COURS = f"{CHANTIER}:en_cours"

Headers = Callable[[str], dict[str, str]]


def _asp(value: str) -> str:
    """Upper case without diacritics, as their serializer sends names."""
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().upper()


@pytest.fixture
def fake() -> Iterator[FakeLesEmplois]:
    server = FakeLesEmplois()
    server.add_account(USERNAME, PASSWORD)
    with serve(server) as running:
        yield running


@pytest.fixture
async def chantier(session: AsyncSession, demo: DemoIds) -> Structure:
    found = await session.get(Structure, demo.structures[CHANTIER])
    assert found is not None and found.siret
    return found


async def _client(app: Any, headers: dict[str, str]) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://test", headers=headers)


async def _connect(
    app: Any, auth: Headers, chantier_id: uuid.UUID, base_url: str, password: str = PASSWORD
) -> Any:
    """Set (or replace, with the ETag read: the demo chantier has one) the connection."""
    url = f"/api/v1/chantiers/{chantier_id}/connexion-emplois"
    async with await _client(app, auth("direction.paris")) as direction:
        current = await direction.get(url)
        headers = {"If-Match": current.headers["ETag"]} if "ETag" in current.headers else {}
        response = await direction.put(
            url,
            json={"base_url": base_url, "username": USERNAME, "password": password},
            headers=headers,
        )
    assert response.status_code == 200, response.text
    return response


def _ours(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Arrivals of the fake's records (the demo chantier has two of its own)."""
    return [r for r in rows if r["nom"] in ("LEFEVRE", "NDIAYE")]


def _records(siret: str, known: Salarie | None = None) -> list[dict[str, Any]]:
    rows = [
        fiche(
            siret=siret,
            pass_iae="999990000001",
            id_itou="itou-nouvelle-1",
            nom="LEFEVRE",
            prenom="ELOISE",
            naissance="12/03/1985",
            statut="NEW",
            rsa="OUI-M",
        ),
        fiche(
            siret=siret,
            pass_iae="999990000002",
            id_itou="itou-nouveau-2",
            nom="NDIAYE",
            prenom="MOUSSA",
            naissance="01/07/1979",
            civilite="M",
            aah=True,
            inscrit_ft=False,
        ),
        # Another structure of the same account: not this chantier's.
        fiche(
            siret="12345678901234",
            pass_iae="999990000003",
            id_itou="itou-ailleurs-3",
            nom="AUTRE",
            prenom="PERSONNE",
            naissance="05/05/1990",
        ),
        # Malformed: an ISO date where the contract says dd/mm/yyyy.
        fiche(
            siret=siret,
            pass_iae="999990000004",
            id_itou="itou-mal-formee-4",
            nom="FORME",
            prenom="MAL",
            naissance="1988-02-02",
        ),
        # Disabled on their side: never requested.
        fiche(
            siret=siret,
            pass_iae="999990000005",
            id_itou="itou-desactivee-5",
            nom="DESACTIVEE",
            prenom="FICHE",
            naissance="02/02/1992",
            statut="DISABLED",
        ),
    ]
    if known is not None:
        rows.append(
            fiche(
                siret=siret,
                pass_iae="999990000006",
                id_itou="itou-connue-6",
                nom=_asp(known.nom),
                prenom=_asp(known.prenoms),
                naissance=known.date_naissance.strftime("%d/%m/%Y"),
                telephone="0711223344",
                statut="REJECTED",
            )
        )
    return rows


async def test_connection_stores_credentials_encrypted_and_never_returns_them(
    app: Any,
    auth: Headers,
    session: AsyncSession,
    chantier: Structure,
    fake: FakeLesEmplois,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    put = await _connect(app, auth, chantier.id, fake.base_url)
    async with await _client(app, auth("direction.paris")) as direction:
        got = await direction.get(f"/api/v1/chantiers/{chantier.id}/connexion-emplois")
        assert got.status_code == 200
        assert got.json()["identifiants_renseignes"] is True
        test = await direction.post(f"/api/v1/chantiers/{chantier.id}/connexion-emplois/test")
        assert test.json() == {
            "reussi": True,
            "issue": "reussie",
            "message": "Connexion réussie aux emplois.",
        }
        fake.records = _records(str(chantier.siret))
        fake.scripted = [401]
        failed = await direction.post(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        )
        assert failed.json()["derniere_issue"] == "identifiants_refuses"
        # Replacing needs the ETag read.
        again = await direction.put(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois",
            json={"base_url": fake.base_url, "username": USERNAME, "password": PASSWORD},
        )
        assert again.status_code == 428
    for response in (put, got, test, failed, again):
        assert PASSWORD not in response.text and USERNAME not in response.text
    stored = await session.scalar(
        select(ConnexionEmplois.identifiants_chiffres).where(
            ConnexionEmplois.chantier_id == chantier.id
        )
    )
    assert stored and PASSWORD not in stored and USERNAME not in stored
    details = (
        await session.scalars(
            select(AuditEvent.details).where(AuditEvent.object_type == "connexion_emplois")
        )
    ).all()
    assert details, "the connection's changes are audited"
    dumped = json.dumps(details)
    assert PASSWORD not in dumped and USERNAME not in dumped
    token = next(iter(fake.tokens))
    assert PASSWORD not in caplog.text and USERNAME not in caplog.text
    assert token not in caplog.text
    # What the fake received: the credentials in the POST body only, the token in a header.
    assert all(PASSWORD not in r["path"] for r in fake.requests)


async def test_wrong_password_is_reported_and_told_to_the_direction(
    app: Any, auth: Headers, chantier: Structure, fake: FakeLesEmplois
) -> None:
    await _connect(app, auth, chantier.id, fake.base_url, password="faux")
    async with await _client(app, auth("direction.paris")) as direction:
        test = await direction.post(f"/api/v1/chantiers/{chantier.id}/connexion-emplois/test")
        assert test.json()["issue"] == "identifiants_refuses"
        sync = await direction.post(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        )
        assert sync.status_code == 200
        assert sync.json()["derniere_issue"] == "identifiants_refuses"
        # The last success stays the previous one (the demo's recorded run).
        assert sync.json()["derniere_reussite_le"] != sync.json()["derniere_synchro_le"]
        a_faire = (await direction.get("/api/v1/a-faire")).json()["items"]
    renew = [i for i in a_faire if i["type"] == "connexion_emplois_a_renouveler"]
    assert renew and renew[0]["objet_id"] == str(chantier.id)


async def test_synchronisation_follows_pages_keeps_the_chantier_and_matches_people(
    app: Any,
    auth: Headers,
    session: AsyncSession,
    demo: DemoIds,
    chantier: Structure,
    fake: FakeLesEmplois,
) -> None:
    known = await session.get(Salarie, demo.salaries[PARCOURS_EN_COURS])
    assert known is not None
    fake.records = _records(str(chantier.siret), known)
    fake.max_page_size = 2
    await _connect(app, auth, chantier.id, fake.base_url)
    async with await _client(app, auth("direction.paris")) as direction:
        response = await direction.post(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["derniere_issue"] == "reussie"
    rapport = body["dernier_rapport"]
    assert rapport["fiches_lues"] == 5  # DISABLED is not asked for
    assert rapport["hors_chantier"] == 1
    assert rapport["arrivees_creees"] == 2
    assert rapport["salaries_mis_a_jour"] == 1
    assert rapport["ignorees"] == 1
    assert rapport["rejets"][0]["raison"] == (
        "personnePhysique.dateNaissance : date attendue au format JJ/MM/AAAA"
    )
    assert "1988" not in json.dumps(rapport)  # reasons name fields, never values
    assert rapport["changements"][0]["salarie_id"] == str(known.id)
    assert set(rapport["changements"][0]["champs"]) >= {"id_itou", "telephone", "pass_iae"}
    # Every page followed; the statuses asked for explicitly (their default is PROCESSED).
    gets = [r for r in fake.requests if r["method"] == "GET"]
    assert len(gets) == 3 and "page=3" in gets[-1]["path"]
    assert "status=NEW" in gets[0]["path"] and "status=DISABLED" not in gets[0]["path"]
    assert all(r["authorization"].startswith("Token ") for r in gets)

    await session.refresh(known)
    assert known.id_itou == "itou-connue-6" and known.telephone == "0711223344"
    parcours = await session.get(Parcours, demo.parcours[PARCOURS_EN_COURS])
    assert parcours is not None and parcours.pass_iae == "999990000006"
    assert parcours.pass_iae_fin == date(2028, 8, 31)
    # In the nominative export too.
    async with await _client(app, auth("direction.paris")) as direction:
        export = await direction.get("/api/v1/exports/parcours.csv")
    line = next(row for row in export.text.splitlines() if str(parcours.id) in row)
    assert "999990000006" in line and "2028-08-31" in line
    audited = await session.scalar(
        select(AuditEvent.details).where(
            AuditEvent.object_type == "salarie",
            AuditEvent.object_id == str(known.id),
            AuditEvent.action == "update",
        )
    )
    assert audited is not None and audited["source"] == "les_emplois"

    async with await _client(app, auth("accompagnateur.paris")) as accompagnateur:
        arrivees = (await accompagnateur.get(f"/api/v1/chantiers/{chantier.id}/arrivees")).json()[
            "items"
        ]
        a_faire = (await accompagnateur.get("/api/v1/a-faire")).json()["items"]
    arrivees = _ours(arrivees)
    assert sorted(a["nom"] for a in arrivees) == ["LEFEVRE", "NDIAYE"]
    eloise = next(a for a in arrivees if a["nom"] == "LEFEVRE")
    assert eloise["prenoms"] == "Eloise" and eloise["pass_iae"] == "999990000001"
    assert eloise["sexe"] == "femme" and eloise["telephone"] == "0600000000"
    assert eloise["situation"]["rsa"] is True
    assert "Bénéficiaire du RSA" in eloise["situation_libelles"]
    assert {i["objet_id"] for i in a_faire if i["type"] == "arrivee_a_accueillir"} >= {
        a["id"] for a in arrivees
    }

    # A second run changes nothing (no duplicate arrival, no new audit of the known person).
    async with await _client(app, auth("direction.paris")) as direction:
        second = await direction.post(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        )
    again = second.json()["dernier_rapport"]
    assert again["arrivees_creees"] == 0 and again["salaries_mis_a_jour"] == 0
    assert again["inchanges"] == 3
    count = await session.scalar(
        select(ArriveeEmplois.id)
        .where(ArriveeEmplois.chantier_id == chantier.id, ArriveeEmplois.id_itou.like("itou-%"))
        .limit(5)
    )
    assert count is not None


@pytest.mark.parametrize(
    ("scripted", "issue"),
    [([429], "limite_atteinte"), ([503], "indisponible"), ([401], "identifiants_refuses")],
)
async def test_failures_apply_nothing_and_the_next_run_recovers(
    app: Any,
    auth: Headers,
    session: AsyncSession,
    chantier: Structure,
    fake: FakeLesEmplois,
    scripted: list[int],
    issue: str,
) -> None:
    fake.records = _records(str(chantier.siret))
    fake.max_page_size = 2
    await _connect(app, auth, chantier.id, fake.base_url)
    fake.scripted = list(scripted)
    async with await _client(app, auth("direction.paris")) as direction:
        url = f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        failed = await direction.post(url)
        assert failed.json()["derniere_issue"] == issue
        assert failed.json()["dernier_rapport"]["arrivees_creees"] == 0
        none = await session.scalar(
            select(ArriveeEmplois.id).where(
                ArriveeEmplois.chantier_id == chantier.id, ArriveeEmplois.id_itou.like("itou-%")
            )
        )
        assert none is None
        recovered = await direction.post(url)
    assert recovered.json()["derniere_issue"] == "reussie"
    assert recovered.json()["dernier_rapport"]["arrivees_creees"] == 2


async def test_a_failure_on_a_later_page_applies_nothing(
    app: Any, auth: Headers, session: AsyncSession, chantier: Structure, fake: FakeLesEmplois
) -> None:
    fake.records = _records(str(chantier.siret))
    fake.max_page_size = 2
    await _connect(app, auth, chantier.id, fake.base_url)
    fake.fail_pages = {2: 503}
    async with await _client(app, auth("direction.paris")) as direction:
        failed = await direction.post(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser"
        )
    assert failed.json()["derniere_issue"] == "indisponible"
    assert len([r for r in fake.requests if r["method"] == "GET"]) == 2
    none = await session.scalar(
        select(ArriveeEmplois.id).where(
            ArriveeEmplois.chantier_id == chantier.id, ArriveeEmplois.id_itou.like("itou-%")
        )
    )
    assert none is None


async def test_perimeter(
    app: Any, auth: Headers, chantier: Structure, fake: FakeLesEmplois
) -> None:
    await _connect(app, auth, chantier.id, fake.base_url)
    base = f"/api/v1/chantiers/{chantier.id}"
    async with await _client(app, auth("direction.lyon")) as other:
        assert (await other.get(f"{base}/connexion-emplois")).status_code == 404
        assert (await other.post(f"{base}/connexion-emplois/synchroniser")).status_code == 404
        assert (await other.post(f"{base}/connexion-emplois/test")).status_code == 404
        assert (await other.get(f"{base}/arrivees")).status_code == 404
        put = await other.put(
            f"{base}/connexion-emplois",
            json={"base_url": fake.base_url, "username": "x", "password": "y"},
        )
        assert put.status_code == 404
    async with await _client(app, auth("accompagnateur.paris")) as caseworker:
        assert (await caseworker.get(f"{base}/connexion-emplois")).status_code == 403
        assert (await caseworker.get(f"{base}/arrivees")).status_code == 200
    async with await _client(app, auth("encadrant.paris")) as encadrant:
        assert (await encadrant.get(f"{base}/arrivees")).status_code == 403


async def test_bad_input_is_a_422_in_french(app: Any, auth: Headers, chantier: Structure) -> None:
    async with await _client(app, auth("direction.paris")) as direction:
        response = await direction.put(
            f"/api/v1/chantiers/{chantier.id}/connexion-emplois",
            json={"base_url": "ftp://ailleurs", "username": "", "password": "x"},
        )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"body.base_url", "body.username"} <= fields


async def test_welcoming_an_arrival_enrols_the_person(
    app: Any,
    auth: Headers,
    session: AsyncSession,
    chantier: Structure,
    fake: FakeLesEmplois,
) -> None:
    fake.records = _records(str(chantier.siret))
    await _connect(app, auth, chantier.id, fake.base_url)
    async with await _client(app, auth("direction.paris")) as direction:
        await direction.post(f"/api/v1/chantiers/{chantier.id}/connexion-emplois/synchroniser")
    async with await _client(app, auth("accompagnateur.paris")) as caseworker:
        arrivees = (await caseworker.get(f"/api/v1/chantiers/{chantier.id}/arrivees")).json()[
            "items"
        ]
        eloise = next(a for a in arrivees if a["nom"] == "LEFEVRE")
        body = {
            "date_entree": date.today().isoformat(),
            "prescripteur": "france_travail",
            "logement_entree": "heberge_chez_un_tiers",
            "prenoms": "Éloïse",
        }
        missing = await caseworker.post(f"/api/v1/arrivees/{eloise['id']}/accueillir", json=body)
        assert missing.status_code == 428
        url = f"/api/v1/arrivees/{eloise['id']}/accueillir"
        headers = {"If-Match": f'W/"{eloise["version"]}"'}
        response = await caseworker.post(url, json=body, headers=headers)
        assert response.status_code == 201, response.text
        twice = await caseworker.post(
            url, json=body, headers={"If-Match": f'W/"{eloise["version"] + 1}"'}
        )
        assert twice.status_code == 409
        after = (await caseworker.get(f"/api/v1/chantiers/{chantier.id}/arrivees")).json()
    out = response.json()
    assert [a["nom"] for a in _ours(after["items"])] == ["NDIAYE"]
    salarie = await session.get(Salarie, uuid.UUID(out["salarie_id"]))
    assert salarie is not None
    assert (salarie.nom, salarie.prenoms) == ("LEFEVRE", "Éloïse")
    assert salarie.id_itou == "itou-nouvelle-1"
    parcours = await session.get(Parcours, uuid.UUID(out["parcours_id"]))
    assert parcours is not None and parcours.pass_iae == "999990000001"
    diagnostic = await session.get(Diagnostic, uuid.UUID(out["diagnostic_id"]))
    assert diagnostic is not None and diagnostic.statut == StatutDiagnostic.brouillon
    domaines = (
        await session.scalars(
            select(DiagnosticDomaine).where(DiagnosticDomaine.diagnostic_id == diagnostic.id)
        )
    ).all()
    by_domaine = {d.domaine.value: d for d in domaines}
    assert by_domaine["droits"].situations == ["rsa_prime_activite"]
    assert by_domaine["emploi"].situations == ["inscrit_france_travail"]
    # Consents are collected with the person, never imported.
    async with await _client(app, auth("accompagnateur.paris")) as caseworker:
        consents = await caseworker.get(f"/api/v1/salaries/{salarie.id}/consentements")
    assert consents.status_code == 200 and consents.json() in ([], {"items": []})


@pytest.mark.skipif(BACKEND != "postgresql", reason="row locks: PostgreSQL only")
async def test_two_workers_never_run_the_same_chantier(
    engine: AsyncEngine, database_url: str, demo: DemoIds
) -> None:
    # The demo's Lyon chantier is connected (a committed row, seen by two connections).
    chantier_id = demo.structures["Atelier Rhône Insertion"]
    settings = suite_settings(database_url)
    async with AsyncSession(engine) as holder, holder.begin():
        locked = await holder.scalar(
            select(ConnexionEmplois)
            .where(ConnexionEmplois.chantier_id == chantier_id)
            .with_for_update()
        )
        assert locked is not None
        async with AsyncSession(engine) as other, other.begin(), httpx.AsyncClient() as http:
            with pytest.raises(SynchroEnCours):
                await synchroniser(other, settings, chantier_id, http)


async def test_the_worker_runs_the_connections_due(
    app: Any,
    auth: Headers,
    session: AsyncSession,
    sessionmaker: Any,
    database_url: str,
    chantier: Structure,
    fake: FakeLesEmplois,
) -> None:
    fake.records = _records(str(chantier.siret))
    await _connect(app, auth, chantier.id, fake.base_url)
    connexion = await session.scalar(
        select(ConnexionEmplois).where(ConnexionEmplois.chantier_id == chantier.id)
    )
    assert connexion is not None
    # Belleville's last run two hours ago is due; Lyon's (20 minutes ago, in the demo) is not.
    connexion.derniere_synchro_le = utcnow() - timedelta(hours=2)
    await session.commit()
    async with httpx.AsyncClient() as http:
        outcome = await synchroniser_dues(sessionmaker, suite_settings(database_url), http)
        assert outcome == {"synchronisations": 1, "ignorees": 0}
        again = await synchroniser_dues(sessionmaker, suite_settings(database_url), http)
    assert again == {"synchronisations": 0, "ignorees": 0}
    ours = (
        await session.scalars(
            select(ArriveeEmplois.id_itou).where(
                ArriveeEmplois.chantier_id == chantier.id, ArriveeEmplois.id_itou.like("itou-%")
            )
        )
    ).all()
    assert len(ours) == 2
