"""The authorization matrix (tests/authz_matrix.yaml) run against the real app and demo data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.authz.requests import BUILDERS, FOREIGN, OWN, prepare
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
    call = await prepare(BUILDERS[operation](demo, variant), variant, anonymous, demo, auth)
    headers = call.headers
    if caller != "anonyme":
        headers |= auth(caller)
    response = await anonymous.request(call.method, call.path, headers=headers, **call.kwargs)
    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"
