"""Only the listed public operations answer without a token; every route declares its check."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import httpx
import pytest
import yaml
from fastapi.routing import APIRoute

from api.core.auth import requires
from api.main import PUBLIC_OPERATIONS, ROUTERS, _operation_id
from tests.authz.requests import BUILDERS, OWN
from tests.conftest import DemoIds

SPEC = yaml.safe_load((Path(__file__).resolve().parents[2] / "openapi.yaml").read_text())
PROTECTED = sorted(
    op["operationId"]
    for item in SPEC["paths"].values()
    for op in item.values()
    if op["operationId"] not in PUBLIC_OPERATIONS
)


@pytest.mark.parametrize("operation", PROTECTED)
async def test_no_token_means_401(
    anonymous: httpx.AsyncClient, demo: DemoIds, operation: str
) -> None:
    call = BUILDERS[operation](demo, OWN)
    path = re.sub(r"__[a-z]+__", str(uuid.uuid4()), call.path)  # placeholders: any object
    response = await anonymous.request(call.method, path, **call.kwargs)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def _declares_requires(route: APIRoute) -> bool:
    stack = list(route.dependant.dependencies)
    while stack:
        dependant = stack.pop()
        if isinstance(dependant.call, requires):
            return True
        stack.extend(dependant.dependencies)
    return False


def test_every_non_public_route_declares_requires() -> None:
    routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
    ids = {_operation_id(r): r for r in routes}
    assert set(ids) == {*PROTECTED, *PUBLIC_OPERATIONS}
    undeclared = [
        op for op, r in ids.items() if op not in PUBLIC_OPERATIONS and not _declares_requires(r)
    ]
    assert undeclared == []
    public_with_check = [op for op in PUBLIC_OPERATIONS if _declares_requires(ids[op])]
    assert public_with_check == []
