"""/metrics: one view over several uvicorn processes, route templates only, never public."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import DemoIds
from tests.observabilite import serveurs

TOKEN = "jeton-de-collecte-de-test"
ROUTE = "/api/v1/parcours/{parcours_id}"
# Revisions and versions ("0012", "1.0.0") are not ids of anything a person owns.
VERSION_LABELS = {"version", "migration_head", "database_revision", "le"}
ID_LIKE = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}|[0-9a-f]{32}|^\d{3,}$", re.I)


@pytest.fixture(scope="module")
def two_processes(
    migrated_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[serveurs.Served, serveurs.Served]]:
    tmp = tmp_path_factory.mktemp("metriques")
    shared = {
        "PROMETHEUS_MULTIPROC_DIR": str(tmp / "prometheus"),
        "CONVERGENCE_METRICS_TOKEN": TOKEN,
    }
    (tmp / "prometheus").mkdir()
    first = serveurs.uvicorn(migrated_database, tmp, "premier", **shared)
    try:
        second = serveurs.uvicorn(migrated_database, tmp, "second", **shared)
        try:
            yield first, second
        finally:
            second.stop()
    finally:
        first.stop()


def scrape(url: str) -> dict[str, list[tuple[dict[str, str], float, str]]]:
    response = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    samples: dict[str, list[tuple[dict[str, str], float, str]]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((sample.labels, sample.value, family.name))
    return samples


def value(
    samples: dict[str, list[tuple[dict[str, str], float, str]]], name: str, **labels: str
) -> float:
    return sum(v for lab, v, _ in samples.get(name, []) if labels.items() <= lab.items())


def test_route_histograms_are_summed_over_processes_and_carry_no_id(
    two_processes: tuple[serveurs.Served, serveurs.Served],
    demo: DemoIds,
    auth: Callable[[str], dict[str, str]],
) -> None:
    first, second = two_processes
    headers = auth("accompagnateur.paris")
    parcours = [pid for key, pid in demo.parcours.items() if key.startswith("Atelier")][:1]
    parcours = parcours or list(demo.parcours.values())[:1]
    before = value(
        scrape(first.url),
        "convergence_http_request_duration_seconds_count",
        route=ROUTE,
        method="GET",
    )
    with httpx.Client(base_url=first.url, headers=headers) as client:
        for _ in range(3):
            client.get(f"/api/v1/parcours/{parcours[0]}")
    with httpx.Client(base_url=second.url, headers=headers) as client:
        for _ in range(5):
            client.get(f"/api/v1/parcours/{parcours[0]}")
        # Not found, out of perimeter or malformed: still one template, never the raw path.
        client.get("/api/v1/parcours/00000000-0000-0000-0000-000000000000")
    with httpx.Client(base_url=second.url) as client:
        assert client.get("/api/v1/moi").status_code == 401

    for url in (first.url, second.url):
        samples = scrape(url)
        count = value(
            samples, "convergence_http_request_duration_seconds_count", route=ROUTE, method="GET"
        )
        assert count == before + 9, f"{url}: {count}"
        buckets = value(
            samples,
            "convergence_http_request_duration_seconds_bucket",
            route=ROUTE,
            method="GET",
            le="+Inf",
        )
        assert buckets == count
        assert value(samples, "convergence_http_requests_total", route=ROUTE) == count
        assert (
            value(samples, "convergence_http_errors_total", code="authentification_requise")
            + value(samples, "convergence_http_errors_total", route="/api/v1/moi")
            >= 1
        )
        assert value(samples, "convergence_app_info") == 1
        info = samples["convergence_app_info"][0][0]
        assert info["migration_head"] and info["database_revision"] == info["migration_head"]
        assert "convergence_outbox_pending_events" in samples
        assert "convergence_db_pool_size" in samples
        for name, rows in samples.items():
            for labels, _, _ in rows:
                for label, text in labels.items():
                    if label in VERSION_LABELS:
                        continue
                    assert not ID_LIKE.search(text), f"{name}{{{label}={text}}} holds an id"
                    assert "/api/v1/parcours/0" not in text


def test_metrics_are_never_public(two_processes: tuple[serveurs.Served, serveurs.Served]) -> None:
    first, _ = two_processes
    assert httpx.get(f"{first.url}/metrics").status_code == 401
    wrong = httpx.get(f"{first.url}/metrics", headers={"Authorization": "Bearer autre"})
    assert wrong.status_code == 401
    assert wrong.headers["content-type"].startswith("application/problem+json")


def test_a_configured_network_may_scrape_without_token(
    migrated_database: str, tmp_path: Path
) -> None:
    served = serveurs.uvicorn(
        migrated_database, tmp_path, "reseau", CONVERGENCE_METRICS_NETWORKS='["127.0.0.0/8"]'
    )
    try:
        response = httpx.get(f"{served.url}/metrics")
        assert response.status_code == 200
        assert "convergence_http_requests_in_flight" in response.text
    finally:
        served.stop()
