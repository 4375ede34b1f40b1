"""Names, not ids: who wrote, answered or acted, as the caller may know them."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import TODAY, _new_parcours


async def test_thread_and_history_are_signed_by_name_or_organisation(
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
    partner = auth("partenaire.siao")
    await anonymous.post(
        f"/api/v1/orientations/{draft['id']}/acceptation", json={}, headers=partner
    )
    written = await anonymous.post(
        f"/api/v1/orientations/{draft['id']}/messages",
        json={"texte": "Rendez-vous fixé."},
        headers=partner,
    )
    assert written.status_code == 201
    # The partner sees its own colleague's name.
    assert written.json()["auteur"]["organisation"] == SIAO
    assert written.json()["auteur"]["nom"]
    assert written.json()["auteur"]["libelle"].endswith(f"({SIAO})")

    # The coordinateur of Paris knows the territoire's partners: name and organisation.
    thread = await anonymous.get(
        f"/api/v1/orientations/{draft['id']}/messages", headers=auth("coordinateur.paris")
    )
    (message,) = thread.json()
    assert message["auteur"]["nom"] and message["auteur"]["organisation"] == SIAO
    # Outside the caller's perimeter, the organisation only: the partner reads the message of
    # a national administrator.
    assert (
        await client.post(f"/api/v1/orientations/{draft['id']}/messages", json={"texte": "Merci."})
    ).status_code == 201
    thread = await anonymous.get(f"/api/v1/orientations/{draft['id']}/messages", headers=partner)
    national = thread.json()[-1]["auteur"]
    assert national["nom"] is None and national["organisation"]
    assert national["libelle"] == national["organisation"]

    history = (
        await anonymous.get(
            f"/api/v1/orientations/{draft['id']}", headers=auth("coordinateur.paris")
        )
    ).json()["evenements"]
    accepted = next(e for e in history if e["statut"] == "acceptee")
    assert accepted["acteur"]["organisation"] == SIAO
    assert "-" not in accepted["acteur"]["libelle"].split("(")[0]  # a name, not a UUID


async def test_journal_title_of_an_entretien_is_its_label(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    created = await client.post(
        f"/api/v1/parcours/{parcours['id']}/entretiens",
        json={"date": TODAY.isoformat(), "type_entretien": "telephonique"},
    )
    assert created.status_code == 201, created.text
    assert created.json()["titre"] == "Entretien téléphonique"
    unknown = await client.post(
        f"/api/v1/parcours/{parcours['id']}/entretiens",
        json={"date": TODAY.isoformat(), "type_entretien": "visio-conf"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"].endswith("type_entretien")


async def test_audit_names_the_actor(
    client: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    await _new_parcours(client, demo)
    events = (await client.get("/api/v1/audit", params={"limit": 5})).json()["items"]
    admin = next(e for e in events if e["actor_id"] == str(demo.users["admin"]))
    who = admin["acteur"]
    assert who["nom"] and who["organisation"]
    assert who["libelle"] == f"{who['nom']} ({who['organisation']})"
