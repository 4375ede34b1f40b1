"""Convention renewal: the next convention, linked, as a draft; one renewal per convention."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import httpx

from tests.conftest import DemoIds

CCAS = "Partenariat – CCAS du 19e arrondissement"


async def test_renewal_creates_the_next_convention_linked_to_the_previous_one(
    anonymous: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    # The chargé·e de partenariat of Paris renews the CCAS partnership, which ends soon.
    who = auth("partenariat.paris")
    previous_id = str(demo.conventions[CCAS])
    previous = (await anonymous.get(f"/api/v1/conventions/{previous_id}", headers=who)).json()
    assert previous["statut"] == "active" and previous["suivante_id"] is None
    assert previous["chaine"] == []

    renewed = await anonymous.post(f"/api/v1/conventions/{previous_id}/renouvellement", headers=who)
    assert renewed.status_code == 201, renewed.text
    body = renewed.json()
    assert renewed.headers["Location"] == f"/api/v1/conventions/{body['id']}"
    assert body["statut"] == "brouillon" and body["precedente_id"] == previous_id
    assert body["type"] == previous["type"]
    assert body["territoire_id"] == previous["territoire_id"]
    assert body["objectifs"] == previous["objectifs"] and body["objectifs"]
    assert [(p["structure_id"], p["role"]) for p in body["parties"]] == [
        (p["structure_id"], p["role"]) for p in previous["parties"]
    ]
    effet = date.fromisoformat(previous["date_effet"])
    echeance = date.fromisoformat(previous["date_echeance"])
    assert body["date_effet"] == (echeance + timedelta(days=1)).isoformat()
    assert body["date_echeance"] == (echeance + timedelta(days=1) + (echeance - effet)).isoformat()
    assert body["date_signature"] is None and body["documents"] == []
    assert [c["id"] for c in body["chaine"]] == [previous_id, body["id"]]

    # The previous convention shows its renewal and the chain.
    previous = (await anonymous.get(f"/api/v1/conventions/{previous_id}", headers=who)).json()
    assert previous["suivante_id"] == body["id"]
    assert [(c["id"], c["statut"]) for c in previous["chaine"]] == [
        (previous_id, "active"),
        (body["id"], "brouillon"),
    ]

    # Asking again (a retry, a second click) returns the same renewal, creates nothing.
    again = await anonymous.post(f"/api/v1/conventions/{previous_id}/renouvellement", headers=who)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    listed = await anonymous.get("/api/v1/conventions", params={"limit": 200}, headers=who)
    assert [c["id"] for c in listed.json()["items"] if c["precedente_id"] == previous_id] == [
        body["id"]
    ]

    # The renewal follows the ordinary lifecycle.
    sent = await anonymous.post(f"/api/v1/conventions/{body['id']}/envoi-signature", headers=who)
    assert sent.status_code == 200 and sent.json()["statut"] == "en_signature"


async def test_a_draft_is_not_renewed(client: httpx.AsyncClient, demo: DemoIds) -> None:
    draft = demo.conventions["Mise en œuvre – Jardins de la Petite Ceinture"]
    response = await client.post(f"/api/v1/conventions/{draft}/renouvellement")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Renouvellement" in detail and "impossible" in detail and "« brouillon »" in detail


async def test_renewal_is_refused_outside_the_perimeter(
    anonymous: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    ccas = demo.conventions[CCAS]
    # The direction of a chantier reads conventions it is party to, but does not manage them.
    assert (
        await anonymous.post(
            f"/api/v1/conventions/{ccas}/renouvellement", headers=auth("direction.paris")
        )
    ).status_code == 403
    # A coordinator of another territoire does not see it.
    lyon = await anonymous.post(
        f"/api/v1/conventions/{ccas}/renouvellement", headers=auth("coordinateur.lyon")
    )
    assert lyon.status_code == 404
