"""What schemathesis (tests/hardening/test_schemathesis.py) found, kept as plain tests."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import yaml

from tests.conftest import DemoIds

ROOT = Path(__file__).resolve().parents[2]
SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def _problem(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    return body


# --- If-Match: declared required, 428 when missing, 422 when unreadable ---------------------


def test_every_patch_declares_a_required_if_match() -> None:
    patches = [op for item in SPEC["paths"].values() for m, op in item.items() if m == "patch"]
    assert len(patches) >= 10
    for op in patches:
        (header,) = [p for p in op["parameters"] if p["in"] == "header" and p["name"] == "If-Match"]
        assert header["required"] is True, op["operationId"]
        assert header["schema"]["type"] == "string"


async def test_if_match_missing_is_428_and_unreadable_is_422(
    client: httpx.AsyncClient, demo: DemoIds
) -> None:
    path = f"/api/v1/territoires/{demo.territoires['paris']}"
    missing = await client.patch(path, json={"nom": "Paris"})
    unreadable = await client.patch(path, json={"nom": "Paris"}, headers={"If-Match": "abc"})
    stale = await client.patch(path, json={"nom": "Paris"}, headers={"If-Match": 'W/"999"'})
    assert _problem(missing, 428)["code"] == "if_match_requis"
    assert _problem(unreadable, 422)["errors"] == [
        {"field": "header.If-Match", "message": "Le format n'est pas valide."}
    ]
    assert _problem(stale, 412)["code"] == "version_perimee"


# --- dates are ISO text, never numbers ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/audit?fin=0", "query.fin"),
        ("/api/v1/conventions?echeance_avant=20260101", "query.echeance_avant"),
        ("/api/v1/orientations?depuis=0.5", "query.depuis"),
    ],
)
async def test_a_number_is_not_a_date_in_a_query(
    client: httpx.AsyncClient, path: str, field: str
) -> None:
    assert _problem(await client.get(path), 422)["errors"][0]["field"] == field  # type: ignore[index]


async def test_a_number_is_not_a_date_in_a_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/territoires",
        json={"code": "epoch", "nom": "Epoch", "date_demarrage": 0, "densite": "dense"},
    )
    errors = _problem(response, 422)["errors"]
    assert errors == [
        {"field": "body.date_demarrage", "message": "Une date AAAA-MM-JJ est attendue."}
    ]


@pytest.mark.parametrize("depuis", ["2026-01-01", "2026-01-01T10:00:00", "2026-01-01T10:00:00Z"])
async def test_a_timestamp_without_offset_is_utc(client: httpx.AsyncClient, depuis: str) -> None:
    # Was a 500: a naive datetime compared with UTC timestamps.
    response = await client.get("/api/v1/orientations", params={"depuis": depuis})
    assert response.status_code == 200


# --- routing --------------------------------------------------------------------------------


async def test_patch_on_orientation_statistics_is_a_405_not_a_bad_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch("/api/v1/orientations/statistiques", json={})
    _problem(response, 405)
    assert response.headers["allow"] == "GET"


async def test_an_orientation_id_that_is_no_uuid_is_not_found(client: httpx.AsyncClient) -> None:
    _problem(await client.get("/api/v1/orientations/pas-un-uuid"), 404)


# --- cursors --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [b"99999999999999999999999", b"-5", b"0", b"abc"])
async def test_an_audit_cursor_out_of_range_is_a_422(
    client: httpx.AsyncClient, value: bytes
) -> None:
    # 99999999999999999999999 was a 500 (out of BIGINT range on PostgreSQL).
    cursor = base64.urlsafe_b64encode(value).decode().rstrip("=")
    response = await client.get("/api/v1/audit", params={"cursor": cursor})
    assert _problem(response, 422)["errors"] == [
        {"field": "query.cursor", "message": "Curseur de pagination invalide."}
    ]


# --- NUL characters: PostgreSQL refuses them in text (was a 500) ----------------------------


async def test_a_nul_character_in_a_json_body_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/territoires",
        json={"code": "nul", "nom": "a\u0000b", "date_demarrage": "2027-01-01", "densite": "dense"},
    )
    assert _problem(response, 422)["errors"] == [
        {"field": "body", "message": "Le caractère nul (U+0000) n'est pas accepté."}
    ]


async def test_the_text_backslash_u0000_is_not_a_nul(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/territoires",
        json={
            "code": "texte",
            "nom": "a\\u0000b",
            "date_demarrage": "2027-01-01",
            "densite": "dense",
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["nom"] == "a\\u0000b"


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "url": "/api/v1/audit", "params": {"action": "lo\x00gin"}},
        {"method": "GET", "url": "/api/v1/salaries?q=ab%00cd"},
        {
            "method": "POST",
            "url": "/api/v1/auth/token",
            "data": {"grant_type": "password", "username": "a\x00@b.fr", "password": "x"},
        },
    ],
    ids=["query", "encoded-query", "form"],
)
async def test_a_nul_character_in_a_url_or_a_form_is_a_422(
    anonymous: httpx.AsyncClient,
    auth: Callable[[str], dict[str, str]],
    request_kwargs: dict[str, object],
) -> None:
    response = await anonymous.request(headers=auth("admin"), **request_kwargs)  # type: ignore[arg-type]
    assert _problem(response, 422)["code"] == "validation_error"


async def test_an_oversized_body_read_by_a_middleware_is_a_413(
    client: httpx.AsyncClient,
) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(20):
            yield b"x" * 65_536

    response = await client.post(
        "/api/v1/territoires",
        content=chunks(),
        headers={"content-type": "application/json", "Idempotency-Key": "gros-corps"},
    )
    assert _problem(response, 413)["code"] == "corps_trop_volumineux"


async def test_patch_on_the_data_inclusion_export_is_a_405_not_a_bad_id(
    client: httpx.AsyncClient,
) -> None:
    response = await client.patch("/api/v1/structures/data-inclusion", json={})
    _problem(response, 405)
    assert response.headers["allow"] == "GET"
