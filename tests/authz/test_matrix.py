"""The authorization matrix (tests/authz_matrix.yaml) run against the real app and demo data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.authz.requests import (
    ACTION,
    BUILDERS,
    CHANTIERS,
    CONSENTEMENT,
    DIAGNOSTIC,
    DOCUMENT,
    ENDPOINT,
    FOREIGN,
    FREIN,
    ORIENTATION,
    OWN,
    PARTNERS,
    SUIVI,
    VALEUR,
)
from tests.conftest import DemoIds

ROOT = Path(__file__).resolve().parents[2]
MATRIX = yaml.safe_load((ROOT / "tests" / "authz_matrix.yaml").read_text(encoding="utf-8"))
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
SPEC_OPERATIONS = {
    op["operationId"]: (method.upper(), path)
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
}
# Operations acting on one object have an `own` and a `foreign` variant.
OBJECT_OPERATIONS = {op for op, (_m, path) in SPEC_OPERATIONS.items() if "{" in path} | {
    "utilisateurs_create_utilisateur",
    "clients_api_create_client",
    "territoires_create_territoire",
    "structures_create_structure",
    "conventions_create_convention",
    "salaries_create_salarie",
    "parcours_create_parcours",
    "orientations_create_orientation",
    "webhooks_rotate_secret",
    "webhooks_disable_endpoint",
    "webhooks_list_deliveries",
}


def _rows() -> list[tuple[str, str, str, int]]:
    rows = []
    for operation, spec in MATRIX["operations"].items():
        if spec.get("public"):
            rows.append((operation, "anonyme", OWN, spec["default"]))
            continue
        for caller in MATRIX["callers"]:
            expected: Any = spec.get(caller, spec["default"])
            variants = (OWN, FOREIGN) if operation in OBJECT_OPERATIONS else (OWN,)
            for variant in variants:
                status = expected[variant] if isinstance(expected, dict) else expected
                rows.append((operation, caller, variant, status))
    return rows


ROWS = _rows()


def test_matrix_covers_every_operation_of_the_contract() -> None:
    assert set(MATRIX["operations"]) == set(SPEC_OPERATIONS)
    assert set(BUILDERS) == set(SPEC_OPERATIONS)


def test_matrix_size() -> None:
    # Printed in the issue note; grows with every feature.
    assert len(ROWS) > 300


@pytest.mark.parametrize(
    ("operation", "caller", "variant", "expected"),
    ROWS,
    ids=[f"{o}-{c}-{v}" for o, c, v, _ in ROWS],
)
async def test_matrix_row(
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    operation: str,
    caller: str,
    variant: str,
    expected: int,
) -> None:
    call = BUILDERS[operation](demo, variant)
    kwargs = dict(call.kwargs)
    headers = dict(kwargs.pop("headers", {}))
    path = call.path
    if call.etag_from:
        read = await anonymous.get(call.etag_from, headers=auth("admin"))
        headers["If-Match"] = read.headers["etag"]
    parcours_path = f"/api/v1/parcours/{demo.parcours[f'{CHANTIERS[variant != OWN]}:en_cours']}"
    placeholders: dict[str, tuple[str, int]] = {}
    if DIAGNOSTIC in path or DIAGNOSTIC in str(kwargs):
        listing = (
            await anonymous.get(f"{parcours_path}/diagnostics", headers=auth("admin"))
        ).json()
        entry = next(d for d in listing if d["etape"] == "entree")
        placeholders[DIAGNOSTIC] = (entry["id"], entry["version"])
    if FREIN in path or ACTION in path:
        freins = (await anonymous.get(f"{parcours_path}/freins", headers=auth("admin"))).json()
        with_action = next(f for f in freins if f["domaine"] == "logement")
        placeholders[FREIN] = (with_action["id"], with_action["version"])
        action = with_action["actions"][0]
        placeholders[ACTION] = (action["id"], action["version"])
    if ORIENTATION in path:
        # A sent orientation, made for this row by the admin (rolled back with the test).
        admin = auth("admin")
        person = demo.salaries[f"{CHANTIERS[variant != OWN]}:en_cours"]
        partner = str(demo.structures[PARTNERS[variant != OWN]])
        await anonymous.post(
            f"/api/v1/salaries/{person}/consentements",
            headers=admin,
            json={
                "type": "partage_partenaire",
                "partenaire_id": partner,
                "date_recueil": date.today().isoformat(),
            },
        )
        created = await anonymous.post(
            "/api/v1/orientations",
            headers=admin,
            json={
                "parcours_id": str(demo.parcours[f"{CHANTIERS[variant != OWN]}:en_cours"]),
                "partenaire_id": partner,
                "domaine": "logement",
                "motif": "Hébergement stable",
                "partage": ["identite", "besoin"],
            },
        )
        sent = await anonymous.post(
            f"/api/v1/orientations/{created.json()['id']}/envoi", headers=admin
        )
        placeholders[ORIENTATION] = (sent.json()["id"], sent.json()["version"])
    if ENDPOINT in path:
        created = await anonymous.post(
            "/api/v1/webhooks",
            headers=auth("admin"),
            json={
                "url": "http://127.0.0.1:9/convergence",
                "evenements": ["orientation.envoyee"],
                "structure_id": str(demo.structures[PARTNERS[variant != OWN]]),
            },
        )
        placeholders[ENDPOINT] = (created.json()["endpoint"]["id"], 1)
    if VALEUR in path:
        referentiel = (await anonymous.get("/api/v1/referentiel", headers=auth("admin"))).json()
        valeur = referentiel["domaines"][0]["situations"][0]
        placeholders[VALEUR] = (valeur["id"], 0)
    for placeholder, (object_id, version) in placeholders.items():
        if placeholder in path:
            path = path.replace(placeholder, object_id)
            if call.headers_placeholder:
                headers["If-Match"] = f'W/"{version}"'
        if "json" in kwargs and placeholder in str(kwargs["json"]):
            kwargs["json"] = {
                k: (object_id if val == placeholder else val) for k, val in kwargs["json"].items()
            }
    if CONSENTEMENT in path:
        listing = await anonymous.get(
            path.split("/consentements/")[0] + "/consentements", headers=auth("admin")
        )
        active = next(c for c in listing.json() if c["actif"])
        path = path.replace(CONSENTEMENT, active["id"])
    if SUIVI in path:
        parcours = await anonymous.get(path.split("/suivis/")[0], headers=auth("admin"))
        pending = next(s for s in parcours.json()["suivis"] if s["date_realisee"] is None)
        path = path.replace(SUIVI, pending["id"])
    if path.endswith(f"/documents/{DOCUMENT}"):
        convention = await anonymous.get(path.rsplit("/documents/", 1)[0], headers=auth("admin"))
        path = path.replace(DOCUMENT, convention.json()["documents"][0]["id"])
    if caller != "anonyme":
        headers |= auth(caller)
    response = await anonymous.request(call.method, path, headers=headers, **kwargs)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"
