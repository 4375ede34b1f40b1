"""Need to know on orientations: a health situation disclosed to a partner reaches only the
holders of `sante:read` among staff, whatever the route."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.conftest import DemoIds
from tests.orientations.test_orientations import PASS, _consent, _draft
from tests.parcours.test_parcours import _diagnostic, _new_parcours

# Staff who read orientations, and whether they see health details (DOMAIN.md).
READERS = {
    "admin": True,
    "coordinateur.paris": True,
    "direction.paris": True,
    "accompagnateur.paris": True,
    "partenariat.paris": False,
}


@pytest.fixture
async def sent_health_orientation(client: httpx.AsyncClient, demo: DemoIds) -> dict[str, Any]:
    parcours = await _new_parcours(client, demo)
    await _diagnostic(client, parcours["id"], "entree")
    pass_id = str(demo.structures[PASS])
    await _consent(client, parcours["salarie"]["id"], pass_id, sante=True)
    draft = await _draft(client, parcours, pass_id, domaine="sante")
    sent = await client.post(f"/api/v1/orientations/{draft['id']}/envoi")
    assert sent.status_code == 200, sent.text
    assert sent.json()["donnees_partagees"]["situation"] == ["sans_couverture"]
    return dict(sent.json())


@pytest.mark.parametrize(("who", "sees"), READERS.items())
async def test_health_situation_of_an_orientation_only_for_health_readers(
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    sent_health_orientation: dict[str, Any],
    who: str,
    sees: bool,
) -> None:
    oid = sent_health_orientation["id"]
    listed = await anonymous.get(
        "/api/v1/orientations",
        params={"parcours_id": sent_health_orientation["parcours_id"]},
        headers=auth(who),
    )
    detail = await anonymous.get(f"/api/v1/orientations/{oid}", headers=auth(who))
    assert listed.status_code == 200, listed.text
    assert detail.status_code == 200, detail.text
    (item,) = [o for o in listed.json()["items"] if o["id"] == oid]
    for body in (item, detail.json()):
        shared = body["donnees_partagees"]
        assert shared["besoin"] == "Hébergement stable recherché"
        if sees:
            assert shared["situation"] == ["sans_couverture"]
        else:
            assert "situation" not in shared
