"""Every input is bounded: strings have a max length, arrays a max size, numbers a range, objects
no unknown keys.

Walks the contract (openapi.yaml, identical to the app's: tests/test_openapi.py) over request
bodies and parameters of every operation, then checks the bounds hold at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from api.core.pagination import MAX_LIMIT

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))
COMPONENTS = SPEC["components"]["schemas"]
# Strings whose size is bounded by their format or by the body size limit (uploads).
BOUNDED_FORMATS = frozenset({"uuid", "date", "date-time", "binary"})
# OAuth2 forms (RFC 6749 section 3.2: unknown parameters MUST be ignored) and uploads are
# not JSON objects: their fields are bounded, unknown ones are ignored.
FORMS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _unbounded(
    schema: dict[str, Any], where: str, *, form: bool, seen: frozenset[str]
) -> list[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        return _unbounded(COMPONENTS[name], f"{where}<{name}>", form=form, seen=seen | {name})
    found = []
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, []):
            found += _unbounded(branch, where, form=form, seen=seen)
    kind = schema.get("type")
    if kind == "string" and not (
        "maxLength" in schema
        or "enum" in schema
        or "const" in schema
        or schema.get("format") in BOUNDED_FORMATS
        or "contentMediaType" in schema
    ):
        found.append(f"{where}: string without maxLength")
    if kind in ("integer", "number") and not (
        "enum" in schema
        or "const" in schema
        or (
            {"minimum", "exclusiveMinimum"} & set(schema)
            and {"maximum", "exclusiveMaximum"} & set(schema)
        )
    ):
        found.append(f"{where}: number without a range")
    if kind == "array":
        if "maxItems" not in schema:
            found.append(f"{where}: array without maxItems")
        found += _unbounded(schema.get("items", {}), f"{where}[]", form=form, seen=seen)
    if kind == "object" or "properties" in schema:
        extra = schema.get("additionalProperties")
        if extra is not False and not form:
            found.append(f"{where}: object accepting unknown properties")
        if isinstance(extra, dict):
            found.append(f"{where}: free-form object")
        for name, sub in schema.get("properties", {}).items():
            found += _unbounded(sub, f"{where}.{name}", form=form, seen=seen)
    return found


def _operations() -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", op)
        for path, item in SPEC["paths"].items()
        for method, op in item.items()
    ]


def test_every_input_string_array_and_number_is_bounded_and_objects_forbid_unknown_keys() -> None:
    problems = []
    for where, op in _operations():
        for param in op.get("parameters", []):
            problems += _unbounded(
                param["schema"],
                f"{where} {param['in']}.{param['name']}",
                form=False,
                seen=frozenset(),
            )
        for media, content in op.get("requestBody", {}).get("content", {}).items():
            problems += _unbounded(
                content["schema"], f"{where} body", form=media in FORMS, seen=frozenset()
            )
    assert problems == []


def test_every_limit_parameter_is_capped() -> None:
    limits = {
        where: param["schema"]
        for where, op in _operations()
        for param in op.get("parameters", [])
        if param["name"] == "limit"
    }
    assert len(limits) >= 8
    assert {where: s.get("maximum") for where, s in limits.items()} == {
        where: MAX_LIMIT for where in limits
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/territoires",
        "/api/v1/structures",
        "/api/v1/salaries",
        "/api/v1/parcours",
        "/api/v1/orientations",
        "/api/v1/conventions",
        "/api/v1/utilisateurs",
        "/api/v1/audit",
    ],
)
async def test_a_limit_past_the_cap_is_a_422(client: httpx.AsyncClient, path: str) -> None:
    capped = await client.get(path, params={"limit": MAX_LIMIT})
    refused = await client.get(path, params={"limit": MAX_LIMIT + 1})
    assert capped.status_code == 200
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "query.limit", "message": f"Doit être inférieur ou égal à {MAX_LIMIT}."}
    ]


async def test_a_string_longer_than_its_max_is_a_422_in_french(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/territoires",
        json={
            "code": "long",
            "nom": "x" * 100_000,
            "date_demarrage": "2027-01-01",
            "densite": "peu_dense",
        },
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error["field"] == "body.nom"
    assert error["message"].startswith("Doit contenir au plus ")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("courriel", "a" * 300 + "@exemple.fr"),
        ("telephone", "0" * 25),
        ("langues", ["français"] * 11),
    ],
)
async def test_person_fields_are_bounded(
    client: httpx.AsyncClient, field: str, value: Any, demo: Any
) -> None:
    response = await client.post(
        "/api/v1/salaries",
        json={
            "chantier_id": str(demo.structures["Ateliers de Belleville"]),
            "nom": "Borne",
            "prenoms": "Test",
            "date_naissance": "1990-01-01",
            field: value,
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"body.{field}"


async def test_hours_of_a_contract_are_a_short_decimal(
    client: httpx.AsyncClient, demo: Any
) -> None:
    parcours = demo.parcours["Ateliers de Belleville:en_cours"]
    response = await client.post(
        f"/api/v1/parcours/{parcours}/contrats",
        json={"date_debut": "2030-01-01", "date_fin": "2030-06-30", "heures_hebdo": "2" * 5000},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.heures_hebdo"
