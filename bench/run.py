"""`make bench`: dataset, servers, load, figures.

    python -m bench.run --scale 1 --seed 42

1. The dataset: database `bench_s<scale>` is reused when its marker matches the scale and
   seed, else (re)created and generated (bench/generate.py).
2. For each configuration (1 uvicorn worker, then N): the product (through bench/serve.py,
   which counts SQL statements per request) and the reference app (bench/reference.py), both
   under the same uvicorn settings and worker count.
3. Tokens come from the product's real token endpoint before the load starts (logins are not
   measured); each flow gets a warm-up run, then a measured run of locust (headless, its own
   process), one user class at a time.
4. Figures: requests/s, exact p50/p95/p99, errors, SQL statements per request (min-max),
   ratios to the reference measured in the same configuration; API process startup time
   (the unmodified `convergence serve`, time to /readyz) and RSS per worker; the streaming
   export's RSS growth. Written to bench/results/<timestamp>.json and .md, the table printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx

from api.core.migrations import upgrade
from bench.generate import (
    GENERATOR_VERSION,
    PASSWORD,
    asyncpg_dsn,
    client_secret,
    read_marker,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PRODUCT_PORT, REFERENCE_PORT, STARTUP_PORT = 8101, 8102, 8103
PRODUCT_URL = f"http://127.0.0.1:{PRODUCT_PORT}"
REFERENCE_URL = f"http://127.0.0.1:{REFERENCE_PORT}"

# (user class, flow label, reads with a throughput target)
FLOWS: list[tuple[str, str]] = [
    ("FloorHealth", "floor: the product's ASGI stack without token or database"),
    ("FloorMe", "floor: an authenticated read that does almost nothing"),
    ("CaseworkerHome", "caseworker home (à faire + caseload page)"),
    ("CaseloadPage", "caseload page"),
    ("ParcoursDetail", "parcours detail"),
    ("OpenParcours", "opening a parcours (detail + journal + freins + evolution)"),
    ("RecordEntretien", "recording an entretien"),
    ("SendOrientation", "sending an orientation (draft + envoi)"),
    ("PartnerInbox", "partner client polling its inbox"),
    ("NationalIndicators", "indicateurs nationaux"),
    ("TerritoryIndicators", "indicateurs d'un territoire pour une année"),
]
TARGET_READS = {
    "caseload: GET /api/v1/parcours?limit=50",
    "detail: GET /api/v1/parcours/{id}",
    "inbox: GET /api/v1/orientations?limit=50",
}
OPTIONAL = {  # flows on endpoints that may not exist yet: probed, reported "absent" on 404
    "NationalIndicators": ("admin", "/api/v1/indicateurs"),
    "TerritoryIndicators": ("fas", "/api/v1/indicateurs"),
}
EXPORT_PATH = "/api/v1/exports/parcours.csv"


def database_name(scale: float, seed: int) -> str:
    label = f"{scale:g}".replace(".", "_")
    return f"bench_s{label}" if seed == 42 else f"bench_s{label}_seed{seed}"


def server_url(name: str) -> str:
    base = os.environ.get("BENCH_POSTGRES", "postgresql+asyncpg://postgres@127.0.0.1:5432")
    return f"{base.rstrip('/')}/{name}"


# --- dataset --------------------------------------------------------------------------------


async def ensure_dataset(
    scale: float, seed: int, log: list[str], name: str | None = None, fresh: bool = False
) -> tuple[str, dict[str, Any]]:
    name = name or database_name(scale, seed)
    url = server_url(name)
    found = None if fresh else await read_marker(asyncpg_dsn(url))
    if (
        found
        and found.get("version") == GENERATOR_VERSION
        and found.get("scale") == scale
        and found.get("seed") == seed
    ):
        # A dataset outlives schema changes: bring it to the current head first.
        await asyncio.to_thread(upgrade, url)
        log.append(f"dataset {name}: reused (generated for {found['today']}), migrated to head")
        return url, {"database": name, "generated": False, **found}
    admin = await asyncpg.connect(asyncpg_dsn(server_url("postgres")))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    started = time.perf_counter()
    command = [sys.executable, "-m", "bench.generate", "--scale", f"{scale:g}"]
    command += ["--seed", str(seed), "--database-url", url]
    done = await asyncio.to_thread(
        subprocess.run, command, cwd=ROOT, check=True, capture_output=True, text=True
    )
    output = done.stdout
    print(output)
    elapsed = time.perf_counter() - started
    log.append(f"dataset {name}: generated in {elapsed:.0f} s")
    found = await read_marker(asyncpg_dsn(url))
    return url, {
        "database": name,
        "generated": True,
        "generation_s": round(elapsed, 1),
        "generation_log": output,
        **(found or {}),
    }


async def fixtures(url: str, users: int) -> dict[str, Any]:
    """Who the load plays: caseworkers with open parcours, consented partners, clients."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        rows = await conn.fetch(
            """
            SELECT u.email, p.chantier_id, array_agg(p.id ORDER BY p.id) AS parcours
            FROM parcours p JOIN user_account u ON u.id = p.referent_id
            WHERE p.statut IN ('en_cours', 'suspendu')
            GROUP BY u.email, p.chantier_id HAVING count(*) >= 5
            ORDER BY md5(u.email)
            """
        )
        caseworkers, chantiers = [], set()
        for row in rows:  # one per chantier first, so the load spreads over the network
            if row["chantier_id"] not in chantiers and len(caseworkers) < users:
                chantiers.add(row["chantier_id"])
                caseworkers.append({"email": row["email"], "parcours": row["parcours"]})
        for row in rows:
            if len(caseworkers) >= users:
                break
            if all(c["email"] != row["email"] for c in caseworkers):
                caseworkers.append({"email": row["email"], "parcours": row["parcours"]})
        for person in caseworkers:
            consents = await conn.fetch(
                """
                SELECT p.id AS parcours_id, c.partenaire_id, min(d.domaine) AS domaine
                FROM parcours p
                JOIN consentement c ON c.salarie_id = p.salarie_id
                    AND c.type = 'partage_partenaire' AND c.revoque_le IS NULL
                JOIN structure_domaine d ON d.structure_id = c.partenaire_id
                WHERE p.id = ANY($1::uuid[])
                GROUP BY p.id, c.partenaire_id
                """,
                person["parcours"],
            )
            person["orientations"] = [
                {k: str(v) for k, v in dict(r).items()} for r in consents
            ] or [{"parcours_id": "", "partenaire_id": "", "domaine": "logement"}]
            person["parcours"] = [str(p) for p in person["parcours"]]
        partners = await conn.fetch(
            """
            SELECT c.client_id FROM api_client c
            JOIN orientation o ON o.partenaire_id = c.structure_id AND o.statut <> 'brouillon'
            WHERE c.role = 'partenaire'
            GROUP BY c.client_id ORDER BY count(*) DESC, c.client_id LIMIT $1
            """,
            users,
        )
        fas = await conn.fetchrow(
            """
            SELECT c.client_id, t.territoire_id FROM api_client c
            JOIN api_client_territoire t ON t.api_client_id = c.id
            WHERE c.role = 'fas' ORDER BY c.client_id LIMIT 1
            """
        )
        reference = await conn.fetch("SELECT id FROM parcours ORDER BY md5(id::text) LIMIT 2000")
    finally:
        await conn.close()
    return {
        "caseworkers": caseworkers,
        "partners": [{"client_id": r["client_id"]} for r in partners],
        "admin": {"email": "admin@bench.example.org"},
        "fas": {"client_id": fas["client_id"]},
        "indicateurs": {"territoire_id": str(fas["territoire_id"]), "annee": date.today().year - 1},
        "reference_parcours": [str(r["id"]) for r in reference],
    }


async def login(data: dict[str, Any]) -> None:
    """Tokens from the product's token endpoint (password and client_credentials grants)."""
    async with httpx.AsyncClient(base_url=PRODUCT_URL, timeout=60) as client:

        async def password(who: dict[str, Any]) -> None:
            r = await client.post(
                "/api/v1/auth/token",
                data={"grant_type": "password", "username": who["email"], "password": PASSWORD},
            )
            r.raise_for_status()
            who["token"] = r.json()["access_token"]

        async def credentials(who: dict[str, Any]) -> None:
            r = await client.post(
                "/api/v1/auth/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": who["client_id"],
                    "client_secret": client_secret(who["client_id"]),
                },
            )
            r.raise_for_status()
            who["token"] = r.json()["access_token"]

        for who in [*data["caseworkers"], data["admin"]]:
            await password(who)
        for who in [*data["partners"], data["fas"]]:
            await credentials(who)


# --- processes ------------------------------------------------------------------------------


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> float:
    started = time.perf_counter()
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}) before {url} was ready")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} not ready after {timeout} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def _status(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) * 1024
    return 0


def worker_pids(process: subprocess.Popen[bytes], workers: int) -> list[int]:
    """uvicorn runs in the process with 1 worker, in spawned children with more."""
    if workers == 1:
        return [process.pid]
    return [p for p in _children(process.pid) if "spawn_main" in _cmdline(p)]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def product_env(url: str, statements_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CONVERGENCE_ENV="demo",
        CONVERGENCE_DATABASE_URL=url,
        CONVERGENCE_LOG_LEVEL="WARNING",
        BENCH_DATABASE_DSN=asyncpg_dsn(url),
        # Rate limits counted in Redis, as in the production layout (docs/deploiement.md),
        # and set above what ten closed-loop users send: the load is not throttled.
        CONVERGENCE_REDIS_URL=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
        CONVERGENCE_RATE_LIMIT_USER_PER_MINUTE="1000000",
        CONVERGENCE_RATE_LIMIT_CLIENT_PER_MINUTE="1000000",
        CONVERGENCE_RATE_LIMIT_ANONYMOUS_PER_MINUTE="1000000",
    )
    if statements_dir is not None:
        env["BENCH_STATEMENTS_DIR"] = str(statements_dir)
    return env


def start(app: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bench.serve", app, "--port", str(port)]
    return subprocess.Popen([*command, "--workers", str(workers)], cwd=ROOT, env=env)


def measure_startup(url: str, tries: int = 3) -> dict[str, Any]:
    """The unmodified `convergence serve`: seconds from spawn to a 200 on /readyz."""
    times, rss = [], []
    binary = str(Path(sys.executable).parent / "convergence")
    for _ in range(tries):
        process = subprocess.Popen(
            [binary, "serve", "--port", str(STARTUP_PORT)],
            cwd=ROOT,
            env=product_env(url),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            times.append(_wait_ready(f"http://127.0.0.1:{STARTUP_PORT}/readyz", process))
            rss.append(_status(process.pid, "VmRSS"))
        finally:
            _stop(process)
    return {
        "startup_s": round(statistics.median(times), 2),
        "startup_all_s": [round(t, 2) for t in times],
        "rss_idle_mb": round(statistics.median(rss) / 2**20, 1),
    }


# --- load -----------------------------------------------------------------------------------


def run_locust(
    user_class: str, host: str, fixtures_file: Path, output: Path, users: int, seconds: float
) -> dict[str, Any]:
    env = dict(os.environ, BENCH_FIXTURES=str(fixtures_file), BENCH_OUTPUT=str(output))
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
        "--headless", "--users", str(users), "--spawn-rate", str(users),
        "--run-time", f"{seconds:g}s", "--host", host, "--only-summary",
        "--loglevel", "WARNING", "--stop-timeout", "5", user_class,
    ]  # fmt: skip
    subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    data: dict[str, Any] = json.loads(output.read_text())
    return data


def start_profiler(pid: int, seconds: float, output: Path) -> subprocess.Popen[bytes]:
    """py-spy, sampling the API process during a measured run (collapsed stacks)."""
    binary = str(Path(sys.executable).parent / "py-spy")
    command = [binary, "record", "--format", "raw", "--rate", "200", "--pid", str(pid)]
    command += ["--duration", str(max(1, int(seconds) - 2)), "--output", f"{output}.txt"]
    log = output.with_suffix(".log").open("w")
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)


def probe(path: str, token: str) -> int:
    r = httpx.get(PRODUCT_URL + path, headers={"Authorization": f"Bearer {token}"}, timeout=120)
    return r.status_code


def export_check(token: str, pids: list[int]) -> dict[str, Any]:
    """Peak RSS growth of the API process while streaming the CSV export."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.stream("GET", PRODUCT_URL + EXPORT_PATH, headers=headers, timeout=600) as r:
        if r.status_code == 404:
            return {"status": "absent (404: the export endpoint is not on this branch)"}
        for pid in pids:  # reset the peak (VmHWM) to the current RSS
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        before = sum(_status(pid, "VmRSS") for pid in pids)
        lines = size = 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            lines += chunk.count(b"\n")
        peak = sum(_status(pid, "VmHWM") for pid in pids)
        return {
            "status": f"HTTP {r.status_code}",
            "rows": max(0, lines - 1),
            "bytes": size,
            "rss_growth_mb": round((peak - before) / 2**20, 1),
        }


def run_configuration(
    url: str, data: dict[str, Any], workers: int, args: argparse.Namespace, out: Path
) -> dict[str, Any]:
    statements_dir = out / f"statements-{workers}w"
    env = product_env(url, statements_dir)
    reference = start("reference", REFERENCE_PORT, workers, env)
    product = start("product", PRODUCT_PORT, workers, env)
    result: dict[str, Any] = {"workers": workers, "flows": {}, "absent": {}}
    try:
        _wait_ready(f"{REFERENCE_URL}/readyz", reference)
        _wait_ready(f"{PRODUCT_URL}/readyz", product)
        asyncio.run(login(data))
        fixtures_file = out / f"fixtures-{workers}w.json"
        fixtures_file.write_text(json.dumps(data))
        tokens = {"admin": data["admin"]["token"], "fas": data["fas"]["token"]}
        plan = [("Reference", "reference app: one primary-key SELECT", REFERENCE_URL)]
        plan += [(cls, label, PRODUCT_URL) for cls, label in FLOWS]
        for user_class, label, host in plan:
            if user_class in OPTIONAL:
                who, path = OPTIONAL[user_class]
                status = probe(path, tokens[who])
                if status == 404:
                    result["absent"][user_class] = f"{label}: absent (HTTP 404 on {path})"
                    print(f"  {label}: absent (404)")
                    continue
            print(f"  {label}...", flush=True)
            output = out / f"locust-{workers}w-{user_class}.json"
            run_locust(user_class, host, fixtures_file, output, args.users, args.warmup)
            profiler = None
            if args.profile and host == PRODUCT_URL and workers == 1:
                profiler = start_profiler(product.pid, args.duration, out / f"profile-{user_class}")
            measured = run_locust(
                user_class, host, fixtures_file, output, args.users, args.duration
            )
            if profiler is not None:
                profiler.wait()
            result["flows"][user_class] = {"label": label, **measured}
        pids = worker_pids(product, workers)
        result["rss_per_worker_mb"] = [round(_status(p, "VmRSS") / 2**20, 1) for p in pids]
        if workers == 1:
            result["export"] = export_check(tokens["admin"], pids)
    finally:
        _stop(product)
        _stop(reference)
    result["statements"] = merge_statements(statements_dir)
    return result


def merge_statements(directory: Path) -> dict[str, dict[str, float]]:
    merged: dict[str, list[int]] = {}
    for path in directory.glob("statements-*.json"):
        for key, v in json.loads(path.read_text()).items():
            m = merged.setdefault(key, [0, 0, 1 << 30, 0])
            m[0] += v["requests"]
            m[1] += v["statements"]
            m[2] = min(m[2], v["min"])
            m[3] = max(m[3], v["max"])
    return {
        k: {"requests": n, "mean": round(s / n, 2) if n else 0.0, "min": lo, "max": hi}
        for k, (n, s, lo, hi) in merged.items()
    }


# --- report ---------------------------------------------------------------------------------


def route_of(name: str) -> str:
    """'detail: GET /api/v1/parcours/{id}' -> 'GET /api/v1/parcours/{parcours_id}'-like key."""
    method_path = name.split(": ", 1)[1].split("?")[0]
    return method_path


def statements_for(name: str, statements: dict[str, dict[str, float]]) -> str:
    method, path = route_of(name).split(" ", 1)
    wanted = path.strip("/").split("/")
    for key, v in statements.items():
        k_method, k_path = key.split(" ", 1)
        parts = k_path.strip("/").split("/")
        if k_method != method or len(parts) != len(wanted):
            continue
        pairs = zip(parts, wanted, strict=True)
        if all(a == b or (a.startswith("{") and b.startswith("{")) for a, b in pairs):
            lo, hi = int(v["min"]), int(v["max"])
            return f"{lo}" if lo == hi else f"{lo}–{hi}"
    return "–"


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"## Benchmark {results['started']} — scale {results['dataset']['scale']:g}, "
        f"seed {results['dataset']['seed']}",
        "",
        f"Machine: {results['machine']['nproc']} CPU, {results['machine']['ram_gb']} GB RAM, "
        f"PostgreSQL {results['machine']['postgresql']}, Python {results['machine']['python']}. "
        f"Locust: {results['settings']['users']} users, no think time, "
        f"{results['settings']['duration']:g} s per flow after a "
        f"{results['settings']['warmup']:g} s warm-up.",
        "",
    ]
    for config in results["configurations"]:
        flows = config["flows"]
        ref = flows.get("Reference", {}).get("requests", {}).get("reference: GET /parcours/{id}")
        lines += [
            f"### {config['workers']} worker(s)",
            "",
            "| request | req/s | × ref | p50 ms | p95 ms | p99 ms | p99 ÷ ref | errors | SQL/req |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for user_class, flow in flows.items():
            for name, r in flow["requests"].items():
                ratio = f"{r['rps'] / ref['rps']:.2f}" if ref and ref["rps"] else "–"
                p99 = f"{r['p99_ms'] / ref['p99_ms']:.1f}" if ref and ref["p99_ms"] else "–"
                if user_class == "Reference":
                    ratio, p99 = "1", "1"
                mark = " ★" if name in TARGET_READS else ""
                sql = (
                    statements_for(name, config["statements"]) if user_class != "Reference" else "1"
                )
                lines.append(
                    f"| {name}{mark} | {r['rps']:.0f} | {ratio} | {r['p50_ms']:.1f} | "
                    f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {p99} | {r['errors']} | {sql} |"
                )
        for text in config["absent"].values():
            lines.append(f"| {text} | | | | | | | | |")
        lines += [
            "",
            "RSS per worker after the load: "
            + ", ".join(f"{m} MB" for m in config["rss_per_worker_mb"])
            + ".",
        ]
        if "export" in config:
            e = config["export"]
            lines.append(
                "Streaming export (GET /api/v1/exports/parcours.csv): "
                + (
                    f"{e['rows']} rows, peak RSS growth {e['rss_growth_mb']} MB."
                    if "rows" in e
                    else e["status"] + "."
                )
            )
        lines.append("")
    s = results["startup"]
    lines += [
        f"API process startup (`convergence serve` to a 200 on /readyz): {s['startup_s']} s "
        f"(tries: {', '.join(str(t) for t in s['startup_all_s'])}); "
        f"idle RSS {s['rss_idle_mb']} MB.",
        "",
        "★ reads with a target: ≥ 0.25 × the reference's req/s with one worker, "
        "p99 < 10 × its p99.",
    ]
    if "scaleout" in results:
        lines += ["", "Scale-out check: " + results["scaleout"]["summary"]]
    return "\n".join(lines) + "\n"


def machine() -> dict[str, Any]:
    ram = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    try:
        pg = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        pg = "?"
    return {
        "nproc": os.cpu_count(),
        "ram_gb": round(ram),
        "postgresql": pg,
        "python": platform.python_version(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The load benchmark (make bench).")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--users", type=int, default=10, help="concurrent locust users")
    parser.add_argument("--duration", type=float, default=20, help="seconds measured per flow")
    parser.add_argument("--warmup", type=float, default=4, help="seconds of warm-up per flow")
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts to measure")
    parser.add_argument("--only", default="", help="comma-separated user classes to run")
    parser.add_argument(
        "--scaleout",
        type=int,
        default=200,
        help="orientations sent in the two-processes, two-workers check (0: skip it)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="py-spy the product (1 worker) during each measured flow: profile-<flow>.txt",
    )
    args = parser.parse_args(argv)
    if args.only:
        keep = set(args.only.split(","))
        FLOWS[:] = [f for f in FLOWS if f[0] in keep]
    started = datetime.now(UTC)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / stamp
    out.mkdir(parents=True, exist_ok=True)
    log: list[str] = []
    url, dataset = asyncio.run(ensure_dataset(args.scale, args.seed, log))
    print("\n".join(log))
    data = asyncio.run(fixtures(url, args.users))
    results: dict[str, Any] = {
        "started": started.isoformat(timespec="seconds"),
        "dataset": dataset,
        "machine": machine(),
        "settings": {"users": args.users, "duration": args.duration, "warmup": args.warmup},
        "configurations": [],
    }
    for workers in [int(w) for w in args.workers.split(",")]:
        print(f"{workers} worker(s):")
        results["configurations"].append(run_configuration(url, data, workers, args, out))
    results["startup"] = measure_startup(url)
    if args.scaleout:
        from bench.scaleout import run_scaleout

        print("scale-out: 2 API processes, 2 workers...")
        results["scaleout"] = run_scaleout(args.scaleout)
    results["elapsed_s"] = round((datetime.now(UTC) - started).total_seconds())
    report = markdown(results)
    (RESULTS / f"{stamp}.json").write_text(json.dumps(results, indent=1, default=str))
    (RESULTS / f"{stamp}.md").write_text(report)
    print()
    print(report)
    print(f"Written: bench/results/{stamp}.json and .md ({results['elapsed_s']} s in all)")


if __name__ == "__main__":
    main()
