"""Property-level authorization (OWASP API3): no mass assignment, responses are allow-lists.

Every write operation of the contract (its example request from tests/authz/requests.py,
sent by a caller allowed to make it) is sent again with server-owned or foreign fields added:
it must answer 422 naming each unknown field, and leave the database as it was. Responses of
a sample of reads carry only the documented properties, and the summary views only theirs.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.models import metadata
from tests.authz.requests import BUILDERS, MATRIX, OWN, allowed_caller, prepare
from tests.conftest import DemoIds

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
COMPONENTS = SPEC["components"]["schemas"]
OPERATIONS = {op["operationId"]: op for item in SPEC["paths"].values() for op in item.values()}
# Counted per request, whatever the answer: not a change made by the operation.
NOT_STATE = frozenset({"rate_limit_counter"})


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _json_body_properties(operation: str) -> set[str] | None:
    content = OPERATIONS[operation].get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return set(_resolve(content["application/json"]["schema"]).get("properties", {}))


JSON_WRITES = sorted(op for op in OPERATIONS if _json_body_properties(op) is not None)


async def _snapshot(session: AsyncSession) -> dict[str, tuple[int, int]]:
    """Rows and sum of versions of every table: creations, deletions and updates show."""
    state = {}
    for table in metadata.sorted_tables:
        if table.name in NOT_STATE:
            continue
        versions = func.coalesce(func.sum(table.c.version), 0) if "version" in table.c else 0
        row = (await session.execute(select(func.count(), versions).select_from(table))).one()
        state[table.name] = (int(row[0]), int(row[1]))
    return state


def test_every_json_write_operation_has_an_example_body(demo: DemoIds) -> None:
    assert len(JSON_WRITES) >= 40
    assert [op for op in JSON_WRITES if "json" not in BUILDERS[op](demo, OWN).kwargs] == []


@pytest.mark.parametrize("operation", JSON_WRITES)
async def test_server_owned_and_foreign_fields_are_refused_and_nothing_changes(
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    session: AsyncSession,
    operation: str,
) -> None:
    call = await prepare(BUILDERS[operation](demo, OWN), OWN, anonymous, demo, auth)
    injected = {
        "id": str(uuid.uuid4()),
        "version": 99,
        "created_at": "2000-01-01T00:00:00Z",
        "structure_id": str(demo.structures["Potagers de Vaulx"]),  # another territoire's
        "statut": "clos",
    }
    body = {**call.kwargs["json"], **injected}
    before = await _snapshot(session)
    response = await anonymous.request(
        call.method,
        call.path,
        headers=call.headers | auth(allowed_caller(operation)),
        json=body,
    )
    after = await _snapshot(session)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    declared = _json_body_properties(operation) or set()
    refused = {
        e["field"]
        for e in response.json()["errors"]
        if e["message"] == "Ce champ n'est pas accepté."
    }
    assert refused == {f"body.{name}" for name in injected if name not in declared}
    assert {"body.id", "body.version", "body.created_at"} <= refused
    assert before == after


# --- responses are allow-lists -------------------------------------------------------------


def _undocumented(value: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """Keys of `value` that its documented schema does not list (recursively)."""
    schema = _resolve(schema)
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        results = [_undocumented(value, branch, where) for branch in branches]
        return min(results, key=len)
    if isinstance(value, list):
        items = schema.get("items")
        if schema.get("type") != "array" or items is None:
            return [f"{where}: undocumented array"]
        return [problem for item in value for problem in _undocumented(item, items, f"{where}[]")]
    if isinstance(value, dict):
        if schema.get("type") not in ("object", None):
            return [f"{where}: undocumented object"]
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        problems = []
        for key, sub in value.items():
            if key in properties:
                problems += _undocumented(sub, properties[key], f"{where}.{key}")
            elif isinstance(extra, dict):
                problems += _undocumented(sub, extra, f"{where}.{key}")
            else:
                problems.append(f"{where}.{key}")
        return problems
    if value is None and schema.get("type") not in ("null", None):
        return [f"{where}: null"]
    return []


def _response_schema(operation: str, status: int) -> dict[str, Any]:
    content = OPERATIONS[operation]["responses"][str(status)]["content"]
    return dict(content["application/json"]["schema"])


SAMPLE = [
    "moi_moi",
    "utilisateurs_get_utilisateur",
    "clients_api_get_client",
    "structures_get_structure",
    "conventions_get_convention",
    "salaries_get_salarie",
    "parcours_get_parcours",
    "parcours_list_journal",
    "diagnostics_list_diagnostics",
    "freins_list_freins",
    "freins_evolution",
    "orientations_get_orientation",
    "orientations_list_orientations",
    "orientations_statistiques",
    "webhooks_list_endpoints",
    "a_faire_a_faire",
]
READS = [
    (operation, caller)
    for operation in SAMPLE
    for caller in MATRIX["callers"]
    if (lambda expected: (expected[OWN] if isinstance(expected, dict) else expected) == 200)(
        MATRIX["operations"][operation].get(caller, MATRIX["operations"][operation]["default"])
    )
]


def test_the_sample_reads_something_for_many_roles() -> None:
    assert len(READS) >= 60
    assert {caller for _op, caller in READS} == set(MATRIX["callers"])


@pytest.mark.parametrize(("operation", "caller"), READS, ids=[f"{o}-{c}" for o, c in READS])
async def test_responses_carry_only_documented_properties(
    anonymous: httpx.AsyncClient,
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
    operation: str,
    caller: str,
) -> None:
    call = await prepare(BUILDERS[operation](demo, OWN), OWN, anonymous, demo, auth)
    response = await anonymous.request(
        call.method, call.path, headers=call.headers | auth(caller), **call.kwargs
    )
    assert response.status_code == 200, response.text
    assert _undocumented(response.json(), _response_schema(operation, 200)) == []


PARCOURS_SUMMARY = {
    "id",
    "salarie",
    "actions",
    "chantier_id",
    "referent_id",
    "date_entree",
    "statut",
    "duree_mois",
    "contrats",
    "version",
}


async def test_a_technical_supervisor_sees_the_summary_of_a_parcours_only(
    anonymous: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    path = f"/api/v1/parcours/{demo.parcours['Ateliers de Belleville:sorti']}"
    summary = (await anonymous.get(path, headers=auth("encadrant.paris"))).json()
    full = (await anonymous.get(path, headers=auth("accompagnateur.paris"))).json()
    assert set(summary) == PARCOURS_SUMMARY
    assert set(summary["salarie"]) == {"id", "nom", "prenoms", "date_naissance"}
    assert {"prescripteur", "logement_entree", "motif_sortie", "suivis"} <= set(full)


async def test_a_partner_sees_the_frozen_disclosure_not_the_file(
    anonymous: httpx.AsyncClient, demo: DemoIds, auth: Callable[[str], dict[str, str]]
) -> None:
    call = await prepare(
        BUILDERS["orientations_get_orientation"](demo, OWN), OWN, anonymous, demo, auth
    )
    partner = (await anonymous.get(call.path, headers=auth("partenaire.siao"))).json()
    sender = (await anonymous.get(call.path, headers=auth("accompagnateur.paris"))).json()
    assert set(partner) == set(COMPONENTS["OrientationPartenaireOut"]["properties"])
    assert not {"salarie", "salarie_id", "parcours_id", "partage"} & set(partner)
    # Shared: identite and besoin (and the caseworker to contact); nothing else has a value.
    shared = {key for key, value in partner["personne"].items() if value is not None}
    assert shared <= {"nom", "prenoms", "date_naissance", "besoin", "referent"}
    assert {"salarie", "parcours_id"} <= set(sender)
