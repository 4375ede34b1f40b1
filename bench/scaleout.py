"""Scale-out demonstration: two API processes and two workers on one PostgreSQL.

    python -m bench.scaleout --events 200

On a small database generated afresh (`bench_scaleout`, --scale 0.02), it starts two
`convergence serve` processes and two `convergence worker` processes, registers webhook
endpoints for a few partners (a real HTTP receiver in this script, on 127.0.0.1), then
sends N orientations through both API processes alternately (draft on one, sending on the
other). Every sending writes one `orientation.envoyee` event to the outbox; the two workers
share the outbox (SELECT ... FOR UPDATE SKIP LOCKED, delivery leases). The check: each event
reaches the receiver exactly once (no loss, no duplicate by `webhook-id`), correctly signed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from api.webhooks import signing
from bench.generate import PASSWORD, asyncpg_dsn, client_secret
from bench.run import (
    RESULTS,
    ROOT,
    _stop,
    _wait_ready,
    ensure_dataset,
    product_env,
)

API_PORTS = (8111, 8112)
RECEIVER_PORT = 8190
PARTNERS = 5


class Receiver(ThreadingHTTPServer):
    """Records every webhook: its id, its partner, its orientation, whether it verifies."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", RECEIVER_PORT), Handler)
        self.lock = threading.Lock()
        self.received: list[dict[str, Any]] = []
        self.secrets: dict[str, str] = {}


class Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        partner = self.path.rsplit("/", 1)[-1]
        msg_id = self.headers.get("webhook-id", "")
        timestamp = int(self.headers.get("webhook-timestamp", "0"))
        secret = self.server.secrets.get(partner, "")
        valid = bool(secret) and signing.verify(
            secret, msg_id, timestamp, body, self.headers.get("webhook-signature", "")
        )
        payload = json.loads(body)
        with self.server.lock:
            self.server.received.append(
                {
                    "partner": partner,
                    "webhook_id": msg_id,
                    "orientation_id": payload["data"]["orientation_id"],
                    "type": payload["type"],
                    "valid": valid,
                }
            )
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        return None


async def plan(url: str) -> dict[str, Any]:
    """Partners with their client, and for each some (parcours, referent) with consent."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            """
            SELECT c.partenaire_id, ac.client_id, p.id AS parcours_id, u.email,
                   min(d.domaine) AS domaine
            FROM consentement c
            JOIN parcours p ON p.salarie_id = c.salarie_id AND p.statut IN ('en_cours', 'suspendu')
            JOIN user_account u ON u.id = p.referent_id
            JOIN api_client ac ON ac.structure_id = c.partenaire_id
            JOIN structure_domaine d ON d.structure_id = c.partenaire_id
            WHERE c.type = 'partage_partenaire' AND c.revoque_le IS NULL
            GROUP BY c.partenaire_id, ac.client_id, p.id, u.email
            ORDER BY ac.client_id, p.id
            """
        )
    finally:
        await conn.close()
    partners: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = partners.setdefault(
            row["client_id"], {"partenaire_id": str(row["partenaire_id"]), "targets": []}
        )
        entry["targets"].append(
            {
                "parcours_id": str(row["parcours_id"]),
                "email": row["email"],
                "domaine": row["domaine"],
            }
        )
    chosen = sorted(partners.items(), key=lambda kv: -len(kv[1]["targets"]))[:PARTNERS]
    return dict(chosen)


async def token(client: httpx.AsyncClient, data: dict[str, str]) -> str:
    r = await client.post("/api/v1/auth/token", data=data)
    r.raise_for_status()
    return str(r.json()["access_token"])


async def drive(partners: dict[str, Any], events: int, receiver: Receiver) -> dict[str, Any]:
    apis = [httpx.AsyncClient(base_url=f"http://127.0.0.1:{p}", timeout=60) for p in API_PORTS]
    try:
        for client_id in partners:
            bearer = await token(
                apis[0],
                {
                    "grant_type": "client_credentials",
                    "client_id": client_id,
                    "client_secret": client_secret(client_id),
                },
            )
            r = await apis[1].post(
                "/api/v1/webhooks",
                json={
                    "url": f"http://127.0.0.1:{RECEIVER_PORT}/hook/{client_id}",
                    "evenements": ["orientation.envoyee"],
                },
                headers={"Authorization": f"Bearer {bearer}"},
            )
            r.raise_for_status()
            receiver.secrets[client_id] = r.json()["secret"]
        work = [
            (client_id, target)
            for client_id, partner in partners.items()
            for target in partner["targets"]
        ]
        tokens: dict[str, str] = {}
        for _client_id, target in work:
            if target["email"] not in tokens:
                tokens[target["email"]] = await token(
                    apis[0],
                    {"grant_type": "password", "username": target["email"], "password": PASSWORD},
                )
        sent: dict[str, str] = {}  # orientation id -> API process that sent it
        semaphore = asyncio.Semaphore(8)

        async def one(i: int) -> None:
            client_id, target = work[i % len(work)]
            api = apis[i % 2]
            headers = {"Authorization": f"Bearer {tokens[target['email']]}"}
            async with semaphore:
                r = await api.post(
                    "/api/v1/orientations",
                    json={
                        "parcours_id": target["parcours_id"],
                        "partenaire_id": partners[client_id]["partenaire_id"],
                        "domaine": target["domaine"],
                        "motif": "Démonstration de montée en charge",
                        "partage": ["besoin"],
                    },
                    headers=headers,
                )
                r.raise_for_status()
                oid = r.json()["id"]
                r = await apis[(i + 1) % 2].post(
                    f"/api/v1/orientations/{oid}/envoi", headers=headers
                )
                r.raise_for_status()
                sent[oid] = f"{API_PORTS[i % 2]}+{API_PORTS[(i + 1) % 2]}"

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(events)))
        send_s = time.perf_counter() - started
        deadline = time.perf_counter() + 180
        while time.perf_counter() < deadline:
            with receiver.lock:
                arrived = {r["orientation_id"] for r in receiver.received}
            if set(sent) <= arrived:
                break
            await asyncio.sleep(0.5)
        # Give a duplicate (a second worker redelivering) a chance to show up.
        await asyncio.sleep(5)
        delivered_s = time.perf_counter() - started
    finally:
        for api in apis:
            await api.aclose()
    with receiver.lock:
        received = list(receiver.received)
    ids = Counter(r["webhook_id"] for r in received)
    per_orientation = Counter(r["orientation_id"] for r in received)
    return {
        "events_sent": len(sent),
        "deliveries_received": len(received),
        "lost": sorted(set(sent) - set(per_orientation)),
        "duplicates_by_webhook_id": {k: n for k, n in ids.items() if n > 1},
        "orientations_delivered_more_than_once": sum(1 for n in per_orientation.values() if n > 1),
        "invalid_signatures": sum(1 for r in received if not r["valid"]),
        "send_seconds": round(send_s, 1),
        "all_delivered_seconds": round(delivered_s, 1),
    }


async def worker_share(url: str) -> dict[str, int]:
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch("SELECT statut, count(*) FROM webhook_delivery GROUP BY statut")
        attempts = await conn.fetchval("SELECT count(*) FROM webhook_attempt")
    finally:
        await conn.close()
    return {**{r["statut"]: r["count"] for r in rows}, "attempts": attempts}


def run_scaleout(events: int) -> dict[str, Any]:
    log: list[str] = []
    # A fresh small database each time (11 s): no endpoint or delivery left from a former run.
    url, _dataset = asyncio.run(ensure_dataset(0.02, 42, log, name="bench_scaleout", fresh=True))
    print("\n".join(log))
    partners = asyncio.run(plan(url))
    env = product_env(url)
    binary = str(Path(sys.executable).parent / "convergence")
    processes = [
        subprocess.Popen([binary, "serve", "--port", str(port)], cwd=ROOT, env=env)
        for port in API_PORTS
    ] + [
        subprocess.Popen([binary, "worker", "--interval", "0.5"], cwd=ROOT, env=env)
        for _ in range(2)
    ]
    receiver = Receiver()
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        for port, process in zip(API_PORTS, processes, strict=False):
            _wait_ready(f"http://127.0.0.1:{port}/readyz", process)
        outcome = asyncio.run(drive(partners, events, receiver))
    finally:
        for process in processes:
            _stop(process)
        receiver.shutdown()
        receiver.server_close()
    outcome["deliveries_in_database"] = asyncio.run(worker_share(url))
    ok = (
        not outcome["lost"]
        and not outcome["duplicates_by_webhook_id"]
        and not outcome["orientations_delivered_more_than_once"]
        and not outcome["invalid_signatures"]
        and outcome["deliveries_received"] == outcome["events_sent"]
    )
    outcome["verdict"] = "exactly once" if ok else "FAILED"
    outcome["summary"] = (
        f"2 API processes, 2 workers, {PARTNERS} partner endpoints: "
        f"{outcome['events_sent']} orientations sent, {outcome['deliveries_received']} webhooks "
        f"received, {len(outcome['lost'])} lost, {len(outcome['duplicates_by_webhook_id'])} "
        f"duplicated, {outcome['invalid_signatures']} bad signatures "
        f"(all delivered {outcome['all_delivered_seconds']} s after the first sending): "
        f"{outcome['verdict']}."
    )
    return outcome


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Two API processes, two workers, one database.")
    parser.add_argument("--events", type=int, default=200)
    args = parser.parse_args(argv)
    outcome = run_scaleout(args.events)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"scaleout-{stamp}.json").write_text(json.dumps(outcome, indent=1))
    print("Scale-out: " + outcome["summary"])
    print(f"Deliveries recorded in the database: {outcome['deliveries_in_database']}")
    if outcome["verdict"] != "exactly once":
        raise SystemExit(1)


if __name__ == "__main__":
    main()
