"""Peak memory of the API process while it streams a large parcours export.

Loads the demo plus N extra parcours (COPY, straight into PostgreSQL) into a database of
its own, starts the API with uvicorn in a subprocess, downloads
`GET /api/v1/exports/parcours.csv` as admin while sampling the server's resident memory
(VmRSS, every 20 ms), and prints the rows received, the time taken and the peak growth
over the idle process. A figure, not a timed test.

    .venv/bin/python bench/export_memoire.py --rows 50000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "Demo-Convergence-2026"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(dsn: str, rows: int) -> None:
    conn = await asyncpg.connect(dsn)
    try:
        chantier, territoire = await conn.fetchrow(
            "SELECT id, territoire_id FROM structure WHERE nom = 'Ateliers de Belleville'"
        )
        now = datetime.now(UTC)
        salaries, parcours = [], []
        for i in range(rows):
            sid, pid = uuid.uuid4(), uuid.uuid4()
            entree = date(2020, 1, 1) + timedelta(days=i % 1500)
            salaries.append(
                (sid, territoire, chantier, f"Banc{i}", "Export", date(1980, 1, 1),
                 "[]", f"banc{i} export", now, now, 1)
            )  # fmt: skip
            parcours.append(
                (pid, sid, chantier, entree, "maraude", False, "sans_abri", "clos", now, now, 1)
            )
        await conn.copy_records_to_table(
            "salarie",
            records=salaries,
            columns=["id", "territoire_id", "chantier_id", "nom", "prenoms", "date_naissance",
                     "langues", "recherche", "created_at", "updated_at", "version"],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "parcours",
            records=parcours,
            columns=["id", "salarie_id", "chantier_id", "date_entree", "prescripteur",
                     "parcours_de_rue", "logement_entree", "statut", "created_at", "updated_at",
                     "version"],
        )  # fmt: skip
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default="bench_export")
    args = parser.parse_args()
    admin = "postgresql://postgres@127.0.0.1:5432/postgres"
    subprocess.run(
        ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {args.database}"],
        check=True,
    )
    subprocess.run(
        ["psql", admin, "-qc", f"CREATE DATABASE {args.database}"],
        check=True,
    )
    url = f"postgresql+asyncpg://postgres@127.0.0.1:5432/{args.database}"
    env = {**os.environ, "CONVERGENCE_ENV": "demo", "CONVERGENCE_DATABASE_URL": url}
    cli = str(ROOT / ".venv" / "bin" / "convergence")
    subprocess.run([cli, "migrate"], env=env, check=True)
    subprocess.run([cli, "seed-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    started = time.monotonic()
    asyncio.run(load(f"postgresql://postgres@127.0.0.1:5432/{args.database}", args.rows))
    print(f"loaded {args.rows} parcours in {time.monotonic() - started:.1f} s")

    port = free_port()
    server = subprocess.Popen(
        [cli, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        token = httpx.post(
            f"{base}/api/v1/auth/token",
            data={"grant_type": "password", "username": "admin@demo.example.org",
                  "password": PASSWORD},
        ).json()["access_token"]  # fmt: skip
        headers = {"Authorization": f"Bearer {token}"}
        httpx.get(f"{base}/api/v1/territoires", headers=headers)  # warm up
        idle = rss_kib(server.pid)
        peak = idle
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, rss_kib(server.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        lines = size = 0
        with httpx.stream(
            "GET", f"{base}/api/v1/exports/parcours.csv", headers=headers, timeout=600
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                size += len(chunk)
                lines += chunk.count(b"\n")
        elapsed = time.monotonic() - started
        done.set()
        sampler.join()
        print(f"rows received: {lines - 1} ({size / 1e6:.1f} MB) in {elapsed:.1f} s")
        print(f"server RSS idle: {idle / 1024:.1f} MiB, peak: {peak / 1024:.1f} MiB")
        print(f"peak growth during the export: {(peak - idle) / 1024:.1f} MiB")
    finally:
        server.terminate()
        server.wait(timeout=10)
    sys.exit(0)


if __name__ == "__main__":
    main()
