"""Property-based testing of the whole contract with schemathesis.

Every operation of the app's OpenAPI document, with generated valid and invalid inputs, sent
by each caller of the authorization matrix (a token for every role, two API clients) and
without a token. Checks (schemathesis' defaults, plus ours): no server error, the status
code, headers and body conform to what the operation declares, schema-valid input is
accepted and invalid input refused, a missing required header is refused, unsupported
methods answer 405, and every error is application/problem+json.

The app runs in-process (ASGI) on a database of its own, built for this module and loaded
with the demo data: what fuzzing writes never reaches the other tests.

Budget: the coverage phase's boundary and invalid cases (deterministic, about 55 per
operation) and the schema's examples, sent by one caller allowed to call the operation, plus
`SCHEMATHESIS_MAX_EXAMPLES` generated examples per operation sent by every caller (2 in
`make test`, 100 with `make fuzz`, which also sends every case as every caller:
`SCHEMATHESIS_EVERY_CALLER=1`). `SCHEMATHESIS_OPERATIONS` (a regex of operation ids) narrows
a run while iterating.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from api.core.errors import PROBLEM_MEDIA_TYPE as PROBLEM
from api.main import create_app
from tests.authz.requests import MATRIX, allowed_caller
from tests.conftest import (
    DATABASE_URL,
    build_demo_database,
    demo_headers,
    read_demo_ids,
    suite_settings,
)
from tests.dbutil import sibling_database_url

CALLERS: list[str | None] = [*MATRIX["callers"], None]  # None: no token
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "2"))

# Schema-valid data may still break a rule of the domain (a SIRET's check digit, dates in the
# wrong order, an unknown id, a stale If-Match): 422, 404 or 412, like the OAuth2 token
# endpoint's 400 (RFC 6749). A missing If-Match answers 428 (RFC 6585).
ACCEPTED = ["2xx", "3xx", 401, 403, 404, 409, 412, 422, 429, "5xx"]
REJECTED = [400, 401, 403, 404, 405, 406, 409, 412, 415, 422, 428, 429, "5xx"]
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ACCEPTED},
            "negative_data_rejection": {"expected-statuses": REJECTED},
            "missing_required_header": {"expected-statuses": [400, 401, 403, 406, 415, 422, 428]},
        },
        "operations": [
            {
                "include-operation-id": ["auth_token", "auth_revocation"],
                "checks": {"positive_data_acceptance": {"expected-statuses": [*ACCEPTED, 400]}},
            }
        ],
        "generation": {
            "mode": "all",
            "max-examples": MAX_EXAMPLES,
            "deterministic": True,
            "allow-x00": True,  # PostgreSQL refuses NUL in text: the API must say so first
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True},
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},
        },
    }
)

RUN: dict[str, int] = {"cases": 0, "requests": 0}
PHASES: dict[str, int] = {}
_name = Path(sa.make_url(DATABASE_URL).database or "test").stem
FUZZ_DATABASE_URL = sibling_database_url(DATABASE_URL, f"{_name}_fuzz")
# The app owns its engine: connections open in schemathesis' event loop thread, on first use.
APP = create_app(suite_settings(FUZZ_DATABASE_URL))
schema = schemathesis.openapi.from_dict(APP.openapi(), config=CONFIG)
schema.app = APP


@pytest.fixture(scope="module", autouse=True)
def fuzz_database() -> Iterator[str]:
    build_demo_database(FUZZ_DATABASE_URL)
    yield FUZZ_DATABASE_URL
    print(  # the figures of the run, for the issue note
        f"\nschemathesis: {len(_seen)} operations, {RUN['cases']} cases {PHASES}, "
        f"{RUN['requests']} requests"
    )


@pytest.fixture(scope="module")
def callers(fuzz_database: str) -> Callable[[str | None], dict[str, str]]:
    headers = demo_headers(read_demo_ids(fuzz_database))
    return lambda who: headers(who) if who else {}


SPEC = APP.openapi()
OPERATION_IDS = {
    (method.upper(), path): op["operationId"]
    for path, item in SPEC["paths"].items()
    for method, op in item.items()
}
EVERY_CALLER = os.environ.get("SCHEMATHESIS_EVERY_CALLER") == "1"
ONLY = os.environ.get("SCHEMATHESIS_OPERATIONS")  # a regex of operation ids, while iterating
_seen: set[str] = set()


def _callers_for(operation: str, phase: str) -> list[str | None]:
    """Generated examples go to every caller; the (many) coverage cases and the schema's
    examples to one caller allowed to call the operation (unless SCHEMATHESIS_EVERY_CALLER),
    since the others are refused before any input is read."""
    if EVERY_CALLER or phase == "fuzzing":
        return CALLERS
    return [allowed_caller(operation)]


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
def test_api(case: Any, callers: Callable[[str | None], dict[str, str]]) -> None:
    operation = OPERATION_IDS.get((case.operation.method.upper(), case.operation.path), "")
    if ONLY and not re.search(ONLY, operation):
        pytest.skip(f"not in SCHEMATHESIS_OPERATIONS: {operation}")
    _seen.add(operation)
    phase = case.meta.phase.name.value if case.meta else "examples"
    RUN["cases"] += 1
    PHASES[phase] = PHASES.get(phase, 0) + 1
    for caller in _callers_for(operation, phase):
        RUN["requests"] += 1
        try:
            response = case.call_and_validate(headers=callers(caller))
            if response.status_code >= 400:
                assert response.headers["content-type"] == [PROBLEM], response.headers
        except Exception as exc:
            exc.add_note(f"caller: {caller or 'no token'}")
            raise
