"""Orientations: consent, minimum frozen disclosure, answers, expiry, outbox, statistics."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.core.db import utcnow
from api.core.outbox import OutboxEvent
from api.orientations.models import Orientation
from tests.conftest import DemoIds
from tests.parcours.test_parcours import TODAY, _diagnostic, _new_parcours

SIAO = "SIAO de Paris"
PASS = "PASS hospitalière Saint-Martin"


async def _consent(
    client: httpx.AsyncClient, salarie_id: str, partner_id: str, sante: bool = False
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/salaries/{salarie_id}/consentements",
        json={
            "type": "partage_partenaire",
            "partenaire_id": partner_id,
            "date_recueil": TODAY.isoformat(),
            "inclut_sante": sante,
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def _draft(
    client: httpx.AsyncClient,
    parcours: dict[str, Any],
    partner_id: str,
    domaine: str = "logement",
    partage: list[str] | None = None,
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/orientations",
        json={
            "parcours_id": parcours["id"],
            "partenaire_id": partner_id,
            "domaine": domaine,
            "motif": "Mise à l'abri",
            "besoin": "Hébergement stable recherché",
            "partage": partage or ["identite", "besoin", "situation"],
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_sending_requires_the_person_consent(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    draft = await _draft(client, parcours, siao)
    refused = await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    assert refused.status_code == 409
    assert refused.json()["code"] == "consentement_requis"
    assert "consentement" in refused.json()["detail"]
    await _consent(client, parcours["salarie"]["id"], siao)
    sent = await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    assert sent.status_code == 200 and sent.json()["statut"] == "envoyee"


async def test_partner_sees_only_the_chosen_elements_frozen_at_sending(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree")
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao, partage=["identite", "besoin", "situation"])
    preview = (await client.get(f"/api/v1/orientations/{draft['id']}/apercu")).json()
    assert preview["situation"] == ["sans_abri"] and "telephone" not in preview
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    person = f"/api/v1/salaries/{parcours['salarie']['id']}"
    etag = (await client.get(person)).headers["etag"]
    await client.patch(
        person,
        json={"nom": "Changé-Après-Envoi", "telephone": "06 99 99 99 99"},
        headers={"If-Match": etag},
    )
    seen = await anonymous.get(
        f"/api/v1/orientations/{draft['id']}", headers=auth("partenaire.siao")
    )
    assert seen.status_code == 200
    body = seen.json()
    assert set(body) >= {"personne", "motif", "statut"} and "parcours_id" not in body
    assert body["personne"]["nom"] == "Nouvelle"  # frozen: the later rename does not leak
    assert "telephone" not in body["personne"] or body["personne"]["telephone"] is None
    assert body["personne"]["situation"] == ["sans_abri"]
    assert "salarie_id" not in body and "besoin" not in body


async def test_health_details_only_with_a_consent_covering_health(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree")
    pass_id = str(demo.structures[PASS])
    await _consent(client, parcours["salarie"]["id"], pass_id, sante=False)
    draft = await _draft(client, parcours, pass_id, domaine="sante")
    preview = (await client.get(f"/api/v1/orientations/{draft['id']}/apercu")).json()
    assert "situation" not in preview
    await _consent(client, parcours["salarie"]["id"], pass_id, sante=True)
    covered = (await client.get(f"/api/v1/orientations/{draft['id']}/apercu")).json()
    assert covered["situation"] == ["sans_couverture"]


async def test_partner_answers_and_the_thread(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    base = f"/api/v1/orientations/{draft['id']}"
    partner = auth("partenaire.siao")
    by_admin = await client.post(f"{base}/acceptation", json={})
    assert by_admin.status_code == 403
    accepted = await anonymous.post(
        f"{base}/acceptation", json={"commentaire": "RDV jeudi"}, headers=partner
    )
    assert accepted.json()["statut"] == "acceptee" and accepted.json()["premiere_reponse_le"]
    again = await anonymous.post(f"{base}/refus", json={"motif": "doublon"}, headers=partner)
    assert again.status_code == 409
    message = await anonymous.post(
        f"{base}/messages", json={"texte": "Merci de confirmer"}, headers=partner
    )
    assert message.status_code == 201 and message.json()["cote"] == "partenaire"
    reply = await client.post(f"{base}/messages", json={"texte": "Confirmé"})
    assert reply.json()["cote"] == "convergence"
    thread = (await anonymous.get(f"{base}/messages", headers=partner)).json()
    assert [m["texte"] for m in thread] == ["Merci de confirmer", "Confirmé"]
    done = await anonymous.post(
        f"{base}/realisation", headers=partner, json={"date_realisation": TODAY.isoformat()}
    )
    assert done.json()["statut"] == "realisee"
    detail = (await client.get(base)).json()
    assert [e["statut"] for e in detail["evenements"]] == [
        "brouillon",
        "envoyee",
        "acceptee",
        "realisee",
    ]
    events = (
        await session.scalars(
            select(OutboxEvent.type).where(
                OutboxEvent.payload["orientation_id"].as_string() == draft["id"]
            )
        )
    ).all()
    assert sorted(events) == ["orientation.envoyee", "orientation.message"]


async def test_refusal_needs_a_motif_from_the_list(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    url = f"/api/v1/orientations/{draft['id']}/refus"
    wrong = await anonymous.post(url, json={"motif": "flemme"}, headers=auth("partenaire.siao"))
    assert wrong.status_code == 422
    refused = await anonymous.post(
        url,
        json={"motif": "pas_de_place", "commentaire": "Complet"},
        headers=auth("partenaire.siao"),
    )
    assert refused.json()["motif_refus"] == "pas_de_place"


async def test_revoking_the_consent_cancels_open_orientations(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    consent = await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    revoked = await client.post(
        f"/api/v1/salaries/{parcours['salarie']['id']}/consentements/{consent['id']}/revocation",
        json={"date_revocation": TODAY.isoformat()},
    )
    assert revoked.status_code == 200
    assert (await client.get(f"/api/v1/orientations/{draft['id']}")).json()["statut"] == "annulee"


async def test_unanswered_orientations_expire(
    client: httpx.AsyncClient, demo: DemoIds, session: AsyncSession
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    await session.execute(
        update(Orientation)
        .where(Orientation.id == uuid.UUID(draft["id"]))
        .values(envoyee_le=utcnow() - timedelta(days=16))
    )
    await session.commit()
    assert (await client.get(f"/api/v1/orientations/{draft['id']}")).json()["statut"] == "expiree"


async def test_partner_statistics(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    siao = str(demo.structures[SIAO])
    before = (
        await client.get(
            "/api/v1/orientations/statistiques",
            params={"territoire_id": str(demo.territoires["paris"])},
        )
    ).json()
    base = next(
        (p for p in before["partenaires"] if p["partenaire_id"] == siao),
        {"recues": 0, "refusees": 0},
    )
    for answer in ("acceptation", "refus"):
        parcours = await _new_parcours(client, demo)
        await _consent(client, parcours["salarie"]["id"], siao)
        draft = await _draft(client, parcours, siao)
        await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
        await anonymous.post(
            f"/api/v1/orientations/{draft['id']}/{answer}",
            json={"motif": "hors_criteres"} if answer == "refus" else {},
            headers=auth("partenaire.siao"),
        )
    stats = (
        await anonymous.get("/api/v1/orientations/statistiques", headers=auth("partenariat.paris"))
    ).json()
    siao_stats = next(p for p in stats["partenaires"] if p["partenaire_id"] == siao)
    assert siao_stats["recues"] == base["recues"] + 2
    assert siao_stats["refusees"] == base["refusees"] + 1
    assert siao_stats["refus_par_motif"].get("hors_criteres", 0) >= 1
    assert siao_stats["delai_median_premiere_reponse_heures"] is not None
    names = {p["nom"] for p in stats["jamais_sollicites"]} | {
        p["nom"] for p in stats["partenaires"]
    }
    assert "CSAPA Les Tilleuls" not in names  # another territoire


async def test_a_partner_token_reaches_nothing_else(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    for who in ("partenaire.siao", "demo-siao-de-paris"):
        for path in (
            "/api/v1/territoires",
            "/api/v1/structures",
            "/api/v1/salaries",
            "/api/v1/parcours",
            "/api/v1/conventions",
            "/api/v1/referentiel",
        ):
            response = await anonymous.get(path, headers=auth(who))
            assert response.status_code == 403, (who, path)


async def test_unanswered_orientation_joins_the_todo_list(
    client: httpx.AsyncClient,
    demo: DemoIds,
    session: AsyncSession,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    await session.execute(
        update(Orientation)
        .where(Orientation.id == uuid.UUID(draft["id"]))
        .values(envoyee_le=utcnow() - timedelta(days=15, hours=1))
    )
    await session.commit()
    todo = (await client.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))).json()
    types = {i["type"] for i in todo["items"] if i["parcours_id"] == parcours["id"]}
    assert "orientation_sans_reponse" in types
