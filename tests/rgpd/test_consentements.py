"""Consent withdrawal is honoured everywhere: no new sharing with that partner, open
orientations to it cancelled, the evaluation consent dated when withdrawn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import httpx

from tests.conftest import DemoIds
from tests.orientations.test_orientations import SIAO, _consent, _draft
from tests.parcours.test_parcours import _new_parcours

TODAY = date.today().isoformat()


async def _revoke(client: httpx.AsyncClient, salarie_id: str, consent: dict[str, Any]) -> None:
    response = await client.post(
        f"/api/v1/salaries/{salarie_id}/consentements/{consent['id']}/revocation",
        json={"date_revocation": TODAY},
    )
    assert response.status_code == 200, response.text


async def test_withdrawing_the_sharing_consent_stops_every_sharing_with_that_partner(
    client: httpx.AsyncClient,
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    demo: DemoIds,
) -> None:
    parcours = await _new_parcours(client, demo)
    person = parcours["salarie"]["id"]
    siao = str(demo.structures[SIAO])
    consent = await _consent(client, person, siao)
    sent = await _draft(client, parcours, siao)
    assert (await client.post(f"/api/v1/orientations/{sent['id']}/envoi")).status_code == 200
    draft = await _draft(client, parcours, siao)

    await _revoke(client, person, consent)

    for orientation in (sent, draft):
        after = (await client.get(f"/api/v1/orientations/{orientation['id']}")).json()
        assert after["statut"] == "annulee"
        assert after["evenements"][-1]["acteur_type"] == "systeme"
    # No new sharing: a new orientation cannot be sent, no message leaves for the partner.
    again = await _draft(client, parcours, siao)
    refused = await client.post(f"/api/v1/orientations/{again['id']}/envoi")
    assert refused.status_code == 409 and refused.json()["code"] == "consentement_requis"
    message = await client.post(
        f"/api/v1/orientations/{sent['id']}/messages", json={"texte": "Des nouvelles"}
    )
    assert message.status_code == 409 and message.json()["code"] == "consentement_requis"
    # The partner may still write back (it shares nothing of the person).
    reply = await anonymous.post(
        f"/api/v1/orientations/{sent['id']}/messages",
        json={"texte": "Bien noté"},
        headers=auth("partenaire.siao"),
    )
    assert reply.status_code == 201


async def test_another_consent_still_in_force_keeps_the_orientations(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    person = parcours["salarie"]["id"]
    siao = str(demo.structures[SIAO])
    first = await _consent(client, person, siao)
    await _consent(client, person, siao, sante=True)
    sent = await _draft(client, parcours, siao)
    await client.post(f"/api/v1/orientations/{sent['id']}/envoi")
    await _revoke(client, person, first)
    after = (await client.get(f"/api/v1/orientations/{sent['id']}")).json()
    assert after["statut"] == "envoyee"


async def test_withdrawing_the_evaluation_consent_dates_it(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    parcours = await _new_parcours(client, demo)
    person = parcours["salarie"]["id"]
    given = await client.post(
        f"/api/v1/salaries/{person}/consentements",
        json={"type": "usage_evaluation", "date_recueil": TODAY},
    )
    await _revoke(client, person, given.json())
    listing = (await client.get(f"/api/v1/salaries/{person}/consentements")).json()
    evaluation = next(c for c in listing if c["type"] == "usage_evaluation")
    assert evaluation["revoque_le"] == TODAY and evaluation["actif"] is False
