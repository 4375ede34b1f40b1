"""The flows of the load benchmark, driven by locust (headless, one user class per run).

Started by `python -m bench.run`, which writes the fixtures file ($BENCH_FIXTURES: tokens
obtained from the real token endpoint, each caseworker's parcours, consented partners...) and
reads back the figures this file writes at the end ($BENCH_OUTPUT): exact latency
percentiles per request name, counts, failures by status code.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from locust import FastHttpUser, constant, events, task

with open(os.environ["BENCH_FIXTURES"], encoding="utf-8") as _file:
    FIXTURES: dict[str, Any] = json.load(_file)
OUTPUT = os.environ["BENCH_OUTPUT"]
_identities = itertools.count()

# The indicators endpoints (being written on another branch): their query strings, here only.
INDICATEURS = "/api/v1/indicateurs"


def national_indicators_query() -> dict[str, str]:
    return {}


def territory_indicators_query() -> dict[str, str]:
    year = FIXTURES["indicateurs"]["annee"]
    return {
        "territoire": FIXTURES["indicateurs"]["territoire_id"],
        "periode_sortie_debut": f"{year}-01-01",
        "periode_sortie_fin": f"{year}-12-31",
    }


# --- measurements --------------------------------------------------------------------------

_latencies: dict[str, list[float]] = defaultdict(list)
_statuses: dict[str, Counter[str]] = defaultdict(Counter)
_window: list[float] = []


@events.request.add_listener
def _record(
    request_type: str,
    name: str,
    response_time: float,
    response: Any = None,
    exception: Any = None,
    start_time: float | None = None,
    **_kwargs: Any,
) -> None:
    _latencies[name].append(response_time)
    code = getattr(response, "status_code", None)
    _statuses[name]["ok" if exception is None else f"error {code or type(exception).__name__}"] += 1
    now = time.time()
    if not _window:
        _window.extend([start_time or now, now])
    _window[1] = now


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@events.quitting.add_listener
def _write(**_kwargs: Any) -> None:
    elapsed = (_window[1] - _window[0]) if _window else 0.0
    out = {
        "elapsed_s": elapsed,
        "requests": {
            name: {
                "count": len(values),
                "rps": len(values) / elapsed if elapsed else 0.0,
                "p50_ms": _percentile(values, 0.50),
                "p95_ms": _percentile(values, 0.95),
                "p99_ms": _percentile(values, 0.99),
                "statuses": dict(_statuses[name]),
                "errors": sum(n for k, n in _statuses[name].items() if k != "ok"),
            }
            for name, values in _latencies.items()
        },
    }
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=1)


# --- the flows ------------------------------------------------------------------------------


class _Api(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    flow = ""

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def get(self, path: str, name: str, headers: dict[str, str], **params: str) -> None:
        with self.client.get(
            path, params=params or None, headers=headers, name=f"{self.flow}: GET {name}",
            catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class _Caseworker(_Api):
    abstract = True

    def on_start(self) -> None:
        people = FIXTURES["caseworkers"]
        self.me = people[next(_identities) % len(people)]
        self.headers = self.auth(self.me["token"])


class CaseworkerHome(_Caseworker):
    """A caseworker's home: À faire, then the first caseload page."""

    flow = "home"

    @task
    def home(self) -> None:
        self.get("/api/v1/a-faire", "/api/v1/a-faire", self.headers)
        self.get("/api/v1/parcours", "/api/v1/parcours?limit=50", self.headers, limit="50")


class CaseloadPage(_Caseworker):
    """The caseload page alone (a read with a target)."""

    flow = "caseload"

    @task
    def caseload(self) -> None:
        self.get("/api/v1/parcours", "/api/v1/parcours?limit=50", self.headers, limit="50")


class OpenParcours(_Caseworker):
    """Opening a person's parcours: detail, journal, freins, evolution."""

    flow = "parcours"

    @task
    def open(self) -> None:
        pid = random.choice(self.me["parcours"])
        base = f"/api/v1/parcours/{pid}"
        self.get(base, "/api/v1/parcours/{id}", self.headers)
        self.get(f"{base}/journal", "/api/v1/parcours/{id}/journal", self.headers, limit="50")
        self.get(f"{base}/freins", "/api/v1/parcours/{id}/freins", self.headers)
        self.get(f"{base}/evolution", "/api/v1/parcours/{id}/evolution", self.headers)


class ParcoursDetail(_Caseworker):
    """The parcours detail alone (a read with a target)."""

    flow = "detail"

    @task
    def detail(self) -> None:
        pid = random.choice(self.me["parcours"])
        self.get(f"/api/v1/parcours/{pid}", "/api/v1/parcours/{id}", self.headers)


class RecordEntretien(_Caseworker):
    """Recording an entretien in the journal."""

    flow = "entretien"

    @task
    def entretien(self) -> None:
        pid = random.choice(self.me["parcours"])
        with self.client.post(
            f"/api/v1/parcours/{pid}/entretiens",
            json={
                "date": date.today().isoformat(),
                "type_entretien": "individuel",
                "texte": "Point hebdomadaire (benchmark).",
            },
            headers=self.headers,
            name="entretien: POST /api/v1/parcours/{id}/entretiens",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")


class SendOrientation(_Caseworker):
    """Sending an orientation: a draft, then the sending (consent checked, data frozen)."""

    flow = "orientation"

    @task
    def orientation(self) -> None:
        target = random.choice(self.me["orientations"])
        with self.client.post(
            "/api/v1/orientations",
            json={
                "parcours_id": target["parcours_id"],
                "partenaire_id": target["partenaire_id"],
                "domaine": target["domaine"],
                "motif": "Orientation (benchmark)",
                "besoin": "Accompagnement à mettre en place.",
                "partage": ["besoin", "identite"],
            },
            headers=self.headers,
            name="orientation: POST /api/v1/orientations",
            catch_response=True,
        ) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}")
                return
            oid = response.json()["id"]
        with self.client.post(
            f"/api/v1/orientations/{oid}/envoi",
            headers=self.headers,
            name="orientation: POST /api/v1/orientations/{id}/envoi",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class PartnerInbox(_Api):
    """A partner's software polling the orientations addressed to it."""

    flow = "inbox"

    def on_start(self) -> None:
        partners = FIXTURES["partners"]
        self.headers = self.auth(partners[next(_identities) % len(partners)]["token"])

    @task
    def inbox(self) -> None:
        self.get("/api/v1/orientations", "/api/v1/orientations?limit=50", self.headers, limit="50")


class NationalIndicators(_Api):
    """The national indicators page (admin)."""

    flow = "indicateurs"

    def on_start(self) -> None:
        self.headers = self.auth(FIXTURES["admin"]["token"])

    @task
    def national(self) -> None:
        self.get(INDICATEURS, INDICATEURS, self.headers, **national_indicators_query())


class TerritoryIndicators(_Api):
    """One territoire's indicators for one year (a FAS script)."""

    flow = "indicateurs-territoire"

    def on_start(self) -> None:
        self.headers = self.auth(FIXTURES["fas"]["token"])

    @task
    def territory(self) -> None:
        self.get(
            INDICATEURS, INDICATEURS + "?territoire&periode", self.headers,
            **territory_indicators_query(),
        )  # fmt: skip


class FloorHealth(_Api):
    """The product's cheapest answer: its ASGI stack and middlewares, no token, no database.

    With the next flow, it splits a read's cost into framework, authentication and work."""

    flow = "floor"

    @task
    def health(self) -> None:
        self.get("/healthz", "/healthz", {})


class FloorMe(_Caseworker):
    """An authenticated read that does almost nothing: token, actor, session, transaction,
    the account's own row and its structure's name."""

    flow = "floor"

    @task
    def me(self) -> None:
        self.get("/api/v1/moi", "/api/v1/moi", self.headers)


class Reference(FastHttpUser):
    """The reference app's single primary-key read."""

    wait_time = constant(0)

    @task
    def read(self) -> None:
        pid = random.choice(FIXTURES["reference_parcours"])
        with self.client.get(
            f"/parcours/{pid}", name="reference: GET /parcours/{id}", catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
