"""openapi.yaml is the committed contract: valid, complete and identical to the app's."""

import re
from pathlib import Path

import yaml
from openapi_spec_validator import validate

from api.openapi_export import render_openapi

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "openapi.yaml"


def test_committed_contract_matches_the_app() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        "openapi.yaml is stale: run `make openapi` and commit the result"
    )


def test_contract_is_valid_openapi() -> None:
    validate(yaml.safe_load(COMMITTED.read_text(encoding="utf-8")))


def test_every_operation_is_named_tagged_summarised_and_declares_problems() -> None:
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    operations = [
        (path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
    ]
    assert operations
    for path, method, op in operations:
        where = f"{method.upper()} {path}"
        assert len(op["tags"]) == 1, where
        assert re.fullmatch(rf"{op['tags'][0]}_[a-z_]+", op["operationId"]), where
        assert op.get("summary"), where
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert "application/problem+json" in response["content"], (where, status)
