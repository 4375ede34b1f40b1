"""À faire as the caseworker's inbox: partner news marked new until seen, per user; urgency."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from api.a_faire.service import delai_en_mots
from api.parcours.models import Parcours
from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import TODAY, _new_parcours


async def _sent(client: httpx.AsyncClient, demo: DemoIds) -> tuple[dict[str, Any], str]:
    """A parcours of accompagnateur.paris with an orientation sent to the SIAO."""
    parcours = await _new_parcours(client, demo)
    siao = str(demo.structures[SIAO])
    await _consent(client, parcours["salarie"]["id"], siao)
    draft = await _draft(client, parcours, siao)
    sent = await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    assert sent.status_code == 200, sent.text
    return parcours, draft["id"]


def _mine(todo: dict[str, Any], parcours_id: str) -> list[dict[str, Any]]:
    return [i for i in todo["items"] if i["parcours_id"] == parcours_id]


async def test_a_partner_answer_is_new_in_the_senders_inbox_until_seen_for_that_user_only(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    caseworker = auth("accompagnateur.paris")
    # Both follow it: the admin sent it, accompagnateur.paris is the person's référent.
    assert (await client.post("/api/v1/a-faire/vu")).status_code == 200
    seen = await anonymous.post("/api/v1/a-faire/vu", headers=caseworker)
    assert seen.status_code == 200 and seen.json()["vu_le"]
    parcours, orientation_id = await _sent(client, demo)
    partner = auth("partenaire.siao")
    accepted = await anonymous.post(
        f"/api/v1/orientations/{orientation_id}/acceptation",
        json={"commentaire": "Premier rendez-vous mardi."},
        headers=partner,
    )
    assert accepted.status_code == 200, accepted.text

    todo = (await anonymous.get("/api/v1/a-faire", headers=caseworker)).json()
    answer = [i for i in _mine(todo, parcours["id"]) if i["type"] == "orientation_acceptee"]
    assert len(answer) == 1
    assert answer[0]["nouveau"] is True
    assert answer[0]["lien"] == f"/orientations/{orientation_id}"
    assert answer[0]["libelle"].startswith("SIAO de Paris a accepté l'orientation")
    assert "Premier rendez-vous mardi." in answer[0]["libelle"]
    assert todo["nouveaux"] >= 1
    person = next(p for p in todo["personnes"] if p["parcours_id"] == parcours["id"])
    assert person["nouveaux"] == 1 and answer[0] in person["items"]
    listed = await anonymous.get(
        f"/api/v1/orientations?parcours_id={parcours['id']}", headers=caseworker
    )
    assert [o["nouvelle_reponse"] for o in listed.json()["items"]] == [True]

    # Seen by the caseworker: no longer new for them...
    assert (await anonymous.post("/api/v1/a-faire/vu", headers=caseworker)).status_code == 200
    todo = (await anonymous.get("/api/v1/a-faire", headers=caseworker)).json()
    answer = [i for i in _mine(todo, parcours["id"]) if i["type"] == "orientation_acceptee"]
    assert [i["nouveau"] for i in answer] == [False]
    assert todo["vu_le"] is not None
    listed = await anonymous.get(
        f"/api/v1/orientations?parcours_id={parcours['id']}", headers=caseworker
    )
    assert [o["nouvelle_reponse"] for o in listed.json()["items"]] == [False]
    # ...still new for the admin who sent it and has not looked yet.
    todo = (await client.get("/api/v1/a-faire")).json()
    answer = [i for i in _mine(todo, parcours["id"]) if i["type"] == "orientation_acceptee"]
    assert [i["nouveau"] for i in answer] == [True]

    # A message from the partner afterwards is new again, for the caseworker too.
    message = await anonymous.post(
        f"/api/v1/orientations/{orientation_id}/messages",
        json={"texte": "La personne est venue."},
        headers=partner,
    )
    assert message.status_code == 201, message.text
    todo = (await anonymous.get("/api/v1/a-faire", headers=caseworker)).json()
    news = {i["type"]: i["nouveau"] for i in _mine(todo, parcours["id"]) if i["objet_id"]}
    assert news == {"orientation_acceptee": False, "message_partenaire": True}


async def test_a_refusal_carries_its_motif_in_words(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours, orientation_id = await _sent(client, demo)
    refused = await anonymous.post(
        f"/api/v1/orientations/{orientation_id}/refus",
        json={"motif": "pas_de_place"},
        headers=auth("partenaire.siao"),
    )
    assert refused.status_code == 200, refused.text
    todo = (await anonymous.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))).json()
    refusal = [i for i in _mine(todo, parcours["id"]) if i["type"] == "orientation_refusee"]
    assert len(refusal) == 1
    assert refusal[0]["libelle"].endswith(": pas de place")


async def test_news_reach_only_who_follows_the_orientation(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    parcours, orientation_id = await _sent(client, demo)
    await anonymous.post(
        f"/api/v1/orientations/{orientation_id}/acceptation",
        json={},
        headers=auth("partenaire.siao"),
    )
    # The chantier's direction sees the person but neither sent nor follows the orientation.
    todo = (await anonymous.get("/api/v1/a-faire", headers=auth("direction.paris"))).json()
    assert not [i for i in _mine(todo, parcours["id"]) if i["objet_id"] == orientation_id]


async def test_overdue_first_with_the_delay_in_words(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
) -> None:
    # Entered 26 months ago without justification: the 24-month deadline is 2 months late.
    old = await _new_parcours(client, demo, entree=TODAY - timedelta(days=800))
    await session.execute(
        update(Parcours)
        .where(Parcours.id == uuid.UUID(old["id"]))
        .values(statut="en_cours", justification_duree=None)
    )
    await session.commit()
    todo = (await anonymous.get("/api/v1/a-faire", headers=auth("accompagnateur.paris"))).json()
    late = [i for i in _mine(todo, old["id"]) if i["type"] == "justification_24_mois"]
    assert len(late) == 1 and late[0]["en_retard"] is True
    assert late[0]["delai"].startswith("en retard de ")
    # Overdue items come first, the oldest deadline first.
    flags = [i["en_retard"] for i in todo["items"]]
    assert flags == sorted(flags, reverse=True)
    overdue = [i["echeance"] for i in todo["items"] if i["en_retard"]]
    assert overdue == sorted(overdue)
    # Groups follow their most urgent item.
    firsts = [p["items"][0] for p in todo["personnes"]]
    assert [todo["items"].index(i) for i in firsts] == sorted(
        todo["items"].index(i) for i in firsts
    )


def test_delays_in_words() -> None:
    today = date(2026, 12, 5)
    assert delai_en_mots(date(2025, 4, 5), today) == "en retard de 1 an 8 mois"
    assert delai_en_mots(date(2025, 4, 20), today) == "en retard de 1 an 7 mois"
    assert delai_en_mots(date(2026, 10, 5), today) == "en retard de 2 mois"
    assert delai_en_mots(date(2026, 12, 4), today) == "en retard de 1 jour"
    assert delai_en_mots(today, today) == "aujourd'hui"
    assert delai_en_mots(date(2026, 12, 10), today) == "dans 5 jours"
    assert delai_en_mots(date(2028, 12, 5), today) == "dans 2 ans"
