"""A coordinateur's audit view: the events about the people of its territoires, whoever
acted, and none about other territoires' people."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.conftest import DemoIds


async def _reads_of(
    anonymous: httpx.AsyncClient, headers: dict[str, str], salarie_id: object
) -> list[dict[str, object]]:
    response = await anonymous.get(
        "/api/v1/audit", params={"salarie_id": str(salarie_id), "limit": 200}, headers=headers
    )
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


async def test_coordinateur_sees_who_read_its_people_and_not_other_territoires(
    anonymous: httpx.AsyncClient, auth: Callable[[str], dict[str, str]], demo: DemoIds
) -> None:
    paris = demo.salaries["Ateliers de Belleville:en_cours"]
    lyon = demo.salaries["Atelier Rhône Insertion:en_cours"]
    for person, reader in ((paris, "admin"), (lyon, "coordinateur.lyon")):
        read = await anonymous.get(f"/api/v1/salaries/{person}", headers=auth(reader))
        assert read.status_code == 200, read.text
    coordinateur = auth("coordinateur.paris")
    admin_id = str(demo.users["admin"])
    assert any(e["actor_id"] == admin_id for e in await _reads_of(anonymous, coordinateur, paris))
    assert await _reads_of(anonymous, coordinateur, lyon) == []
    lyon_events = await _reads_of(anonymous, auth("admin"), lyon)
    assert any(e["actor_id"] == str(demo.users["coordinateur.lyon"]) for e in lyon_events)
